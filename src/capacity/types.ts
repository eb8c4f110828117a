/**
 * The capacity model's types. See src/capacity/index.ts for the model as a whole and
 * docs/capacity.md for the arithmetic in words.
 */
import type { DrRegions } from '../inventory/dr-regions.js';
import type { ResourceRef } from '../inventory/ref.js';
import type { AutoScalingGroup, EcsService, ScalableTarget, TargetGroup } from '../inventory/schema.js';
import type { Route } from '../inventory/traffic.js';

/** One `tiers:` entry of .resil.yml. */
export interface TierSpec {
  /**
   * The primary tier: an Auto Scaling group name, an ECS service name (or cluster/service), or a
   * target group name (standalone instances).
   */
  primary?: string;
  /** Its standby counterpart in the standby region; null says "deliberately none". */
  standby?: string | null;
  /** Declared peak need, in instances of the primary tier's instance type (tasks, for an ECS service). */
  peak?: number;
  /** Declared peak as a multiple of the primary tier's desired capacity. */
  peakFactor?: number;
}

export interface CapacitySettings {
  /** Highest utilisation a tier may run at and still serve well (default 80 %). */
  safeUtilizationPercent: number;
  /** A declared peak factor for every tier (top-level or per-check `peakFactor`); null: none declared. */
  peakFactor: number | null;
  /** Explicit tiers and pairs (.resil.yml `tiers:`), by a name of your choosing. */
  tiers: Record<string, TierSpec>;
  /** Tag keys tried, in order, to pair a primary tier with its standby (same key, same value). */
  tierTagKeys: string[];
  primaryRegion: string | null;
  standbyRegion: string | null;
  /** Fewest hourly data points a measured demand needs (default 24: one day). */
  minHistoryHours: number;
}

/** What a tier is made of: an Auto Scaling group, standalone instances, or an ECS service's tasks. */
export type TierKind = 'asg' | 'instances' | 'ecs-service';

/**
 * The unit capacity and demand are counted in: vCPUs when every member's size is known (instance
 * types; an ECS task definition's CPU), else instances — or tasks, for an ECS service.
 */
export type CapacityUnit = 'vCPUs' | 'instances' | 'tasks';

export interface AzSlice {
  /** In-service members in the AZ: instances, or running tasks for an ECS service. */
  instances: number;
  /** Their capacity, in the tier's unit. */
  units: number;
  /** Healthy targets of the tier in the AZ (across its target groups). */
  healthyTargets: number;
}

export interface TierCapacity {
  unit: CapacityUnit;
  /** Per configured AZ (every one present, 0 included), in AZ-name order. */
  perAz: Record<string, AzSlice>;
  instances: number;
  units: number;
  healthyTargets: number;
  /** Registered targets of its target groups (healthy or not); 0 for an empty target group. */
  registeredTargets: number;
  /** Units one more instance adds: the launchable type's vCPUs (the smallest, if several), or 1. */
  unitsPerInstance: number;
  /** Instance types in service, with their vCPUs (undefined when the size does not say). */
  instanceTypes: Record<string, number | null>;
  /** Units at MaxSize (Auto Scaling groups; ECS services at their scalable target's max, or their desired count). */
  maxUnits?: number;
  /** Why the unit is instances, and similar caveats. */
  notes: string[];
}

export interface TierScaling {
  min: number;
  max: number;
  desired: number;
  /** Enabled policies that react to load: target tracking, step and simple scaling. */
  reactivePolicies: string[];
  /** Enabled predictive policies: they follow a forecast, and do not react to a lost AZ. */
  predictivePolicies: string[];
  /** Scheduled actions: they change capacity at set times, and do not react to a lost AZ. */
  scheduledActions: string[];
  /** True when at least one reactive policy is enabled. */
  canReact: boolean;
}

/**
 * Where a demand number comes from, most trusted first:
 * - declared: a `resil:peak` tag, a `tiers:` entry, or a configured `peakFactor`;
 * - measured: the tier's own CloudWatch history (hourly CPU × in-service instances, at its maximum);
 * - policy-target: its CPU target-tracking policy keeps it at that utilisation, whatever the load;
 * - assumed: nothing says; today's capacity is taken as what the peak needs (a finding built on it
 *   is at most a warning, and says so).
 */
export type DemandSource = 'declared' | 'measured' | 'policy-target' | 'assumed';
export const DEMAND_SOURCES: readonly DemandSource[] = ['declared', 'measured', 'policy-target', 'assumed'];

