import { defineCheck, fail, pass } from '../define.js';
import { azCapacity, peakNeed, staticallyStableSize } from '../../inventory/capacity.js';
import { eachRegional, ref } from '../../inventory/query.js';

export default defineCheck({
  id: 'asg.static-stability',
  title: 'Auto Scaling group still covers its peak after losing its largest AZ',
  category: 'scaling',
  severity: 'high',
  rationale:
    'During an AZ failure, scaling out is slow and may not get capacity at all (everyone else is scaling out too, and the ' +
    'control plane is under strain). A statically stable group is already big enough: with its largest AZ gone, the ' +
    'in-service capacity left in the other AZs still covers the peak. Evenly spread over N AZs that means provisioning ' +
    'P·N/(N−1): 200 % of the peak over 2 AZs, 150 % over 3.',
  remediation: {
    text:
      'Raise the desired (and minimum) capacity to the statically stable size reported, spread evenly over the AZs, ' +
      'or add an AZ (3 AZs need 150 % of peak, 2 AZs need 200 %).',
    cli: 'aws autoscaling update-auto-scaling-group --auto-scaling-group-name <asg> --min-size <stable-size> --desired-capacity <stable-size>',
    terraform:
      'resource "aws_autoscaling_group" "app" {\n' +
      '  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id, aws_subnet.c.id]\n' +
      '  min_size            = 9 # ceil(peak 6 × 3 AZs / 2)\n' +
      '  desired_capacity    = 9\n' +
      '  max_size            = 18\n' +
      '}',
  },
  thresholds: { peakFactor: 1.0 },
  thresholdDocs: {
    peakFactor:
      'Peak load as a multiple of the current desired capacity: P = ceil(peakFactor × desired). Shared with the top-level peakFactor setting. A group tagged resil:peak=<N> declares its peak need N directly.',
  },
  source: 'AWS Well-Architected REL11-BP05 (use static stability to prevent bimodal behavior)',
  requires: ['autoscaling:DescribeAutoScalingGroups'],
  evaluate: (inv, t) =>
    eachRegional(inv, 'autoScalingGroups').flatMap(({ region, item: g }) => {
      if (g.desiredCapacity === 0) return [];
      const peak = peakNeed(g, t.peakFactor);
      const cap = azCapacity(g);
      const stableSize = staticallyStableSize(peak, cap.azCount);
      const unit = cap.weighted ? 'capacity units' : 'instances';
      const evidence = {
        desiredCapacity: g.desiredCapacity,
        peakFactor: t.peakFactor,
        peak,
        inServiceByAz: cap.perAz,
        inServiceTotal: cap.total,
        configuredAzs: cap.azCount,
        largestAz: cap.largestAz ?? null,
        afterLosingLargestAz: cap.afterLoss,
        shortfall: Math.max(0, peak - cap.afterLoss),
        staticallyStableSize: stableSize ?? null,
        unit,
      };
      const resource = ref.asg(region, g);
      if (cap.azCount < 2) {
        const az = cap.largestAz ?? 'no AZ';
        return [
          fail(
            resource,
            `${g.name} runs in 1 AZ (${az}): losing it loses all ${cap.total} in-service ${unit}; peak needs ${peak}. ` +
              'No size is statically stable without a second AZ',
            { ...evidence, shortfall: peak },
          ),
        ];
      }
      if (cap.afterLoss >= peak) {
        return [
          pass(
            resource,
            `${g.name} keeps ${cap.afterLoss} in-service ${unit} with its largest AZ (${cap.largestAz}, ${cap.largestCapacity}) lost; peak needs ${peak}`,
            evidence,
          ),
        ];
      }
      return [
        fail(
          resource,
          `${g.name} would keep ${cap.afterLoss} in-service ${unit} with ${cap.largestAz} (${cap.largestCapacity}) lost; ` +
            `peak needs ${peak}: short by ${peak - cap.afterLoss}. Statically stable size over ${cap.azCount} AZs: ${stableSize}`,
          evidence,
        ),
      ];
    }),
});
