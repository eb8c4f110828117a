import { defineCheck, fail, pass, type Verdict } from '../define.js';
import { drEvidence, drRegionsUnknown, resolveDrRegions } from '../dr-regions.js';
import { ref } from '../../inventory/query.js';
import { queueScalers, type QueueScaler } from '../../inventory/queues.js';

const describe = (list: QueueScaler[]) => list.map((s) => `${s.tier} (${s.policy})`).join(', ');

export default defineCheck({
  id: 'sqs.standby-worker',
  title: 'Queue workers scaled on queue depth exist in the standby region',
  category: 'dr',
  severity: 'high',
  rationale:
    'Workers that scale on the depth of an SQS queue keep a backlog in check. After a region failover the producers ' +
    "write to the standby region's queue: unless a worker tier there scales on that queue's depth too, the backlog " +
    'grows unattended while every dashboard says the failover succeeded. For each queue of the primary region that a ' +
    'tier scales on (a target-tracking policy on an AWS/SQS metric, or a step policy with an alarm on one), the ' +
    'standby region needs a queue of the same name and a tier scaled on its depth. Queues no tier scales on are not ' +
    'judged here.',
  remediation: {
    text:
      'Create the queue in the standby region and a worker tier (ECS service or Auto Scaling group) there, scaled on its ' +
      'depth like the primary one — at its minimum size if the standby is warm.',
    cli:
      'aws sqs create-queue --region <standby-region> --queue-name <queue>\n' +
      'aws application-autoscaling put-scaling-policy --region <standby-region> --service-namespace ecs ' +
      '--scalable-dimension ecs:service:DesiredCount --resource-id service/<cluster>/<worker> --policy-name backlog ' +
      '--policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration file://backlog-per-task.json',
    terraform:
      'resource "aws_appautoscaling_policy" "backlog" {\n  provider    = aws.standby\n  policy_type = "TargetTrackingScaling"\n' +
      '  target_tracking_scaling_policy_configuration {\n    target_value = 100\n    customized_metric_specification {\n' +
      '      namespace   = "AWS/SQS"\n      metric_name = "ApproximateNumberOfMessagesVisible"\n' +
      '      statistic   = "Average"\n      dimensions {\n        name  = "QueueName"\n        value = "orders"\n      }\n    }\n  }\n}',
  },
  thresholds: { primaryRegion: null as string | null, standbyRegion: null as string | null },
  thresholdDocs: {
    primaryRegion:
      'Primary region (global setting); derived from the Aurora global database writer when unset.',
    standbyRegion:
      "Standby region (global setting); derived from the Aurora global database's first secondary when unset.",
  },
  source:
    'AWS Well-Architected REL13 (DR: the standby must do the same work); Amazon SQS scaling guidance (backlog per instance)',
  requires: [
    'sqs:ListQueues',
    'sqs:GetQueueAttributes',
    'autoscaling:DescribePolicies',
    'application-autoscaling:DescribeScalingPolicies',
    'cloudwatch:DescribeAlarms',
  ],
  evaluate: (inv, t) => {
    const regions = resolveDrRegions(inv, t);
    if (!regions.known) {
      const any = Object.values(inv.regions).some((r) => queueScalers(r).size > 0);
      return any ? drRegionsUnknown(inv, regions, t) : [];
    }
    const p = inv.regions[regions.primary]!;
    const s = inv.regions[regions.standby]!;
    const primaryScalers = queueScalers(p);
    const standbyScalers = queueScalers(s);
    const out: Verdict[] = [];
    for (const [queue, scalers] of primaryScalers) {
      const q = p.sqsQueues.find((x) => x.name === queue);
      const resource = q
        ? ref.sqsQueue(regions.primary, q)
        : { type: 'AWS::SQS::Queue', id: queue, name: queue, region: regions.primary };
      const standbyQueue = s.sqsQueues.find((x) => x.name === queue);
      const standby = standbyScalers.get(queue) ?? [];
      const evidence = {
        ...drEvidence(regions),
        queue,
        primaryScalers: scalers,
        standbyQueue: standbyQueue?.arn ?? null,
        standbyScalers: standby,
      };
      if (!standbyQueue)
        out.push(
          fail(
            resource,
            `${queue} drives ${describe(scalers)} in ${regions.primary}, but ${regions.standby} has no queue named ${queue}: ` +
              'after a region failover its producers have nowhere to write and nothing works the backlog',
            evidence,
          ),
        );
      else if (standby.length === 0)
        out.push(
          fail(
            resource,
            `${queue} drives ${describe(scalers)} in ${regions.primary}; in ${regions.standby} the queue exists but no tier scales on its depth: ` +
              'after a region failover its backlog grows unattended',
            evidence,
          ),
        );
      else
        out.push(
          pass(
            resource,
            `${queue}: workers scale on its depth in both regions (${regions.primary}: ${describe(scalers)}; ${regions.standby}: ${describe(standby)})`,
            evidence,
          ),
        );
    }
    return out;
  },
});
