import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/tg.recovery-time.js';
import { denied, inventory, targetGroup } from '../support/builders.js';
import { only, run } from '../support/harness.js';

function tg(name: string, intervalSeconds: number, healthyThreshold: number, enabled = true) {
  const t = targetGroup({ name });
  t.healthCheck = { ...t.healthCheck, intervalSeconds, healthyThreshold, enabled };
  return t;
}

test('tg.recovery-time: passes and reports 30 s at 10 s × 3', () => {
  const f = only(run(check, inventory({ 'us-east-1': { targetGroups: [tg('web', 10, 3)] } })), 'web');
  assert.equal(f.status, 'pass');
  assert.match(f.message, /web puts a new or recovered target into service in 30 s \(10 s × 3\)/);
  assert.deepEqual(f.evidence, {
    intervalSeconds: 10,
    healthyThreshold: 3,
    recoverySeconds: 30,
    maxRecoverySeconds: 60,
  });
});

test('tg.recovery-time: warns with the ALB defaults (30 s × 5 = 150 s)', () => {
  const f = only(run(check, inventory({ 'us-east-1': { targetGroups: [tg('api', 30, 5)] } })), 'api');
  assert.equal(f.status, 'warn');
  assert.equal(f.severity, 'low');
  assert.match(
    f.message,
    /api needs 150 s \(30 s × 5\) to put a new or recovered target into service \(limit 60 s\)/,
  );
  assert.equal(f.evidence['recoverySeconds'], 150);
});

test('tg.recovery-time: the limit is configurable', () => {
  const f = only(
    run(check, inventory({ 'us-east-1': { targetGroups: [tg('api', 30, 5)] } }), { maxRecoverySeconds: 150 }),
    'api',
  );
  assert.equal(f.status, 'pass');
  assert.match(f.message, /150 s/);
});

test('tg.recovery-time: skipped (not judged) when health checks are disabled', () => {
  const f = only(run(check, inventory({ 'us-east-1': { targetGroups: [tg('fn', 35, 5, false)] } })), 'fn');
  assert.equal(f.status, 'skipped');
  assert.equal(f.evidence['reason'], 'health-check-disabled');
});

test('tg.recovery-time: skipped in a region where target groups could not be read', () => {
  const inv = inventory(
    { 'us-east-1': {}, 'us-west-2': { targetGroups: [targetGroup({ name: 'west' }, 'us-west-2')] } },
    { collection: [denied('elasticloadbalancing', 'DescribeTargetGroups', 'us-east-1')] },
  );
  const findings = run(check, inv);
  assert.equal(only(findings, 'us-east-1').status, 'skipped');
  assert.match(
    only(findings, 'us-east-1').message,
    /AccessDenied on elasticloadbalancing:DescribeTargetGroups in us-east-1/,
  );
  assert.equal(only(findings, 'west').status, 'pass');
});

test('tg.recovery-time: no target groups, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
