import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/sqs.dead-letter-queue.js';
import { denied, inventory, sqsQueue } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const dlq = sqsQueue({ name: 'orders-dlq', messageRetentionSeconds: 1209600 });
const redrive = (target = dlq.arn) => ({ deadLetterTargetArn: target, maxReceiveCount: 5 });

test('sqs.dead-letter-queue: a queue with a DLQ passes, and so does the DLQ itself; a queue without one fails', () => {
  const out = run(
    check,
    inventory({
      'us-east-1': {
        sqsQueues: [
          sqsQueue({ name: 'orders', redrivePolicy: redrive() }),
          dlq,
          sqsQueue({ name: 'emails' }),
        ],
      },
    }),
  );
  assert.equal(only(out, 'orders').status, 'pass');
  assert.equal(only(out, 'orders').message, 'orders redrives to orders-dlq after 5 receives');
  assert.equal(only(out, 'orders-dlq').message, 'orders-dlq is the dead-letter queue of orders');
  assert.equal(only(out, 'emails').status, 'fail');
  assert.match(
    only(out, 'emails').message,
    /emails has no dead-letter queue .* retention \(345600 s\) ends, then deleted unseen/,
  );
});

test('sqs.dead-letter-queue: warns on a DLQ that is missing or keeps messages no longer; allowWithoutDlq passes', () => {
  const short = sqsQueue({ name: 'short-dlq', messageRetentionSeconds: 345600 });
  const out = run(
    check,
    inventory({
      'us-east-1': {
        sqsQueues: [
          sqsQueue({ name: 'a', redrivePolicy: redrive('arn:aws:sqs:us-east-1:123456789012:gone') }),
          sqsQueue({ name: 'b', redrivePolicy: redrive(short.arn) }),
          short,
          sqsQueue({ name: 'fire-and-forget' }),
        ],
      },
    }),
    { allowWithoutDlq: ['fire-*'] },
  );
  assert.equal(only(out, 'a').status, 'warn');
  assert.match(only(out, 'a').message, /redrives to gone .* not in us-east-1's inventory/);
  assert.equal(only(out, 'b').status, 'warn');
  assert.match(only(out, 'b').message, /keeps messages 345600 s, not longer than the source's 345600 s/);
  assert.equal(only(out, 'fire-and-forget').status, 'pass');
});

test('sqs.dead-letter-queue: skipped on denial; no queues, no findings', () => {
  const [f] = run(
    check,
    inventory({ 'us-east-1': {} }, { collection: [denied('sqs', 'GetQueueAttributes', 'us-east-1')] }),
  );
  assert.equal(f!.status, 'skipped');
  assert.deepEqual(run(check, inventory()), []);
});
