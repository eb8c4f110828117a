/**
 * Tier discovery and capacity: what serves each kind of traffic, and how much of it runs where.
 *
 * A tier is an Auto Scaling group, an ECS service (src/capacity/ecs.ts), or the standalone instances
 * (not in any group) registered in one target group. Capacity is counted in vCPUs from the instance types (src/inventory/instance-class.ts),
 * or in instances when a type's size is unknown (the tier says so in `capacity.notes`).
 */
import { instanceVcpus } from '../inventory/instance-class.js';
import { ref, regionsOf } from '../inventory/query.js';
import type {
  AutoScalingGroup,
  EcsService,
  Inventory,
  RegionInventory,
  ScalableTarget,
  TargetGroup,
} from '../inventory/schema.js';
import { asgInstanceIds, loadBalancerRoutes, type Route } from '../inventory/traffic.js';
import { asgConfiguredAzs, isServingTarget } from '../inventory/zonal.js';
import { sortedUnique } from '../util/collections.js';
import { ecsTier } from './ecs.js';
import type { AzSlice, CapacityUnit, TierCapacity, TierKind, TierScaling } from './types.js';

/** A tier before its demand is resolved. */
export interface TierBase {
  id: string;
  kind: TierKind;
  name: string;
  region: string;
  resource: ReturnType<typeof ref.asg>;
  tags: Record<string, string>;
  asg?: AutoScalingGroup;
  ecs?: EcsService;
  scalableTarget?: ScalableTarget;
  targetGroups: TargetGroup[];
  routes: Route[];
  configuredAzs: string[];
  capacity: TierCapacity;
  scaling: TierScaling;
}

const REACTIVE = new Set(['TargetTrackingScaling', 'StepScaling', 'SimpleScaling']);

export function asgScaling(g: AutoScalingGroup): TierScaling {
  const enabled = g.scalingPolicies.filter((p) => p.enabled);
  const reactive = enabled.filter((p) => REACTIVE.has(p.type)).map((p) => `${p.name} (${p.type})`);
  return {
    min: g.minSize,
    max: g.maxSize,
    desired: g.desiredCapacity,
    reactivePolicies: reactive,
    predictivePolicies: enabled.filter((p) => p.type === 'PredictiveScaling').map((p) => p.name),
    scheduledActions: g.scheduledActions.map((a) => a.name),
    canReact: reactive.length > 0,
  };
}

/** vCPUs per instance type, null where the size does not say. */
function typeTable(types: Iterable<string>): Record<string, number | null> {
  return Object.fromEntries(sortedUnique(types).map((t) => [t, instanceVcpus(t) ?? null]));
}

interface Member {
  id: string;
  az: string;
  type: string | undefined;
  healthy: boolean;
}

/**
 * Capacity of a set of in-service instances over the configured AZs. vCPUs when every instance's type
 * (and the launchable types) has a known size; instances otherwise.
 */
function capacityOf(
  members: Member[],
  configuredAzs: string[],
  launchTypes: string[],
  registeredTargets: number,
  maxInstances: number | undefined,
): TierCapacity {
  const notes: string[] = [];
  const unknownTypes = members.filter((m) => m.type === undefined || instanceVcpus(m.type) === undefined);
  const launchVcpus = launchTypes.map(instanceVcpus);
  let unit: CapacityUnit = 'vCPUs';
  if (unknownTypes.length > 0) {
    unit = 'instances';
    const which = sortedUnique(unknownTypes.map((m) => m.type ?? 'unknown'));
    notes.push(`counted in instances: the vCPUs of ${which.join(', ')} are not known`);
  } else if (members.length === 0 && (launchTypes.length === 0 || launchVcpus.some((v) => v === undefined))) {
    unit = 'instances';
    notes.push('counted in instances: no instance in service and no launchable type of known size');
  }
  const unitsOf = (m: Member): number => (unit === 'vCPUs' ? instanceVcpus(m.type!)! : 1);
  const perAz: Record<string, AzSlice> = {};
  for (const az of configuredAzs) perAz[az] = { instances: 0, units: 0, healthyTargets: 0 };
  for (const m of members) {
    const slice = (perAz[m.az] ??= { instances: 0, units: 0, healthyTargets: 0 });
    slice.instances++;
    slice.units += unitsOf(m);
    if (m.healthy) slice.healthyTargets++;
  }
  const sorted = Object.fromEntries(Object.entries(perAz).sort(([a], [b]) => a.localeCompare(b)));
  const known = launchVcpus.filter((v): v is number => v !== undefined);
  const unitsPerInstance =
    unit === 'instances'
      ? 1
      : known.length === launchTypes.length && known.length > 0
        ? Math.min(...known)
        : members.length > 0
          ? Math.min(...members.map(unitsOf))
          : 1;
  const units = members.reduce((n, m) => n + unitsOf(m), 0);
  return {
    unit,
    perAz: sorted,
    instances: members.length,
    units,
    healthyTargets: members.filter((m) => m.healthy).length,
    registeredTargets,
    unitsPerInstance,
    instanceTypes: typeTable([...members.map((m) => m.type ?? 'unknown'), ...launchTypes]),
    ...(maxInstances !== undefined ? { maxUnits: maxInstances * unitsPerInstance } : {}),
    notes,
  };
}

