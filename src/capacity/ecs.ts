/**
 * ECS services as tiers of the capacity model: capacity is running tasks × the task definition's
 * vCPUs (or tasks, when the task definition sets no CPU size, and the tier says so), per AZ;
 * scaling comes from the service's Application Auto Scaling target (ecs:service:DesiredCount).
 */
import { ref } from '../inventory/query.js';
import type { EcsService, RegionInventory, ScalableTarget, TargetGroup } from '../inventory/schema.js';
import type { Route } from '../inventory/traffic.js';
import { ecsConfiguredAzs } from '../inventory/zonal.js';
import { round2 } from './demand.js';
import type { TierBase } from './tiers.js';
import type { AzSlice, TierCapacity, TierScaling } from './types.js';

export const ECS_DESIRED_COUNT = 'ecs:service:DesiredCount';

/** The Application Auto Scaling resource id of a service: service/<cluster>/<service>. */
export function ecsResourceId(s: EcsService): string {
  return `service/${s.clusterName}/${s.name}`;
}

/** The service's scalable target (its desired count), if registered. */
export function ecsScalableTarget(r: RegionInventory, s: EcsService): ScalableTarget | undefined {
  const id = ecsResourceId(s);
  return r.scalableTargets.find(
    (t) => t.namespace === 'ecs' && t.resourceId === id && t.scalableDimension === ECS_DESIRED_COUNT,
  );
}

/** vCPUs of one task, from the task definition's CPU units (1024 = 1 vCPU); undefined when not set. */
export function taskVcpus(s: EcsService): number | undefined {
  return s.taskCpuUnits !== undefined && s.taskCpuUnits > 0 ? round2(s.taskCpuUnits / 1024) : undefined;
}

/** Policies that react to load: target tracking, and step scaling that an alarm triggers. */
export function ecsScaling(s: EcsService, t: ScalableTarget | undefined): TierScaling {
  if (!t)
    return {
      min: s.desiredCount,
      max: s.desiredCount,
      desired: s.desiredCount,
      reactivePolicies: [],
      predictivePolicies: [],
      scheduledActions: [],
      canReact: false,
    };
  const reactive = t.suspended.dynamicScalingOut
    ? []
    : t.policies
        .filter(
          (p) => p.type === 'TargetTrackingScaling' || (p.type === 'StepScaling' && p.alarms.length > 0),
        )
        .map((p) => `${p.name} (${p.type})`);
  return {
    min: t.minCapacity,
    max: Math.max(t.maxCapacity, s.desiredCount),
    desired: s.desiredCount,
    reactivePolicies: reactive,
    predictivePolicies: t.policies.filter((p) => p.type === 'PredictiveScaling').map((p) => p.name),
    scheduledActions: [],
    canReact: reactive.length > 0,
  };
}

export function ecsCapacity(s: EcsService, configuredAzs: string[], maxTasks: number): TierCapacity {
  const notes: string[] = [];
  const vcpu = taskVcpus(s);
  const unit = vcpu !== undefined ? 'vCPUs' : 'tasks';
  if (vcpu === undefined)
    notes.push(`counted in tasks: the task definition ${s.taskDefinition ?? '(unknown)'} sets no CPU size`);
  const per = vcpu ?? 1;
  const perAz: Record<string, AzSlice> = {};
  for (const az of configuredAzs) perAz[az] = { instances: 0, units: 0, healthyTargets: 0 };
  let running = 0;
  let healthy = 0;
  if (s.tasks) {
    for (const t of s.tasks) {
      if (t.lastStatus !== 'RUNNING') continue;
      const slice = (perAz[t.az ?? 'unknown'] ??= { instances: 0, units: 0, healthyTargets: 0 });
      slice.instances++;
      slice.units = round2(slice.units + per);
      running++;
      if (t.healthStatus !== 'UNHEALTHY') {
        slice.healthyTargets++;
        healthy++;
      }
    }
  } else {
    notes.push('tasks not collected (ecs:ListTasks/DescribeTasks): running count known, not their AZs');
    if (s.runningCount > 0)
      perAz['unknown'] = {
        instances: s.runningCount,
        units: round2(s.runningCount * per),
        healthyTargets: s.runningCount,
      };
    running = s.runningCount;
    healthy = s.runningCount;
  }
  return {
    unit,
    perAz: Object.fromEntries(Object.entries(perAz).sort(([a], [b]) => a.localeCompare(b))),
    instances: running,
    units: round2(running * per),
    healthyTargets: healthy,
    registeredTargets: running,
    unitsPerInstance: per,
    instanceTypes:
      vcpu !== undefined ? { [`task ${s.taskCpuUnits} CPU units`]: vcpu } : { 'task (size not set)': null },
    maxUnits: round2(maxTasks * per),
    notes,
  };
}

export function ecsTier(
  region: string,
  r: RegionInventory,
  s: EcsService,
  ix: { routesByTg: Map<string, Route[]>; tgByArn: Map<string, TargetGroup> },
): TierBase {
  const target = ecsScalableTarget(r, s);
  const scaling = ecsScaling(s, target);
  const { azs } = ecsConfiguredAzs(r, s);
  const tgs = s.loadBalancers
    .map((lb) => (lb.targetGroupArn ? ix.tgByArn.get(lb.targetGroupArn) : undefined))
    .filter((tg): tg is TargetGroup => !!tg);
  return {
    id: `${region}:ecs-service/${s.clusterName}/${s.name}`,
    kind: 'ecs-service',
    name: s.name,
    region,
    resource: ref.ecsService(region, s),
    tags: s.tags,
    ecs: s,
    ...(target ? { scalableTarget: target } : {}),
    targetGroups: tgs,
    routes: [...new Set(tgs.flatMap((tg) => ix.routesByTg.get(tg.arn) ?? []))],
    configuredAzs: azs,
    capacity: ecsCapacity(s, azs, scaling.max),
    scaling,
  };
}
