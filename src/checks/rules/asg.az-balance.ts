import { defineCheck, fail, pass, warn, type Verdict } from '../define.js';
import { ref, regionsOf } from '../../inventory/query.js';
import { asgConfiguredAzs, type AzCounts } from '../../inventory/zonal.js';
import { formatCounts, spread } from '../zonal.js';
import { plural } from '../../util/text.js';
import { sortedUnique } from '../../util/collections.js';

export default defineCheck({
  id: 'asg.az-balance',
  title: 'Auto Scaling group instances are balanced across its AZs',
  category: 'multi-az',
  severity: 'medium',
  rationale:
    'A group configured for three AZs but running most instances in one loses most of its capacity with that AZ. ' +
    'Imbalance builds up after capacity shortages, suspended AZRebalance, or instance protection.',
  remediation: {
    text:
      'Make sure the AZRebalance process is not suspended and that every configured AZ has capacity for the instance types ' +
      '(allow several types in a mixed-instances policy); Auto Scaling then rebalances.',
    cli: 'aws autoscaling resume-processes --auto-scaling-group-name <name> --scaling-processes AZRebalance',
    terraform:
      'resource "aws_autoscaling_group" "app" {\n  # do not list "AZRebalance" here\n  suspended_processes = []\n  capacity_rebalance  = true\n}',
  },
  thresholds: { maxImbalancePercent: 20 },
  thresholdDocs: {
    maxImbalancePercent:
      'Largest acceptable (max − min) / max of in-service instances per configured AZ, in percent. ' +
      'A spread of max − min = 1 (the best an uneven count allows, e.g. 2/1) always passes.',
  },
  source: 'Trusted Advisor wuy7G1zxql (Auto Scaling group AZ imbalance)',
  requires: ['autoscaling:DescribeAutoScalingGroups'],
  evaluate: (inv, t) => {
    const out: Verdict[] = [];
    for (const [region, r] of regionsOf(inv)) {
      for (const g of r.autoScalingGroups) {
        const { azs } = asgConfiguredAzs(r, g);
        const inService = g.instances.filter((i) => i.lifecycleState === 'InService');
        // Every configured AZ counts (0 included), plus any AZ an in-service instance is actually in.
        const counts: AzCounts = Object.fromEntries(
          sortedUnique([...azs, ...inService.map((i) => i.az)]).map((az) => [az, 0]),
        );
        for (const i of inService) counts[i.az]!++;
        const s = spread(counts);
        const occupied = Object.entries(counts)
          .filter(([, n]) => n > 0)
          .map(([az]) => az);
        const evidence = {
          inServicePerAz: counts,
          inService: inService.length,
          desiredCapacity: g.desiredCapacity,
          ...s,
          maxImbalancePercent: t.maxImbalancePercent,
        };
        const resource = ref.asg(region, g);
        // Fewer than two configured AZs is asg.multi-az's finding: an imbalance here follows from it.
        const cause = azs.length < 2 ? { rootCause: { checkId: 'asg.multi-az' } } : {};
        if (inService.length === 0) {
          // Nothing runs, so nothing can be unbalanced: a pass that says so (capacity is other checks' job).
          out.push(
            pass(
              resource,
              `${g.name} has 0 in-service instances (desired ${g.desiredCapacity}); nothing to balance`,
              evidence,
            ),
          );
        } else if (s.difference === 1) {
          // max − min = 1 is the best any count allows (3 over 2 AZs is 2/1): Auto Scaling cannot do better.
          out.push(
            pass(
              resource,
              `${g.name} in-service instances are spread as even as ${plural(inService.length, 'in-service instance')} over ` +
                `${Object.keys(counts).length} AZs ${inService.length === 1 ? 'allows' : 'allow'} (${formatCounts(counts)}; max − min = ${s.difference})`,
              evidence,
            ),
          );
        } else if (occupied.length === 1) {
          out.push({
            ...fail(
              resource,
              `${g.name} has all ${plural(inService.length, 'in-service instance')} in 1 AZ (${occupied[0]}) of ${plural(Object.keys(counts).length, 'AZ')}`,
              evidence,
            ),
            ...cause,
          });
        } else if (s.imbalancePercent > t.maxImbalancePercent) {
          out.push({
            ...warn(
              resource,
              `${g.name} in-service instances are imbalanced across AZs (${formatCounts(counts)}): max − min = ${s.difference}, ${s.imbalancePercent}% of max (limit ${t.maxImbalancePercent}%)`,
              evidence,
            ),
            ...cause,
          });
        } else {
          out.push(
            pass(
              resource,
              `${g.name} in-service instances are balanced (${formatCounts(counts)}; ${s.imbalancePercent}% spread)`,
              evidence,
            ),
          );
        }
      }
    }
    return out;
  },
});
