import { demandEvidence, tierOfAsg } from '../../capacity/index.js';
import { eachRegional } from '../../inventory/query.js';
import { plural } from '../../util/text.js';
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
  id: 'asg.max-size-headroom',
  title: 'Auto Scaling group MaxSize allows a statically stable size',
  category: 'scaling',
  severity: 'high',
  rationale:
    'When an AZ fails, the surviving AZs must carry the peak. Over N evenly filled AZs that takes ceil(P·N/(N−1)) ' +
    'instances, P being the instances the peak needs (its demand, from the capacity model: declared, measured, the ' +
    'scaling target, or assumed — see docs/capacity.md). If MaxSize is below that, the group cannot get there even when ' +
    'its scaling policies ask for it: the ceiling silently caps the recovery. A finding on an assumed demand is at most ' +
    'a warning.',
  remediation: {
    text: 'Raise MaxSize to at least the statically stable size reported (more if scaling policies should add room on top).',
    cli: 'aws autoscaling update-auto-scaling-group --auto-scaling-group-name <asg> --max-size <size>',
    terraform: 'resource "aws_autoscaling_group" "app" {\n  max_size = 18 # ≥ ceil(peak × N / (N − 1))\n}',
  },
  thresholds: { peakFactor: null as number | null, safeUtilizationPercent: 80 },
  thresholdDocs: {
    peakFactor:
      "A declared peak for every group: peakFactor × desired instances (global setting). Unset (default): the capacity model's demand.",
    safeUtilizationPercent:
      'Highest utilisation the surviving vCPUs may run at, in percent (global setting).',
  },
  source: 'heuristic built on AWS Well-Architected REL11-BP05 (static stability)',
  requires: ['autoscaling:DescribeAutoScalingGroups'],
  evaluate: (inv, t, ctx) => {
    const model = capacityModelFor(inv, t, ctx);
    return eachRegional(inv, 'autoScalingGroups').flatMap(({ region, item: g }): Verdict[] => {
      if (g.desiredCapacity === 0) return [];
      const tier = tierOfAsg(model, region, g.name)!;
      const d = tier.demand;
      const loss = nMinusOneAz(tier);
      const azCount = loss.perAz.length;
      const peakInstances = Math.ceil(Number((d.needed / tier.capacity.unitsPerInstance).toFixed(6)));
      const needed = loss.staticallyStableInstances;
      const evidence = {
        ...demandEvidence(d),
        ...azLossEvidence(tier, loss),
        maxSize: g.maxSize,
        desiredCapacity: g.desiredCapacity,
        peakInstances,
        canReact: tier.scaling.canReact,
      };
      // MaxSize only matters if something scales the group toward it when an AZ is lost.
      const reactNote =
        !tier.scaling.canReact && !loss.ok
          ? '; and no scaling policy reacts to load, so it would not grow there on its own (see asg.scaling-policy)'
          : '';
      const resource = tier.resource;
      const peak = `a peak of ${amount(d.needed, d.unit)}${d.unit === 'vCPUs' ? ` (${plural(peakInstances, 'instance')})` : ''} ${demandNote(d)}`;
      if (needed === undefined) {
        return [
          {
            ...fail(
              resource,
              `${g.name} is configured for ${plural(azCount, 'AZ')}: it could not reach a statically stable size even by scaling (MaxSize ${g.maxSize}), whatever the demand`,
              evidence,
            ),
            rootCause: { checkId: 'asg.multi-az' },
          },
        ];
      }
      if (g.maxSize >= needed) {
        return [
          pass(
            resource,
            `${g.name} MaxSize ${g.maxSize} ≥ ${needed}, the statically stable size for ${peak} over ${azCount} AZs${reactNote}`,
            evidence,
          ),
        ];
      }
      const text =
        `${g.name} MaxSize ${g.maxSize} < ${needed}, the statically stable size for ${peak} over ${azCount} AZs: ` +
        'it could not reach a statically stable size even by scaling';
      if (d.source === 'assumed')
        return [
          warn(resource, `${text} — on an assumed demand, so not a failure: ${DECLARE_HINT}`, {
            ...evidence,
            missing: needed - g.maxSize,
          }),
        ];
      return [fail(resource, text, { ...evidence, missing: needed - g.maxSize })];
    });
  },
});
