/**
 * N−1 arithmetic: losing one AZ of a tier, and losing the primary region of a tier pair.
 */
import { ceilClean, round2 } from './demand.js';
import type { AzLoss, AzLossStep, CapacityUnit, Demand, RegionLoss, Tier } from './types.js';

const EPSILON = 1e-9;

/**
 * Losing each configured AZ of a tier in turn: the capacity left in the others against the demand.
 * The worst AZ is the one holding the most capacity (in vCPUs, so a few large instances can outweigh
 * many small ones).
 */
export function nMinusOneAz(tier: Tier, demand: Demand = tier.demand): AzLoss {
  const c = tier.capacity;
  const needed = demand.needed;
  const perAz: AzLossStep[] = Object.entries(c.perAz).map(([az, slice]) => {
    const after = round2(c.units - slice.units);
    const step: AzLossStep = {
      az,
      before: round2(c.units),
      afterLosingIt: after,
      needed,
      shortBy: round2(Math.max(0, needed - after)),
      ok: after + EPSILON >= needed,
    };
    if (demand.busyAtPeak !== undefined && after > 0)
      step.survivorsUtilizationPercent = Math.round((demand.busyAtPeak / after) * 1000) / 10;
    return step;
  });
  const worst = [...perAz].sort((a, b) => a.afterLosingIt - b.afterLosingIt || a.az.localeCompare(b.az))[0];
  const azCount = perAz.length;
  const singleAz = azCount < 2;
  const neededInstances = ceilClean(needed / c.unitsPerInstance);
  return {
    unit: c.unit,
    needed,
    perAz,
    ...(worst ? { worst } : {}),
    singleAz,
    ok: !singleAz && perAz.every((s) => s.ok),
    ...(azCount >= 2
      ? { staticallyStableInstances: ceilClean((neededInstances * azCount) / (azCount - 1)) }
      : {}),
  };
}

/** A need in one tier's unit, expressed in another's (through member counts when the units differ). */
function convert(needed: number, from: Tier, unit: CapacityUnit): number {
  if (from.capacity.unit === unit) return needed;
  if (unit === 'vCPUs') return needed;
  // A count unit (instances or tasks): members of the primary's size.
  return from.capacity.unit === 'vCPUs' ? ceilClean(needed / from.capacity.unitsPerInstance) : needed;
}

/**
 * Losing the primary region: can the standby tier carry the primary tier's demand — now, or after
 * scaling to its MaxSize (an ECS service: its scalable target's max)? Counted in vCPUs when both
 * tiers know their sizes, else in members (instances, or tasks when both are ECS services).
 */
export function nMinusOneRegion(primary: Tier, standby: Tier, demand: Demand = primary.demand): RegionLoss {
  const unit: CapacityUnit =
    primary.capacity.unit === 'vCPUs' && standby.capacity.unit === 'vCPUs'
      ? 'vCPUs'
      : primary.kind === 'ecs-service' && standby.kind === 'ecs-service'
        ? 'tasks'
        : 'instances';
  const needed = round2(convert(demand.needed, primary, unit));
  const s = standby.capacity;
  const units = unit === s.unit ? s.units : s.instances;
  const perInstance = unit === s.unit ? s.unitsPerInstance : 1;
  const maxInstances = standby.kind === 'instances' ? s.instances : standby.scaling.max;
  const maxUnits = round2(Math.max(units, maxInstances * perInstance));
  const healthyPerAz = Object.fromEntries(Object.entries(s.perAz).map(([az, x]) => [az, x.healthyTargets]));
  const empty = s.instances === 0 || (standby.targetGroups.length > 0 && s.healthyTargets === 0);
  const verdict: RegionLoss['verdict'] = empty
    ? 'empty'
    : units + EPSILON >= needed
      ? 'ready'
      : maxUnits + EPSILON >= needed
        ? 'must-scale'
        : 'too-small';
  const scaleOutUnits = round2(Math.max(0, needed - units));
  return {
    unit,
    needed,
    standbyInstances: s.instances,
    standbyUnits: round2(units),
    standbyMaxUnits: maxUnits,
    standbyMaxInstances: maxInstances,
    standbyHealthyTargetsPerAz: healthyPerAz,
    standbyHealthyTargets: s.healthyTargets,
    verdict,
    scaleOutUnits,
    scaleOutInstances: ceilClean(scaleOutUnits / perInstance),
  };
}
