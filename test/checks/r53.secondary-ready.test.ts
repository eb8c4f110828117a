import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/r53.secondary-ready.js';
import type { HealthCheck, RecordSet } from '../../src/inventory/schema.js';
import {
  denied,
  healthCheck,
  hostedZone,
  inventory,
  loadBalancer,
  record,
  targetGroup,
} from '../support/builders.js';
import { capacityShop } from '../support/capacity-shop.js';
import { only, run } from '../support/harness.js';

const lb = loadBalancer({ name: 'web-west' }, 'us-west-2');
const secondary = (o: Partial<RecordSet> = {}) =>
  record({
    name: 'app.example.com.',
    routingPolicy: 'failover',
    failover: 'SECONDARY',
    setIdentifier: 'west',
    // Route 53 returns the alias target with the dualstack. prefix, upper case allowed, and a trailing dot.
    aliasTarget: {
      dnsName: `dualstack.${lb.dnsName!.toUpperCase()}.`,
      hostedZoneId: 'Z1H1FL5HABSF5',
      evaluateTargetHealth: true,
    },
    ...o,
  });
function inv(
  opts: {
    records?: RecordSet[];
    healthChecks?: HealthCheck[];
    targets?: Record<string, number>;
    collection?: ReturnType<typeof denied>[];
  } = {},
) {
  const tg = targetGroup(
    { name: 'web-west', loadBalancerArns: [lb.arn] },
    'us-west-2',
    opts.targets ?? { 'us-west-2a': 1, 'us-west-2b': 1 },
  );
  return inventory(
    { 'us-east-1': {}, 'us-west-2': { loadBalancers: [lb], targetGroups: [tg] } },
    {
      route53: {
        hostedZones: [hostedZone({ name: 'example.com.' }, opts.records ?? [secondary()])],
        healthChecks: opts.healthChecks ?? [],
      },
      collection: opts.collection ?? [],
    },
  );
}
const ID = 'ZEXAMPLECOM/app.example.com./A/west';

test('r53.secondary-ready: an alias SECONDARY whose load balancer has healthy targets passes', () => {
  const f = only(run(check, inv()), ID);
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /SECONDARY app\.example\.com\. A \(west\) is ready: load balancer web-west \(us-west-2\) has 2 healthy targets/,
  );
  assert.equal(f.evidence['healthyTargets'], 2);
  assert.deepEqual(f.evidence['healthyTargetsByAz'], { 'us-west-2a': 1, 'us-west-2b': 1 });
});

test('r53.secondary-ready: a healthy health check on a non-alias SECONDARY passes', () => {
  const rec = secondary({ aliasTarget: undefined, ttl: 60, values: ['10.1.0.1'], healthCheckId: 'hc-west' });
  const f = only(
    run(check, inv({ records: [rec], healthChecks: [healthCheck({ id: 'hc-west', status: 'healthy' })] })),
    ID,
  );
  assert.equal(f.status, 'pass');
  assert.match(f.message, /health check hc-west reports healthy/);
});

test('r53.secondary-ready: fails when the load balancer has 0 healthy targets, and explains the last-resort behaviour', () => {
  const f = only(run(check, inv({ targets: {} })), ID);
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'critical');
  assert.match(f.message, /its load balancer web-west \(us-west-2\) has 0 healthy targets/);
  assert.match(f.message, /if the PRIMARY is unhealthy too, Route 53 treats both as healthy/);
  assert.equal(f.evidence['healthyTargets'], 0);
});

test('r53.secondary-ready: fails when the health check reports unhealthy', () => {
  const f = only(
    run(
      check,
      inv({
        records: [secondary({ healthCheckId: 'hc-west' })],
        healthChecks: [healthCheck({ id: 'hc-west', status: 'unhealthy' })],
      }),
    ),
    ID,
  );
  assert.equal(f.status, 'fail');
  assert.match(f.message, /its health check hc-west reports unhealthy/);
  assert.equal(f.evidence['healthCheckStatus'], 'unhealthy');
});

test('r53.secondary-ready: an unknown health-check status is skipped, not passed', () => {
  const f = only(
    run(
      check,
      inv({
        records: [secondary({ healthCheckId: 'hc-west' })],
        healthChecks: [healthCheck({ id: 'hc-west', status: 'unknown' })],
      }),
    ),
    ID,
  );
  assert.equal(f.status, 'skipped');
  assert.match(
    f.message,
    /health check hc-west status unknown.*load balancer web-west \(us-west-2\) has 2 healthy targets/,
  );
});

test('r53.secondary-ready: nothing to judge by (no health check, alias not to a known LB) is skipped', () => {
  const rec = secondary({
    aliasTarget: {
      dnsName: 'd111.cloudfront.net.',
      hostedZoneId: 'Z2FDTNDATAQYW2',
      evaluateTargetHealth: false,
    },
  });
  const f = only(run(check, inv({ records: [rec] })), ID);
  assert.equal(f.status, 'skipped');
  assert.match(
    f.message,
    /cannot judge readiness: it has no health check and its alias target d111\.cloudfront\.net\. is not a load balancer/,
  );
});

