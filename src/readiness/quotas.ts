/**
 * Section 4: quota headroom in each region for what the peak and the failover need. Usage now comes
 * from the inventory (running instances' vCPUs, running Fargate tasks' vCPUs, load balancers, target
 * groups, DB instances); what the event adds comes from sections 2 and 3 (the scale-outs to the
 * forecast: instances, or tasks for an ECS service). Red at ≥ 80 % of the quota after scaling. A
 * quota that cannot be read is unknown, never passed.
 */
import { round2 } from '../capacity/demand.js';
import { taskVcpus } from '../capacity/ecs.js';
import type { CapacityModel, Tier } from '../capacity/index.js';
import { instanceVcpus } from '../inventory/instance-class.js';
import { ecsRunningTasks } from '../inventory/zonal.js';
import {
  ELB_QUOTAS,
  FARGATE_QUOTAS,
  fargatePurchase,
  RDS_QUOTAS,
  VCPU_QUOTAS,
  vcpuQuotaOf,
  type QuotaSpec,
} from '../inventory/quotas.js';
import type { EcsService, Inventory, RegionInventory } from '../inventory/schema.js';
import type { AzLossTier, DatabaseReadiness, QuotaRow, RegionLossTier } from './types.js';
import { collectionErrors, describeError, num } from './util.js';

export const QUOTA_RED_PERCENT = 80;

interface Addition {
  units: number;
  /** Of which sized on an assumed demand (a guess: it may make a quota at risk, never not ready). */
  assumedUnits: number;
  by: string[];
  /** Instances (or tasks) added whose vCPUs are not known (the row is then unknown). */
  unknownSize: string[];
}

const FARGATE = FARGATE_QUOTAS.onDemand;

/**
 * Why a service's tasks cannot be put on the Fargate On-Demand quota or left off it (it may run
 * On-Demand Fargate tasks, but the inventory does not say how many); undefined when it can.
 */
function fargateUncertain(s: EcsService): string | undefined {
  const kind = fargatePurchase(s);
  if (kind === 'mixed')
    return 'FARGATE and FARGATE_SPOT: how its tasks split between the On-Demand and Spot quotas is not in the inventory';
  if (kind === 'unknown')
    return "no launch type or capacity provider: its cluster's default strategy (not read) decides whether it runs on Fargate";
  return undefined;
}

/**
 * The instance type a tier launches (its first launchable type, else the type it runs). None for an
 * ECS service: its tasks are not EC2 instances (Fargate tasks count against the Fargate vCPU quota,
 * see addFargate; the container instances of EC2 capacity are launched by their own Auto Scaling group).
 */
function launchType(t: Tier): string | undefined {
  if (t.kind === 'ecs-service') return undefined;
  return t.asg?.instanceTypes[0] ?? Object.keys(t.capacity.instanceTypes).find((x) => x !== 'unknown');
}

/**
 * The Fargate On-Demand vCPUs an ECS tier adds when it must add `tasks` tasks: counted for On-Demand
 * Fargate; listed as uncounted where the inventory cannot tell (`uncertain`); nothing for Fargate Spot
 * (its own quota) or EC2 capacity (the container instances are EC2 instances, counted as running).
 */
function addFargate(
  adds: Map<string, Addition>,
  uncertain: string[],
  t: Tier,
  tasks: number,
  why: string,
  assumed: boolean,
) {
  const s = t.ecs!;
  const kind = fargatePurchase(s);
  if (kind === 'none' || kind === 'spot') return;
  const doubt = fargateUncertain(s);
  if (doubt) {
    uncertain.push(`${t.name} +${tasks} tasks ${why} (${doubt})`);
    return;
  }
  const v = taskVcpus(s);
  if (v === undefined)
    addTo(adds, FARGATE.code, 0, `${t.name} +${tasks} tasks ${why}`, {
      unknown: `${tasks} tasks of ${t.name} (its task definition sets no CPU size)`,
      assumed,
    });
  else
    addTo(adds, FARGATE.code, round2(tasks * v), `${t.name} +${tasks} tasks × ${v} vCPU ${why}`, { assumed });
}

