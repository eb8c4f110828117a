import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/sqs.standby-worker.js';
import { alarm, asg, denied, ecsScalableTarget, inventory, sqsQueue } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const regions = { primaryRegion: 'us-east-1', standbyRegion: 'us-west-2' };
const backlog = (queue: string) => ({
  name: 'backlog',
  type: 'TargetTrackingScaling',
  targetTracking: {
    metric: 'custom',
    targetValue: 100,
    disableScaleIn: false,
    customMetric: {
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: queue },
    },
  },
  alarms: [],
});

test('sqs.standby-worker: a queue-depth-scaled worker on both sides passes', () => {
  const out = run(
    check,
    inventory({
      'us-east-1': {
        sqsQueues: [sqsQueue({ name: 'orders' })],
        scalableTargets: [ecsScalableTarget('worker', {}, [backlog('orders')])],
      },
      'us-west-2': {
        sqsQueues: [sqsQueue({ name: 'orders' }, 'us-west-2')],
        scalableTargets: [ecsScalableTarget('worker-west', {}, [backlog('orders')])],
      },
    }),
    regions,
  );
  const f = only(out, 'orders');
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /us-east-1: ECS service shop\/worker \(backlog\); us-west-2: ECS service shop\/worker-west \(backlog\)/,
  );
});

test('sqs.standby-worker: fails with no standby queue, or a standby queue nothing scales on (step policy via alarm)', () => {
  const stepAsg = asg({
    name: 'worker-asg',
    scalingPolicies: [{ name: 'deep', type: 'StepScaling', enabled: true, alarms: ['orders-deep'] }],
  });
  const deep = alarm(
    { name: 'orders-deep' },
    {
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: 'orders' },
    },
  );
  const primary = { sqsQueues: [sqsQueue({ name: 'orders' })], autoScalingGroups: [stepAsg], alarms: [deep] };
  const none = only(run(check, inventory({ 'us-east-1': primary, 'us-west-2': {} }), regions), 'orders');
  assert.equal(none.status, 'fail');
  assert.match(
    none.message,
    /drives Auto Scaling group worker-asg \(deep\) in us-east-1, but us-west-2 has no queue named orders/,
  );
  const idle = only(
    run(
      check,
      inventory({
        'us-east-1': primary,
        'us-west-2': { sqsQueues: [sqsQueue({ name: 'orders' }, 'us-west-2')] },
      }),
      regions,
    ),
    'orders',
  );
  assert.equal(idle.status, 'fail');
  assert.match(idle.message, /the queue exists but no tier scales on its depth/);
});

test('sqs.standby-worker: queues nothing scales on are not judged; denied → skipped whole', () => {
  assert.deepEqual(
    run(
      check,
      inventory({ 'us-east-1': { sqsQueues: [sqsQueue({ name: 'emails' })] }, 'us-west-2': {} }),
      regions,
    ),
    [],
  );
  const [f] = run(
    check,
    inventory(
      { 'us-east-1': {}, 'us-west-2': {} },
      { collection: [denied('cloudwatch', 'DescribeAlarms', 'us-west-2')] },
    ),
    regions,
  );
  assert.equal(f!.status, 'skipped');
  assert.deepEqual(run(check, inventory()), []);
});
