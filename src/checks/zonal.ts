/**
 * Pure helpers shared by the zonal (multi-az) checks: the spread of per-AZ counts, the imbalance
 * rule Trusted Advisor uses, and how per-AZ counts read in a message. Where things live by AZ is
 * src/inventory/zonal.ts.
 */
import type { AzCounts } from '../inventory/zonal.js';

export interface Spread {
  max: number;
  min: number;
  difference: number;
  /** (max − min) / max × 100, rounded to one decimal; 0 when max is 0. */
  imbalancePercent: number;
}

/** Max, min and relative difference of per-AZ counts (AZs with 0 count included). */
export function spread(counts: AzCounts): Spread {
  const values = Object.values(counts);
  if (values.length === 0) return { max: 0, min: 0, difference: 0, imbalancePercent: 0 };
  const max = Math.max(...values);
  const min = Math.min(...values);
  const difference = max - min;
  const imbalancePercent = max === 0 ? 0 : Math.round((difference / max) * 1000) / 10;
  return { max, min, difference, imbalancePercent };
}

/** The target-imbalance rule (TA): difference > maxDifference AND > maxImbalancePercent of the highest count. */
export function isTargetImbalanced(s: Spread, maxDifference: number, maxImbalancePercent: number): boolean {
  return s.difference > maxDifference && s.imbalancePercent > maxImbalancePercent;
}

/** "us-east-1a: 4, us-east-1b: 1" */
export function formatCounts(counts: AzCounts): string {
  return Object.entries(counts)
    .map(([az, n]) => `${az}: ${n}`)
    .join(', ');
}
