import { defineCheck, fail, pass, warn } from '../define.js';
import { eachRegional, ref } from '../../inventory/query.js';
import { plural } from '../../util/text.js';

export default defineCheck({
  id: 'asg.elb-health-check',
  title: 'Auto Scaling group behind a load balancer uses ELB health checks',
  category: 'health-check',
  severity: 'medium',
  rationale:
    'With EC2 health checks only, Auto Scaling replaces only instances EC2 sees as dead (a failed status check). ' +
    'An instance whose app is hung stays in the group: the load balancer keeps routing around it, so the group ' +
    'silently runs with less capacity than it reports — exactly when an AZ failure leaves no slack. ' +
    'The reverse mismatch (type ELB with no load balancer or target group attached) is flagged as a warning: ' +
    'ELB health checks then have nothing to report, which usually means an attachment was lost.',
  remediation: {
    text: "Set the group's health-check type to ELB (keeping EC2 checks, which Auto Scaling always runs), with a grace period that covers boot time.",
    cli: 'aws autoscaling update-auto-scaling-group --auto-scaling-group-name <name> --health-check-type ELB --health-check-grace-period 300',
    terraform:
      'resource "aws_autoscaling_group" "app" {\n  health_check_type         = "ELB"\n  health_check_grace_period = 300\n  target_group_arns         = [aws_lb_target_group.app.arn]\n}',
  },
  thresholds: {},
  source:
    'Trusted Advisor (Auto Scaling group health check, CLOG40CDO8); EC2 Auto Scaling docs (health checks)',
  requires: ['autoscaling:DescribeAutoScalingGroups'],
  evaluate: (inv) =>
    eachRegional(inv, 'autoScalingGroups').map(({ region, item: g }) => {
      const types = g.healthCheckType.split(',').map((s) => s.trim().toUpperCase());
      const elb = types.includes('ELB');
      const attached = g.targetGroupArns.length + g.loadBalancerNames.length;
      const evidence = {
        healthCheckType: g.healthCheckType,
        targetGroups: g.targetGroupArns.length,
        classicLoadBalancers: g.loadBalancerNames.length,
      };
      const r = ref.asg(region, g);
      const lbs = describeAttachments(g.targetGroupArns.length, g.loadBalancerNames.length);
      if (attached > 0 && !elb) {
        return fail(
          r,
          `${g.name} is attached to ${lbs} but uses ${g.healthCheckType} health checks: it replaces only instances EC2 sees as dead, ` +
            'while the load balancer keeps routing around a hung app (capacity silently lost)',
          evidence,
        );
      }
      if (attached === 0 && elb) {
        return warn(
          r,
          `${g.name} uses ${g.healthCheckType} health checks but has no load balancer or target group attached: ` +
            'ELB health checks have nothing to report (was an attachment lost?)',
          evidence,
        );
      }
      return elb
        ? pass(r, `${g.name} uses ${g.healthCheckType} health checks for its ${lbs}`, evidence)
        : pass(
            r,
            `${g.name} is not behind a load balancer and uses ${g.healthCheckType} health checks`,
            evidence,
          );
    }),
});

function describeAttachments(targetGroups: number, classic: number): string {
  const parts: string[] = [];
  if (targetGroups > 0) parts.push(plural(targetGroups, 'target group'));
  if (classic > 0) parts.push(plural(classic, 'Classic Load Balancer'));
  return parts.join(' and ');
}
