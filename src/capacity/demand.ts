/**
 * Demand: how much capacity a tier's peak needs in service, and where that number comes from.
 * Sources are tried in order — declared, measured, policy-target — and only when none applies is the
 * demand `assumed` (see DemandSource). Each source that could not be used says why.
 */
import type { DemandSeries, Inventory } from '../inventory/schema.js';
import type { TierBase } from './tiers.js';
import type { CapacitySettings, Demand, DemandSource, DemandWindow, TierSpec } from './types.js';

/** "instances", or "tasks" for an ECS service. */
export function memberWord(t: Pick<TierBase, 'kind'>): 'instances' | 'tasks' {
  return t.kind === 'ecs-service' ? 'tasks' : 'instances';
}

/** Tag that declares a tier's peak: "6" (instances; tasks for an ECS service) or "1.5x" (a multiple of its desired capacity). */
export const PEAK_TAG = 'resil:peak';

/** Rounds to two decimals, so evidence and messages carry no float noise. */
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** ceil() that ignores float noise: 1.1 × 10 = 11.000000000000002 gives 11, not 12. */
export function ceilClean(n: number): number {
  return Math.ceil(Number(n.toFixed(6)));
}

export type PeakDeclaration = { instances: number } | { factor: number };

/** Parses a `resil:peak` value: a positive whole number of instances, or a positive factor ending in x. */
export function parsePeakTag(raw: string | undefined): PeakDeclaration | undefined {
  const v = raw?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v) && Number(v) > 0) return { instances: Number(v) };
  const f = /^(\d+(?:\.\d+)?)\s*[x×]$/i.exec(v);
  if (f && Number(f[1]) > 0) return { factor: Number(f[1]) };
  return undefined;
}

function declared(
  t: TierBase,
  spec: { name: string; spec: TierSpec } | undefined,
  settings: CapacitySettings,
  notUsed: Demand['notUsed'],
): Omit<Demand, 'notUsed'> | undefined {
  const c = t.capacity;
  const u = c.unitsPerInstance;
  const unitNote = c.unit === 'vCPUs' ? ` × ${u} vCPUs` : '';
  const base = {
    source: 'declared' as const,
    unit: c.unit,
    safeUtilizationPercent: settings.safeUtilizationPercent,
  };
  const size = t.kind === 'instances' ? c.instances : t.scaling.desired;
  const members = memberWord(t);
  const fromFactor = (factor: number, where: string) => {
    const instances = ceilClean(factor * size);
    return {
      ...base,
      needed: round2(instances * u),
      basis: `${where}: peak ${factor} × ${t.kind === 'instances' ? 'registered' : 'desired'} ${size} = ${instances} ${members}${unitNote}`,
    };
  };
  if (spec?.spec.peak !== undefined)
    return {
      ...base,
      needed: round2(spec.spec.peak * u),
      basis: `tiers.${spec.name}.peak: ${spec.spec.peak} ${members}${unitNote}`,
    };
  if (spec?.spec.peakFactor !== undefined)
    return fromFactor(spec.spec.peakFactor, `tiers.${spec.name}.peakFactor`);
  const raw = t.tags[PEAK_TAG];
  const tag = parsePeakTag(raw);
  if (tag && 'instances' in tag)
    return {
      ...base,
      needed: round2(tag.instances * u),
      basis: `tag ${PEAK_TAG}=${raw}: ${tag.instances} ${members}${unitNote}`,
    };
  if (tag) return fromFactor(tag.factor, `tag ${PEAK_TAG}=${raw}`);
  if (raw !== undefined)
    notUsed.push({
      source: 'declared',
      why: `tag ${PEAK_TAG}=${raw} is neither a whole number of ${members} nor a factor like 1.5x`,
    });
  if (settings.peakFactor !== null) return fromFactor(settings.peakFactor, 'peakFactor (config)');
  if (raw === undefined)
    notUsed.push({
      source: 'declared',
      why: `no ${PEAK_TAG} tag, no tiers: entry with a peak, no peakFactor in the config`,
    });
  return undefined;
}

function seriesFor(inv: Inventory, region: string, metric: string, asg: string): DemandSeries | undefined {
  return inv.regions[region]?.demandMetrics.find(
    (s) => s.metric === metric && s.dimensions['AutoScalingGroupName'] === asg,
  );
}

/** Why no history could be read in this region, from the collection records. */
function historyDenied(inv: Inventory, region: string): string | undefined {
  const rec = inv.collection.find(
    (c) =>
      c.region === region &&
      c.service === 'cloudwatch' &&
      c.operation === 'GetMetricData' &&
      c.status === 'error',
  );
  return rec ? `${rec.error?.code ?? 'error'} on cloudwatch:GetMetricData in ${region}` : undefined;
}

