import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/r53.hc-detection-time.js';
import { denied, healthCheck, hostedZone, inventory, record } from '../support/builders.js';
import { only, run } from '../support/harness.js';
import type { HealthCheck } from '../../src/inventory/schema.js';

/** The health checks, each used by a record (an unused health check is not judged). */
function withChecks(...healthChecks: HealthCheck[]) {
  const records = healthChecks
    .filter((h) => !healthChecks.some((p) => p.childHealthCheckIds.includes(h.id)))
    .map((h, i) =>
      record({
        name: `r${i}.example.com.`,
        routingPolicy: 'failover',
        failover: 'PRIMARY',
        setIdentifier: 'p',
        ttl: 60,
        values: ['192.0.2.1'],
        healthCheckId: h.id,
      }),
    );
  return inventory(
    { 'us-east-1': {} },
    { route53: { hostedZones: [hostedZone({ name: 'example.com.' }, records)], healthChecks } },
  );
}

test('r53.hc-detection-time (defect 7): a health check no record uses is not judged; a child of a used calculated check is', () => {
  const unused = healthCheck({ id: 'hc-unused', requestIntervalSeconds: 30, failureThreshold: 3 });
  const child = healthCheck({ id: 'hc-child', requestIntervalSeconds: 30, failureThreshold: 3 });
  const parent = healthCheck({ id: 'hc-parent', type: 'CALCULATED', childHealthCheckIds: ['hc-child'] });
  const inv = inventory(
    { 'us-east-1': {} },
    {
      route53: {
        hostedZones: [
          hostedZone({ name: 'example.com.' }, [
            record({
              name: 'a.example.com.',
              routingPolicy: 'failover',
              failover: 'PRIMARY',
              setIdentifier: 'p',
              ttl: 60,
              values: ['192.0.2.1'],
              healthCheckId: 'hc-parent',
            }),
          ]),
        ],
        healthChecks: [unused, child, parent],
      },
    },
  );
  assert.deepEqual(
    run(check, inv).map((f) => [f.resource.id, f.status]),
    [['hc-child', 'fail']],
  );
});

test('r53.hc-detection-time: passes at 10 s × 3 = 30 s', () => {
  const f = only(run(check, withChecks(healthCheck({ id: 'hc-fast' }))), 'hc-fast');
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /Health check hc-fast \(app\.example\.com\) detects a failed endpoint in 30 s \(10 s × 3\)/,
  );
  assert.equal(f.evidence['detectionSeconds'], 30);
  assert.equal(f.resource.region, 'global');
});

test('r53.hc-detection-time: fails with the defaults (30 s × 3 = 90 s)', () => {
  const f = only(
    run(check, withChecks(healthCheck({ id: 'hc-slow', requestIntervalSeconds: 30, failureThreshold: 3 }))),
    'hc-slow',
  );
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'medium');
  assert.match(f.message, /hc-slow .*needs 90 s \(30 s × 3\) to detect a failed endpoint \(limit 60 s\)/);
  assert.deepEqual(
    { d: f.evidence['detectionSeconds'], max: f.evidence['maxDetectionSeconds'] },
    { d: 90, max: 60 },
  );
});

test('r53.hc-detection-time: the limit is configurable', () => {
  const inv = withChecks(healthCheck({ id: 'hc-slow', requestIntervalSeconds: 30, failureThreshold: 3 }));
  assert.equal(only(run(check, inv, { maxDetectionSeconds: 90 }), 'hc-slow').status, 'pass');
});

test('r53.hc-detection-time: CALCULATED and RECOVERY_CONTROL give no finding; CLOUDWATCH_METRIC is skipped as not interval-based', () => {
  const findings = run(
    check,
    withChecks(
      healthCheck({
        id: 'hc-calc',
        type: 'CALCULATED',
        childHealthCheckIds: ['hc-a'],
        requestIntervalSeconds: 30,
      }),
      healthCheck({ id: 'hc-arc', type: 'RECOVERY_CONTROL', requestIntervalSeconds: 30 }),
      healthCheck({
        id: 'hc-cw',
        type: 'CLOUDWATCH_METRIC',
        fqdn: undefined,
        cloudWatchAlarm: { name: 'api-5xx', region: 'us-east-1' },
      }),
    ),
  );
  assert.equal(findings.length, 1);
  const cw = only(findings, 'hc-cw');
  assert.equal(cw.status, 'skipped');
  assert.match(cw.message, /Health check hc-cw follows CloudWatch alarm api-5xx: not interval-based/);
  assert.equal(cw.evidence['reason'], 'not-interval-based');
});

test('r53.hc-detection-time: skipped whole when health checks could not be listed', () => {
  const inv = inventory(
    { 'us-east-1': {} },
    {
      route53: { hostedZones: [], healthChecks: [healthCheck({ id: 'hc-1' })] },
      collection: [denied('route53', 'ListHealthChecks', 'global')],
    },
  );
  const findings = run(check, inv);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.status, 'skipped');
  assert.match(findings[0]!.message, /AccessDenied on route53:ListHealthChecks in global/);
});

test('r53.hc-detection-time: no health checks, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
