import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/asg.max-size-headroom.js';
import { asg, denied, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const spread3 = { 'us-east-1a': 2, 'us-east-1b': 2, 'us-east-1c': 2 };
const inv = (...groups: ReturnType<typeof asg>[]) =>
  inventory({ 'us-east-1': { autoScalingGroups: groups } });

test('asg.max-size-headroom: passes when MaxSize 12 ≥ 9 (peak 6 over 3 AZs)', () => {
  const f = only(run(check, inv(asg({ name: 'web', maxSize: 12 }, spread3))), 'web');
  assert.equal(f.status, 'pass');
  assert.match(f.message, /web MaxSize 12 ≥ 9, the statically stable size for peak 6 over 3 AZs/);
  assert.equal(f.evidence['staticallyStableSize'], 9);
});

test('asg.max-size-headroom: fails when MaxSize 8 < 9', () => {
  const f = only(run(check, inv(asg({ name: 'web', maxSize: 8 }, spread3))), 'web');
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'high');
  assert.match(
    f.message,
    /web MaxSize 8 < 9, the statically stable size for peak 6 over 3 AZs: it could not reach a statically stable size even by scaling/,
  );
  assert.equal(f.evidence['missing'], 1);
});

test('asg.max-size-headroom: 2 AZs need 200 %, and peakFactor raises the bar', () => {
  const g = asg({ name: 'two', desiredCapacity: 4, maxSize: 8 }, { 'us-east-1a': 2, 'us-east-1b': 2 });
  assert.equal(only(run(check, inv(g)), 'two').status, 'pass');
  const f = only(run(check, inv(g), { peakFactor: 1.25 }), 'two');
  assert.equal(f.status, 'fail');
  assert.equal(f.evidence['peak'], 5);
  assert.equal(f.evidence['staticallyStableSize'], 10);
});

test('asg.max-size-headroom: one configured AZ fails', () => {
  const f = only(run(check, inv(asg({ name: 'solo', maxSize: 100 }, { 'us-east-1a': 2 }))), 'solo');
  assert.equal(f.status, 'fail');
  assert.match(
    f.message,
    /solo is configured for 1 AZ: it could not reach a statically stable size even by scaling/,
  );
});

test('asg.max-size-headroom: a group scaled to 0 gives no finding', () => {
  assert.deepEqual(
    run(check, inv(asg({ name: 'idle', desiredCapacity: 0, minSize: 0, maxSize: 0 }, spread3))),
    [],
  );
});

test('asg.max-size-headroom: skipped in a region where groups could not be read', () => {
  const i = inventory(
    { 'us-east-1': { autoScalingGroups: [asg({ name: 'web', maxSize: 12 }, spread3)] }, 'us-west-2': {} },
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

test('asg.max-size-headroom: no groups, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
