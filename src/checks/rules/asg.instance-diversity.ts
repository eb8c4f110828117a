import { defineCheck, pass, skipped, warn } from '../define.js';
import { eachRegional, ref } from '../../inventory/query.js';
import { plural } from '../../util/text.js';
import { sortedUnique } from '../../util/collections.js';

export default defineCheck({
  id: 'asg.instance-diversity',
  title: 'Auto Scaling group can launch more than one instance type',
  category: 'scaling',
  severity: 'low',
  rationale:
    'During an AZ event every group in the Region scales out in the surviving AZs at once, and one instance type can run ' +
    'out there (InsufficientInstanceCapacity). A group that can launch several types, through a mixed-instances policy, ' +
    'still gets capacity when its preferred type is exhausted. An advisory (low): a single type is a common, deliberate ' +
    'choice, and the capacity checks judge whether the group survives an AZ loss.',
  remediation: {
    text:
      'Use a mixed-instances policy with at least two interchangeable instance types (same vCPU/memory class, ' +
      'e.g. m6i.large, m7i.large, m6a.large), or attribute-based instance type selection.',
    cli:
      'aws autoscaling update-auto-scaling-group --auto-scaling-group-name <asg> --mixed-instances-policy ' +
      '\'{"LaunchTemplate":{"LaunchTemplateSpecification":{"LaunchTemplateName":"<lt>","Version":"$Latest"},' +
      '"Overrides":[{"InstanceType":"m6i.large"},{"InstanceType":"m7i.large"},{"InstanceType":"m6a.large"}]}}\'',
    terraform:
      'resource "aws_autoscaling_group" "app" {\n' +
      '  mixed_instances_policy {\n' +
      '    launch_template {\n' +
      '      launch_template_specification {\n' +
      '        launch_template_id = aws_launch_template.app.id\n' +
      '      }\n' +
      '      override { instance_type = "m6i.large" }\n' +
      '      override { instance_type = "m7i.large" }\n' +
      '      override { instance_type = "m6a.large" }\n' +
      '    }\n' +
      '  }\n' +
      '}',
  },
  thresholds: { minInstanceTypes: 2 },
  thresholdDocs: { minInstanceTypes: 'Fewest distinct instance types a group should be able to launch.' },
  source: 'prowler autoscaling_group_multiple_instance_types; EC2 Auto Scaling docs (mixed instances groups)',
  requires: ['autoscaling:DescribeAutoScalingGroups'],
  evaluate: (inv, t) =>
    eachRegional(inv, 'autoScalingGroups').map(({ region, item: g }) => {
      const types = sortedUnique(g.instanceTypes);
      const evidence = {
        instanceTypes: types,
        count: types.length,
        mixedInstancesPolicy: g.mixedInstancesPolicy,
        minInstanceTypes: t.minInstanceTypes,
      };
      const resource = ref.asg(region, g);
      if (types.length === 0) {
        return skipped(
          resource,
          `${g.name}: the instance types it can launch are unknown (launch template or configuration not resolved)`,
          evidence,
        );
      }
      const list = types.join(', ');
      if (types.length < t.minInstanceTypes) {
        const how = g.mixedInstancesPolicy
          ? 'add overrides to its mixed-instances policy'
          : 'it has no mixed-instances policy: add one';
        return warn(
          resource,
          `${g.name} can launch only ${plural(types.length, 'instance type')} (${list}); ` +
            `needs ≥ ${t.minInstanceTypes} so an AZ event's capacity shortage of one type does not stop it scaling (${how})`,
          evidence,
        );
      }
      return pass(
        resource,
        `${g.name} can launch ${types.length} instance types (${list})${g.mixedInstancesPolicy ? ' through a mixed-instances policy' : ''}`,
        evidence,
      );
    }),
});
