/**
 * Pure helpers shared by the zonal (multi-az) checks: per-AZ counts, the imbalance rule Trusted
 * Advisor uses, where a load balancer's targets live.
 */
import type { AutoScalingGroup, LoadBalancer, RegionInventory, TargetGroup } from '../inventory/schema.js';

/** Per-AZ counts, in AZ-name order. */
export type AzCounts = Record<string, number>;

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

export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The AZs an ASG is configured for: its AvailabilityZones plus the AZs of its subnets (resolved from
 * the region's subnets when collected). `unresolvedSubnets` lists subnet ids not found in the inventory.
 */
export function asgConfiguredAzs(r: RegionInventory, g: AutoScalingGroup): { azs: string[]; unresolvedSubnets: string[] } {
  const azs = new Set(g.availabilityZones);
  const unresolvedSubnets: string[] = [];
  for (const id of g.subnetIds) {
    const s = r.subnets.find((x) => x.id === id);
    if (s) azs.add(s.az);
    else unresolvedSubnets.push(id);
  }
  return { azs: sortedUnique(azs), unresolvedSubnets };
}

/** The target groups that forward traffic from this load balancer. */
export function targetGroupsOf(r: RegionInventory, lb: LoadBalancer): TargetGroup[] {
  return r.targetGroups.filter((tg) => tg.loadBalancerArns.includes(lb.arn));
}

/** The load balancers (collected in this region) a target group is attached to. */
export function loadBalancersOf(r: RegionInventory, tg: TargetGroup): LoadBalancer[] {
  return r.loadBalancers.filter((lb) => tg.loadBalancerArns.includes(lb.arn));
}

/** Target types whose targets have an AZ (lambda and alb targets do not). */
export function hasZonalTargets(tg: TargetGroup): boolean {
  return tg.targetType === 'instance' || tg.targetType === 'ip';
}

export interface HealthyPerAz {
  /** Healthy targets per enabled AZ (every enabled AZ present, 0 included). */
  perAz: AzCounts;
  /** Healthy targets whose AZ is "all" (IP targets outside the VPC): counted in every AZ above. */
  allZones: number;
  /** Healthy targets whose AZ is unknown (no target.az and the instance is not in the inventory). */
  unresolved: string[];
  /** Healthy targets in an AZ the load balancer is not enabled in (they receive no traffic). */
  outsideEnabledAzs: number;
}

/**
 * Healthy targets per enabled AZ across the given target groups. A target's AZ is `target.az`, else
 * the AZ of the EC2 instance with that id in the region's inventory.
 */
export function healthyTargetsPerAz(r: RegionInventory, tgs: readonly TargetGroup[], enabledAzs: readonly string[]): HealthyPerAz {
  const perAz: AzCounts = Object.fromEntries([...enabledAzs].sort().map((az) => [az, 0]));
  let allZones = 0;
  let outsideEnabledAzs = 0;
  const unresolved: string[] = [];
  for (const tg of tgs) {
    if (!hasZonalTargets(tg)) continue;
    for (const t of tg.targets) {
      if (t.state !== 'healthy') continue;
      const az = t.az ?? r.instances.find((i) => i.id === t.id)?.az;
      if (az === undefined) unresolved.push(t.id);
      else if (az === 'all') allZones++;
      else if (az in perAz) perAz[az]!++;
      else outsideEnabledAzs++;
    }
  }
  if (allZones > 0) for (const az of Object.keys(perAz)) perAz[az]! += allZones;
  return { perAz, allZones, unresolved, outsideEnabledAzs };
}

export function enabledAzsOf(lb: LoadBalancer): string[] {
  return sortedUnique(lb.availabilityZones.map((z) => z.zone));
}

/**
 * Whether cross-zone load balancing applies to a target group behind a load balancer: the target
 * group's `load_balancing.cross_zone.enabled` attribute ("true"/"false") overrides the load balancer's;
 * undefined when neither is known.
 */
export function effectiveCrossZone(lb: LoadBalancer, tg: TargetGroup): boolean | undefined {
  const own = tg.attributes['load_balancing.cross_zone.enabled'];
  if (own === 'true') return true;
  if (own === 'false') return false;
  return lb.attributes.crossZoneEnabled;
}
