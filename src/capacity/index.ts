/**
 * The capacity model: one place that answers "if we lose an AZ, or the whole primary region, at peak,
 * does each tier survive?" Pure (no AWS), built from an inventory and a few settings. Used by the
 * capacity checks (asg.static-stability, asg.max-size-headroom, dr.standby-capacity, dr.rto-budget,
 * r53.secondary-ready) and meant for the readiness report and the runbooks' preflight.
 *
 *   const model = buildCapacityModel(inventory, { safeUtilizationPercent: 80, tiers, tierTagKeys });
 *   for (const tier of model.tiers) nMinusOneAz(tier);            // per-AZ: before, after, needed
 *   for (const pair of model.pairs) if (pair.standby) nMinusOneRegion(pair.primary, pair.standby);
 *
 * - Tiers (src/capacity/tiers.ts): an Auto Scaling group, an ECS service (src/capacity/ecs.ts), or
 *   the standalone instances of a target group (an empty target group a listener forwards to is a
 *   tier with nothing in it).
 * - Capacity: vCPUs of the instances in service (running tasks × task vCPUs), per AZ (instances or
 *   tasks when a size is unknown).
 * - Demand (src/capacity/demand.ts): declared → measured → policy-target → assumed, each with the
 *   reason the more trusted ones were not used. A finding built on an assumed demand is at most a
 *   warning and says so.
 * - Pairs (src/capacity/pairing.ts): config → shared tag → traffic; unpaired primary tiers named.
 * - Arithmetic (src/capacity/arithmetic.ts): nMinusOneAz, nMinusOneRegion.
 *
 * docs/capacity.md explains the model for people.
 */
import { resolveDrRegions } from '../inventory/dr-regions.js';
import type { Inventory } from '../inventory/schema.js';
import { resolveDemand } from './demand.js';
import { pairTiers, tierByName } from './pairing.js';
import { discoverTiers, isServingTier } from './tiers.js';
import type { CapacityModel, CapacitySettings, Tier, TierSpec } from './types.js';

export * from './types.js';
export { nMinusOneAz, nMinusOneRegion } from './arithmetic.js';
export { PEAK_TAG, demandEvidence, describeDemand, memberWord, parsePeakTag, round2 } from './demand.js';
export { ECS_DESIRED_COUNT, ecsResourceId, ecsScalableTarget, taskVcpus } from './ecs.js';
export { tierByName } from './pairing.js';

export const DEFAULT_SAFE_UTILIZATION_PERCENT = 80;
/** Tag keys tried in order to pair tiers across regions. */
export const DEFAULT_TIER_TAG_KEYS: readonly string[] = ['resil:tier', 'tier', 'service', 'app', 'component'];
export const DEFAULT_MIN_HISTORY_HOURS = 24;

/** Settings with their defaults filled in. */
export function capacitySettings(partial: Partial<CapacitySettings> = {}): CapacitySettings {
  return {
    safeUtilizationPercent: partial.safeUtilizationPercent ?? DEFAULT_SAFE_UTILIZATION_PERCENT,
    peakFactor: partial.peakFactor ?? null,
    tiers: partial.tiers ?? {},
    tierTagKeys: partial.tierTagKeys ?? [...DEFAULT_TIER_TAG_KEYS],
    primaryRegion: partial.primaryRegion ?? null,
    standbyRegion: partial.standbyRegion ?? null,
    minHistoryHours: partial.minHistoryHours ?? DEFAULT_MIN_HISTORY_HOURS,
  };
}

/** The `tiers:` entry whose `primary` names this tier (in whatever region). */
function specFor(tiers: Tier[], t: Omit<Tier, 'demand'>, specs: Record<string, TierSpec>) {
  for (const [name, spec] of Object.entries(specs).sort(([a], [b]) => a.localeCompare(b))) {
    if (spec.primary && tierByName(tiers, t.region, spec.primary)?.id === t.id) return { name, spec };
  }
  return undefined;
}

const cache = new WeakMap<Inventory, Map<string, CapacityModel>>();

/**
 * Builds (or returns the memoised) capacity model of an inventory. Deterministic: tiers sorted by
 * region and id, pairs in primary-tier order.
 */
export function buildCapacityModel(inv: Inventory, partial: Partial<CapacitySettings> = {}): CapacityModel {
  const settings = capacitySettings(partial);
  const key = JSON.stringify(settings);
  const memo = cache.get(inv) ?? new Map<string, CapacityModel>();
  cache.set(inv, memo);
  const hit = memo.get(key);
  if (hit) return hit;

  const bases = discoverTiers(inv);
  const shells = bases as Tier[];
  const tiers: Tier[] = bases.map((b) => {
    const spec = specFor(shells, b as Tier, settings.tiers);
    return {
      ...b,
      demand: resolveDemand(inv, b, spec, settings),
      ...(spec ? { configName: spec.name } : {}),
    };
  });
  const regions = resolveDrRegions(inv, settings);
  let pairs: CapacityModel['pairs'] = [];
  let problems: string[] = [];
  let unpairedStandby: Tier[] = [];
  if (regions.known) {
    const named = new Set(
      Object.values(settings.tiers)
        .map((s) => (s.primary ? tierByName(tiers, regions.primary, s.primary)?.id : undefined))
        .filter((id): id is string => id !== undefined),
    );
    const primaryTiers = tiers.filter(
      (t) => t.region === regions.primary && (isServingTier(t) || named.has(t.id)),
    );
    const standbyTiers = tiers.filter((t) => t.region === regions.standby);
    ({ pairs, problems } = pairTiers({
      inv,
      primary: regions.primary,
      standby: regions.standby,
      primaryTiers,
      standbyTiers,
      specs: settings.tiers,
      tagKeys: settings.tierTagKeys,
    }));
    const chosen = new Set(pairs.map((p) => p.standby?.id));
    unpairedStandby = standbyTiers.filter((t) => !chosen.has(t.id));
  }
  const model: CapacityModel = { settings, regions, tiers, pairs, unpairedStandby, problems };
  memo.set(key, model);
  return model;
}

const byId = new WeakMap<CapacityModel, Map<string, Tier>>();

/** The tier with this id ("<region>:asg/<name>", "<region>:instances/<target group>", "<region>:ecs-service/<cluster>/<name>"). */
export function tierById(model: CapacityModel, id: string): Tier | undefined {
  let index = byId.get(model);
  if (!index) byId.set(model, (index = new Map(model.tiers.map((t) => [t.id, t]))));
  return index.get(id);
}

/** The tier of an Auto Scaling group. */
export function tierOfAsg(model: CapacityModel, region: string, name: string): Tier | undefined {
  return tierById(model, `${region}:asg/${name}`);
}

/** The tier of an ECS service. */
export function tierOfEcsService(
  model: CapacityModel,
  region: string,
  s: { clusterName: string; name: string },
): Tier | undefined {
  return tierById(model, `${region}:ecs-service/${s.clusterName}/${s.name}`);
}

/** The tiers whose instances are registered in (or whose group feeds) a target group. */
export function tiersOfTargetGroup(model: CapacityModel, region: string, arn: string): Tier[] {
  return model.tiers.filter((t) => t.region === region && t.targetGroups.some((tg) => tg.arn === arn));
}
