/**
 * How the capacity checks reach the capacity model (src/capacity): one model per inventory and
 * settings, built from the check's resolved thresholds (peakFactor, safeUtilizationPercent,
 * primaryRegion, standbyRegion) and the structured settings of .resil.yml (tiers, tierTagKeys).
 */
import {
  buildCapacityModel,
  nMinusOneAz,
  type AzLoss,
  type CapacityModel,
  type Demand,
  type Tier,
} from '../capacity/index.js';
import type { Inventory } from '../inventory/schema.js';
import type { CheckContext } from './define.js';

export interface CapacityThresholds {
  peakFactor?: number | null;
  safeUtilizationPercent?: number;
  primaryRegion?: string | null;
  standbyRegion?: string | null;
}

export function capacityModelFor(inv: Inventory, t: CapacityThresholds, ctx: CheckContext): CapacityModel {
  return buildCapacityModel(inv, {
    ...(typeof t.peakFactor === 'number' ? { peakFactor: t.peakFactor } : {}),
    ...(typeof t.safeUtilizationPercent === 'number'
      ? { safeUtilizationPercent: t.safeUtilizationPercent }
      : {}),
    primaryRegion: t.primaryRegion ?? null,
    standbyRegion: t.standbyRegion ?? null,
    ...(ctx.config.tiers ? { tiers: ctx.config.tiers } : {}),
    ...(ctx.config.tierTagKeys ? { tierTagKeys: ctx.config.tierTagKeys } : {}),
  });
}

/** "6 vCPUs", "1 vCPU", "1 instance", "7.5 vCPUs", "1 task". */
export function amount(n: number, unit: string): string {
  const u = n === 1 && unit.endsWith('s') ? unit.slice(0, -1) : unit;
  return `${n} ${u}`;
}

/** "us-east-1a: 4, us-east-1b: 4" over the tier's per-AZ units. */
export function unitsByAz(tier: Tier): Record<string, number> {
  return Object.fromEntries(Object.entries(tier.capacity.perAz).map(([az, s]) => [az, s.units]));
}

/** The per-AZ arithmetic a capacity finding carries: before, after losing it, needed, for every AZ. */
export function azLossEvidence(tier: Tier, loss: AzLoss): Record<string, unknown> {
  return {
    capacityByAz: unitsByAz(tier),
    inServiceByAz: Object.fromEntries(
      Object.entries(tier.capacity.perAz).map(([az, s]) => [az, s.instances]),
    ),
    perAz: loss.perAz,
    worstAz: loss.worst?.az ?? null,
    configuredAzs: tier.configuredAzs.length,
    staticallyStableInstances: loss.staticallyStableInstances ?? null,
    unitsPerInstance: tier.capacity.unitsPerInstance,
    instanceTypes: tier.capacity.instanceTypes,
    ...(tier.capacity.notes.length ? { capacityNotes: tier.capacity.notes } : {}),
  };
}

/** The demand part of a message: "(declared: tag resil:peak=6: 6 instances × 2 vCPUs)". */
export function demandNote(d: Demand): string {
  return d.source === 'assumed' ? `(${d.basis})` : `(${d.source}: ${d.basis})`;
}

/** What to do when an ECS service's demand is assumed. */
export const ECS_DECLARE_HINT =
  'declare the peak (tag resil:peak=<tasks> on the service, or tiers: in .resil.yml), or add a CPU target-tracking policy (ECSServiceAverageCPUUtilization)';

/** What to do when a demand is assumed. */
export const DECLARE_HINT =
  'declare the peak (tag resil:peak=<instances>, or tiers: in .resil.yml), enable group metrics collection for a measured peak, or add a CPU target-tracking policy';

export { nMinusOneAz };
