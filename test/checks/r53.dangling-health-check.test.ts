import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/r53.dangling-health-check.js';
import type { HealthCheck, RecordSet } from '../../src/inventory/schema.js';
import { denied, healthCheck, hostedZone, inventory, record } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const inv = (
  records: RecordSet[],
  healthChecks: HealthCheck[],
  collection = [] as ReturnType<typeof denied>[],
) =>
  inventory(
    { 'us-east-1': {} },
    { route53: { hostedZones: [hostedZone({ name: 'example.com.' }, records)], healthChecks }, collection },
  );
const rec = (healthCheckId?: string) =>
  record({
    name: 'app.example.com.',
    routingPolicy: 'weighted',
    setIdentifier: 'east',
    weight: 100,
    ttl: 60,
    ...(healthCheckId ? { healthCheckId } : {}),
  });
const ID = 'ZEXAMPLECOM/app.example.com./A/east';

test('r53.dangling-health-check: a record whose health check exists passes', () => {
  const f = only(run(check, inv([rec('hc-1')], [healthCheck({ id: 'hc-1' })])), ID);
  assert.equal(f.status, 'pass');
  assert.match(f.message, /uses health check hc-1 \(HTTPS app\.example\.com\), which exists/);
});

test('r53.dangling-health-check: a record pointing at a deleted health check fails', () => {
  const f = only(run(check, inv([rec('hc-deleted')], [healthCheck({ id: 'hc-1' })])), ID);
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'high');
  assert.match(f.message, /app\.example\.com\. A \(east\) points at a deleted health check hc-deleted/);
  assert.equal(f.evidence['healthChecksInAccount'], 1);
});

test('r53.dangling-health-check: records without a health check are not judged', () => {
  assert.deepEqual(run(check, inv([rec()], [])), []);
});

test('r53.dangling-health-check: skipped whole when health checks could not be listed (never a false "deleted")', () => {
  const findings = run(check, inv([rec('hc-1')], [], [denied('route53', 'ListHealthChecks', 'global')]));
  assert.deepEqual(
    findings.map((f) => f.status),
    ['skipped'],
  );
  assert.match(findings[0]!.message, /AccessDenied on route53:ListHealthChecks in global/);
});

test('r53.dangling-health-check: no records, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
