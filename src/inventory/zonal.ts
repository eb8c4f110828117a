/**
 * Where things live by AZ: the AZs an Auto Scaling group or a load balancer covers, which target
 * groups sit behind which load balancer, and the AZ of each healthy target. Pure queries over the
 * inventory, shared by the multi-az, dr and dns checks.
 */
import { sortedUnique } from '../util/collections.js';
import { allBy, earliest, firstBy, listOf, positionOf } from './indexes.js';
import { instanceAz } from './query.js';
import type { AutoScalingGroup, EcsService, LoadBalancer, RegionInventory, TargetGroup } from './schema.js';

/** Per-AZ counts, in AZ-name order. */
export type AzCounts = Record<string, number>;

/**
 * The AZs an ASG is configured for: its AvailabilityZones plus the AZs of its subnets (resolved from
 * the region's subnets when collected). `unresolvedSubnets` lists subnet ids not found in the inventory.
 */
export function asgConfiguredAzs(
  r: RegionInventory,
  g: AutoScalingGroup,
): { azs: string[]; unresolvedSubnets: string[] } {
  const azs = new Set(g.availabilityZones);
  const unresolvedSubnets: string[] = [];
  for (const id of g.subnetIds) {
    const s = subnetById(r, id);
    if (s) azs.add(s.az);
    else unresolvedSubnets.push(id);
  }
  return { azs: sortedUnique(azs), unresolvedSubnets };
}

function subnetById(r: RegionInventory, id: string) {
  return firstBy(r.subnets, 'id', (x) => x.id).get(id);
}

/** The target groups that forward traffic from this load balancer (in inventory order). */
export function targetGroupsOf(r: RegionInventory, lb: LoadBalancer): TargetGroup[] {
  return [
    ...listOf(
      allBy(r.targetGroups, 'loadBalancerArns', (tg) => tg.loadBalancerArns),
      lb.arn,
    ),
  ];
}

/** The load balancers (collected in this region) a target group is attached to (in inventory order). */
export function loadBalancersOf(r: RegionInventory, tg: TargetGroup): LoadBalancer[] {
  const byArn = allBy(r.loadBalancers, 'arn', (lb) => [lb.arn]);
  const found = new Set(tg.loadBalancerArns.flatMap((arn) => listOf(byArn, arn)));
  if (found.size <= 1) return [...found];
  const pos = positionOf(r.loadBalancers);
  return [...found].sort((a, b) => pos.get(a)! - pos.get(b)!);
}

