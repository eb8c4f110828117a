import { asgScaling } from '../../capacity/tiers.js';
import { eachRegional, ref } from '../../inventory/query.js';
import { plural } from '../../util/text.js';
import { defineCheck, fail, pass } from '../define.js';

export default defineCheck({
  id: 'asg.scaling-policy',
  title: 'Auto Scaling group can add capacity on its own',
  category: 'scaling',
  severity: 'high',
  rationale:
    'When an AZ fails, the surviving AZs must absorb its load. A group with no scaling policy that reacts to load ' +
    '(target tracking, step or simple scaling) stays at its current size: the remaining instances take the whole load until ' +
    'someone notices and resizes it by hand. Scheduled actions and predictive policies do not count: they change capacity ' +
    'at set or forecast times, not when an AZ is lost. ' +
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
      const scaling = asgScaling(g);
      const disabled = g.scalingPolicies.filter((p) => !p.enabled).length;
      const evidence = {
        reactivePolicies: scaling.reactivePolicies,
        predictivePolicies: scaling.predictivePolicies,
        scheduledActions: scaling.scheduledActions,
        disabledPolicies: disabled,
        canReact: scaling.canReact,
        staticTag: t.staticTag,
      };
      const resource = ref.asg(region, g);
      if (t.staticTag && t.staticTag in g.tags) {
        return pass(resource, `${g.name} is declared static (tag ${t.staticTag})`, {
          ...evidence,
          declaredStatic: true,
        });
      }
      if (scaling.canReact) {
        const n = scaling.reactivePolicies.length;
        return pass(
          resource,
          `${g.name} has ${n} enabled scaling ${n === 1 ? 'policy' : 'policies'} that react${n === 1 ? 's' : ''} to load (${scaling.reactivePolicies.join(', ')})`,
          evidence,
        );
      }
      const disabledNote =
        disabled > 0 ? ` (${disabled} disabled ${disabled === 1 ? 'policy' : 'policies'})` : '';
      const timed = [
        scaling.scheduledActions.length
          ? `${plural(scaling.scheduledActions.length, 'scheduled action')} (${scaling.scheduledActions.join(', ')})`
          : '',
        scaling.predictivePolicies.length
          ? `${plural(scaling.predictivePolicies.length, 'predictive policy', 'predictive policies')} (${scaling.predictivePolicies.join(', ')})`
          : '',
      ].filter(Boolean);
      if (timed.length > 0) {
        return fail(
          resource,
          `${g.name} has only ${timed.join(' and ')}${disabledNote}: they change its capacity at set or forecast times and ` +
            `cannot react when an AZ fails outside them; it stays at ${g.desiredCapacity} instances until then ` +
            `(add a target-tracking or step policy, or tag it ${t.staticTag} if it is deliberately fixed-size)`,
          evidence,
        );
      }
      return fail(
        resource,
        `${g.name} has no enabled scaling policy${disabledNote} and no scheduled action: it stays at ${g.desiredCapacity} ` +
          `instances when an AZ fails (tag it ${t.staticTag} if it is deliberately fixed-size)`,
        evidence,
      );
    }),
});
