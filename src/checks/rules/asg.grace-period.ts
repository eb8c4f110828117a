import { defineCheck, pass, warn } from '../define.js';
import { eachRegional, ref } from '../../inventory/query.js';

export default defineCheck({
  id: 'asg.grace-period',
  title: 'Auto Scaling health-check grace period is neither 0 nor too long',
  category: 'health-check',
  severity: 'low',
  rationale:
    "Auto Scaling ignores a new instance's health checks for the grace period. With ELB health checks and a grace " +
    'period of 0, instances can be declared unhealthy and terminated before they finish booting — a replacement loop ' +
    'just when an AZ failure forces the group to launch capacity elsewhere. A long grace period delays the replacement ' +
    'of bad instances by that much. A group behind a load balancer that still uses EC2 health checks is warned about a 0 s ' +
    'grace period too, since it should move to ELB checks; a group with no load balancer is judged on the upper bound ' +
    'alone (EC2 status checks do not fail a booting instance).',
  remediation: {
    text: 'Set the grace period to the time an instance needs to boot and pass its first load-balancer health check (typically 60–300 s).',
    cli: 'aws autoscaling update-auto-scaling-group --auto-scaling-group-name <name> --health-check-grace-period 120',
    terraform:
      'resource "aws_autoscaling_group" "app" {\n  health_check_type         = "ELB"\n  health_check_grace_period = 120\n}',
  },
  thresholds: { maxGracePeriodSeconds: 300 },
  thresholdDocs: { maxGracePeriodSeconds: 'Longest acceptable health-check grace period, in seconds.' },
  source:
    'EC2 Auto Scaling docs (health-check grace period); heuristic threshold (300 s is the console default)',
  requires: ['autoscaling:DescribeAutoScalingGroups'],
  evaluate: (inv, t) =>
    eachRegional(inv, 'autoScalingGroups').map(({ region, item: g }) => {
      const grace = g.healthCheckGracePeriodSeconds;
      const elb = g.healthCheckType
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .includes('ELB');
      const evidence = {
        healthCheckType: g.healthCheckType,
        gracePeriodSeconds: grace,
        maxGracePeriodSeconds: t.maxGracePeriodSeconds,
      };
      const r = ref.asg(region, g);
      if (elb && grace === 0) {
        return warn(
          r,
          `${g.name} has a 0 s health-check grace period with ELB health checks: new instances can be killed before they boot`,
          evidence,
        );
      }
      const behindLb = g.targetGroupArns.length > 0 || g.loadBalancerNames.length > 0;
      if (!elb && behindLb && grace === 0) {
        return warn(
          r,
          `${g.name} has a 0 s health-check grace period and sits behind a load balancer: once it uses ELB health checks (see asg.elb-health-check), new instances can be killed before they boot`,
          evidence,
        );
      }
      if (grace > t.maxGracePeriodSeconds) {
        return warn(
          r,
          `${g.name} has a ${grace} s health-check grace period (limit ${t.maxGracePeriodSeconds} s): replacement of a bad new instance is delayed that long`,
          evidence,
        );
      }
      return pass(
        r,
        `${g.name} has a ${grace} s health-check grace period (${g.healthCheckType} health checks)`,
        evidence,
      );
    }),
});
