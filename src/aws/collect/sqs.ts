/** SQS: queues with their redrive policy (dead-letter queue), retention and visibility timeout. */
import { GetQueueAttributesCommand, paginateListQueues } from '@aws-sdk/client-sqs';
import type { SqsQueue } from '../../inventory/schema.js';
import { allPages, attempt, attemptEach, clampPage, type CollectContext } from './context.js';

/** The inventory shape of a queue from its URL and attributes (GetQueueAttributes All). */
export function mapQueue(url: string, attrs: Record<string, string>): SqsQueue {
  const name = url.split('/').pop() ?? url;
  const num = (k: string) =>
    attrs[k] !== undefined && !Number.isNaN(Number(attrs[k])) ? Number(attrs[k]) : undefined;
  let redrive: SqsQueue['redrivePolicy'];
  if (attrs['RedrivePolicy']) {
    try {
      const p = JSON.parse(attrs['RedrivePolicy']) as {
        deadLetterTargetArn?: string;
        maxReceiveCount?: string | number;
      };
      if (p.deadLetterTargetArn)
        redrive = {
          deadLetterTargetArn: p.deadLetterTargetArn,
          maxReceiveCount: Number(p.maxReceiveCount ?? 0),
        };
    } catch {
      // An unparsable policy is reported as none: the queue then fails sqs.dead-letter-queue, as it should.
    }
  }
  const retention = num('MessageRetentionPeriod');
  const visibility = num('VisibilityTimeout');
  return {
    name,
    url,
    arn: attrs['QueueArn'] ?? url,
    fifo: attrs['FifoQueue'] === 'true' || name.endsWith('.fifo'),
    ...(redrive ? { redrivePolicy: redrive } : {}),
    ...(retention !== undefined ? { messageRetentionSeconds: retention } : {}),
    ...(visibility !== undefined ? { visibilityTimeoutSeconds: visibility } : {}),
  };
}

export async function collectSqs(ctx: CollectContext, region: string): Promise<SqsQueue[]> {
  const sqs = ctx.clients.sqs(region);
  const urls = await attempt(ctx, 'sqs', region, 'ListQueues', () =>
    allPages(
      paginateListQueues({ client: sqs, pageSize: clampPage(ctx.pageSize, 1, 1000) }, {}),
      (p) => p.QueueUrls,
    ),
  );
  if (!urls || urls.length === 0) return [];
  const sorted = [...urls].sort();
  const attrs = await attemptEach(ctx, 'sqs', region, 'GetQueueAttributes', sorted, (QueueUrl) =>
    sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] })),
  );
  return sorted.flatMap((url, i) => {
    const a = attrs[i];
    return a ? [mapQueue(url, (a.Attributes ?? {}) as Record<string, string>)] : [];
  });
}
