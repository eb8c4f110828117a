import { demandEvidence, type Tier } from '../../capacity/index.js';
import { plural } from '../../util/text.js';
import {
  ECS_DECLARE_HINT,
  amount,
  azLossEvidence,
  capacityModelFor,
  demandNote,
  nMinusOneAz,
} from '../capacity.js';
import { defineCheck, fail, pass, skipped, warn, type Verdict } from '../define.js';

function label(t: Tier): string {
  return t.kind === 'ecs-service'
    ? `ECS service ${t.ecs?.clusterName}/${t.name}`
    : `the standalone instances of target group ${t.name}`;
}

export default defineCheck({
  id: 'tier.static-stability',
  title: 'ECS services and standalone-instance tiers still carry their peak after losing an AZ',
  category: 'scaling',
  severity: 'high',
  rationale:
    'What asg.static-stability asks of an Auto Scaling group, asked of the other tiers of the capacity model: an ECS ' +
    'service (its running tasks × task vCPUs, per AZ) and the standalone instances behind a target group. With any one ' +
    'AZ gone, what is left in the other AZs must carry the peak at a safe utilisation, because scaling out during an AZ ' +
    'event is slow and not guaranteed. An ECS service is always judged: its demand is declared (tag resil:peak=<tasks>, ' +
    'tiers:), its CPU target-tracking target, or assumed (then at most a warning). Standalone instances cannot scale and ' +
    'have no policy or history to read a demand from, so they are judged only when their peak is declared (tiers: or ' +
    'peakFactor): an assumed demand would warn on every such tier without telling anything new. A tier in one AZ fails ' +
    'whatever the demand. See docs/capacity.md.',
  remediation: {
    text:
      'Declare the peak, then run enough tasks (or instances) that the AZs left after losing the largest one carry it: ' +
      'over 3 AZs 150 % of the peak need, over 2 AZs 200 %, spread evenly.',
    cli:
      'aws ecs tag-resource --resource-arn <service-arn> --tags key=resil:peak,value=<tasks>\n' +
      'aws ecs update-service --cluster <cluster> --service <service> --desired-count <stable-size>',
    terraform:
      'resource "aws_ecs_service" "app" {\n  desired_count = 9 # ceil(peak 6 × 3 AZs / 2)\n' +
      '  tags = { "resil:peak" = "6" }\n}',
  },
  thresholds: { peakFactor: null as number | null, safeUtilizationPercent: 80 },
  thresholdDocs: {
    peakFactor:
      "A declared peak for every tier: peakFactor × desired tasks (registered instances) (global setting). Unset (default): the capacity model's demand.",
    safeUtilizationPercent:
      'Highest utilisation the surviving capacity may run at, in percent (global setting).',
  },
  source: 'AWS Well-Architected REL11-BP05 (use static stability to prevent bimodal behavior)',
  requires: [
    'ecs:ListClusters',
    'ecs:ListServices',
    'ecs:DescribeServices',
    'ecs:DescribeTaskDefinition',
    'ecs:ListTasks',
    'ecs:DescribeTasks',
    'ec2:DescribeSubnets',
  ],
  evaluate: (inv, t, ctx) => {
    const model = capacityModelFor(inv, t, ctx);
    const out: Verdict[] = [];
    for (const tier of model.tiers) {
      if (tier.kind === 'asg') continue;
      const d = tier.demand;
      const c = tier.capacity;
      if (tier.kind === 'instances' && (d.source === 'assumed' || c.instances === 0)) continue;
      if (tier.kind === 'ecs-service' && tier.scaling.desired === 0) continue;
      const loss = nMinusOneAz(tier);
      const evidence = {
        ...demandEvidence(d),
        tierKind: tier.kind,
        inServiceTotal: c.instances,
        capacityTotal: c.units,
        ...azLossEvidence(tier, loss),
      };
      const u = c.unit;
      const who = label(tier);
      const members = tier.kind === 'ecs-service' ? 'task' : 'instance';
      if (tier.ecs && !tier.ecs.tasks) {
        out.push(
          skipped(
            tier.resource,
            `${who}: its tasks were not collected, so where they run is unknown`,
            evidence,
          ),
        );
        continue;
      }
      const root = tier.kind === 'ecs-service' ? { rootCause: { checkId: 'ecs.multi-az' } } : {};
      const occupied = Object.entries(c.perAz).filter(([, s]) => s.instances > 0);
      if (loss.singleAz || occupied.length < 2) {
        const az = occupied[0]?.[0] ?? loss.worst?.az ?? 'no AZ';
        out.push({
          ...fail(
            tier.resource,
            `${who} runs ${plural(c.instances, members)} in 1 AZ (${az}): losing it loses all ${amount(c.units, u)}, whatever the demand`,
            evidence,
          ),
          ...root,
        });
        continue;
      }
      const w = loss.worst!;
      const util =
        w.survivorsUtilizationPercent !== undefined
          ? `; the survivors would run at ${w.survivorsUtilizationPercent} %`
          : '';
      if (loss.ok) {
        out.push(
          pass(
            tier.resource,
            `${who} keeps ${amount(w.afterLosingIt, u)} of ${c.units} with ${w.az} (${c.perAz[w.az]!.units}) lost; the peak needs ${amount(d.needed, u)} at ≤ ${d.safeUtilizationPercent} % ${demandNote(d)}${util}`,
            evidence,
          ),
        );
        continue;
      }
      const stable =
        loss.staticallyStableInstances !== undefined
          ? `. Statically stable size over ${loss.perAz.length} AZs: ${plural(loss.staticallyStableInstances, members)}`
          : '';
      if (d.source === 'assumed') {
        out.push(
          warn(
            tier.resource,
            `${who}: demand unknown — ${d.basis}. At that demand, losing ${w.az} would leave ${amount(w.afterLosingIt, u)} of ` +
              `${amount(d.needed, u)} (short by ${w.shortBy}); not judged as a failure on an assumption: ${ECS_DECLARE_HINT}`,
            evidence,
          ),
        );
        continue;
      }
      out.push(
        fail(
          tier.resource,
          `${who} would keep ${amount(w.afterLosingIt, u)} of ${c.units} with ${w.az} (${c.perAz[w.az]!.units}) lost; the peak needs ` +
            `${amount(d.needed, u)} at ≤ ${d.safeUtilizationPercent} % ${demandNote(d)}: short by ${w.shortBy}${util}${stable}`,
          evidence,
        ),
      );
    }
    return out;
  },
});
