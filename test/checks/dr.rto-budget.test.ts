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
import { capacityShop } from '../support/capacity-shop.js';
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
    'Failover us-east-1 → us-west-2, path app.example.com. A: 90 s detection (hc-east: 30 s × 3) + 60 s TTL + 60 s propagation + 300 s promotion + 0 s scale-out = 510 s ≤ 900 s RTO',
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
    /90 s detection \(hc-east: 30 s × 3\) \+ 300 s TTL \+ 60 s propagation \+ 480 s promotion \+ 0 s scale-out = 930 s > 900 s RTO, 30 s over/,
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
    /0 s detection \(none\) \+ 0 s TTL \+ 60 s propagation \+ 300 s promotion \+ 0 s scale-out = 360 s ≤ 900 s RTO \(no Route 53 failover pair/,
  );
});

test("dr.rto-budget (defect 6): the budget is per failover path — never one record's detection plus another's TTL", () => {
  // app: 90 s detection (30 s × 3) + 60 s TTL; api: 30 s detection (10 s × 3) + 300 s TTL.
  // Paths: app 90 + 60 + 60 + 300 = 510 s; api 30 + 300 + 60 + 300 = 690 s (the worst real path).
  // Mixing app's detection with api's TTL would give 90 + 300 + 60 + 300 = 750 s: a path no record has.
  const api = (failover: 'PRIMARY' | 'SECONDARY', o: Partial<RecordSet> = {}) =>
    record({
      name: 'api.example.com.',
      routingPolicy: 'failover',
      failover,
      setIdentifier: failover,
      ttl: 300,
      values: ['10.0.0.9'],
      ...o,
    });
  const f = only(
    run(
      check,
      inv({
        records: [primary(), secondary(), api('PRIMARY', { healthCheckId: 'hc-api' }), api('SECONDARY')],
        healthChecks: [
          healthCheck({ id: 'hc-east', requestIntervalSeconds: 30, failureThreshold: 3 }),
          healthCheck({ id: 'hc-api', requestIntervalSeconds: 10, failureThreshold: 3 }),
        ],
      }),
    ),
    ACCOUNT,
  );
  assert.equal(f.evidence['budgetSeconds'], 690);
  assert.equal(f.evidence['worstPath'], 'api.example.com. A');
  assert.match(
    f.message,
    /worst of 2 paths api\.example\.com\. A: 30 s detection \(hc-api: 10 s × 3\) \+ 300 s TTL \+ 60 s propagation \+ 300 s promotion \+ 0 s scale-out = 690 s/,
  );
  const paths = f.evidence['paths'] as Array<{ record: string; budgetSeconds: number }>;
  assert.deepEqual(
    paths.map((p) => [p.record, p.budgetSeconds]),
    [
      ['api.example.com. A', 690],
      ['app.example.com. A', 510],
    ],
  );
});

test('dr.rto-budget: a path whose standby tier must scale out counts the scale-out; an alias with target health detects by its target groups', () => {
  // The issue-8 shop: www and api go to alb-west, whose web-west must scale (7.5 vCPUs needed, 6 run)
  // and whose api-tg-west is empty: 300 s scale-out on both paths.
  // www: 30 s (hc-www-east 10 s × 3) + 60 s alias TTL + 60 + 300 + 300 = 750 s.
  // api: 90 s (hc-api: 30 s × 3, shared) + 60 + 60 + 300 + 300 = 810 s: the worst path.
  const f = only(run(check, capacityShop()), ACCOUNT);
  assert.equal(f.evidence['budgetSeconds'], 810);
  assert.equal(f.evidence['worstPath'], 'api.example.com. A');
  assert.equal(f.evidence['scaleOutSeconds'], 300);
  const paths = f.evidence['paths'] as Array<{ record: string; scaleOutTiers: string[] }>;
  assert.deepEqual(paths.find((p) => p.record === 'www.example.com. A')!.scaleOutTiers, [
    'api-tg-west (empty, declared demand)',
    'web-west (must-scale, policy-target demand)',
  ]);
  assert.equal(f.status, 'warn'); // 810 s > 80 % of 900 s
  // With target health (no health check), detection is the primary target groups' interval × threshold.
  const eth = capacityShop({
    apiRecords: [
      record({
        name: 'api.example.com.',
        routingPolicy: 'failover',
        setIdentifier: 'p',
        failover: 'PRIMARY',
        aliasTarget: {
          dnsName: 'alb-east-123.us-east-1.elb.amazonaws.com',
          hostedZoneId: 'Z',
          evaluateTargetHealth: true,
        },
      }),
      record({
        name: 'api.example.com.',
        routingPolicy: 'failover',
        setIdentifier: 's',
        failover: 'SECONDARY',
        aliasTarget: {
          dnsName: 'alb-west-123.us-west-2.elb.amazonaws.com',
          hostedZoneId: 'Z',
          evaluateTargetHealth: true,
        },
      }),
    ],
  });
  const paths2 = only(run(check, eth), ACCOUNT).evidence['paths'] as Array<{
    record: string;
    detectedBy: string;
    detectionSeconds: number;
  }>;
  const api = paths2.find((p) => p.record === 'api.example.com. A')!;
  assert.equal(api.detectedBy, 'target health of api-tg: 10 s × 2');
  assert.equal(api.detectionSeconds, 20);
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
