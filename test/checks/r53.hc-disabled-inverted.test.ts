import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/r53.hc-disabled-inverted.js';
import { denied, healthCheck, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';
import type { HealthCheck } from '../../src/inventory/schema.js';

function withChecks(...healthChecks: HealthCheck[]) {
  return inventory({ 'us-east-1': {} }, { route53: { hostedZones: [], healthChecks } });
}

test('r53.hc-disabled-inverted: passes for an enabled, non-inverted check', () => {
  const f = only(run(check, withChecks(healthCheck({ id: 'hc-ok' }))), 'hc-ok');
  assert.equal(f.status, 'pass');
  assert.match(f.message, /Health check hc-ok \(app\.example\.com\) is enabled and not inverted/);
  assert.deepEqual(f.evidence, { disabled: false, inverted: false, allowInverted: false });
});

test('r53.hc-disabled-inverted: fails for a disabled check (treated as healthy)', () => {
  const f = only(
    run(check, withChecks(healthCheck({ id: 'hc-off', disabled: true, inverted: true }))),
    'hc-off',
  );
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'high');
  assert.match(
    f.message,
    /hc-off .*is disabled \(and inverted\): Route 53 treats it as healthy, so failover never fires/,
  );
  assert.equal(f.evidence['disabled'], true);
});

test('r53.hc-disabled-inverted: warns for an inverted check unless allowed', () => {
  const inv = withChecks(
    healthCheck({ id: 'hc-inv', inverted: true }),
    healthCheck({ id: 'hc-maint', inverted: true }),
  );
  const findings = run(check, inv, { allowInverted: ['hc-maint'] });
  const w = only(findings, 'hc-inv');
  assert.equal(w.status, 'warn');
  assert.match(w.message, /hc-inv .*is inverted: it reports healthy when the endpoint fails/);
  const allowed = only(findings, 'hc-maint');
  assert.equal(allowed.status, 'pass');
  assert.match(allowed.message, /inverted, as allowed by allowInverted/);
  assert.equal(allowed.evidence['allowInverted'], true);
});

test('r53.hc-disabled-inverted: a disabled check fails even when its inversion is allowed', () => {
  const f = only(
    run(check, withChecks(healthCheck({ id: 'hc-x', disabled: true, inverted: true })), {
      allowInverted: ['hc-x'],
    }),
    'hc-x',
  );
  assert.equal(f.status, 'fail');
});

test('r53.hc-disabled-inverted: skipped whole when health checks could not be listed', () => {
  const inv = inventory(
    { 'us-east-1': {} },
    { collection: [denied('route53', 'ListHealthChecks', 'global')] },
  );
  const findings = run(check, inv);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.status, 'skipped');
  assert.match(findings[0]!.message, /AccessDenied on route53:ListHealthChecks in global/);
});

test('r53.hc-disabled-inverted: no health checks, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
