import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/dr.rto-budget.js';
import type { HealthCheck, RecordSet } from '../../src/inventory/schema.js';
import {
  dbCluster,
  denied,
  globalCluster,
  healthCheck,
  hostedZone,
  inventory,
  record,
} from '../support/builders.js';
import { only, run } from '../support/harness.js';

const gdb = globalCluster({ id: 'shop' }, [
  { region: 'us-east-1', clusterId: 'shop-east', isWriter: true },
  { region: 'us-west-2', clusterId: 'shop-west', isWriter: false },
]);
const primary = (o: Partial<RecordSet> = {}) =>
  record({
    name: 'app.example.com.',
    routingPolicy: 'failover',
    failover: 'PRIMARY',
    setIdentifier: 'east',
    ttl: 60,
    values: ['10.0.0.1'],
    healthCheckId: 'hc-east',
    ...o,
  });
const secondary = (o: Partial<RecordSet> = {}) =>
  record({
    name: 'app.example.com.',
    routingPolicy: 'failover',
    failover: 'SECONDARY',
    setIdentifier: 'west',
    aliasTarget: {
      dnsName: 'web-west-1.us-west-2.elb.amazonaws.com',
      hostedZoneId: 'Z1',
      evaluateTargetHealth: true,
    },
    ...o,
  });
function inv(
  o: {
    records?: RecordSet[];
    healthChecks?: HealthCheck[];
    collection?: ReturnType<typeof denied>[];
    globals?: boolean;
  } = {},
) {
  return inventory(
    {
      'us-east-1': { dbClusters: [dbCluster({ id: 'shop-east' })] },
      'us-west-2': { dbClusters: [dbCluster({ id: 'shop-west' }, 'us-west-2')] },
    },
    {
      globalClusters: o.globals === false ? [] : [gdb],
      route53: {
        hostedZones: [hostedZone({ name: 'example.com.' }, o.records ?? [primary(), secondary()])],
        // 30 s × 3 = 90 s detection
        healthChecks: o.healthChecks ?? [
          healthCheck({ id: 'hc-east', requestIntervalSeconds: 30, failureThreshold: 3 }),
        ],
      },
      collection: o.collection ?? [],
    },
  );
}
const ACCOUNT = '123456789012';

test('dr.rto-budget: 90 s detection + 60 s TTL + 60 s propagation + 300 s promotion = 510 s fits 900 s', () => {
  const f = only(run(check, inv()), ACCOUNT);
  assert.equal(f.status, 'pass');
  assert.equal(
    f.message,
    'Failover us-east-1 → us-west-2: 90 s detection + 60 s TTL + 60 s propagation + 300 s promotion = 510 s ≤ 900 s RTO',
  );
  assert.equal(f.evidence['detectionSeconds'], 90);
  assert.equal(f.evidence['ttlSeconds'], 60);
  assert.equal(f.evidence['dnsPropagationSeconds'], 60);
  assert.equal(f.evidence['dbPromotionSeconds'], 300);
  assert.equal(f.evidence['budgetSeconds'], 510);
  assert.equal(f.evidence['rtoSeconds'], 900);
});

test('dr.rto-budget: over the RTO fails and says by how much (long TTL, slow promotion)', () => {
  const f = only(
    run(check, inv({ records: [primary({ ttl: 300 }), secondary()] }), { dbPromotionSeconds: 480 }),
    ACCOUNT,
  );
  assert.equal(f.status, 'fail');
  assert.match(
    f.message,
    /90 s detection \+ 300 s TTL \+ 60 s propagation \+ 480 s promotion = 930 s > 900 s RTO, 30 s over/,
  );
  assert.equal(f.evidence['budgetSeconds'], 930);
});

test('dr.rto-budget: above 80% of the RTO warns', () => {
  const f = only(run(check, inv(), { rtoSeconds: 600 }), ACCOUNT);
  assert.equal(f.status, 'warn');
  assert.match(f.message, /= 510 s ≤ 600 s RTO, but above 80% of it \(480 s\): little margin/);
  assert.equal(f.evidence['warnAtSeconds'], 480);
});

test('dr.rto-budget: detection is the slowest PRIMARY health check, through calculated checks', () => {
  const checks = [
    healthCheck({ id: 'hc-a', requestIntervalSeconds: 10, failureThreshold: 3 }),
    healthCheck({ id: 'hc-b', requestIntervalSeconds: 30, failureThreshold: 5 }),
    healthCheck({ id: 'hc-east', type: 'CALCULATED', childHealthCheckIds: ['hc-a', 'hc-b'] }),
    // A SECONDARY's health check does not delay the failover decision.
    healthCheck({ id: 'hc-west', requestIntervalSeconds: 30, failureThreshold: 10 }),
  ];
  const f = only(
    run(check, inv({ records: [primary(), secondary({ healthCheckId: 'hc-west' })], healthChecks: checks })),
    ACCOUNT,
  );
  assert.equal(f.evidence['detectionSeconds'], 150);
  assert.deepEqual(f.evidence['healthCheckDetectionSeconds'], { 'hc-east': 150 });
});

test('dr.rto-budget: no failover records counts 0 s detection and TTL, and says so', () => {
  const f = only(run(check, inv({ records: [] })), ACCOUNT);
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /0 s detection \+ 0 s TTL \+ 60 s propagation \+ 300 s promotion = 360 s ≤ 900 s RTO \(no Route 53 failover records/,
  );
});

test('dr.rto-budget: unknown regions give one skipped finding', () => {
  const findings = run(check, inv({ globals: false }));
  assert.deepEqual(
    findings.map((f) => f.status),
    ['skipped'],
  );
  assert.match(findings[0]!.message, /Primary and standby regions unknown/);
});

test('dr.rto-budget: skipped whole when health checks could not be listed', () => {
  const findings = run(check, inv({ collection: [denied('route53', 'ListHealthChecks', 'global')] }));
  assert.deepEqual(
    findings.map((f) => f.status),
    ['skipped'],
  );
  assert.match(findings[0]!.message, /AccessDenied on route53:ListHealthChecks in global/);
});

test('dr.rto-budget: an empty account, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
