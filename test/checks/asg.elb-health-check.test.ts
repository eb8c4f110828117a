import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/asg.elb-health-check.js';
import { asg, denied, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef';

test('asg.elb-health-check: passes for a group in a target group with ELB health checks', () => {
  const g = asg(
    { name: 'web', targetGroupArns: [TG], healthCheckType: 'ELB' },
    { 'us-east-1a': 2, 'us-east-1b': 2 },
  );
  const f = only(run(check, inventory({ 'us-east-1': { autoScalingGroups: [g] } })), 'web');
  assert.equal(f.status, 'pass');
  assert.match(f.message, /web uses ELB health checks for its 1 target group/);
  assert.equal(f.evidence['targetGroups'], 1);
});

test('asg.elb-health-check: accepts list-style types such as "ELB,EBS"', () => {
  const g = asg({ name: 'web', targetGroupArns: [TG], healthCheckType: 'EBS, ELB' });
  assert.equal(
    only(run(check, inventory({ 'us-east-1': { autoScalingGroups: [g] } })), 'web').status,
    'pass',
  );
});

test('asg.elb-health-check: passes for a group without a load balancer using EC2 checks', () => {
  const g = asg({ name: 'batch', healthCheckType: 'EC2' });
  const f = only(run(check, inventory({ 'us-east-1': { autoScalingGroups: [g] } })), 'batch');
  assert.equal(f.status, 'pass');
  assert.match(f.message, /batch is not behind a load balancer and uses EC2 health checks/);
});

test('asg.elb-health-check: fails for a group behind a load balancer with EC2 checks only', () => {
  const g = asg({
    name: 'api',
    targetGroupArns: [TG, `${TG}2`],
    loadBalancerNames: ['classic'],
    healthCheckType: 'EC2',
  });
  const f = only(run(check, inventory({ 'us-east-1': { autoScalingGroups: [g] } })), 'api');
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'medium');
  assert.match(
    f.message,
    /api is attached to 2 target groups and 1 Classic Load Balancer but uses EC2 health checks/,
  );
  assert.match(f.message, /replaces only instances EC2 sees as dead/);
  assert.deepEqual(f.evidence, { healthCheckType: 'EC2', targetGroups: 2, classicLoadBalancers: 1 });
});

test('asg.elb-health-check: warns on ELB checks with nothing attached', () => {
  const g = asg({ name: 'orphan', healthCheckType: 'ELB' });
  const f = only(run(check, inventory({ 'us-east-1': { autoScalingGroups: [g] } })), 'orphan');
  assert.equal(f.status, 'warn');
  assert.match(f.message, /orphan uses ELB health checks but has no load balancer or target group attached/);
  assert.equal(f.evidence['targetGroups'], 0);
});

test('asg.elb-health-check: skipped in a region where groups could not be read', () => {
  const inv = inventory(
    {
      'us-east-1': {},
      'us-west-2': { autoScalingGroups: [asg({ name: 'west', targetGroupArns: [TG] }, { 'us-west-2a': 1 })] },
    },
    { collection: [denied('autoscaling', 'DescribeAutoScalingGroups', 'us-east-1')] },
  );
  const findings = run(check, inv);
  const s = only(findings, 'us-east-1');
  assert.equal(s.status, 'skipped');
  assert.match(s.message, /AccessDenied on autoscaling:DescribeAutoScalingGroups in us-east-1/);
  assert.equal(only(findings, 'west').status, 'pass');
});

test('asg.elb-health-check: no groups, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
