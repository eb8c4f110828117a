import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/asg.grace-period.js';
import { asg, denied, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

function one(o: Parameters<typeof asg>[0], overrides = {}) {
  return only(run(check, inventory({ 'us-east-1': { autoScalingGroups: [asg(o)] } }), overrides), o.name);
}

test('asg.grace-period: passes at 120 s with ELB health checks', () => {
  const f = one({ name: 'web', healthCheckType: 'ELB', healthCheckGracePeriodSeconds: 120 });
  assert.equal(f.status, 'pass');
  assert.match(f.message, /web has a 120 s health-check grace period \(ELB health checks\)/);
  assert.deepEqual(f.evidence, {
    healthCheckType: 'ELB',
    gracePeriodSeconds: 120,
    maxGracePeriodSeconds: 300,
  });
});

test('asg.grace-period: exactly the limit (300 s) passes', () => {
  assert.equal(one({ name: 'web', healthCheckGracePeriodSeconds: 300 }).status, 'pass');
});

test('asg.grace-period: warns on 0 s with ELB health checks', () => {
  const f = one({ name: 'web', healthCheckType: 'ELB', healthCheckGracePeriodSeconds: 0 });
  assert.equal(f.status, 'warn');
  assert.equal(f.severity, 'low');
  assert.match(
    f.message,
    /web has a 0 s health-check grace period with ELB health checks: new instances can be killed before they boot/,
  );
});

test('asg.grace-period: 0 s with EC2 checks only passes', () => {
  assert.equal(
    one({ name: 'batch', healthCheckType: 'EC2', healthCheckGracePeriodSeconds: 0 }).status,
    'pass',
  );
});

test('asg.grace-period: warns above the limit, for ELB and EC2 groups alike', () => {
  const f = one({ name: 'slow', healthCheckType: 'ELB', healthCheckGracePeriodSeconds: 900 });
  assert.equal(f.status, 'warn');
  assert.match(
    f.message,
    /slow has a 900 s health-check grace period \(limit 300 s\): replacement of a bad new instance is delayed/,
  );
  assert.equal(f.evidence['gracePeriodSeconds'], 900);
  assert.equal(
    one({ name: 'ec2', healthCheckType: 'EC2', healthCheckGracePeriodSeconds: 900 }).status,
    'warn',
  );
});

test('asg.grace-period: the limit is configurable', () => {
  const f = one({ name: 'slow', healthCheckGracePeriodSeconds: 900 }, { maxGracePeriodSeconds: 900 });
  assert.equal(f.status, 'pass');
  assert.equal(f.evidence['maxGracePeriodSeconds'], 900);
});

test('asg.grace-period: skipped in a region where groups could not be read', () => {
  const inv = inventory(
    { 'us-east-1': {} },
    { collection: [denied('autoscaling', 'DescribeAutoScalingGroups', 'us-east-1')] },
  );
  const s = only(run(check, inv), 'us-east-1');
  assert.equal(s.status, 'skipped');
  assert.match(s.message, /AccessDenied on autoscaling:DescribeAutoScalingGroups in us-east-1/);
});

test('asg.grace-period: no groups, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});

test('asg.grace-period: 0 s with EC2 checks behind a load balancer warns (it should move to ELB checks)', () => {
  const f = one({
    name: 'api',
    healthCheckType: 'EC2',
    healthCheckGracePeriodSeconds: 0,
    targetGroupArns: ['arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/1'],
  });
  assert.equal(f.status, 'warn');
  assert.match(f.message, /api has a 0 s health-check grace period and sits behind a load balancer/);
  assert.equal(f.evidence['gracePeriodSeconds'], 0);
});
