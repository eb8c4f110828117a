import { defineCheck, fail, pass } from '../define.js';
import { eachRegional, ref } from '../../inventory/query.js';

export default defineCheck({
  id: 'asg.scaling-policy',
  title: 'Auto Scaling group can add capacity on its own',
  category: 'scaling',
  severity: 'high',
  rationale:
    'When an AZ fails, the surviving AZs must absorb its load. A group with no scaling policy and no scheduled action ' +
    'stays at its current size: the remaining instances take the whole load until someone notices and resizes it by hand. ' +
    'Groups that are deliberately fixed-size (and already statically stable) can declare so with a tag.',
  remediation: {
    text:
      'Add a target-tracking policy (e.g. average CPU 50 %), or scheduled actions for known peaks. ' +
      'For a deliberately fixed-size group, tag it with the static tag (default resil:static) instead.',
    cli:
      'aws autoscaling put-scaling-policy --auto-scaling-group-name <asg> --policy-name cpu50 ' +
      '--policy-type TargetTrackingScaling --target-tracking-configuration ' +
      '\'{"PredefinedMetricSpecification":{"PredefinedMetricType":"ASGAverageCPUUtilization"},"TargetValue":50}\'',
    terraform:
      'resource "aws_autoscaling_policy" "cpu50" {\n' +
      '  name                   = "cpu50"\n' +
      '  autoscaling_group_name = aws_autoscaling_group.app.name\n' +
      '  policy_type            = "TargetTrackingScaling"\n' +
      '  target_tracking_configuration {\n' +
      '    predefined_metric_specification {\n' +
      '      predefined_metric_type = "ASGAverageCPUUtilization"\n' +
      '    }\n' +
      '    target_value = 50\n' +
      '  }\n' +
      '}',
  },
  thresholds: { staticTag: 'resil:static' },
  thresholdDocs: {
    staticTag: 'Tag key (any value) that declares a group deliberately fixed-size: such a group passes.',
  },
  source: 'heuristic built on Well-Architected REL11-BP05 (static stability) and REL07 (scale automatically)',
  requires: [
    'autoscaling:DescribeAutoScalingGroups',
    'autoscaling:DescribePolicies',
    'autoscaling:DescribeScheduledActions',
  ],
  evaluate: (inv, t) =>
    eachRegional(inv, 'autoScalingGroups').map(({ region, item: g }) => {
      const enabled = g.scalingPolicies.filter((p) => p.enabled);
      const disabled = g.scalingPolicies.length - enabled.length;
      const evidence = {
        enabledPolicies: enabled.map((p) => `${p.name} (${p.type})`),
        disabledPolicies: disabled,
        scheduledActions: g.scheduledActions.map((a) => a.name),
        staticTag: t.staticTag,
      };
      const resource = ref.asg(region, g);
      if (t.staticTag && t.staticTag in g.tags) {
        return pass(resource, `${g.name} is declared static (tag ${t.staticTag})`, {
          ...evidence,
          declaredStatic: true,
        });
      }
      if (enabled.length > 0 || g.scheduledActions.length > 0) {
        const parts: string[] = [];
        if (enabled.length > 0)
          parts.push(`${enabled.length} enabled scaling ${enabled.length === 1 ? 'policy' : 'policies'}`);
        if (g.scheduledActions.length > 0) {
          parts.push(
            `${g.scheduledActions.length} scheduled ${g.scheduledActions.length === 1 ? 'action' : 'actions'}`,
          );
        }
        return pass(resource, `${g.name} has ${parts.join(' and ')}`, evidence);
      }
      const disabledNote =
        disabled > 0 ? ` (${disabled} disabled ${disabled === 1 ? 'policy' : 'policies'})` : '';
      return fail(
        resource,
        `${g.name} has no enabled scaling policy${disabledNote} and no scheduled action: it stays at ${g.desiredCapacity} ` +
          `instances when an AZ fails (tag it ${t.staticTag} if it is deliberately fixed-size)`,
        evidence,
      );
    }),
});
