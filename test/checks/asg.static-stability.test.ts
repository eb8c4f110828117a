import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/asg.static-stability.js';
import { asg, asgInstance, denied, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const inv = (...groups: ReturnType<typeof asg>[]) =>
  inventory({ 'us-east-1': { autoScalingGroups: groups } });

test('asg.static-stability: passes when 3 × 3 instances keep 6 with an AZ lost and desired is 6', () => {
  const g = asg({ name: 'web', desiredCapacity: 6 }, { 'us-east-1a': 3, 'us-east-1b': 3, 'us-east-1c': 3 });
  const f = only(run(check, inv(g)), 'web');
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /web keeps 6 in-service instances with its largest AZ \(us-east-1a, 3\) lost; peak needs 6/,
  );
  assert.equal(f.evidence['afterLosingLargestAz'], 6);
  assert.equal(f.evidence['staticallyStableSize'], 9);
});

test('asg.static-stability: fails at exactly desired (2+2+2 for 6), reporting the shortfall and the stable size', () => {
  const g = asg({ name: 'web' }, { 'us-east-1a': 2, 'us-east-1b': 2, 'us-east-1c': 2 });
  const f = only(run(check, inv(g)), 'web');
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'high');
  assert.match(
    f.message,
    /web would keep 4 in-service instances with us-east-1a \(2\) lost; peak needs 6: short by 2/,
  );
  assert.match(f.message, /Statically stable size over 3 AZs: 9/);
  assert.equal(f.evidence['shortfall'], 2);
  assert.equal(f.evidence['peak'], 6);
  assert.deepEqual(f.evidence['inServiceByAz'], { 'us-east-1a': 2, 'us-east-1b': 2, 'us-east-1c': 2 });
});

test('asg.static-stability: the largest AZ is the one lost, and only InService instances count', () => {
  const g = asg({ name: 'skew', desiredCapacity: 4 }, { 'us-east-1a': 1, 'us-east-1b': 5 });
  g.instances.push(asgInstance('i-pending', 'us-east-1a', { lifecycleState: 'Pending' }));
  const f = only(run(check, inv(g)), 'skew');
  assert.equal(f.status, 'fail');
  assert.match(
    f.message,
    /keep 1 in-service instances with us-east-1b \(5\) lost; peak needs 4: short by 3\. Statically stable size over 2 AZs: 8/,
  );
});

test('asg.static-stability: peakFactor scales the peak (1.5 × 6 = 9 needs 9 after loss)', () => {
  const g = asg({ name: 'web', desiredCapacity: 6 }, { 'us-east-1a': 4, 'us-east-1b': 4, 'us-east-1c': 4 });
  assert.equal(only(run(check, inv(g)), 'web').status, 'pass');
  const f = only(run(check, inv(g), { peakFactor: 1.5 }), 'web');
  assert.equal(f.status, 'fail');
  assert.equal(f.evidence['peak'], 9);
  assert.equal(f.evidence['shortfall'], 1);
  assert.equal(f.evidence['staticallyStableSize'], 14);
});

test('asg.static-stability: weighted capacity is summed and reported in capacity units', () => {
  const g = asg({ name: 'mixed', desiredCapacity: 8 }, {});
  g.availabilityZones = ['us-east-1a', 'us-east-1b'];
  g.instances = [
    asgInstance('i-1', 'us-east-1a', { weightedCapacity: 4 }),
    asgInstance('i-2', 'us-east-1a', { weightedCapacity: 4 }),
    asgInstance('i-3', 'us-east-1b', { weightedCapacity: 8 }),
  ];
  const f = only(run(check, inv(g)), 'mixed');
  assert.equal(f.status, 'pass');
  assert.match(f.message, /keeps 8 in-service capacity units/);
  assert.equal(f.evidence['unit'], 'capacity units');
});

test('asg.static-stability: a group in one AZ fails whatever its size', () => {
  const g = asg({ name: 'solo', desiredCapacity: 2 }, { 'us-east-1a': 10 });
  const f = only(run(check, inv(g)), 'solo');
  assert.equal(f.status, 'fail');
  assert.match(
    f.message,
    /solo runs in 1 AZ \(us-east-1a\): losing it loses all 10 in-service instances; peak needs 2/,
  );
  assert.equal(f.evidence['shortfall'], 2);
});

test('asg.static-stability: a group scaled to 0 gives no finding', () => {
  assert.deepEqual(
    run(
      check,
      inv(asg({ name: 'idle', desiredCapacity: 0, minSize: 0 }, { 'us-east-1a': 0, 'us-east-1b': 0 })),
    ),
    [],
  );
});

test('asg.static-stability: skipped in a region where groups could not be read', () => {
  const i = inventory(
    { 'us-east-1': {} },
    { collection: [denied('autoscaling', 'DescribeAutoScalingGroups', 'us-east-1')] },
  );
  const [f, ...rest] = run(check, i);
  assert.equal(rest.length, 0);
  assert.equal(f!.status, 'skipped');
  assert.match(f!.message, /AccessDenied on autoscaling:DescribeAutoScalingGroups in us-east-1/);
});

test('asg.static-stability: no groups, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});

test('asg.static-stability: a resil:peak tag declares the peak need (over-provisioned groups pass)', () => {
  // 9 in service over 3 AZs, real peak 6: losing an AZ leaves 6.
  const g = asg(
    { name: 'web', tags: { 'resil:peak': '6' } },
    { 'us-east-1a': 3, 'us-east-1b': 3, 'us-east-1c': 3 },
  );
  const f = only(run(check, inv(g)), 'web');
  assert.equal(f.status, 'pass');
  assert.equal(f.evidence['peak'], 6);
  // Without the tag, peak = desired (9) and the same group fails.
  const untagged = asg({ name: 'web' }, { 'us-east-1a': 3, 'us-east-1b': 3, 'us-east-1c': 3 });
  assert.equal(only(run(check, inv(untagged)), 'web').status, 'fail');
  // A malformed tag is ignored.
  const bad = asg(
    { name: 'web', tags: { 'resil:peak': 'six' } },
    { 'us-east-1a': 3, 'us-east-1b': 3, 'us-east-1c': 3 },
  );
  assert.equal(only(run(check, inv(bad)), 'web').evidence['peak'], 9);
});