function addTo(
  map: Map<string, Addition>,
  code: string,
  units: number,
  by: string,
  o: { unknown?: string; assumed?: boolean } = {},
) {
  const a = map.get(code) ?? { units: 0, assumedUnits: 0, by: [], unknownSize: [] };
  a.units = round2(a.units + units);
  if (o.assumed) a.assumedUnits = round2(a.assumedUnits + units);
  a.by.push(o.assumed ? `${by} (assumed demand)` : by);
  const unknown = o.unknown;
  if (unknown) a.unknownSize.push(unknown);
  map.set(code, a);
}

/** Where quota values are missing, why: not collected in this snapshot, or a collection error. */
function quotaUnknownWhy(inv: Inventory, region: string, r: RegionInventory, code: string): string {
  // The list call first: it is the one to grant.
  const errs = collectionErrors(inv, 'servicequotas', undefined, region).sort(
    (a, b) => Number(b.operation === 'ListServiceQuotas') - Number(a.operation === 'ListServiceQuotas'),
  );
  if (errs.length) return describeError(errs[0]!);
  if (r.serviceQuotas === undefined)
    return 'not in this snapshot (taken without the readiness reads: take it again with `resil snapshot`)';
  // The collector reads the Fargate quota (or records why not) in every region: absent without an
  // error, the snapshot predates that read.
  if (code === FARGATE_QUOTAS.onDemand.code && !r.serviceQuotas.some((q) => q.serviceCode === 'fargate'))
    return 'not in this snapshot (taken before resil read the Fargate quota: take it again with `resil snapshot`)';
  return `Service Quotas did not report ${code} in ${region}`;
}

function row(
  inv: Inventory,
  region: string,
  r: RegionInventory,
  spec: QuotaSpec,
  usedNow: number,
  add: Addition | undefined,
  extraReasons: string[] = [],
): QuotaRow {
  const q = r.serviceQuotas?.find((x) => x.quotaCode === spec.code);
  const added = add?.units ?? 0;
  // Fargate task vCPUs are fractional (0.25, 0.5): keep sums to two decimals, as the capacity model does.
  const usedAfter = round2(usedNow + added);
  const reasons = [...extraReasons];
  let status: QuotaRow['status'];
  let percentAfter: number | null = null;
  let percentNow: number | null = null;
  if (!q) {
    status = 'unknown';
    reasons.unshift(`quota unknown: ${quotaUnknownWhy(inv, region, r, spec.code)}`);
  } else {
    percentAfter = q.value > 0 ? Math.round((usedAfter / q.value) * 1000) / 10 : usedAfter > 0 ? Infinity : 0;
    percentNow = q.value > 0 ? Math.round((usedNow / q.value) * 1000) / 10 : usedNow > 0 ? Infinity : 0;
    const basis = `${num(usedNow)} used now${added ? ` + ${num(added)} the event adds` : ''} = ${num(usedAfter)} of ${num(q.value)} (${q.source === 'default' ? "AWS's default" : 'applied'})`;
    if (!Number.isFinite(percentAfter) || percentAfter >= QUOTA_RED_PERCENT) {
      const sure = round2(usedAfter - (add?.assumedUnits ?? 0));
      const guessOnly = q.value > 0 && (sure / q.value) * 100 < QUOTA_RED_PERCENT;
      status = guessOnly ? 'at-risk' : 'not-ready';
      reasons.unshift(
        `${basis}: ${Number.isFinite(percentAfter) ? `${percentAfter} %` : 'over a quota of 0'}, at or above ${QUOTA_RED_PERCENT} % after scaling` +
          (guessOnly
            ? ` — but only with the ${num(add!.assumedUnits)} sized on assumed demands (${num(sure)} without them): declare or measure those peaks`
            : ''),
      );
    } else {
      status = 'ok';
      reasons.unshift(`${basis}: ${percentAfter} % after scaling`);
    }
    if (!Number.isFinite(percentAfter)) percentAfter = null;
    if (!Number.isFinite(percentNow)) percentNow = null;
  }
  if (add?.unknownSize.length) {
    if (status !== 'not-ready') status = 'unknown';
    reasons.push(
      `the event also adds ${spec.serviceCode === 'fargate' ? 'tasks' : 'instances'} of unknown size: ${add.unknownSize.join(', ')}`,
    );
  }
  if (add?.by.length) reasons.push(`added by: ${add.by.join('; ')}`);
  return {
    key: `quota:${region}:${spec.code}`,
    status,
    reasons,
    region,
    serviceCode: spec.serviceCode,
    quotaCode: spec.code,
    name: q?.name ?? spec.name,
    counts: spec.counts,
    value: q?.value ?? null,
    valueSource: q?.source ?? null,
    usedNow,
    added,
    addedBy: add?.by ?? [],
    usedAfter,
    percentAfter,
    percentNow,
  };
}

