import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/asg.event-scale-up.js';
import { evaluateCheck, resolveThresholds } from '../../src/engine/audit.js';
import type { Check } from '../../src/checks/define.js';
import { asg, denied, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

// CAPTURED_AT is 2026-11-20T12:00Z; Black Friday is 2026-11-27.
const EVENT = { eventDate: '2026-11-27' };
const spread = { 'us-east-1a': 2, 'us-east-1b': 2, 'us-east-1c': 2 };
const inv = (...groups: ReturnType<typeof asg>[]) =>
  inventory({ 'us-east-1': { autoScalingGroups: groups } });

test('asg.event-scale-up: does nothing without an event date', () => {
  assert.deepEqual(run(check, inv(asg({ name: 'web' }, spread))), []);
});

test('asg.event-scale-up: passes with a scheduled action raising min/desired before the event', () => {
  const g = asg(
    {
      name: 'web',
      scheduledActions: [
        { name: 'bf-up', startTime: '2026-11-26T06:00:00Z', minSize: 12, desiredCapacity: 12 },
      ],
    },
    spread,
  );
  const f = only(run(check, inv(g), EVENT), 'web');
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /web scales up to min 12 \/ desired 12 \(from desired 6\) at 2026-11-26T06:00:00Z with bf-up, before 2026-11-27/,
  );
  assert.deepEqual(f.evidence['scaleUpActions'], [
    { name: 'bf-up', startTime: '2026-11-26T06:00:00Z', minSize: 12, desiredCapacity: 12 },
  ]);
});

test('asg.event-scale-up: passes with a predictive scaling policy', () => {
  const g = asg(
    { name: 'web', scalingPolicies: [{ name: 'forecast', type: 'PredictiveScaling', enabled: true }] },
    spread,
  );
  const f = only(run(check, inv(g), EVENT), 'web');
  assert.equal(f.status, 'pass');
  assert.match(f.message, /predictive scaling \(forecast\)/);
});

test('asg.event-scale-up: warns when actions are too late, in the past, or do not raise capacity', () => {
  const g = asg(
    {
      name: 'api',
      scheduledActions: [
        { name: 'after', startTime: '2026-11-28T00:00:00Z', minSize: 12 },
        { name: 'past', startTime: '2026-11-01T00:00:00Z', minSize: 12 },
        { name: 'same', startTime: '2026-11-25T00:00:00Z', minSize: 6, desiredCapacity: 6 },
      ],
      scalingPolicies: [{ name: 'forecast', type: 'PredictiveScaling', enabled: false }],
    },
    spread,
  );
  const f = only(run(check, inv(g), EVENT), 'api');
  assert.equal(f.status, 'warn');
  assert.equal(f.severity, 'medium');
  assert.match(f.message, /api: no scale-up scheduled before 2026-11-27 \(desired 6;/);
  assert.deepEqual(f.evidence['scaleUpActions'], []);
  assert.equal(f.evidence['scheduledActions'], 3);
});

test('asg.event-scale-up: an event date already past gives no findings', () => {
  assert.deepEqual(run(check, inv(asg({ name: 'web' }, spread)), { eventDate: '2026-11-01' }), []);
});

test('asg.event-scale-up: takes the top-level eventDate from .resil.yml', () => {
  const c = check as unknown as Check;
  const t = resolveThresholds(c, { eventDate: '2026-11-27' });
  assert.equal(t['eventDate'], '2026-11-27');
  const [f] = evaluateCheck(c, inv(asg({ name: 'web' }, spread)), t);
  assert.equal(f!.status, 'warn');
});

test('asg.event-scale-up: skipped in a region where scheduled actions could not be read', () => {
  const i = inventory(
    { 'us-east-1': { autoScalingGroups: [asg({ name: 'web' }, spread)] } },
    { collection: [denied('autoscaling', 'DescribeScheduledActions', 'us-east-1')] },
  );
  const findings = run(check, i, EVENT);
  assert.equal(findings.length, 1);
  assert.equal(only(findings, 'us-east-1').status, 'skipped');
  assert.match(findings[0]!.message, /AccessDenied on autoscaling:DescribeScheduledActions in us-east-1/);
});

test('asg.event-scale-up: no groups, no findings', () => {
  assert.deepEqual(run(check, inventory(), EVENT), []);
});
