import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/lb.multi-az.js';
import { denied, inventory, loadBalancer } from '../support/builders.js';
import { only, run } from '../support/harness.js';

test('lb.multi-az: passes with 3 enabled AZs', () => {
  const f = only(
    run(check, inventory({ 'us-east-1': { loadBalancers: [loadBalancer({ name: 'web' })] } })),
    'web',
  );
  assert.equal(f.status, 'pass');
  assert.equal(f.message, 'web is enabled in 3 AZs (us-east-1a, us-east-1b, us-east-1c)');
  assert.equal(f.evidence['azCount'], 3);
});

test('lb.multi-az: fails an NLB enabled in 1 AZ', () => {
  const lb = loadBalancer({ name: 'nlb', type: 'network' }, 'us-east-1', ['us-east-1b']);
  const f = only(run(check, inventory({ 'us-east-1': { loadBalancers: [lb] } })), 'nlb');
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'high');
  assert.equal(f.message, 'nlb is enabled in 1 AZ (us-east-1b); needs ≥ 2');
  assert.equal(f.evidence['minAzs'], 2);
});

test('lb.multi-az: minAzs is configurable', () => {
  const lb = loadBalancer({ name: 'web' }, 'us-east-1', ['us-east-1a', 'us-east-1b']);
  const inv = inventory({ 'us-east-1': { loadBalancers: [lb] } });
  assert.equal(only(run(check, inv), 'web').status, 'pass');
  assert.equal(only(run(check, inv, { minAzs: 3 }), 'web').status, 'fail');
});

test('lb.multi-az: skipped where load balancers could not be read', () => {
  const inv = inventory(
    { 'us-east-1': {} },
    { collection: [denied('elasticloadbalancing', 'DescribeLoadBalancers', 'us-east-1')] },
  );
  const f = only(run(check, inv), 'us-east-1');
  assert.equal(f.status, 'skipped');
  assert.match(f.message, /elasticloadbalancing:DescribeLoadBalancers/);
});

test('lb.multi-az: no load balancers, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
