/**
 * asg.max-size-headroom: MaxSize against ceil(P·N/(N−1)), P the instances the demand needs.
 * m6i.large = 2 vCPUs; safe utilisation 80 %.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/asg.max-size-headroom.js';
import { asg, cpuTargetTracking, denied, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const spread3 = { 'us-east-1a': 2, 'us-east-1b': 2, 'us-east-1c': 2 };
const inv = (...groups: ReturnType<typeof asg>[]) =>
  inventory({ 'us-east-1': { autoScalingGroups: groups } });
const declared = (o: Parameters<typeof asg>[0], s = spread3) =>
  asg({ ...o, tags: { 'resil:peak': '6', ...o.tags } }, s);

test('asg.max-size-headroom: passes when MaxSize 12 ≥ 9 (declared peak 6 over 3 AZs)', () => {
  const f = only(run(check, inv(declared({ name: 'web', maxSize: 12 }))), 'web');
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /web MaxSize 12 ≥ 9, the statically stable size for a peak of 12 vCPUs \(6 instances\) \(declared: tag resil:peak=6/,
  );
  assert.equal(f.evidence['staticallyStableInstances'], 9);
  assert.equal(f.evidence['demandSource'], 'declared');
});

test('asg.max-size-headroom: fails when MaxSize 8 < 9 on a declared peak', () => {
  const f = only(run(check, inv(declared({ name: 'web', maxSize: 8 }))), 'web');
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'high');
  assert.match(
    f.message,
    /web MaxSize 8 < 9, the statically stable size for a peak of 12 vCPUs \(6 instances\)/,
  );
  assert.match(f.message, /it could not reach a statically stable size even by scaling/);
  assert.equal(f.evidence['missing'], 1);
});

test('asg.max-size-headroom: on an assumed demand it is at most a warning, and says so', () => {
  // Assumed peak = today's 6 instances; 9 needed over 3 AZs; MaxSize 8: short, but only a warning.
  const f = only(run(check, inv(asg({ name: 'web', maxSize: 8 }, spread3))), 'web');
  assert.equal(f.status, 'warn');
  assert.equal(f.evidence['demandSource'], 'assumed');
  assert.match(f.message, /on an assumed demand, so not a failure/);
});

test('asg.max-size-headroom: 50 % CPU target over 3 AZs needs only ceil(4 × 3/2) = 6', () => {
  // 12 vCPUs at 50 %: needed 7.5 vCPUs = ceil(3.75) = 4 instances; stable ceil(4 × 3 / 2) = 6 ≤ MaxSize 6.
  const f = only(
    run(check, inv(asg({ name: 'web', maxSize: 6, scalingPolicies: [cpuTargetTracking(50)] }, spread3))),
    'web',
  );
  assert.equal(f.status, 'pass');
  assert.equal(f.evidence['peakInstances'], 4);
  assert.equal(f.evidence['staticallyStableInstances'], 6);
});

test('asg.max-size-headroom: 2 AZs need 200 %, and a declared peakFactor raises the bar', () => {
  // peakFactor 1: P = 4, 2 AZs: 8 ≤ 8. peakFactor 1.25: P = 5, 10 > 8.
  const g = asg({ name: 'two', desiredCapacity: 4, maxSize: 8 }, { 'us-east-1a': 2, 'us-east-1b': 2 });
  assert.equal(only(run(check, inv(g), { peakFactor: 1 }), 'two').status, 'pass');
  const f = only(run(check, inv(g), { peakFactor: 1.25 }), 'two');
  assert.equal(f.status, 'fail');
  assert.equal(f.evidence['peakInstances'], 5);
  assert.equal(f.evidence['staticallyStableInstances'], 10);
});

test('asg.max-size-headroom: one configured AZ fails whatever the demand, with asg.multi-az as its root cause', () => {
  const f = only(run(check, inv(asg({ name: 'solo', maxSize: 100 }, { 'us-east-1a': 2 }))), 'solo');
  assert.equal(f.status, 'fail');
  assert.match(
    f.message,
    /solo is configured for 1 AZ: it could not reach a statically stable size even by scaling/,
  );
  assert.deepEqual((f as { rootCause?: unknown }).rootCause, { checkId: 'asg.multi-az' });
});

test('asg.max-size-headroom: a group scaled to 0 gives no finding; no groups, no findings', () => {
  assert.deepEqual(
    run(check, inv(asg({ name: 'idle', desiredCapacity: 0, minSize: 0, maxSize: 0 }, spread3))),
    [],
  );
  assert.deepEqual(run(check, inventory()), []);
});

test('asg.max-size-headroom: skipped in a region where groups could not be read', () => {
  const i = inventory(
    { 'us-east-1': { autoScalingGroups: [declared({ name: 'web', maxSize: 12 })] }, 'us-west-2': {} },
    { collection: [denied('autoscaling', 'DescribeAutoScalingGroups', 'us-west-2')] },
  );
  const findings = run(check, i);
  assert.equal(only(findings, 'us-west-2').status, 'skipped');
  assert.match(
    only(findings, 'us-west-2').message,
    /AccessDenied on autoscaling:DescribeAutoScalingGroups in us-west-2/,
  );
  assert.equal(only(findings, 'web').status, 'pass');
});

test('asg.max-size-headroom (defect 5): a scheduled-only group has the headroom but nothing to grow it — the pass says so', () => {
  // Declared peak 6 over 3 AZs: stable size 9 ≤ MaxSize 12; 6 run now (not stable), and only a schedule changes its size.
  const g = declared({
    name: 'batch',
    maxSize: 12,
    scheduledActions: [{ name: 'nightly', recurrence: '0 2 * * *' }],
  });
  const f = only(run(check, inv(g)), 'batch');
  assert.equal(f.status, 'pass');
  assert.equal(f.evidence['canReact'], false);
  assert.match(
    f.message,
    /no scaling policy reacts to load, so it would not grow there on its own \(see asg\.scaling-policy\)/,
  );
  assert.equal((f.evidence['perAz'] as unknown[]).length, 3);
});