test('r53.secondary-ready: skipped whole when target health could not be read in any region', () => {
  const findings = run(
    check,
    inv({ collection: [denied('elasticloadbalancing', 'DescribeTargetHealth', 'us-east-1')] }),
  );
  assert.deepEqual(
    findings.map((f) => f.status),
    ['skipped'],
  );
  assert.equal(findings[0]!.resource.type, 'AWS::Account');
  assert.match(
    findings[0]!.message,
    /AccessDenied on elasticloadbalancing:DescribeTargetHealth in us-east-1/,
  );
});

test('r53.secondary-ready: no SECONDARY records, no findings', () => {
  assert.deepEqual(run(check, inv({ records: [] })), []);
  assert.deepEqual(run(check, inventory()), []);
});

test('r53.secondary-ready: an alias SECONDARY to a load balancer forwarding to a Lambda function with health checks disabled (target "unavailable") is ready, not critical-failed', () => {
  const fn = targetGroup({ name: 'fn-west', targetType: 'lambda', loadBalancerArns: [lb.arn] }, 'us-west-2');
  fn.healthCheck = { ...fn.healthCheck, enabled: false };
  fn.targets = [
    {
      id: 'arn:aws:lambda:us-west-2:123456789012:function:api',
      state: 'unavailable',
      reason: 'Target.HealthCheckDisabled',
    },
  ];
  const base = inv();
  const west = base.regions['us-west-2']!;
  west.targetGroups = [fn];
  const f = only(run(check, base), ID);
  assert.equal(f.status, 'pass');
  assert.match(f.message, /load balancer web-west \(us-west-2\) has 1 healthy target\b/);
  assert.deepEqual(f.evidence['healthyTargetsByAz'], { all: 1 });
});

test('r53.secondary-ready (defect 2): the standby /api/* rule forwards to an empty target group — fails though the default rule is healthy and the shared health check is healthy', () => {
  const findings = run(check, capacityShop());
  const api = only(findings, 'ZEXAMPLECOM/api.example.com./A/api-west');
  assert.equal(api.status, 'fail');
  assert.match(
    api.message,
    /SECONDARY api\.example\.com\. A \(api-west\) is not ready: alb-west listener 443 rule 10 \(path \/api\/\*\) forwards to target group api-tg-west, which has no registered target: the requests it matches get HTTP 503/,
  );
  assert.match(
    api.message,
    /its health check hc-api is shared with the PRIMARY \(it watches alb-east-123\.us-east-1\.elb\.amazonaws\.com\) and tells nothing about the SECONDARY/,
  );
  assert.equal(api.evidence['healthCheckSharedWithPrimary'], true);
  assert.deepEqual(api.evidence['targetGroups'], [
    {
      name: 'api-tg-west',
      registered: 0,
      healthy: 0,
      routes: ['alb-west listener 443 rule 10 (path /api/*)'],
    },
    { name: 'web-tg-west', registered: 3, healthy: 3, routes: ['alb-west listener 443 default action'] },
  ]);
  // www goes to the same load balancer: its /api/* requests would fail just the same.
  assert.equal(only(findings, 'ZEXAMPLECOM/www.example.com./A/www-west').status, 'fail');
  // With a standby api group behind the rule, both are ready.
  const ok = run(check, capacityShop({ standbyApi: true }));
  assert.equal(only(ok, 'ZEXAMPLECOM/www.example.com./A/www-west').status, 'pass');
  const shared = only(ok, 'ZEXAMPLECOM/api.example.com./A/api-west');
  assert.equal(shared.status, 'pass');
  assert.match(
    shared.message,
    /is ready: load balancer alb-west \(us-west-2\) has 9 healthy targets across api-tg-west \(6\), web-tg-west \(3\); its health check hc-api is shared with the PRIMARY/,
  );
});

test('r53.secondary-ready (defect 2): a shared health check with nothing else to judge by warns, pointing at r53.failover-pairs — it never passes', () => {
  const rec = (failover: 'PRIMARY' | 'SECONDARY', ip: string) =>
    record({
      name: 'api.example.com.',
      routingPolicy: 'failover',
      failover,
      setIdentifier: failover.toLowerCase(),
      ttl: 60,
      values: [ip],
      healthCheckId: 'hc-api',
    });
  const f = only(
    run(
      check,
      inv({
        records: [rec('PRIMARY', '198.51.100.10'), rec('SECONDARY', '203.0.113.20')],
        healthChecks: [
          healthCheck({ id: 'hc-api', fqdn: undefined, ipAddress: '198.51.100.10', status: 'healthy' }),
        ],
      }),
    ),
    'ZEXAMPLECOM/api.example.com./A/secondary',
  );
  assert.equal(f.status, 'warn');
  assert.match(
    f.message,
    /SECONDARY api\.example\.com\. A \(secondary\): readiness unknown — its health check hc-api is shared with the PRIMARY \(it watches 198\.51\.100\.10\) and tells nothing about the SECONDARY, and its target 203\.0\.113\.20 is not a load balancer in the inventory/,
  );
  assert.deepEqual(f.rootCause, {
    checkId: 'r53.failover-pairs',
    resource: {
      type: 'AWS::Route53::RecordSet',
      id: 'ZEXAMPLECOM/api.example.com./A',
      name: 'api.example.com. A',
      region: 'global',
    },
  });
});
