import { defineCheck, fail, pass, warn } from '../define.js';
import { eachRegional, ref } from '../../inventory/query.js';
import type { RegionInventory, ScalableTarget } from '../../inventory/schema.js';

/** Predefined metrics that measure the work, not a side effect of it. */
const DEMAND_METRICS = new Set([
  'ECSServiceAverageCPUUtilization',
  'ALBRequestCountPerTarget',
  'DynamoDBReadCapacityUtilization',
  'DynamoDBWriteCapacityUtilization',
]);
/** Predefined metrics that do not follow demand on their own (memory stays high once allocated). */
const NOT_DEMAND = new Set(['ECSServiceAverageMemoryUtilization']);

/** The current desired count of an ECS service behind a scalable target, if the service is in the inventory. */
function ecsDesired(r: RegionInventory, t: ScalableTarget): number | undefined {
  if (t.namespace !== 'ecs') return undefined;
  const [, cluster, name] = t.resourceId.split('/');
  return r.ecsServices.find((s) => s.clusterName === cluster && s.name === name)?.desiredCount;
}

export default defineCheck({
  id: 'appautoscaling.scalable-target',
  title: 'Application Auto Scaling targets can scale, on a metric that follows demand',
  category: 'scaling',
  severity: 'medium',
  rationale:
    "A scalable target (an ECS service's desired count, a DynamoDB table's capacity) scales only when a policy tells it " +
    'to and only up to its max. A target with no policy, with dynamic scale-out suspended (left over from a deployment ' +
    'or an incident), with a max no higher than its min, or with a step policy no alarm triggers, cannot grow for a ' +
    'peak or a lost AZ. One already at its max has no room left. A policy that tracks memory alone does not follow ' +
    "load (memory stays allocated), so it may never scale out under a CPU-bound peak. Whether an ECS service's max " +
    "reaches its statically stable size is ecs.auto-scaling's question.",
  remediation: {
    text:
      'Attach a target-tracking policy on a metric that measures the work (CPU, requests per target, queue backlog per ' +
      'task, consumed capacity), resume dynamic scaling, attach an alarm to every step policy, and raise the max above ' +
      "today's peak.",
    cli:
      'aws application-autoscaling register-scalable-target --service-namespace <ecs|dynamodb> --resource-id <resource-id> ' +
      '--scalable-dimension <dimension> --max-capacity <max> ' +
      '--suspended-state DynamicScalingInSuspended=false,DynamicScalingOutSuspended=false,ScheduledScalingSuspended=false',
    terraform:
      'resource "aws_appautoscaling_target" "app" {\n  max_capacity = 12\n  min_capacity = 3\n' +
      '  suspended_state {\n    dynamic_scaling_out_suspended = false\n  }\n}',
  },
  thresholds: {},
  source: 'Application Auto Scaling User Guide (suspended scaling, target tracking, step scaling alarms)',
  requires: [
    'application-autoscaling:DescribeScalableTargets',
    'application-autoscaling:DescribeScalingPolicies',
  ],
  evaluate: (inv) =>
    eachRegional(inv, 'scalableTargets').map(({ region, item: t }) => {
      const r = inv.regions[region]!;
      const desired = ecsDesired(r, t);
      const failures: string[] = [];
      const warnings: string[] = [];
      if (t.suspended.dynamicScalingOut) failures.push('dynamic scale-out is suspended');
      if (t.maxCapacity <= t.minCapacity)
        failures.push(`its max ${t.maxCapacity} is not above its min ${t.minCapacity}: it cannot scale`);
      if (t.policies.length === 0) failures.push('no scaling policy is attached');
      for (const p of t.policies) {
        if (p.type === 'StepScaling' && p.alarms.length === 0)
          failures.push(`step policy ${p.name} has no alarm, so nothing ever triggers it`);
      }
      const tracking = t.policies.filter((p) => p.type === 'TargetTrackingScaling' && p.targetTracking);
      const steps = t.policies.filter((p) => p.type === 'StepScaling' && p.alarms.length > 0);
      if (
        tracking.length > 0 &&
        steps.length === 0 &&
        tracking.every((p) => NOT_DEMAND.has(p.targetTracking!.metric))
      )
        warnings.push(
          `it tracks only ${tracking.map((p) => `${p.targetTracking!.metric} (${p.name})`).join(', ')}, which does not follow the load`,
        );
      if (desired !== undefined && desired >= t.maxCapacity && t.maxCapacity > t.minCapacity)
        warnings.push(`it is already at its max (${desired} of ${t.maxCapacity}): no room left for a peak`);
      const evidence = {
        namespace: t.namespace,
        resourceId: t.resourceId,
        scalableDimension: t.scalableDimension,
        minCapacity: t.minCapacity,
        maxCapacity: t.maxCapacity,
        current: desired ?? null,
        suspended: t.suspended,
        policies: t.policies.map((p) => ({
          name: p.name,
          type: p.type,
          metric: p.targetTracking?.customMetric
            ? `${p.targetTracking.customMetric.namespace}/${p.targetTracking.customMetric.metricName}`
            : (p.targetTracking?.metric ?? null),
          alarms: p.alarms,
        })),
        demandMetrics: [...DEMAND_METRICS],
      };
      const resource = ref.scalableTarget(region, t);
      const name = `${t.resourceId} (${t.scalableDimension})`;
      const all = [...failures, ...warnings];
      if (failures.length) return fail(resource, `${name}: ${all.join('; ')}`, evidence);
      if (warnings.length) return warn(resource, `${name}: ${all.join('; ')}`, evidence);
      return pass(
        resource,
        `${name} scales between ${t.minCapacity} and ${t.maxCapacity} on ${t.policies.map((p) => `${p.name} (${p.type})`).join(', ')}` +
          (desired !== undefined ? `; now at ${desired}` : ''),
        evidence,
      );
    }),
});