export interface QuotaInputs {
  model: CapacityModel;
  regions: string[];
  azLoss: AzLossTier[];
  regionLoss: RegionLossTier[];
  databases: DatabaseReadiness[];
}

export function quotaRows(inv: Inventory, x: QuotaInputs): QuotaRow[] {
  const rows: QuotaRow[] = [];
  const tiers = new Map(x.model.tiers.map((t) => [t.id, t]));
  // What the event adds, by region and quota code.
  const adds = new Map<string, Map<string, Addition>>();
  const regionAdds = (region: string) => adds.get(region) ?? adds.set(region, new Map()).get(region)!;
  // ECS tasks the event adds that may or may not count against the Fargate On-Demand quota, by region.
  const fargateDoubt = new Map<string, string[]>();
  const regionDoubt = (region: string) =>
    fargateDoubt.get(region) ?? fargateDoubt.set(region, []).get(region)!;
  for (const a of x.azLoss) {
    const t = tiers.get(a.tier.id);
    if (!t || !a.target || a.target.addInstances === 0) continue;
    // An ECS tier's target counts tasks.
    if (t.kind === 'ecs-service' && t.ecs) {
      const by = 'for the peak (statically stable)';
      const assumed = a.demand.source === 'assumed';
      addFargate(regionAdds(t.region), regionDoubt(t.region), t, a.target.addInstances, by, assumed);
      continue;
    }
    const type = launchType(t);
    const q = type ? vcpuQuotaOf(type) : undefined;
    if (!q) continue;
    const v = type ? instanceVcpus(type) : undefined;
    const by = `${t.name} +${a.target.addInstances} × ${type} for the peak (statically stable)`;
    const assumed = a.demand.source === 'assumed';
    if (v === undefined)
      addTo(regionAdds(t.region), q.code, 0, by, { unknown: `${a.target.addInstances} × ${type}`, assumed });
    else addTo(regionAdds(t.region), q.code, a.target.addInstances * v, by, { assumed });
  }
  for (const p of x.regionLoss) {
    if (!p.standby || p.scaleOutInstances === 0) continue;
    const t = tiers.get(p.standby.id);
    if (!t) continue;
    if (t.kind === 'ecs-service' && t.ecs) {
      const by = `to carry ${p.primary.name}'s forecast`;
      const assumed = p.demand.source === 'assumed';
      addFargate(regionAdds(t.region), regionDoubt(t.region), t, p.scaleOutInstances, by, assumed);
      continue;
    }
    const type = launchType(t);
    const q = type ? vcpuQuotaOf(type) : undefined;
    if (!q) continue;
    const v = type ? instanceVcpus(type) : undefined;
    const by = `${t.name} +${p.scaleOutInstances} × ${type} to carry ${p.primary.name}'s forecast`;
    const assumed = p.demand.source === 'assumed';
    if (v === undefined)
      addTo(regionAdds(t.region), q.code, 0, by, { unknown: `${p.scaleOutInstances} × ${type}`, assumed });
    // Scaling adds whole instances: the quota must hold all of them.
    else addTo(regionAdds(t.region), q.code, p.scaleOutInstances * v, by, { assumed });
  }
  for (const d of x.databases) {
    const missing = d.primary.instances - d.secondary.instances;
    if (missing > 0)
      addTo(
        regionAdds(d.secondary.region),
        RDS_QUOTAS.instances.code,
        missing,
        `${d.secondary.cluster} +${missing} to match the primary's ${d.primary.instances} instances after promotion`,
      );
  }

  for (const region of x.regions) {
    const r = inv.regions[region];
    if (!r) continue;
    const add = adds.get(region) ?? new Map<string, Addition>();
    // vCPUs in use now, per quota, from the running instances.
    const used = new Map<string, number>();
    const unknownSize = new Map<string, string[]>();
    for (const i of r.instances) {
      if (i.state !== 'running') continue;
      const q = vcpuQuotaOf(i.type);
      if (!q) continue;
      const v = instanceVcpus(i.type);
      if (v === undefined)
        unknownSize.set(q.code, [...(unknownSize.get(q.code) ?? []), `${i.id} (${i.type})`]);
      else used.set(q.code, (used.get(q.code) ?? 0) + v);
    }
    const codes = new Set(
      [...used.keys(), ...unknownSize.keys(), ...add.keys()].filter((c) => c.startsWith('L-')),
    );
    const vcpuSpecs = VCPU_QUOTAS.filter((q) => codes.has(q.code));
    if (vcpuSpecs.length === 0) vcpuSpecs.push(VCPU_QUOTAS[0]!);
    for (const spec of vcpuSpecs) {
      const extra = unknownSize.get(spec.code)?.length
        ? [`running instances of unknown size not counted: ${unknownSize.get(spec.code)!.join(', ')}`]
        : [];
      const rw = row(inv, region, r, spec, used.get(spec.code) ?? 0, add.get(spec.code), extra);
      if (extra.length && rw.status === 'ok') rw.status = 'unknown';
      rows.push(rw);
    }
    rows.push(...fargateRows(inv, region, r, add.get(FARGATE.code), fargateDoubt.get(region) ?? []));
    const lbs = r.loadBalancers;
    rows.push(
      row(inv, region, r, ELB_QUOTAS.alb, lbs.filter((l) => l.type === 'application').length, undefined),
    );
    rows.push(row(inv, region, r, ELB_QUOTAS.nlb, lbs.filter((l) => l.type === 'network').length, undefined));
    rows.push(row(inv, region, r, ELB_QUOTAS.targetGroups, r.targetGroups.length, undefined));
    rows.push(
      row(inv, region, r, RDS_QUOTAS.instances, r.dbInstances.length, add.get(RDS_QUOTAS.instances.code)),
    );
    rows.push(row(inv, region, r, RDS_QUOTAS.clusters, r.dbClusters.length, undefined));
  }
  return rows;
}

