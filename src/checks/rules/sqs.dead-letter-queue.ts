import { defineCheck, fail, pass, warn, type Verdict } from '../define.js';
import { nameList } from '../names.js';
import { ref, regionsOf } from '../../inventory/query.js';

export default defineCheck({
  id: 'sqs.dead-letter-queue',
  title: 'SQS queues have a dead-letter queue',
  category: 'data-protection',
  severity: 'medium',
  rationale:
    'A message that always fails (a poison message, or one a half-failed-over consumer cannot handle) is received, ' +
    'fails and returns, again and again: it burns consumer capacity during an incident and, when its retention period ' +
    'ends, SQS deletes it — the data is lost without anyone seeing it. A redrive policy moves it to a dead-letter queue ' +
    'after maxReceiveCount receives, where it can be alarmed on and replayed. This is data protection: what the check ' +
    'guards against is silent loss of messages. The dead-letter queue should keep messages longer than the source ' +
    '(for a standard queue the original enqueue time is kept, so a shorter retention expires them early).',
  remediation: {
    text: 'Create a dead-letter queue and set a redrive policy (maxReceiveCount 3–5) on the source queue; give the DLQ a longer retention.',
    cli: 'aws sqs set-queue-attributes --queue-url <queue-url> --attributes \'{"RedrivePolicy":"{\\"deadLetterTargetArn\\":\\"<dlq-arn>\\",\\"maxReceiveCount\\":\\"5\\"}"}\'',
    terraform:
      'resource "aws_sqs_queue" "orders" {\n  redrive_policy = jsonencode({\n    deadLetterTargetArn = aws_sqs_queue.orders_dlq.arn\n    maxReceiveCount     = 5\n  })\n}\n\n' +
      'resource "aws_sqs_queue" "orders_dlq" {\n  message_retention_seconds = 1209600 # 14 days\n}',
  },
  thresholds: { allowWithoutDlq: [] as string[] },
  thresholdDocs: {
    allowWithoutDlq:
      'Names (or globs) of queues that need no dead-letter queue (their messages may be dropped).',
  },
  source: 'Amazon SQS Developer Guide (dead-letter queues, redrive policy, message retention)',
  requires: ['sqs:ListQueues', 'sqs:GetQueueAttributes'],
  evaluate: (inv, t) => {
    const allowed = nameList(t.allowWithoutDlq);
    const out: Verdict[] = [];
    for (const [region, r] of regionsOf(inv)) {
      const byArn = new Map(r.sqsQueues.map((q) => [q.arn, q]));
      const sourcesOf = new Map<string, string[]>();
      for (const q of r.sqsQueues)
        if (q.redrivePolicy)
          sourcesOf.set(q.redrivePolicy.deadLetterTargetArn, [
            ...(sourcesOf.get(q.redrivePolicy.deadLetterTargetArn) ?? []),
            q.name,
          ]);
      for (const q of r.sqsQueues) {
        const resource = ref.sqsQueue(region, q);
        const sources = sourcesOf.get(q.arn) ?? [];
        const dlq = q.redrivePolicy ? byArn.get(q.redrivePolicy.deadLetterTargetArn) : undefined;
        const evidence = {
          redrivePolicy: q.redrivePolicy ?? null,
          deadLetterQueueFound: q.redrivePolicy ? !!dlq : null,
          messageRetentionSeconds: q.messageRetentionSeconds ?? null,
          deadLetterRetentionSeconds: dlq?.messageRetentionSeconds ?? null,
          deadLetterQueueOf: sources,
        };
        if (!q.redrivePolicy) {
          if (sources.length)
            out.push(pass(resource, `${q.name} is the dead-letter queue of ${sources.join(', ')}`, evidence));
          else if (allowed(q.name))
            out.push(
              pass(resource, `${q.name} has no dead-letter queue, as allowed by allowWithoutDlq`, evidence),
            );
          else
            out.push(
              fail(
                resource,
                `${q.name} has no dead-letter queue (no redrive policy): a message that always fails is retried until its ` +
                  `retention${q.messageRetentionSeconds ? ` (${q.messageRetentionSeconds} s)` : ''} ends, then deleted unseen`,
                evidence,
              ),
            );
          continue;
        }
        const target = q.redrivePolicy.deadLetterTargetArn.split(':').pop();
        if (!dlq) {
          out.push(
            warn(
              resource,
              `${q.name} redrives to ${target} after ${q.redrivePolicy.maxReceiveCount} receives, but that queue is not in ${region}'s inventory (deleted, or another region or account?)`,
              evidence,
            ),
          );
        } else if (
          dlq.messageRetentionSeconds !== undefined &&
          q.messageRetentionSeconds !== undefined &&
          !q.fifo &&
          dlq.messageRetentionSeconds <= q.messageRetentionSeconds
        ) {
          out.push(
            warn(
              resource,
              `${q.name} redrives to ${dlq.name}, but the dead-letter queue keeps messages ${dlq.messageRetentionSeconds} s, ` +
                `not longer than the source's ${q.messageRetentionSeconds} s: a message that arrives there late expires early`,
              evidence,
            ),
          );
        } else {
          out.push(
            pass(
              resource,
              `${q.name} redrives to ${dlq.name} after ${q.redrivePolicy.maxReceiveCount} receives`,
              evidence,
            ),
          );
        }
      }
    }
    return out;
  },
});
