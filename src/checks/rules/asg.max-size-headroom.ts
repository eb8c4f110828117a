import { defineCheck, fail, pass } from '../define.js';
import { peakNeed, staticallyStableSize } from '../../inventory/capacity.js';
import { eachRegional, ref } from '../../inventory/query.js';
import { plural } from '../../util/text.js';

export default defineCheck({
  id: 'asg.max-size-headroom',
  title: 'Auto Scaling group MaxSize allows a statically stable size',
  category: 'scaling',
  severity: 'high',
  rationale:
    'When an AZ fails, the surviving AZs must carry the peak. Over N evenly filled AZs that takes ceil(P·N/(N−1)) ' +
    'instances. If MaxSize is below that, the group cannot get there even when its scaling policies ask for it: ' +
    'the ceiling silently caps the recovery.',
  remediation: {
    text: 'Raise MaxSize to at least the statically stable size reported (more if scaling policies should add room on top).',
    cli: 'aws autoscaling update-auto-scaling-group --auto-scaling-group-name <asg> --max-size <size>',
    terraform: 'resource "aws_autoscaling_group" "app" {\n  max_size = 18 # ≥ ceil(peak × N / (N − 1))\n}',
  },
  thresholds: { peakFactor: 1.0 },
  thresholdDocs: {
    peakFactor:
      'Peak load as a multiple of the current desired capacity: P = ceil(peakFactor × desired). Shared with the top-level peakFactor setting.',
  },
  source: 'heuristic built on AWS Well-Architected REL11-BP05 (static stability)',
  requires: ['autoscaling:DescribeAutoScalingGroups'],
  evaluate: (inv, t) =>
    eachRegional(inv, 'autoScalingGroups').flatMap(({ region, item: g }) => {
      if (g.desiredCapacity === 0) return [];
      const peak = peakNeed(g, t.peakFactor);
      const azCount = g.availabilityZones.length;
      const needed = staticallyStableSize(peak, azCount);
      const evidence = {
        maxSize: g.maxSize,
        desiredCapacity: g.desiredCapacity,
        peakFactor: t.peakFactor,
        peak,
        configuredAzs: azCount,
        staticallyStableSize: needed ?? null,
      };
      const resource = ref.asg(region, g);
      if (needed === undefined) {
        return [
          fail(
            resource,
            `${g.name} is configured for ${plural(azCount, 'AZ')}: it could not reach a statically stable size even by scaling (MaxSize ${g.maxSize}, peak ${peak})`,
            evidence,
          ),
        ];
      }
      if (g.maxSize >= needed) {
        return [
          pass(
            resource,
            `${g.name} MaxSize ${g.maxSize} ≥ ${needed}, the statically stable size for peak ${peak} over ${azCount} AZs`,
            evidence,
          ),
        ];
      }
      return [
        fail(
          resource,
          `${g.name} MaxSize ${g.maxSize} < ${needed}, the statically stable size for peak ${peak} over ${azCount} AZs: ` +
            'it could not reach a statically stable size even by scaling',
          { ...evidence, missing: needed - g.maxSize },
        ),
      ];
    }),
});
