/**
 * Section 5: reservations and pre-warming in force across the event window — EC2 On-Demand Capacity
 * Reservations (dates, counts against what the peak and the failover need) and load-balancer LCU
 * capacity reservations per AZ. Each is unknown, with the reason, where it could not be read.
 */
import { taskVcpus, type CapacityModel, type Tier } from '../capacity/index.js';
import { instanceVcpus } from '../inventory/instance-class.js';
import type { EcsService, Inventory } from '../inventory/schema.js';
import type {
  AzLossTier,
  CapacityReservationRow,
  LbReservationRow,
  RegionLossTier,
  RegionUnknown,
  ReservationCoverage,
} from './types.js';
import { ceilClean, collectionErrors, count, describeError, num } from './util.js';

/** States in which a reservation holds (or will hold) capacity. */
const LIVE_STATES = new Set(['active', 'scheduled', 'pending', 'assessing', 'delayed', 'payment-pending']);

export interface EventWindowMs {
  /** Start of the event (or the capture time without an event). */
  start: number;
  /** End of the event (or its start, or the capture time). */
  end: number;
  label: string;
}

function unknownWhy(inv: Inventory, region: string, service: string, operation: string, present: boolean) {
  const errs = collectionErrors(inv, service, operation, region);
  if (errs.length) return describeError(errs[0]!);
  return present
    ? undefined
    : 'not in this snapshot (taken without the readiness reads: take it again with `resil snapshot`)';
}

/** The EC2 instance type an Auto Scaling group or a set of standalone instances launches (ECS services: see ecsHost). */
function launchType(t: Tier): string | undefined {
  if (t.kind === 'ecs-service') return undefined;
  return t.asg?.instanceTypes[0] ?? Object.keys(t.capacity.instanceTypes).find((x) => x !== 'unknown');
}

const FARGATE_PROVIDERS = new Set(['FARGATE', 'FARGATE_SPOT']);

/** What an ECS service's tasks run on: Fargate, EC2 container instances, external (ECS Anywhere) hosts, or unknown. */
export function ecsCapacityKind(s: EcsService): 'fargate' | 'ec2' | 'external' | 'unknown' {
  if (s.launchType === 'FARGATE') return 'fargate';
  if (s.launchType === 'EC2') return 'ec2';
  if (s.launchType === 'EXTERNAL') return 'external';
  if (s.capacityProviders.length === 0) return 'unknown';
  return s.capacityProviders.every((p) => FARGATE_PROVIDERS.has(p)) ? 'fargate' : 'ec2';
}

/**
 * The instance type of the container instances an ECS service on EC2 runs on (those hosting its
 * tasks, else every active one of its cluster), from the inventory; or why it is not known.
 */
function ecsHostType(inv: Inventory, t: Tier): { type: string } | { why: string } {
  const s = t.ecs!;
  const r = inv.regions[t.region];
  const cluster = r?.ecsClusters.find((c) => c.arn === s.clusterArn || c.name === s.clusterName);
  const cis = (cluster?.containerInstances ?? []).filter(
    (ci) => ci.status === 'ACTIVE' || ci.status === 'DRAINING',
  );
  if (cis.length === 0)
    return { why: `no container instance of cluster ${s.clusterName} is in the inventory` };
  const hosting = new Set((s.tasks ?? []).map((x) => x.containerInstanceArn).filter(Boolean));
  const used = hosting.size ? cis.filter((ci) => hosting.has(ci.arn)) : cis;
  const types = new Set<string>();
  for (const ci of used.length ? used : cis) {
    const type = r?.instances.find((i) => i.id === ci.ec2InstanceId)?.type;
    if (!type)
      return {
        why: `the EC2 instance behind container instance ${ci.ec2InstanceId ?? ci.arn} is not in the inventory`,
      };
    types.add(type);
  }
  if (types.size > 1)
    return { why: `its container instances are of several types (${[...types].sort().join(', ')})` };
  return { type: [...types][0]! };
}

export interface ReservationInputs {
  model: CapacityModel;
  regions: string[];
  window: EventWindowMs;
  azLoss: AzLossTier[];
  regionLoss: RegionLossTier[];
}

