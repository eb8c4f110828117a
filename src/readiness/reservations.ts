/**
 * Section 5: reservations and pre-warming in force across the event window — EC2 On-Demand Capacity
 * Reservations (dates, counts against what the peak and the failover need) and load-balancer LCU
 * capacity reservations per AZ. Each is unknown, with the reason, where it could not be read.
 */
import type { CapacityModel, Tier } from '../capacity/index.js';
import type { Inventory } from '../inventory/schema.js';
import type {
  AzLossTier,
  CapacityReservationRow,
  LbReservationRow,
  RegionLossTier,
  RegionUnknown,
  ReservationCoverage,
} from './types.js';
import { ceilClean, collectionErrors, describeError } from './util.js';

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

function launchType(t: Tier): string | undefined {
  return t.asg?.instanceTypes[0] ?? Object.keys(t.capacity.instanceTypes).find((x) => x !== 'unknown');
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
  for (const a of x.azLoss) {
    const t = tiers.get(a.tier.id);
    const type = t && launchType(t);
    if (t && type && a.target)
      need(t.region, type, a.target.instances, `${t.name} (peak, statically stable)`);
  }
  for (const p of x.regionLoss) {
    const t = p.standby ? tiers.get(p.standby.id) : undefined;
    const type = t && launchType(t);
    if (!t || !type) continue;
    const perInstance = p.unit === 'vCPUs' ? t.capacity.unitsPerInstance : 1;
    need(t.region, type, ceilClean(p.needed / perInstance), `${t.name} (failover of ${p.primary.name})`);
  }

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
