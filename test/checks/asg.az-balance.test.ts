import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/asg.az-balance.js';
import { asg, asgInstance, denied, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

function one(g: ReturnType<typeof asg>, overrides = {}) {
  return only(run(check, inventory({ 'us-east-1': { autoScalingGroups: [g] } }), overrides), g.name);
}

test('asg.az-balance: passes at 2/2/2', () => {
  const f = one(asg({ name: 'web' }, { 'us-east-1a': 2, 'us-east-1b': 2, 'us-east-1c': 2 }));
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /web in-service instances are balanced \(us-east-1a: 2, us-east-1b: 2, us-east-1c: 2; 0% spread\)/,
  );
});

test('asg.az-balance: fails when every in-service instance is in one AZ, even if 3 AZs are configured', () => {
  const g = asg(
    { name: 'web', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
    { 'us-east-1a': 6 },
  );
  const f = one(g);
  assert.equal(f.status, 'fail');
  assert.equal(f.message, 'web has all 6 in-service instances in 1 AZ (us-east-1a) of 3 AZs');
  assert.deepEqual(f.evidence['inServicePerAz'], { 'us-east-1a': 6, 'us-east-1b': 0, 'us-east-1c': 0 });
});

test('asg.az-balance: warns at 4/2/4 (50% > 20%) and gives the numbers', () => {
  const f = one(asg({ name: 'web' }, { 'us-east-1a': 4, 'us-east-1b': 2, 'us-east-1c': 4 }));
  assert.equal(f.status, 'warn');
  assert.equal(f.severity, 'medium');
  assert.match(
    f.message,
    /us-east-1a: 4, us-east-1b: 2, us-east-1c: 4\): max − min = 2, 50% of max \(limit 20%\)/,
  );
  assert.equal(f.evidence['difference'], 2);
  assert.equal(f.evidence['imbalancePercent'], 50);
});

test('asg.az-balance: 5/4 is 20%, not above the limit: pass; 12/10 (16.7%) passes, and warns with a configured 10%', () => {
  assert.equal(one(asg({ name: 'web' }, { 'us-east-1a': 5, 'us-east-1b': 4 })).status, 'pass');
  const g = asg({ name: 'web' }, { 'us-east-1a': 12, 'us-east-1b': 10 });
  assert.equal(one(g).status, 'pass');
  assert.equal(one(g, { maxImbalancePercent: 10 }).status, 'warn');
});

test('asg.az-balance: only InService instances count', () => {
  const g = asg({ name: 'web' }, { 'us-east-1a': 2, 'us-east-1b': 2 });
  g.instances.push(
    asgInstance('i-pending', 'us-east-1a', { lifecycleState: 'Pending' }),
    asgInstance('i-t', 'us-east-1a', { lifecycleState: 'Terminating' }),
  );
  const f = one(g);
  assert.equal(f.status, 'pass');
  assert.equal(f.evidence['inService'], 4);
});

test('asg.az-balance: a group with 0 in-service instances passes with a message saying so', () => {
  const g = asg({
    name: 'batch',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    desiredCapacity: 0,
    minSize: 0,
  });
  const f = one(g);
  assert.equal(f.status, 'pass');
  assert.equal(f.message, 'batch has 0 in-service instances (desired 0); nothing to balance');
});

test('asg.az-balance: skipped where groups could not be read', () => {
  const inv = inventory(
    { 'us-east-1': {} },
    { collection: [denied('autoscaling', 'DescribeAutoScalingGroups', 'us-east-1')] },
  );
  const f = only(run(check, inv), 'us-east-1');
  assert.equal(f.status, 'skipped');
  assert.match(f.message, /autoscaling:DescribeAutoScalingGroups/);
});

test('asg.az-balance: no groups, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});

test('asg.az-balance: an odd count spread as evenly as possible (2/1, 4/3/3, 1/1/0) passes: max − min ≤ 1 cannot be improved', () => {
  for (const spread of <Array<Record<string, number>>>[
    { 'us-east-1a': 2, 'us-east-1b': 1 },
    { 'us-east-1a': 4, 'us-east-1b': 3, 'us-east-1c': 3 },
    { 'us-east-1a': 1, 'us-east-1b': 1, 'us-east-1c': 0 },
  ]) {
    const g = asg({ name: 'web', availabilityZones: Object.keys(spread) }, spread);
    const f = one(g);
    assert.equal(f.status, 'pass', JSON.stringify(spread));
    assert.match(f.message, /as even as \d+ in-service instances? over \d AZs allows? \(.*max − min = 1\)/);
    assert.equal(f.evidence['difference'], 1);
  }
  // A single in-service instance cannot be in two AZs: not an imbalance (asg.static-stability judges the size).
  const single = one(
    asg({ name: 'tiny', availabilityZones: ['us-east-1a', 'us-east-1b'] }, { 'us-east-1a': 1 }),
  );
  assert.equal(single.status, 'pass');
  // 5/3/3 is still avoidable (difference 2): warns.
  assert.equal(
    one(asg({ name: 'web' }, { 'us-east-1a': 5, 'us-east-1b': 3, 'us-east-1c': 3 })).status,
    'warn',
  );
});
