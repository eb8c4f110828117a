import { test } from 'node:test';
import assert from 'node:assert/strict';
import check, { loadBalancerDimension } from '../../src/checks/rules/alarms.failover-signals.js';
import {
  alarm,
  dbCluster,
  denied,
  globalCluster,
  healthCheck,
  hostedZone,
  inventory,
  loadBalancer,
  record,
} from '../support/builders.js';
import { only, run } from '../support/harness.js';

const lb = loadBalancer({ name: 'shop-alb' });
const dim = loadBalancerDimension(lb.arn)!;
const hostAlarm = (o: Parameters<typeof alarm>[0]) =>
  alarm(o, {
    namespace: 'AWS/ApplicationELB',
    metricName: 'UnHealthyHostCount',
    dimensions: { LoadBalancer: dim },
  });

test('alarms.failover-signals: the LoadBalancer dimension comes from the ARN', () => {
  assert.equal(dim, 'app/shop-alb/0123456789abcdef');
  assert.equal(loadBalancerDimension('not-an-arn'), undefined);
});

test('alarms.failover-signals: a load balancer with a paging alarm passes; without one, or with no actions, fails', () => {
  const other = loadBalancer({
    name: 'quiet-alb',
    arn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/quiet-alb/fedcba9876543210',
  });
  const silent = loadBalancer({
    name: 'silent-alb',
    arn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/silent-alb/00aa',
  });
  const out = run(
    check,
    inventory({
      'us-east-1': {
        loadBalancers: [lb, other, silent],
        alarms: [
          hostAlarm({ name: 'shop-alb-unhealthy' }),
          alarm(
            { name: 'silent-unhealthy', alarmActions: [] },
            {
              namespace: 'AWS/ApplicationELB',
              metricName: 'UnHealthyHostCount',
              dimensions: { LoadBalancer: 'app/silent-alb/00aa' },
            },
          ),
        ],
      },
    }),
  );
  assert.equal(only(out, 'shop-alb').status, 'pass');
  assert.equal(
    only(out, 'shop-alb').message,
    "The load balancer shop-alb's unhealthy hosts is alarmed: shop-alb-unhealthy (1 action)",
  );
  assert.equal(only(out, 'quiet-alb').status, 'fail');
  assert.match(
    only(out, 'quiet-alb').message,
    /No CloudWatch alarm watches the load balancer quiet-alb's unhealthy hosts/,
  );
  assert.equal(only(out, 'silent-alb').status, 'fail');
  assert.match(only(out, 'silent-alb').message, /page no one: silent-unhealthy \(no alarm actions\)/);
});

test("alarms.failover-signals: a PRIMARY record's health check needs an alarm in us-east-1; disabled actions page no one", () => {
  const zone = hostedZone({ name: 'shop.example.com.' }, [
    record({
      name: 'app.shop.example.com.',
      setIdentifier: 'east',
      routingPolicy: 'failover',
      failover: 'PRIMARY',
      healthCheckId: 'hc-1',
    }),
    record({
      name: 'app.shop.example.com.',
      setIdentifier: 'west',
      routingPolicy: 'failover',
      failover: 'SECONDARY',
      healthCheckId: 'hc-2',
    }),
  ]);
  const hcAlarm = alarm(
    { name: 'primary-health', actionsEnabled: false, comparisonOperator: 'LessThanThreshold' },
    { namespace: 'AWS/Route53', metricName: 'HealthCheckStatus', dimensions: { HealthCheckId: 'hc-1' } },
  );
  const route53 = {
    hostedZones: [zone],
    healthChecks: [healthCheck({ id: 'hc-1' }), healthCheck({ id: 'hc-2' })],
  };
  const out = run(check, inventory({ 'us-east-1': { alarms: [hcAlarm] } }, { route53 }));
  const f = only(out, 'hc-1');
  assert.equal(f.status, 'fail');
  assert.match(
    f.message,
    /Route 53 health check hc-1 of a PRIMARY record has alarms that page no one: primary-health \(actions disabled\)/,
  );
  assert.equal(
    out.filter((x) => x.resource.id === 'hc-2').length,
    0,
    'only the PRIMARY side is a failover signal',
  );
  const elsewhere = only(run(check, inventory({ 'eu-west-1': {} }, { route53 })), 'hc-1');
  assert.equal(elsewhere.status, 'skipped');
  assert.match(elsewhere.message, /would be in us-east-1, which was not audited/);
});

test('alarms.failover-signals: the Aurora lag alarm must fire within the RPO', () => {
  const gc = globalCluster({ id: 'shop' }, [
    { region: 'us-east-1', clusterId: 'east', isWriter: true },
    { region: 'us-west-2', clusterId: 'west', isWriter: false },
  ]);
  const lag = (threshold: number) =>
    alarm(
      { name: `lag-${threshold}`, threshold, comparisonOperator: 'GreaterThanThreshold' },
      {
        namespace: 'AWS/RDS',
        metricName: 'AuroraGlobalDBRPOLag',
        dimensions: { DBClusterIdentifier: 'west' },
      },
      'us-west-2',
    );
  const inv = (threshold: number) =>
    inventory(
      {
        'us-east-1': { dbClusters: [dbCluster({ id: 'east' })] },
        'us-west-2': { dbClusters: [dbCluster({ id: 'west' }, 'us-west-2')], alarms: [lag(threshold)] },
      },
      { globalClusters: [gc] },
    );
  assert.equal(only(run(check, inv(10_000)), 'west').status, 'pass');
  const late = only(run(check, inv(60_000)), 'west');
  assert.equal(late.status, 'fail');
  assert.match(
    late.message,
    /alarmed too late: lag-60000: it fires only above 60000 ms, beyond the RPO of 15 s/,
  );
  assert.equal(only(run(check, inv(60_000), { rpoSeconds: 120 }), 'west').status, 'pass');
});

test('alarms.failover-signals: skipped where DescribeAlarms was denied; nothing to watch, no findings', () => {
  const out = run(
    check,
    inventory(
      { 'us-east-1': { loadBalancers: [lb] } },
      { collection: [denied('cloudwatch', 'DescribeAlarms', 'us-east-1')] },
    ),
  );
  assert.deepEqual(
    out.map((f) => f.status),
    ['skipped'],
  );
  assert.deepEqual(run(check, inventory()), []);
});