export interface DemandWindow {
  start: string;
  end: string;
  /** Length of the window, in days (rounded to 0.1). */
  days: number;
  /** Hourly points the maximum was taken over. */
  hours: number;
  /** The hour the demand peaked. */
  peakAt: string;
}

export interface Demand {
  source: DemandSource;
  unit: CapacityUnit;
  /** Capacity the peak needs in service, in `unit` (busy units ÷ safe utilisation, or a declared size). */
  needed: number;
  /** Units busy at the peak, when the source measures load (measured, policy-target). */
  busyAtPeak?: number;
  safeUtilizationPercent: number;
  /** The history the measured demand was read from. */
  window?: DemandWindow;
  /** How the number was reached, in words, e.g. "CPU target tracking at 50 % of 6 vCPUs in service". */
  basis: string;
  /** Why each more trusted source could not be used. */
  notUsed: Array<{ source: DemandSource; why: string }>;
}

export interface Tier {
  /** Unique: "<region>:asg/<name>", "<region>:instances/<target group name>" or "<region>:ecs-service/<cluster>/<name>". */
  id: string;
  kind: TierKind;
  name: string;
  region: string;
  /** What a finding about the tier points at (the group, or the target group of standalone instances). */
  resource: ResourceRef;
  tags: Record<string, string>;
  asg?: AutoScalingGroup;
  /** The ECS service of an ecs-service tier, and its Application Auto Scaling target if registered. */
  ecs?: EcsService;
  scalableTarget?: ScalableTarget;
  /** Target groups the tier's instances are registered in (or attached to, for a group or service). */
  targetGroups: TargetGroup[];
  /** Listener rules that forward to those target groups. */
  routes: Route[];
  configuredAzs: string[];
  capacity: TierCapacity;
  scaling: TierScaling;
  demand: Demand;
  /** The `tiers:` entry that names it, if any. */
  configName?: string;
}

export interface TierPair {
  primary: Tier;
  /** Undefined: the primary tier has no standby counterpart. */
  standby?: Tier;
  /** How they were paired: "config tiers.api", "tag tier=api", "traffic api.example.com. A → path /api/*". */
  pairedBy?: string;
  /** For an unpaired tier: why (e.g. "tiers.worker.standby is none"). */
  unpairedWhy?: string;
}

/** Losing one AZ of a tier: the arithmetic a capacity finding carries in its evidence. */
export interface AzLossStep {
  az: string;
  /** Capacity in service before the loss (the whole tier), in the tier's unit. */
  before: number;
  /** Capacity left in the other AZs after losing this one. */
  afterLosingIt: number;
  needed: number;
  shortBy: number;
  /** Utilisation the survivors would run at (busy ÷ left), when the demand measures load. */
  survivorsUtilizationPercent?: number;
  ok: boolean;
}

export interface AzLoss {
  unit: CapacityUnit;
  needed: number;
  /** Every configured AZ lost in turn. */
  perAz: AzLossStep[];
  /** The AZ whose loss hurts most (the largest share of capacity). */
  worst?: AzLossStep;
  /** Fewer than two configured AZs: no size survives losing the only one. */
  singleAz: boolean;
  ok: boolean;
  /** Instances that would still cover the need after losing one of the configured AZs, evenly filled. */
  staticallyStableInstances?: number;
}

/** Losing the primary region: can the standby tier carry the primary tier's demand? */
export interface RegionLoss {
  unit: CapacityUnit;
  /** The primary tier's need, in this unit. */
  needed: number;
  standbyInstances: number;
  standbyUnits: number;
  /** What the standby's MaxSize allows (its current size when it cannot scale). */
  standbyMaxUnits: number;
  standbyMaxInstances: number;
  standbyHealthyTargetsPerAz: Record<string, number>;
  standbyHealthyTargets: number;
  /**
   * ready: already carries it; must-scale: MaxSize allows it but it must scale out (slower RTO);
   * too-small: even MaxSize does not; empty: nothing serves now (no instance or no healthy target).
   */
  verdict: 'ready' | 'must-scale' | 'too-small' | 'empty';
  /** Units (and instances) to add when it must scale. */
  scaleOutUnits: number;
  scaleOutInstances: number;
}

export interface CapacityModel {
  settings: CapacitySettings;
  regions: DrRegions;
  /** Every tier in every region, by region then id. */
  tiers: Tier[];
  /** One per primary tier that serves (when the regions are known): paired or not. */
  pairs: TierPair[];
  /** Standby-region tiers no pair chose (candidates for an unpaired primary tier). */
  unpairedStandby: Tier[];
  /** `tiers:` entries that name a resource not in the inventory, or contradict each other. */
  problems: string[];
}
