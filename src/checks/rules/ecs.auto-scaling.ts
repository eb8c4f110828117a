import { demandEvidence, ecsScalableTarget, tierOfEcsService } from '../../capacity/index.js';
import { regionsOf } from '../../inventory/query.js';
import { plural } from '../../util/text.js';
import {
  ECS_DECLARE_HINT,
  amount,
  azLossEvidence,
  capacityModelFor,
  demandNote,
  nMinusOneAz,
} from '../capacity.js';
import { defineCheck, fail, pass, warn, type Verdict } from '../define.js';

export default defineCheck({
  id: 'ecs.auto-scaling',
  title: 'ECS service auto scaling reacts to load and its max allows a statically stable size',
  category: 'scaling',
  severity: 'high',
  rationale:
    'An ECS service without service auto scaling runs its desired count whatever happens: a peak, or an AZ lost with a ' +
    'third of the tasks, is absorbed by the survivors or not at all. Auto scaling needs a scalable target ' +
    '(ecs:service:DesiredCount) with a target-tracking or step policy, and a max that can reach the size that carries ' +
    'the peak with one AZ gone: ceil(P·N/(N−1)) tasks over N AZs, P being the tasks the peak needs (its demand from the ' +
    'capacity model: declared, the CPU target, or assumed — see docs/capacity.md). A finding on an assumed demand is at ' +
    'most a warning.',
  remediation: {
    text:
      "Register the service's desired count as a scalable target with a max at least the statically stable size " +
      'reported, and add a target-tracking policy on CPU (or on requests per target, or on the queue backlog per task).',
    cli:
      'aws application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount ' +
      '--resource-id service/<cluster>/<service> --min-capacity <n> --max-capacity <stable-size>\n' +
      'aws application-autoscaling put-scaling-policy --service-namespace ecs --scalable-dimension ecs:service:DesiredCount ' +
      '--resource-id service/<cluster>/<service> --policy-name cpu50 --policy-type TargetTrackingScaling ' +
      '--target-tracking-scaling-policy-configuration \'{"TargetValue":50,"PredefinedMetricSpecification":{"PredefinedMetricType":"ECSServiceAverageCPUUtilization"}}\'',
    terraform:
      'resource "aws_appautoscaling_target" "app" {\n' +
      '  service_namespace  = "ecs"\n  scalable_dimension = "ecs:service:DesiredCount"\n' +
      '  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.app.name}"\n' +
      '  min_capacity       = 3\n  max_capacity       = 12 # ≥ ceil(peak × N / (N − 1))\n}\n\n' +
      'resource "aws_appautoscaling_policy" "cpu" {\n' +
      '  name               = "cpu50"\n  policy_type        = "TargetTrackingScaling"\n' +
      '  service_namespace  = aws_appautoscaling_target.app.service_namespace\n' +
      '  scalable_dimension = aws_appautoscaling_target.app.scalable_dimension\n' +
      '  resource_id        = aws_appautoscaling_target.app.resource_id\n' +
      '  target_tracking_scaling_policy_configuration {\n    target_value = 50\n' +
      '    predefined_metric_specification {\n      predefined_metric_type = "ECSServiceAverageCPUUtilization"\n    }\n  }\n}',
  },
  thresholds: { peakFactor: null as number | null, safeUtilizationPercent: 80 },
  thresholdDocs: {
    peakFactor:
      "A declared peak for every service: peakFactor × desired tasks (global setting). Unset (default): the capacity model's demand.",
    safeUtilizationPercent:
      'Highest utilisation the surviving tasks may run at, in percent (global setting).',
  },
  source:
    'Amazon ECS Developer Guide (service auto scaling); AWS Well-Architected REL11-BP05 (static stability)',
  requires: [
    'ecs:ListClusters',
    'ecs:ListServices',
    'ecs:DescribeServices',
    'ecs:DescribeTaskDefinition',
    'ecs:ListTasks',
    'ecs:DescribeTasks',
    'application-autoscaling:DescribeScalableTargets',
    'application-autoscaling:DescribeScalingPolicies',
  ],
  evaluate: (inv, t, ctx) => {
    const model = capacityModelFor(inv, t, ctx);
    const out: Verdict[] = [];
    for (const [region, r] of regionsOf(inv)) {
      for (const s of r.ecsServices) {
        if (s.schedulingStrategy === 'DAEMON' || s.status === 'INACTIVE' || s.desiredCount === 0) continue;
        const tier = tierOfEcsService(model, region, s);
        if (!tier) continue;
        const target = ecsScalableTarget(r, s);
        const name = `${s.clusterName}/${s.name}`;
        const d = tier.demand;
        const loss = nMinusOneAz(tier);
        const stable = loss.staticallyStableInstances;
        const evidence = {
          ...demandEvidence(d),
          ...azLossEvidence(tier, loss),
          desiredCount: s.desiredCount,
          scalableTarget: target
            ? { min: target.minCapacity, max: target.maxCapacity, suspended: target.suspended }
            : null,
          reactivePolicies: tier.scaling.reactivePolicies,
          staticallyStableTasks: stable ?? null,
        };
        if (!target) {
          out.push(
            fail(
              tier.resource,
              `${name} has no service auto scaling (no scalable target for ecs:service:DesiredCount): it stays at ` +
                `${plural(s.desiredCount, 'task')} through a peak or a lost AZ`,
              evidence,
            ),
          );
          continue;
        }
        if (!tier.scaling.canReact) {
          const why = target.suspended.dynamicScalingOut
            ? 'dynamic scale-out is suspended'
            : target.policies.length === 0
              ? 'no scaling policy is attached'
              : `no target-tracking policy, and no step policy with an alarm (${target.policies.map((p) => p.name).join(', ')})`;
          out.push(
            fail(
              tier.resource,
              `${name} has a scalable target (${target.minCapacity}–${target.maxCapacity} tasks) but nothing scales it out: ${why}`,
              evidence,
            ),
          );
          continue;
        }
        const peak = `a peak of ${amount(d.needed, d.unit)} ${demandNote(d)}`;
        if (stable === undefined) {
          out.push({
            ...fail(
              tier.resource,
              `${name} can place tasks in ${plural(loss.perAz.length, 'AZ')}: no max reaches a statically stable size, whatever the demand`,
              evidence,
            ),
            rootCause: { checkId: 'ecs.multi-az' },
          });
          continue;
        }
        if (target.maxCapacity >= stable) {
          out.push(
            pass(
              tier.resource,
              `${name} scales on ${tier.scaling.reactivePolicies.join(', ')} up to ${target.maxCapacity} tasks ≥ ${stable}, the statically stable size for ${peak} over ${loss.perAz.length} AZs`,
              evidence,
            ),
          );
          continue;
        }
        const text =
          `${name} max ${target.maxCapacity} tasks < ${stable}, the statically stable size for ${peak} over ${loss.perAz.length} AZs: ` +
          'it could not get there even by scaling';
        out.push(
          d.source === 'assumed'
            ? warn(tier.resource, `${text} — on an assumed demand, so not a failure: ${ECS_DECLARE_HINT}`, {
                ...evidence,
                missing: stable - target.maxCapacity,
              })
            : fail(tier.resource, text, { ...evidence, missing: stable - target.maxCapacity }),
        );
      }
    }
    return out;
  },
});