function measured(
  inv: Inventory,
  t: TierBase,
  settings: CapacitySettings,
  notUsed: Demand['notUsed'],
): Omit<Demand, 'notUsed'> | undefined {
  if (t.kind === 'ecs-service') {
    notUsed.push({
      source: 'measured',
      why: 'the CPU history of ECS services is not collected yet (declare the peak, or rely on the target-tracking target)',
    });
    return undefined;
  }
  if (t.kind !== 'asg') {
    notUsed.push({ source: 'measured', why: 'standalone instances have no group metrics to measure' });
    return undefined;
  }
  const cpu = seriesFor(inv, t.region, 'CPUUtilization', t.name);
  const count = seriesFor(inv, t.region, 'GroupInServiceInstances', t.name);
  const denied = historyDenied(inv, t.region);
  if (!cpu || cpu.points.length === 0) {
    notUsed.push({
      source: 'measured',
      why: denied
        ? `no CPU history (${denied})`
        : 'no CPU history collected (audit live, or take the snapshot with this version)',
    });
    return undefined;
  }
  if (!count || count.points.length === 0) {
    notUsed.push({
      source: 'measured',
      why: 'no GroupInServiceInstances history: enable group metrics collection on the group (aws autoscaling enable-metrics-collection)',
    });
    return undefined;
  }
  const inService = new Map(count.points.map((p) => [p.t, p.v]));
  const c = t.capacity;
  // Units per in-service instance today (the mix of sizes in service), or the launchable type's.
  const perInstance = c.instances > 0 ? c.units / c.instances : c.unitsPerInstance;
  let peak: { t: string; busy: number; cpu: number; n: number } | undefined;
  let hours = 0;
  for (const p of cpu.points) {
    const n = inService.get(p.t);
    if (n === undefined) continue;
    hours++;
    const busy = (p.v / 100) * n * perInstance;
    if (!peak || busy > peak.busy) peak = { t: p.t, busy, cpu: p.v, n };
  }
  if (!peak || hours < settings.minHistoryHours) {
    notUsed.push({
      source: 'measured',
      why: `only ${hours} hourly points with both CPU and in-service instances (needs ≥ ${settings.minHistoryHours})`,
    });
    return undefined;
  }
  const startMs = new Date(cpu.startTime).getTime();
  const endMs = new Date(cpu.endTime).getTime();
  const window: DemandWindow = {
    start: cpu.startTime,
    end: cpu.endTime,
    days: Math.round(((endMs - startMs) / 86_400_000) * 10) / 10,
    hours,
    peakAt: peak.t,
  };
  const busy = round2(peak.busy);
  return {
    source: 'measured',
    unit: c.unit,
    needed: round2(peak.busy / (settings.safeUtilizationPercent / 100)),
    busyAtPeak: busy,
    safeUtilizationPercent: settings.safeUtilizationPercent,
    window,
    basis:
      `peak of ${hours} hourly points over ${window.days} ${window.days === 1 ? 'day' : 'days'}: ${round2(peak.cpu)} % CPU × ${round2(peak.n)} in-service instances` +
      `${c.unit === 'vCPUs' ? ` × ${round2(perInstance)} vCPUs` : ''} = ${busy} busy at ${peak.t}`,
  };
}

/** ECS: the service's CPU target-tracking policy (ECSServiceAverageCPUUtilization) on its scalable target. */
function ecsPolicyTarget(
  t: TierBase,
  settings: CapacitySettings,
  notUsed: Demand['notUsed'],
): Omit<Demand, 'notUsed'> | undefined {
  const target = t.scalableTarget;
  const policies = (target?.policies ?? []).filter(
    (p) =>
      p.type === 'TargetTrackingScaling' && p.targetTracking?.metric === 'ECSServiceAverageCPUUtilization',
  );
  if (!target || policies.length === 0) {
    notUsed.push({
      source: 'policy-target',
      why: target
        ? 'no CPU target-tracking policy (ECSServiceAverageCPUUtilization) on its scalable target'
        : 'no service auto scaling (no scalable target for ecs:service:DesiredCount)',
    });
    return undefined;
  }
  const c = t.capacity;
  if (c.instances === 0) {
    notUsed.push({ source: 'policy-target', why: 'no running task to apply the CPU target to' });
    return undefined;
  }
  if (t.scaling.desired >= target.maxCapacity && target.maxCapacity > target.minCapacity) {
    notUsed.push({
      source: 'policy-target',
      why: `the service is at its scalable target's max ${target.maxCapacity}: its CPU may be above the target, so the target says nothing about the load`,
    });
    return undefined;
  }
  const p = [...policies].sort((a, b) => a.targetTracking!.targetValue - b.targetTracking!.targetValue)[0]!;
  const value = p.targetTracking!.targetValue;
  const busy = round2((value / 100) * c.units);
  return {
    source: 'policy-target',
    unit: c.unit,
    needed: round2(busy / (settings.safeUtilizationPercent / 100)),
    busyAtPeak: busy,
    safeUtilizationPercent: settings.safeUtilizationPercent,
    basis: `target tracking ${p.name} keeps the service's CPU at ${value} % of the ${c.units} ${c.unit} running: ${busy} busy`,
  };
}

