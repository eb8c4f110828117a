import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/tg.draining.js';
import { denied, inventory, targetGroup } from '../support/builders.js';
import { only, run } from '../support/harness.js';

function tg(name: string, attributes: Record<string, string>) {
  return targetGroup({ name, attributes });
}

test('tg.draining: passes with a 30 s deregistration delay', () => {
  const f = only(
    run(
      check,
      inventory({
        'us-east-1': { targetGroups: [tg('web', { 'deregistration_delay.timeout_seconds': '30' })] },
      }),
    ),
    'web',
  );
  assert.equal(f.status, 'pass');
  assert.match(f.message, /web drains in-flight requests for up to 30 s on deregistration/);
  assert.deepEqual(f.evidence, { deregistrationDelaySeconds: 30 });
});

test('tg.draining: warns at 0', () => {
  const f = only(
    run(
      check,
      inventory({
        'us-east-1': { targetGroups: [tg('api', { 'deregistration_delay.timeout_seconds': '0' })] },
      }),
    ),
    'api',
  );
  assert.equal(f.status, 'warn');
  assert.equal(f.severity, 'low');
  assert.match(f.message, /api has a 0 s deregistration delay: in-flight requests are cut/);
  assert.equal(f.evidence['deregistrationDelaySeconds'], 0);
});

test('tg.draining: no finding when the attribute is absent (e.g. Lambda targets)', () => {
  assert.deepEqual(run(check, inventory({ 'us-east-1': { targetGroups: [tg('fn', {})] } })), []);
});

test('tg.draining: an unreadable value is skipped, not passed', () => {
  const f = only(
    run(
      check,
      inventory({
        'us-east-1': { targetGroups: [tg('odd', { 'deregistration_delay.timeout_seconds': 'soon' })] },
      }),
    ),
    'odd',
  );
  assert.equal(f.status, 'skipped');
  assert.match(f.message, /unreadable.*"soon"/);
});

test('tg.draining: skipped in a region where attributes could not be read', () => {
  const inv = inventory(
    { 'us-east-1': { targetGroups: [tg('web', { 'deregistration_delay.timeout_seconds': '0' })] } },
    { collection: [denied('elasticloadbalancing', 'DescribeTargetGroupAttributes', 'us-east-1')] },
  );
  const findings = run(check, inv);
  assert.equal(findings.length, 1);
  assert.equal(only(findings, 'us-east-1').status, 'skipped');
  assert.match(
    findings[0]!.message,
    /AccessDenied on elasticloadbalancing:DescribeTargetGroupAttributes in us-east-1/,
  );
});

test('tg.draining: no target groups, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