/** Target types whose targets have an AZ (lambda and alb targets do not). */
export function hasZonalTargets(tg: TargetGroup): boolean {
  return tg.targetType === 'instance' || tg.targetType === 'ip';
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

type Target = TargetGroup['targets'][number];

/**
 * Whether a target takes traffic: it is healthy, or its target group has health checks disabled (only
 * lambda target groups can, and do by default) and it reports `unavailable` (Target.HealthCheckDisabled).
 */
export function isServingTarget(tg: TargetGroup, target: Target): boolean {
  return target.state === 'healthy' || (!tg.healthCheck.enabled && target.state === 'unavailable');
}

/**
 * The healthy (serving, see isServingTarget) targets of the given target groups, in order, each with its
 * AZ: the target's own (`all` for IP targets outside the VPC), else the AZ of the EC2 instance with that
 * id in the region; `all` for targets that are regional rather than zonal (lambda and alb target types);
 * undefined when none of these says.
 */
export function healthyTargets(
  r: RegionInventory,
  tgs: readonly TargetGroup[],
): Array<{ target: Target; az: string | undefined }> {
  const out: Array<{ target: Target; az: string | undefined }> = [];
  for (const tg of tgs) {
    for (const target of tg.targets) {
      if (!isServingTarget(tg, target)) continue;
      out.push({ target, az: target.az ?? (hasZonalTargets(tg) ? instanceAz(r, target.id) : 'all') });
    }
  }
  return out;
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
 * Healthy targets per enabled AZ across the given target groups (those with zonal targets; see
 * hasZonalTargets), for judging AZ coverage and balance.
 */
export function healthyTargetsPerAz(
  r: RegionInventory,
  tgs: readonly TargetGroup[],
  enabledAzs: readonly string[],
): HealthyPerAz {
  const perAz: AzCounts = Object.fromEntries([...enabledAzs].sort().map((az) => [az, 0]));
  let allZones = 0;
  let outsideEnabledAzs = 0;
  const unresolved: string[] = [];
  for (const { target, az } of healthyTargets(r, tgs.filter(hasZonalTargets))) {
    if (az === undefined) unresolved.push(target.id);
    else if (az === 'all') allZones++;
    else if (az in perAz) perAz[az]!++;
    else outsideEnabledAzs++;
  }
  if (allZones > 0) for (const az of Object.keys(perAz)) perAz[az]! += allZones;
  return { perAz, allZones, unresolved, outsideEnabledAzs };
}

/**
 * Distinct healthy targets behind a load balancer (across its target groups, whatever their target
 * type), counted per AZ as healthyTargets resolves it: only AZs that have one, plus "all" (IP targets
 * outside the VPC, lambda and alb targets) and "unknown" (neither the target nor an EC2 instance says)
 * when present.
 */
export function healthyTargetsByAz(r: RegionInventory, lb: LoadBalancer): AzCounts {
  const seen = new Map<string, Set<string>>();
  for (const { target: t, az = 'unknown' } of healthyTargets(r, targetGroupsOf(r, lb))) {
    const ids = seen.get(az) ?? new Set<string>();
    ids.add(`${t.id}:${t.port ?? ''}`);
    seen.set(az, ids);
  }
  return Object.fromEntries(
    [...seen].sort(([a], [b]) => a.localeCompare(b)).map(([az, ids]) => [az, ids.size]),
  );
}

/**
 * The AZs an ECS service can place tasks in, and where that comes from: the subnets of an awsvpc
 * service; else (EC2 launch type, bridge or host networking) the AZs of its cluster's active
 * container instances; else the AZs its tasks run in.
 */
export function ecsConfiguredAzs(
  r: RegionInventory,
  s: EcsService,
): {
  azs: string[];
  from: 'subnets' | 'container-instances' | 'tasks' | 'unknown';
  unresolvedSubnets: string[];
} {
  if (s.subnetIds.length > 0) {
    const azs = new Set<string>();
    const unresolvedSubnets: string[] = [];
    for (const id of s.subnetIds) {
      const sub = subnetById(r, id);
      if (sub) azs.add(sub.az);
      else unresolvedSubnets.push(id);
    }
    if (azs.size > 0) return { azs: sortedUnique(azs), from: 'subnets', unresolvedSubnets };
  }
  const cluster = earliest(
    r.ecsClusters,
    firstBy(r.ecsClusters, 'arn', (c) => c.arn).get(s.clusterArn),
    firstBy(r.ecsClusters, 'name', (c) => c.name).get(s.clusterName),
  );
  const ciAzs = (cluster?.containerInstances ?? [])
    .filter((ci) => ci.status === 'ACTIVE' || ci.status === 'DRAINING')
    .map((ci) => ci.az)
    .filter((az): az is string => !!az);
  if (ciAzs.length > 0)
    return { azs: sortedUnique(ciAzs), from: 'container-instances', unresolvedSubnets: [] };
  const taskAzs = (s.tasks ?? []).map((t) => t.az).filter((az): az is string => !!az);
  if (taskAzs.length > 0) return { azs: sortedUnique(taskAzs), from: 'tasks', unresolvedSubnets: [] };
  return { azs: [], from: 'unknown', unresolvedSubnets: s.subnetIds };
}

/** Running tasks of an ECS service: the tasks DescribeTasks reports RUNNING, else the service's running count. */
export function ecsRunningTasks(s: EcsService): number {
  return s.tasks ? s.tasks.filter((t) => t.lastStatus === 'RUNNING').length : s.runningCount;
}

/** Running tasks of an ECS service per AZ (every configured AZ present, 0 included); undefined when tasks were not collected. */
export function ecsTasksPerAz(s: EcsService, configuredAzs: readonly string[]): AzCounts | undefined {
  if (!s.tasks) return undefined;
  const counts: AzCounts = Object.fromEntries(configuredAzs.map((az) => [az, 0]));
  for (const t of s.tasks) {
    if (t.lastStatus !== 'RUNNING') continue;
    const az = t.az ?? 'unknown';
    counts[az] = (counts[az] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
