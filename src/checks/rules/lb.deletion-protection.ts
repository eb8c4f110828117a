import { defineCheck, fail, pass, skipped, type Verdict } from '../define.js';
import { eachRegional, ref, tagFilter } from '../../inventory/query.js';

export default defineCheck({
  id: 'lb.deletion-protection',
  title: 'Load balancers have deletion protection',
  category: 'data-protection',
  severity: 'medium',
  rationale:
    'Deleting a load balancer takes its DNS name with it: every alias and CNAME pointing at it breaks, and a new one ' +
    'gets a new name. Deletion protection turns a mistaken delete into an error. A load balancer whose attributes ' +
    'were not collected is reported as skipped. Set onlyTagged (e.g. "env=prod") to judge only tagged load balancers.',
  remediation: {
    text: 'Enable the deletion_protection.enabled attribute.',
    cli: 'aws elbv2 modify-load-balancer-attributes --load-balancer-arn <arn> --attributes Key=deletion_protection.enabled,Value=true',
    terraform: 'resource "aws_lb" "app" {\n  enable_deletion_protection = true\n}',
  },
  thresholds: { onlyTagged: '' },
  thresholdDocs: {
    onlyTagged:
      'Judge only load balancers with this tag: "key=value" or "key" (any value); empty judges all.',
  },
  source: 'prowler (elbv2_deletion_protection)',
  requires: [
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeLoadBalancerAttributes',
  ],
  evaluate: (inv, t) => {
    const selected = tagFilter(t.onlyTagged);
    const out: Verdict[] = [];
    for (const { region, item: lb } of eachRegional(inv, 'loadBalancers')) {
      if (!selected(lb.tags)) continue;
      const r = ref.loadBalancer(region, lb);
      const on = lb.attributes.deletionProtection;
      const tagged = t.onlyTagged ? { onlyTagged: t.onlyTagged } : {};
      if (on === undefined) {
        out.push(
          skipped(r, `${lb.name}: the deletion_protection.enabled attribute was not collected`, {
            reason: 'not-collected',
            ...tagged,
          }),
        );
      } else if (on) {
        out.push(
          pass(r, `${lb.name} has deletion protection enabled`, { deletionProtection: on, ...tagged }),
        );
      } else {
        out.push(
          fail(
            r,
            `${lb.name} has deletion protection disabled: one delete call removes it and its DNS name`,
            { deletionProtection: on, ...tagged },
          ),
        );
      }
    }
    return out;
  },
});
