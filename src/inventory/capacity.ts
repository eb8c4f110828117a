/**
 * Static-stability arithmetic for Auto Scaling groups (Well-Architected REL11-BP05), shared by the
 * scaling checks and anything else that asks "does this group survive the loss of an AZ?".
 * Pure functions over the inventory model.
 */
import type { AutoScalingGroup } from './schema.js';

export interface AzCapacity {
  /** In-service capacity per configured AZ (instances, or summed weights), in the group's AZ order. */
  perAz: Record<string, number>;
  /** Σ over the configured AZs. */
  total: number;
  /** Number of configured AZs. */
  azCount: number;
  /** The AZ holding the most capacity (the worst one to lose); undefined when the group has no AZ. */
  largestAz?: string;
  largestCapacity: number;
  /** Capacity left after losing the largest AZ. */
  afterLoss: number;
  /** True when some in-service instance reports a weighted capacity: the unit is then capacity units. */
  weighted: boolean;
}

/**
 * Per-AZ in-service capacity over the group's configured AZs: each InService instance counts 1, or its
 * weightedCapacity when reported. Instances outside the configured AZs are not counted (the group is
 * moving them away).
 */
export function azCapacity(g: AutoScalingGroup): AzCapacity {
  const perAz: Record<string, number> = {};
  for (const az of g.availabilityZones) perAz[az] = 0;
  let weighted = false;
  for (const i of g.instances) {
    if (i.lifecycleState !== 'InService' || !(i.az in perAz)) continue;
    if (i.weightedCapacity !== undefined) weighted = true;
    perAz[i.az] = (perAz[i.az] ?? 0) + (i.weightedCapacity ?? 1);
  }
  let total = 0;
  let largestAz: string | undefined;
  let largestCapacity = 0;
  for (const [az, c] of Object.entries(perAz)) {
    total += c;
    if (largestAz === undefined || c > largestCapacity) {
      largestAz = az;
      largestCapacity = c;
    }
  }
  return {
    perAz,
    total,
    azCount: Object.keys(perAz).length,
    ...(largestAz !== undefined ? { largestAz } : {}),
    largestCapacity,
    afterLoss: total - largestCapacity,
    weighted,
  };
}

/** Tag that declares a group's peak need in instances (or capacity units), overriding peakFactor × desired. */
export const PEAK_TAG = 'resil:peak';

/** The peak declared by the group's `resil:peak` tag, when it is a positive whole number. */
export function declaredPeak(g: AutoScalingGroup): number | undefined {
  const raw = g.tags[PEAK_TAG]?.trim();
  return raw && /^\d+$/.test(raw) && Number(raw) > 0 ? Number(raw) : undefined;
}

/**
 * Peak need P: the group's `resil:peak` tag when set (teams that already over-provision for static
 * stability declare the real need there), else ceil(peakFactor × desired capacity).
 */
export function peakNeed(g: AutoScalingGroup, peakFactor: number): number {
  const declared = declaredPeak(g);
  if (declared !== undefined) return declared;
  // Round away floating-point noise first (1.1 × 10 = 11.000000000000002 must give 11, not 12).
  return Math.ceil(Number((peakFactor * g.desiredCapacity).toFixed(6)));
}

/**
 * The size that still covers `peak` after losing one of `azCount` evenly filled AZs: ceil(P·N/(N−1)).
 * Undefined for a single AZ (or none): no size survives losing the only AZ.
 */
export function staticallyStableSize(peak: number, azCount: number): number | undefined {
  if (azCount < 2) return undefined;
  return Math.ceil((peak * azCount) / (azCount - 1));
}
