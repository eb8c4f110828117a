import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/r53.private-zone-hc.js';
import type { HealthCheck, RecordSet } from '../../src/inventory/schema.js';
import { denied, healthCheck, hostedZone, inventory, record } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const inv = (
  records: RecordSet[],
  healthChecks: HealthCheck[],
  isPrivate = true,
  collection = [] as ReturnType<typeof denied>[],
) =>
  inventory(
    { 'us-east-1': {} },
    {
      route53: {
        hostedZones: [hostedZone({ name: 'internal.example.', private: isPrivate }, records)],
        healthChecks,
      },
      collection,
    },
  );
const fo = (healthCheckId: string) =>
  record({
    name: 'db.internal.example.',
    routingPolicy: 'failover',
    failover: 'PRIMARY',
    setIdentifier: 'east',
    ttl: 30,
    values: ['10.0.0.5'],
    healthCheckId,
  });
const ID = 'ZINTERNALEX/db.internal.example./A/east';

test('r53.private-zone-hc: a CLOUDWATCH_METRIC health check passes', () => {
  const hc = healthCheck({
    id: 'hc-cw',
    type: 'CLOUDWATCH_METRIC',
    cloudWatchAlarm: { name: 'db-up', region: 'us-east-1' },
  });
  const f = only(run(check, inv([fo('hc-cw')], [hc])), ID);
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /uses CLOUDWATCH_METRIC health check hc-cw, which does not need to reach into the VPC/,
  );
});

test('r53.private-zone-hc: an HTTPS endpoint health check in a private zone fails', () => {
  const f = only(run(check, inv([fo('hc-https')], [healthCheck({ id: 'hc-https', type: 'HTTPS' })])), ID);
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'medium');
  assert.match(
    f.message,
    /in private zone internal\.example\. uses HTTPS health check hc-https: Route 53 checkers are outside the VPC; use a CLOUDWATCH_METRIC/,
  );
  assert.equal(f.evidence['healthCheckType'], 'HTTPS');
});

test('r53.private-zone-hc: a calculated check over endpoint checks fails; over alarm checks passes', () => {
  const tcp = healthCheck({ id: 'hc-tcp', type: 'TCP' });
  const cw = healthCheck({ id: 'hc-cw', type: 'CLOUDWATCH_METRIC' });
  const overTcp = healthCheck({
    id: 'hc-calc',
    type: 'CALCULATED',
    childHealthCheckIds: ['hc-tcp', 'hc-cw'],
  });
  const f = only(run(check, inv([fo('hc-calc')], [tcp, cw, overTcp])), ID);
  assert.equal(f.status, 'fail');
  assert.match(f.message, /calculated health check hc-calc, which depends on endpoint checks hc-tcp \(TCP\)/);
  const overCw = healthCheck({ id: 'hc-calc', type: 'CALCULATED', childHealthCheckIds: ['hc-cw'] });
  assert.equal(only(run(check, inv([fo('hc-calc')], [cw, overCw])), ID).status, 'pass');
});

test('r53.private-zone-hc: public zones are not judged', () => {
  assert.deepEqual(run(check, inv([fo('hc-https')], [healthCheck({ id: 'hc-https' })], false)), []);
});

test('r53.private-zone-hc: a deleted health check is reported skipped (the dangling check fails it)', () => {
  const f = only(run(check, inv([fo('hc-gone')], [])), ID);
  assert.equal(f.status, 'skipped');
  assert.match(f.message, /health check hc-gone not found/);
});

test('r53.private-zone-hc: skipped whole when health checks could not be listed', () => {
  const findings = run(
    check,
    inv([fo('hc-https')], [], true, [denied('route53', 'ListHealthChecks', 'global')]),
  );
  assert.deepEqual(
    findings.map((f) => f.status),
    ['skipped'],
  );
  assert.match(findings[0]!.message, /AccessDenied on route53:ListHealthChecks/);
});

test('r53.private-zone-hc: no records, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
