import { defineCheck, fail, pass } from '../define.js';
import { eachRegional, ref } from '../../inventory/query.js';
import { enabledAzsOf } from '../../inventory/zonal.js';
import { plural } from '../../util/text.js';

export default defineCheck({
  id: 'lb.multi-az',
  title: 'Load balancer is enabled in several Availability Zones',
  category: 'multi-az',
  severity: 'high',
  rationale:
    'A load balancer only has nodes, and only routes to targets, in its enabled AZs. Enabled in one AZ, it goes down ' +
    'with that AZ however many targets run elsewhere.',
  remediation: {
    text: 'Enable the load balancer in a subnet of at least one more AZ (ALBs require two; NLBs and GWLBs accept one).',
    cli: 'aws elbv2 set-subnets --load-balancer-arn <arn> --subnets <subnet-a> <subnet-b> <subnet-c>',
    terraform:
      'resource "aws_lb" "app" {\n  subnets = [aws_subnet.public_a.id, aws_subnet.public_b.id, aws_subnet.public_c.id]\n}',
  },
  thresholds: { minAzs: 2 },
  thresholdDocs: { minAzs: 'Fewest enabled AZs that passes (AWS Config ELBV2_MULTIPLE_AZ allows 2–10).' },
  source: 'AWS Config ELBV2_MULTIPLE_AZ; prowler elbv2_is_in_multiple_az (elbv2_min_azs: 2)',
  requires: ['elasticloadbalancing:DescribeLoadBalancers'],
  evaluate: (inv, t) =>
    eachRegional(inv, 'loadBalancers').map(({ region, item: lb }) => {
      const azs = enabledAzsOf(lb);
      const evidence = { type: lb.type, enabledAzs: azs, azCount: azs.length, minAzs: t.minAzs };
      const where = `${plural(azs.length, 'AZ')}${azs.length ? ` (${azs.join(', ')})` : ''}`;
      return azs.length < t.minAzs
        ? fail(
            ref.loadBalancer(region, lb),
            `${lb.name} is enabled in ${where}; needs ≥ ${t.minAzs}`,
            evidence,
          )
        : pass(ref.loadBalancer(region, lb), `${lb.name} is enabled in ${where}`, evidence);
    }),
});