export function reservationSection(
  inv: Inventory,
  x: ReservationInputs,
): {
  capacity: CapacityReservationRow[];
  coverage: ReservationCoverage[];
  loadBalancers: LbReservationRow[];
  unknown: RegionUnknown[];
  notes: string[];
} {
  const capacity: CapacityReservationRow[] = [];
  const loadBalancers: LbReservationRow[] = [];
  const unknown: RegionUnknown[] = [];
  const notes: string[] = [];
  const tiers = new Map(x.model.tiers.map((t) => [t.id, t]));
  const needs = new Map<string, ReservationCoverage>();
  const need = (region: string, type: string, n: number, tier: string) => {
    const k = `${region}|${type}`;
    const c = needs.get(k) ?? {
      region,
      instanceType: type,
      neededInstances: 0,
      reservedInstances: 0,
      tiers: [],
    };
    c.neededInstances += n;
    c.tiers.push(tier);
    needs.set(k, c);
  };
  // ECS services: Fargate tasks cannot be reserved; services on EC2 need their container instances reserved.
  const fargatePeak = new Map<string, string[]>();
  const ecsNotes: string[] = [];
  const ecsNeed = (t: Tier, tasks: number, why: string, scaleOut?: { add: number }) => {
    const s = t.ecs!;
    const kind = ecsCapacityKind(s);
    if (kind === 'fargate') {
      if (scaleOut && scaleOut.add > 0)
        ecsNotes.push(
          `${t.name} (${t.region}) runs on Fargate: it must add ${count(scaleOut.add, 'tasks')} during a failover (${count(tasks, 'tasks')} in all), ` +
            'and Fargate capacity cannot be reserved (EC2 Capacity Reservations do not apply to Fargate tasks): in a regional event that scale-out competes with every other failover, so it is at risk — warm the service before the event instead.',
        );
      else {
        const list = fargatePeak.get(t.region) ?? [];
        list.push(`${t.name} (${count(tasks, 'tasks')} ${why})`);
        fargatePeak.set(t.region, list);
      }
      return;
    }
    if (kind === 'external') {
      ecsNotes.push(
        `${t.name} (${t.region}) runs on external (ECS Anywhere) hosts: AWS capacity reservations do not apply.`,
      );
      return;
    }
    if (kind === 'unknown') {
      ecsNotes.push(
        `${t.name} (${t.region}) sets no launch type or capacity provider (its cluster's default strategy applies, not read): whether Fargate or EC2 capacity, and which reservation it needs, is unknown.`,
      );
      return;
    }
    const host = ecsHostType(inv, t);
    const vcpu = taskVcpus(s);
    const hostVcpus = 'type' in host ? instanceVcpus(host.type) : undefined;
    if (!('type' in host) || vcpu === undefined || hostVcpus === undefined) {
      const reason = !('type' in host)
        ? host.why
        : vcpu === undefined
          ? 'its task definition sets no CPU size'
          : `the vCPUs of ${host.type} are not known`;
      ecsNotes.push(
        `${t.name} (${t.region}) runs on EC2 container instances; the capacity reservation its ${count(tasks, 'tasks')} need is unknown: ${reason}.`,
      );
      return;
    }
    const n = ceilClean((tasks * vcpu) / hostVcpus);
    need(
      t.region,
      host.type,
      n,
      `${t.name} (${why}: ${count(tasks, 'tasks')} × ${num(vcpu)} vCPU on ${host.type} container instances, by CPU alone)`,
    );
  };
  for (const a of x.azLoss) {
    const t = tiers.get(a.tier.id);
    if (!t || !a.target) continue;
    if (t.kind === 'ecs-service' && t.ecs) {
      ecsNeed(t, a.target.instances, 'for the peak, statically stable');
      continue;
    }
    const type = launchType(t);
    if (type) need(t.region, type, a.target.instances, `${t.name} (peak, statically stable)`);
  }
  for (const p of x.regionLoss) {
    const t = p.standby ? tiers.get(p.standby.id) : undefined;
    if (!t) continue;
    const perInstance = p.unit === 'vCPUs' ? t.capacity.unitsPerInstance : 1;
    const members = ceilClean(p.needed / perInstance);
    if (t.kind === 'ecs-service' && t.ecs) {
      ecsNeed(t, members, `for the failover of ${p.primary.name}`, { add: p.scaleOutInstances });
      continue;
    }
    const type = launchType(t);
    if (type) need(t.region, type, members, `${t.name} (failover of ${p.primary.name})`);
  }
  for (const [region, list] of fargatePeak)
    notes.push(
      `Fargate capacity cannot be reserved (EC2 Capacity Reservations do not apply to Fargate tasks): ${list.join(', ')} in ${region} rely on Fargate having capacity in their AZs at the event.`,
    );
  notes.push(...ecsNotes);

  let expiredOrCancelled = 0;
  for (const region of x.regions) {
    const r = inv.regions[region];
    if (!r) continue;
    // EC2 On-Demand Capacity Reservations.
    const whyOdcr = unknownWhy(
      inv,
      region,
      'ec2',
      'DescribeCapacityReservations',
      r.capacityReservations !== undefined,
    );
    if (whyOdcr) {
      unknown.push({
        key: `reservations:${region}:ec2`,
        region,
        what: 'EC2 On-Demand Capacity Reservations',
        why: whyOdcr,
      });
    } else {
      for (const c of r.capacityReservations ?? []) {
        if (!LIVE_STATES.has(c.state)) {
          expiredOrCancelled++;
          continue;
        }
        const startMs = c.startDate ? new Date(c.startDate).getTime() : -Infinity;
        const endMs = c.endDate ? new Date(c.endDate).getTime() : Infinity;
        const unlimited = c.endDateType !== 'limited' || !c.endDate;
        const covers = startMs <= x.window.start && (unlimited || endMs >= x.window.end);
        const reasons: string[] = [];
        let status: CapacityReservationRow['status'] = 'ok';
        if (covers)
          reasons.push(
            `${c.totalInstances} × ${c.instanceType} in ${c.az} reserved ${unlimited ? 'until cancelled' : `until ${c.endDate}`}: in force ${x.window.label}`,
          );
        else {
          status = 'at-risk';
          if (startMs > x.window.start)
            reasons.push(
              `starts ${c.startDate}, after the start of ${x.window.label.replace(/^across /, '')}`,
            );
          if (!unlimited && endMs < x.window.end)
            reasons.push(`ends ${c.endDate}, before ${x.window.label.replace(/^across /, '')} is over`);
        }
        if (c.matchCriteria === 'targeted')
          reasons.push('targeted: only launches that name it use it (check the launch template)');
        capacity.push({
          key: `odcr:${region}:${c.id}`,
          status,
          reasons,
          region,
          id: c.id,
          instanceType: c.instanceType,
          az: c.az,
          total: c.totalInstances,
          available: c.availableInstances,
          state: c.state,
          startDate: c.startDate ?? null,
          endDate: c.endDate ?? null,
          coversEvent: covers,
          matchCriteria: c.matchCriteria ?? null,
        });
        if (covers)
          for (const cov of needs.values())
            if (cov.region === region && cov.instanceType === c.instanceType)
              cov.reservedInstances += c.totalInstances;
      }
    }
    // Load balancer LCU reservations.
    const lbs = r.loadBalancers.filter((lb) => lb.type === 'application' || lb.type === 'network');
    const whyLcu = unknownWhy(
      inv,
      region,
      'elasticloadbalancing',
      'DescribeCapacityReservation',
      r.loadBalancerCapacityReservations !== undefined,
    );
    for (const lb of lbs) {
      const res = r.loadBalancerCapacityReservations?.find((x2) => x2.loadBalancerArn === lb.arn);
      const base = { key: `lcu:${region}:${lb.name}`, region, loadBalancer: lb.name, type: lb.type };
      if (!res) {
        const why =
          whyLcu ?? (r.loadBalancerCapacityReservations ? 'not reported for this load balancer' : 'not read');
        loadBalancers.push({
          ...base,
          status: 'unknown',
          reasons: [`capacity reservation unknown: ${why}`],
          minimumCapacityUnits: null,
          zones: [],
        });
        continue;
      }
      const zones = res.zones.map((z) => ({
        az: z.az,
        state: z.state,
        effectiveCapacityUnits: z.effectiveCapacityUnits ?? null,
        ...(z.reason ? { reason: z.reason } : {}),
      }));
      const reasons: string[] = [];
      let status: LbReservationRow['status'] = 'ok';
      if (res.minimumCapacityUnits === undefined) {
        reasons.push('no LCU reservation: it scales on demand, which can lag a sudden peak');
      } else {
        const bad = zones.filter((z) => z.state !== 'provisioned');
        reasons.push(
          `${res.minimumCapacityUnits} capacity units reserved${zones.length ? ` across ${zones.map((z) => z.az).join(', ')}` : ''}`,
        );
        if (bad.length) {
          status = 'at-risk';
          reasons.push(
            `not provisioned in ${bad.map((z) => `${z.az} (${z.state}${z.reason ? `: ${z.reason}` : ''})`).join(', ')}`,
          );
        }
      }
      loadBalancers.push({
        ...base,
        status,
        reasons,
        minimumCapacityUnits: res.minimumCapacityUnits ?? null,
        zones,
      });
    }
  }
  if (expiredOrCancelled)
    notes.push(`${expiredOrCancelled} expired, cancelled or failed capacity reservation(s) not shown`);
  notes.push(
    'Pre-warming requested through AWS Support (before LCU reservations existed) cannot be read through an API: check your support cases.',
  );
  return {
    capacity,
    coverage: [...needs.values()].sort(
      (a, b) => a.region.localeCompare(b.region) || a.instanceType.localeCompare(b.instanceType),
    ),
    loadBalancers,
    unknown,
    notes,
  };
}