function policyTarget(
  t: TierBase,
  settings: CapacitySettings,
  notUsed: Demand['notUsed'],
): Omit<Demand, 'notUsed'> | undefined {
  if (t.kind === 'ecs-service') return ecsPolicyTarget(t, settings, notUsed);
  const g = t.asg;
  const policies = (g?.scalingPolicies ?? []).filter(
    (p) =>
      p.enabled &&
      p.type === 'TargetTrackingScaling' &&
      p.targetTracking?.metric === 'ASGAverageCPUUtilization',
  );
  if (!g || policies.length === 0) {
    notUsed.push({ source: 'policy-target', why: 'no enabled CPU target-tracking policy' });
    return undefined;
  }
  const c = t.capacity;
  if (c.instances === 0) {
    notUsed.push({ source: 'policy-target', why: 'no instance in service to apply the CPU target to' });
    return undefined;
  }
  if (g.desiredCapacity >= g.maxSize && g.maxSize > g.minSize) {
    notUsed.push({
      source: 'policy-target',
      why: `the group is at its MaxSize ${g.maxSize}: its CPU may be above the target, so the target says nothing about the load`,
    });
    return undefined;
  }
  // The lowest target is the one the group scales out at first.
  const p = [...policies].sort((a, b) => a.targetTracking!.targetValue - b.targetTracking!.targetValue)[0]!;
  const target = p.targetTracking!.targetValue;
  const busy = round2((target / 100) * c.units);
  return {
    source: 'policy-target',
    unit: c.unit,
    needed: round2(busy / (settings.safeUtilizationPercent / 100)),
    busyAtPeak: busy,
    safeUtilizationPercent: settings.safeUtilizationPercent,
    basis: `target tracking ${p.name} keeps CPU at ${target} % of the ${c.units} ${c.unit} in service: ${busy} busy`,
  };
}

/**
 * The demand of a tier. `spec` is the `tiers:` entry that names the tier as a primary, if any.
 * Assumed demand: today's in-service capacity (or the desired size, when nothing runs) is taken as
 * what the peak needs.
 */
export function resolveDemand(
  inv: Inventory,
  t: TierBase,
  spec: { name: string; spec: TierSpec } | undefined,
  settings: CapacitySettings,
): Demand {
  const notUsed: Demand['notUsed'] = [];
  const found =
    declared(t, spec, settings, notUsed) ??
    measured(inv, t, settings, notUsed) ??
    policyTarget(t, settings, notUsed);
  if (found) return { ...found, notUsed };
  const c = t.capacity;
  const today = c.instances > 0 ? c.units : t.scaling.desired * c.unitsPerInstance;
  return {
    source: 'assumed',
    unit: c.unit,
    needed: round2(today),
    safeUtilizationPercent: settings.safeUtilizationPercent,
    basis: `assumed: nothing declares, measures or targets the load, so today's ${round2(today)} ${c.unit} ${c.instances > 0 ? (t.kind === 'ecs-service' ? 'running' : 'in service') : '(desired)'} are taken as what the peak needs`,
    notUsed,
  };
}

/** "declared (tag resil:peak=6: 6 instances × 2 vCPUs)" — the demand source and basis for a message. */
export function describeDemand(d: Demand): string {
  return d.source === 'assumed' ? d.basis : `${d.source}: ${d.basis}`;
}

/** Evidence every capacity finding carries about its demand. */
export function demandEvidence(d: Demand): Record<string, unknown> {
  return {
    demandSource: d.source,
    demandBasis: d.basis,
    window: d.window ?? null,
    needed: d.needed,
    unit: d.unit,
    ...(d.busyAtPeak !== undefined ? { busyAtPeak: d.busyAtPeak } : {}),
    safeUtilizationPercent: d.safeUtilizationPercent,
    demandSourcesNotUsed: d.notUsed,
  };
}

export const SOURCE_RANK: Record<DemandSource, number> = {
  declared: 0,
  measured: 1,
  'policy-target': 2,
  assumed: 3,
};