/**
 * The Fargate On-Demand vCPU row of a region, when it has ECS services that may run On-Demand Fargate
 * tasks or the event adds some: used now = running tasks × task vCPUs of the On-Demand Fargate
 * services. Services whose split between On-Demand and Spot is not known, and tasks of unknown size,
 * make the row unknown (unless it is not ready without them). Fargate Spot services are named, not
 * counted (the Spot quota, L-36FBB829, is not read).
 */
function fargateRows(
  inv: Inventory,
  region: string,
  r: RegionInventory,
  add: Addition | undefined,
  addDoubt: string[],
): QuotaRow[] {
  let used = 0;
  let relevant = !!add || addDoubt.length > 0;
  const unknownSize: string[] = [];
  const doubt: string[] = [];
  const spot: string[] = [];
  for (const s of r.ecsServices) {
    const kind = fargatePurchase(s);
    if (kind === 'none') continue;
    const running = ecsRunningTasks(s);
    if (kind === 'spot') {
      if (running > 0) spot.push(`${s.name} (${running} tasks)`);
      continue;
    }
    relevant = true;
    const why = fargateUncertain(s);
    if (why) {
      if (running > 0) doubt.push(`${s.name}: ${running} running tasks (${why})`);
      continue;
    }
    if (running === 0) continue;
    const v = taskVcpus(s);
    if (v === undefined)
      unknownSize.push(`${s.name} (${running} tasks; its task definition sets no CPU size)`);
    else used = round2(used + running * v);
  }
  if (!relevant) return [];
  const extra = [
    ...(unknownSize.length ? [`running tasks of unknown size not counted: ${unknownSize.join(', ')}`] : []),
    ...(doubt.length
      ? [`running tasks that may be Fargate On-Demand, not counted: ${doubt.join('; ')}`]
      : []),
    ...(addDoubt.length
      ? [`tasks the event adds that may be Fargate On-Demand, not counted: ${addDoubt.join('; ')}`]
      : []),
  ];
  const rw = row(inv, region, r, FARGATE, used, add, extra);
  if (extra.length && rw.status === 'ok') rw.status = 'unknown';
  if (spot.length)
    rw.reasons.push(
      `Fargate Spot tasks are not counted here (the Fargate Spot vCPU quota L-36FBB829, not read): ${spot.join(', ')}`,
    );
  return [rw];
}
