import { defineCheck, fail, pass, skipped, type Verdict } from '../define.js';
import { eachRegional, ref } from '../../inventory/query.js';

export default defineCheck({
  id: 'lb.deletion-protection',
  title: 'Load balancers have deletion protection',
  category: 'data-protection',
  severity: 'medium',
  rationale:
    'Deleting a load balancer takes its DNS name with it: every alias and CNAME pointing at it breaks, and a new one ' +
    'gets a new name. Deletion protection turns a mistaken delete into an error. A load balancer whose attributes ' +
    'were not collected is reported as skipped. To judge only some load balancers, scope the check by tag ' +
    '(checks.lb.deletion-protection.scope: { includeTags: ["env=prod"] }).',
  remediation: {
    text: 'Enable the deletion_protection.enabled attribute.',
    cli: 'aws elbv2 modify-load-balancer-attributes --load-balancer-arn <arn> --attributes Key=deletion_protection.enabled,Value=true',
    terraform: 'resource "aws_lb" "app" {\n  enable_deletion_protection = true\n}',
  },
  thresholds: {},
  source: 'prowler (elbv2_deletion_protection)',
  requires: [
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeLoadBalancerAttributes',
  ],
  evaluate: (inv) => {
    const out: Verdict[] = [];
    for (const { region, item: lb } of eachRegional(inv, 'loadBalancers')) {
      const r = ref.loadBalancer(region, lb);
      const on = lb.attributes.deletionProtection;
      if (on === undefined) {
        out.push(
          skipped(r, `${lb.name}: the deletion_protection.enabled attribute was not collected`, {
            reason: 'not-collected',
          }),
        );
      } else if (on) {
        out.push(pass(r, `${lb.name} has deletion protection enabled`, { deletionProtection: on }));
      } else {
        out.push(
          fail(
            r,
            `${lb.name} has deletion protection disabled: one delete call removes it and its DNS name`,
            { deletionProtection: on },
          ),
        );
      }
    }
    return out;
  },
});
