import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/lb.cross-zone.js';
import { denied, inventory, loadBalancer, targetGroup } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const nlb = loadBalancer({ name: 'nlb', type: 'network', attributes: { crossZoneEnabled: false } });

function one(
  lb: ReturnType<typeof loadBalancer>,
  perAz: Record<string, number>,
  attributes: Record<string, string> = {},
) {
  const tg = targetGroup({ name: 'tcp', loadBalancerArns: [lb.arn], attributes }, 'us-east-1', perAz);
  return only(run(check, inventory({ 'us-east-1': { loadBalancers: [lb], targetGroups: [tg] } })), lb.name);
}

test('lb.cross-zone: passes when cross-zone is enabled', () => {
  const f = one(loadBalancer({ name: 'web' }), { 'us-east-1a': 5, 'us-east-1b': 1 });
  assert.equal(f.status, 'pass');
  assert.equal(f.message, 'web has cross-zone load balancing enabled');
});

test('lb.cross-zone: disabled with balanced targets passes as a valid zonal-isolation choice', () => {
  const f = one(nlb, { 'us-east-1a': 2, 'us-east-1b': 2, 'us-east-1c': 2 });
  assert.equal(f.status, 'pass');
  assert.equal(
    f.message,
    'nlb has cross-zone load balancing disabled, targets balanced (valid for zonal isolation)',
  );
});

test('lb.cross-zone: disabled with imbalanced targets warns with the numbers', () => {
  const f = one(nlb, { 'us-east-1a': 4, 'us-east-1b': 1, 'us-east-1c': 4 });
  assert.equal(f.status, 'warn');
  assert.equal(f.severity, 'low');
  assert.equal(
    f.message,
    'nlb has cross-zone load balancing disabled and imbalanced healthy targets: tcp (us-east-1a: 4, us-east-1b: 1, us-east-1c: 4: max − min = 3, 75% of max) (limits 1 and 20%)',
  );
  assert.deepEqual(f.evidence['healthyPerAz'], {
    tcp: { 'us-east-1a': 4, 'us-east-1b': 1, 'us-east-1c': 4 },
  });
});

test('lb.cross-zone: an ALB target group that turns cross-zone off is judged the same way', () => {
  const f = one(
    loadBalancer({ name: 'web' }),
    { 'us-east-1a': 6, 'us-east-1b': 1, 'us-east-1c': 1 },
    { 'load_balancing.cross_zone.enabled': 'false' },
  );
  assert.equal(f.status, 'warn');
  assert.match(f.message, /^web has cross-zone load balancing disabled for tcp and imbalanced/);
  assert.deepEqual(f.evidence['targetGroupsWithCrossZoneOff'], ['tcp']);
});

test('lb.cross-zone: an NLB target group that turns cross-zone on passes', () => {
  assert.equal(one(nlb, { 'us-east-1a': 6 }, { 'load_balancing.cross_zone.enabled': 'true' }).status, 'pass');
});

test('lb.cross-zone: skipped when the attribute was not collected, or there is nothing to compare', () => {
  const unknown = one(loadBalancer({ name: 'web', attributes: {} }), { 'us-east-1a': 1 });
  assert.equal(unknown.status, 'skipped');
  assert.equal(unknown.message, 'web: cross-zone attribute not collected');
  const none = one(nlb, {});
  assert.equal(none.status, 'skipped');
  assert.match(none.message, /no healthy targets to compare/);
});

test('lb.cross-zone: skipped where load balancer attributes could not be read', () => {
  const inv = inventory(
    { 'us-east-1': { loadBalancers: [nlb] } },
    { collection: [denied('elasticloadbalancing', 'DescribeLoadBalancerAttributes', 'us-east-1')] },
  );
  const f = only(run(check, inv), 'us-east-1');
  assert.equal(f.status, 'skipped');
  assert.match(f.message, /elasticloadbalancing:DescribeLoadBalancerAttributes/);
});

test('lb.cross-zone: no load balancers, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
