import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/tg.timeout-below-interval.js';
import { denied, inventory, targetGroup } from '../support/builders.js';
import { only, run } from '../support/harness.js';

function tg(name: string, timeoutSeconds: number, intervalSeconds: number, enabled = true) {
  const t = targetGroup({ name });
  t.healthCheck = { ...t.healthCheck, timeoutSeconds, intervalSeconds, enabled };
  return t;
}

test('tg.timeout-below-interval: passes at 5 s timeout, 10 s interval', () => {
  const f = only(run(check, inventory({ 'us-east-1': { targetGroups: [tg('web', 5, 10)] } })), 'web');
  assert.equal(f.status, 'pass');
  assert.match(f.message, /web health-check timeout 5 s is below its interval 10 s/);
  assert.deepEqual(f.evidence, { timeoutSeconds: 5, intervalSeconds: 10 });
});

test('tg.timeout-below-interval: fails when the timeout equals or exceeds the interval', () => {
  const findings = run(
    check,
    inventory({ 'us-east-1': { targetGroups: [tg('eq', 10, 10), tg('gt', 30, 10)] } }),
  );
  const eq = only(findings, 'eq');
  assert.equal(eq.status, 'fail');
  // low (was medium): AWS refuses a timeout ≥ the interval when a target group is created (issue 8, defect 7).
  assert.equal(eq.severity, 'low');
  assert.match(eq.message, /eq health-check timeout 10 s is not below its interval 10 s/);
  const gt = only(findings, 'gt');
  assert.equal(gt.status, 'fail');
  assert.equal(gt.evidence['timeoutSeconds'], 30);
});

test('tg.timeout-below-interval: skipped (not judged) when health checks are disabled', () => {
  const f = only(run(check, inventory({ 'us-east-1': { targetGroups: [tg('fn', 30, 10, false)] } })), 'fn');
  assert.equal(f.status, 'skipped');
  assert.match(f.message, /fn has health checks disabled/);
  assert.equal(f.evidence['reason'], 'health-check-disabled');
});

test('tg.timeout-below-interval: skipped in a region where target groups could not be read', () => {
  const inv = inventory(
    { 'us-east-1': {} },
    { collection: [denied('elasticloadbalancing', 'DescribeTargetGroups', 'us-east-1')] },
  );
  const s = only(run(check, inv), 'us-east-1');
  assert.equal(s.status, 'skipped');
  assert.match(s.message, /AccessDenied on elasticloadbalancing:DescribeTargetGroups in us-east-1/);
});

test('tg.timeout-below-interval: no target groups, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
