import { demandEvidence, tierOfAsg } from '../../capacity/index.js';
import { eachRegional } from '../../inventory/query.js';
import {
  DECLARE_HINT,
  amount,
  azLossEvidence,
  capacityModelFor,
  demandNote,
  nMinusOneAz,
} from '../capacity.js';
import { defineCheck, fail, pass, warn, type Verdict } from '../define.js';

export default defineCheck({
  id: 'asg.static-stability',
  title: 'Auto Scaling group still carries its peak after losing an AZ',
  category: 'scaling',
  severity: 'high',
  rationale:
    'During an AZ failure, scaling out is slow and may not get capacity at all (everyone else is scaling out too, and the ' +
    'control plane is under strain). A statically stable group is already big enough: with any one AZ gone, the vCPUs left ' +
    'in the other AZs still carry the peak at a safe utilisation. The peak comes, in order, from a declaration (tag ' +
    'resil:peak, tiers: in .resil.yml, peakFactor), the measured CPU × in-service history, or the CPU target-tracking ' +
    "policy's own target (a group kept at 50 % CPU over 3 AZs runs at 75 % after losing one). When none says, the demand " +
    "is assumed to be today's capacity, and the finding is at most a warning that says so. A group in one AZ fails " +
    'whatever its demand. See docs/capacity.md.',
  remediation: {
    text:
      'Declare or measure the peak first. Then raise the desired (and minimum) capacity to the statically stable size ' +
      'reported, spread evenly over the AZs, or add an AZ (3 AZs need 150 % of the peak need, 2 AZs 200 %).',
    cli:
      'aws autoscaling create-or-update-tags --tags ResourceId=<asg>,ResourceType=auto-scaling-group,Key=resil:peak,Value=<instances>,PropagateAtLaunch=false\n' +
      'aws autoscaling enable-metrics-collection --auto-scaling-group-name <asg> --granularity 1Minute --metrics GroupInServiceInstances\n' +
      'aws autoscaling update-auto-scaling-group --auto-scaling-group-name <asg> --min-size <stable-size> --desired-capacity <stable-size>',
    terraform:
      'resource "aws_autoscaling_group" "app" {\n' +
      '  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id, aws_subnet.c.id]\n' +
      '  min_size            = 9 # ceil(peak 6 × 3 AZs / 2)\n' +
      '  desired_capacity    = 9\n' +
      '  max_size            = 18\n' +
      '  enabled_metrics     = ["GroupInServiceInstances"]\n' +
      '  tag {\n    key                 = "resil:peak"\n    value               = "6"\n    propagate_at_launch = false\n  }\n' +
      '}',
  },
  thresholds: { peakFactor: null as number | null, safeUtilizationPercent: 80 },
  thresholdDocs: {
    peakFactor:
      "A declared peak for every group: peakFactor × desired instances (global setting). Unset (default): each group's demand comes from its resil:peak tag, tiers: entry, measured history or scaling target.",
    safeUtilizationPercent:
      'Highest utilisation the surviving vCPUs may run at, in percent (global setting).',
  },
  source: 'AWS Well-Architected REL11-BP05 (use static stability to prevent bimodal behavior)',
  requires: ['autoscaling:DescribeAutoScalingGroups'],
  evaluate: (inv, t, ctx) => {
    const model = capacityModelFor(inv, t, ctx);
    return eachRegional(inv, 'autoScalingGroups').flatMap(({ region, item: g }): Verdict[] => {
      if (g.desiredCapacity === 0) return [];
      const tier = tierOfAsg(model, region, g.name)!;
      const d = tier.demand;
      const c = tier.capacity;
      const loss = nMinusOneAz(tier);
      const evidence = {
        ...demandEvidence(d),
        desiredCapacity: g.desiredCapacity,
        inServiceTotal: c.instances,
        capacityTotal: c.units,
        ...azLossEvidence(tier, loss),
      };
      const resource = tier.resource;
      const u = c.unit;
      if (loss.singleAz) {
        const az = loss.worst?.az ?? 'no AZ';
        return [
          {
            ...fail(
              resource,
              `${g.name} runs in 1 AZ (${az}): losing it loses all ${amount(c.units, u)}${u === 'vCPUs' ? ` (${c.instances} instances)` : ''}, ` +
                'whatever the demand. No size is statically stable without a second AZ',
              evidence,
            ),
            rootCause: { checkId: 'asg.multi-az' },
          },
        ];
      }
      const w = loss.worst!;
      const util =
        w.survivorsUtilizationPercent !== undefined
          ? `; the survivors would run at ${w.survivorsUtilizationPercent} %`
          : '';
      const head = `${g.name} keeps ${amount(w.afterLosingIt, u)} of ${c.units} with ${w.az} (${c.perAz[w.az]!.units}) lost`;
      if (loss.ok) {
        return [
          pass(
            resource,
            `${head}; the peak needs ${amount(d.needed, u)} at ≤ ${d.safeUtilizationPercent} % ${demandNote(d)}${util}`,
            evidence,
          ),
        ];
      }
      const stable =
        loss.staticallyStableInstances !== undefined
          ? `. Statically stable size over ${loss.perAz.length} AZs: ${loss.staticallyStableInstances} instances`
          : '';
      if (d.source === 'assumed') {
        return [
          warn(
            resource,
            `${g.name}: demand unknown — ${d.basis}. At that demand, losing ${w.az} would leave ${amount(w.afterLosingIt, u)} ` +
              `of ${amount(d.needed, u)} (short by ${w.shortBy}); not judged as a failure on an assumption: ${DECLARE_HINT}`,
            evidence,
          ),
        ];
      }
      return [
        fail(
          resource,
          `${g.name} would keep ${amount(w.afterLosingIt, u)} of ${c.units} with ${w.az} (${c.perAz[w.az]!.units}) lost; ` +
            `the peak needs ${amount(d.needed, u)} at ≤ ${d.safeUtilizationPercent} % ${demandNote(d)}: short by ${w.shortBy}${util}${stable}`,
          evidence,
        ),
      ];
    });
  },
});
