import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/tg.detection-time.js';
import { denied, inventory, targetGroup } from '../support/builders.js';
import { only, run } from '../support/harness.js';

test('tg.detection-time: passes at interval 10 s × threshold 2 = 20 s', () => {
  const f = only(
    run(check, inventory({ 'us-east-1': { targetGroups: [targetGroup({ name: 'web' })] } })),
    'web',
  );
  assert.equal(f.status, 'pass');
  assert.equal(f.evidence['detectionSeconds'], 20);
  assert.match(f.message, /web detects a failed target in 20 s/);
});

test('tg.detection-time: fails with the ALB defaults (30 s × 2 = 60 s) and names the numbers', () => {
  const tg = targetGroup({ name: 'api' });
  tg.healthCheck.intervalSeconds = 30;
  const f = only(run(check, inventory({ 'us-east-1': { targetGroups: [tg] } })), 'api');
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'medium');
  assert.match(f.message, /api needs 60 s \(30 s × 2\).*limit 30 s/);
});

test('tg.detection-time: the threshold is configurable', () => {
  const tg = targetGroup({ name: 'api' });
  tg.healthCheck.intervalSeconds = 30;
  assert.equal(
    only(run(check, inventory({ 'us-east-1': { targetGroups: [tg] } }), { maxDetectionSeconds: 60 }), 'api')
      .status,
    'pass',
  );
});

test('tg.detection-time: skipped in a region where target groups could not be read', () => {
  const inv = inventory(
    { 'us-east-1': {}, 'us-west-2': { targetGroups: [targetGroup({ name: 'west' }, 'us-west-2')] } },
    { collection: [denied('elasticloadbalancing', 'DescribeTargetGroups', 'us-east-1')] },
  );
  const findings = run(check, inv);
  const skipped = only(findings, 'us-east-1');
  assert.equal(skipped.status, 'skipped');
  assert.match(skipped.message, /AccessDenied on elasticloadbalancing:DescribeTargetGroups in us-east-1/);
  assert.equal(only(findings, 'west').status, 'pass');
});

test('tg.detection-time: no target groups, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});

test('tg.detection-time: a lambda target group with health checks disabled (the default) is skipped, not failed on its 35 s × 2 defaults', () => {
  const tg = targetGroup({ name: 'fn', targetType: 'lambda' });
  tg.healthCheck = {
    ...tg.healthCheck,
    enabled: false,
    intervalSeconds: 35,
    timeoutSeconds: 30,
    healthyThreshold: 5,
    unhealthyThreshold: 2,
  };
  const f = only(run(check, inventory({ 'us-east-1': { targetGroups: [tg] } })), 'fn');
  assert.equal(f.status, 'skipped');
  assert.equal(f.evidence['reason'], 'health-check-disabled');
  assert.match(f.message, /fn has health checks disabled/);
});