/** The serving (healthy) target ids of these target groups. */
function servingIds(tgs: TargetGroup[]): Set<string> {
  return new Set(tgs.flatMap((tg) => tg.targets.filter((t) => isServingTarget(tg, t)).map((t) => t.id)));
}

/** Per-region lookups built once (the tier builders would otherwise scan the region per tier). */
interface RegionIndex {
  routesByTg: Map<string, Route[]>;
  ec2: Map<string, RegionInventory['instances'][number]>;
  tgByArn: Map<string, TargetGroup>;
  /** Target groups an Auto Scaling group or an ECS service registers into. */
  fedByAsg: Set<string>;
  /** Instances of an Auto Scaling group, and ECS container instances (not standalone either way). */
  inAsg: Set<string>;
}

function asgTier(region: string, r: RegionInventory, g: AutoScalingGroup, ix: RegionIndex): TierBase {
  const { azs } = asgConfiguredAzs(r, g);
  const tgs = g.targetGroupArns.map((arn) => ix.tgByArn.get(arn)).filter((tg): tg is TargetGroup => !!tg);
  const healthy = servingIds(tgs);
  const single = g.instanceTypes.length === 1 ? g.instanceTypes[0] : undefined;
  const members: Member[] = g.instances
    .filter((i) => i.lifecycleState === 'InService')
    .map((i) => ({
      id: i.id,
      az: i.az,
      type: i.instanceType ?? ix.ec2.get(i.id)?.type ?? single,
      healthy: tgs.length > 0 ? healthy.has(i.id) : i.healthStatus === 'Healthy',
    }));
  const registered = new Set(g.instances.map((i) => i.id));
  const registeredTargets = tgs.reduce(
    (n, tg) => n + tg.targets.filter((t) => registered.has(t.id)).length,
    0,
  );
  return {
    id: `${region}:asg/${g.name}`,
    kind: 'asg',
    name: g.name,
    region,
    resource: ref.asg(region, g),
    tags: g.tags,
    asg: g,
    targetGroups: tgs,
    routes: uniqueRoutes(tgs.flatMap((tg) => ix.routesByTg.get(tg.arn) ?? [])),
    configuredAzs: azs,
    capacity: capacityOf(members, azs, g.instanceTypes, registeredTargets, g.maxSize),
    scaling: asgScaling(g),
  };
}

function uniqueRoutes(routes: Route[]): Route[] {
  return [...new Set(routes)];
}

/**
 * The standalone-instances tier of a target group: its instance targets that are in no Auto Scaling
 * group. Also made for an empty target group that a listener forwards to and no group feeds, so an
 * empty standby target group is a tier with nothing in it (not nothing at all).
 */
function instancesTier(region: string, tg: TargetGroup, ix: RegionIndex): TierBase | undefined {
  const routes = ix.routesByTg.get(tg.arn) ?? [];
  const fedByAsg = ix.fedByAsg.has(tg.arn);
  // An empty ip target group a listener forwards to, that no ECS service feeds, is an empty tier too.
  if (tg.targetType === 'ip' && tg.targets.length === 0 && routes.length > 0 && !fedByAsg)
    return emptyTier(region, tg, routes);
  if (tg.targetType !== 'instance') return undefined;
  const standalone = tg.targets.filter((t) => !ix.inAsg.has(t.id));
  if (standalone.length === 0 && (fedByAsg || tg.targets.length > 0 || routes.length === 0)) return undefined;
  const members: Member[] = [];
  for (const t of standalone) {
    const i = ix.ec2.get(t.id);
    if (i && i.state !== 'running') continue;
    if (t.state === 'draining' || t.state === 'unused') continue;
    const az = t.az ?? i?.az ?? 'unknown';
    members.push({ id: t.id, az, type: i?.type, healthy: isServingTarget(tg, t) });
  }
  const azs = sortedUnique(members.map((m) => m.az).filter((az) => az !== 'unknown'));
  const cap = capacityOf(members, azs, [], standalone.length, undefined);
  return {
    id: `${region}:instances/${tg.name}`,
    kind: 'instances',
    name: tg.name,
    region,
    resource: ref.targetGroup(region, tg),
    tags: {},
    targetGroups: [tg],
    routes,
    configuredAzs: azs,
    capacity: cap,
    scaling: {
      min: members.length,
      max: members.length,
      desired: members.length,
      reactivePolicies: [],
      predictivePolicies: [],
      scheduledActions: [],
      canReact: false,
    },
  };
}

function emptyTier(region: string, tg: TargetGroup, routes: Route[]): TierBase {
  return {
    id: `${region}:instances/${tg.name}`,
    kind: 'instances',
    name: tg.name,
    region,
    resource: ref.targetGroup(region, tg),
    tags: {},
    targetGroups: [tg],
    routes,
    configuredAzs: [],
    capacity: capacityOf([], [], [], 0, undefined),
    scaling: {
      min: 0,
      max: 0,
      desired: 0,
      reactivePolicies: [],
      predictivePolicies: [],
      scheduledActions: [],
      canReact: false,
    },
  };
}

/**
 * Every tier of the inventory, region by region (sorted): Auto Scaling groups first, then ECS
 * services, then standalone instances.
 */
export function discoverTiers(inv: Inventory): TierBase[] {
  const out: TierBase[] = [];
  for (const [region, r] of regionsOf(inv)) {
    const routesByTg = new Map<string, Route[]>();
    for (const lb of r.loadBalancers) {
      for (const route of loadBalancerRoutes(r, region, lb)) {
        for (const tg of route.targetGroups) {
          const list = routesByTg.get(tg.arn) ?? [];
          list.push(route);
          routesByTg.set(tg.arn, list);
        }
      }
    }
    const ix: RegionIndex = {
      routesByTg,
      ec2: new Map(r.instances.map((i) => [i.id, i])),
      tgByArn: new Map(r.targetGroups.map((tg) => [tg.arn, tg])),
      fedByAsg: new Set([
        ...r.autoScalingGroups.flatMap((g) => g.targetGroupArns),
        ...r.ecsServices.flatMap((s) =>
          s.loadBalancers.map((lb) => lb.targetGroupArn).filter((a): a is string => !!a),
        ),
      ]),
      inAsg: new Set([
        ...asgInstanceIds(r),
        ...r.ecsClusters.flatMap((c) =>
          c.containerInstances.map((ci) => ci.ec2InstanceId).filter((id): id is string => !!id),
        ),
      ]),
    };
    for (const g of [...r.autoScalingGroups].sort((a, b) => a.name.localeCompare(b.name)))
      out.push(asgTier(region, r, g, ix));
    const services = r.ecsServices.filter(
      (s) => s.schedulingStrategy !== 'DAEMON' && s.status !== 'INACTIVE',
    );
    for (const s of [...services].sort((a, b) => a.arn.localeCompare(b.arn)))
      out.push(ecsTier(region, r, s, ix));
    for (const tg of [...r.targetGroups].sort((a, b) => a.name.localeCompare(b.name))) {
      const t = instancesTier(region, tg, ix);
      if (t) out.push(t);
    }
  }
  return out;
}

/** A tier that carries traffic now or is meant to (a group with a desired size, instances in service). */
export function isServingTier(t: TierBase): boolean {
  return t.kind === 'instances'
    ? t.capacity.instances > 0
    : t.scaling.desired > 0 || t.capacity.instances > 0;
}
