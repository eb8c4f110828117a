import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/dr.standby-lb-healthy.js';
import type { LoadBalancer, TargetGroup } from '../../src/inventory/schema.js';
import {
  dbCluster,
  denied,
  globalCluster,
  inventory,
  loadBalancer,
  targetGroup,
} from '../support/builders.js';
import { only, run } from '../support/harness.js';

const gdb = globalCluster({ id: 'shop' }, [
  { region: 'us-east-1', clusterId: 'shop-east', isWriter: true },
  { region: 'us-west-2', clusterId: 'shop-west', isWriter: false },
]);
const lb = loadBalancer({ name: 'web-west' }, 'us-west-2');
const tg = (targets: Record<string, number>) =>
  targetGroup({ name: 'web-west', loadBalancerArns: [lb.arn] }, 'us-west-2', targets);
function inv(
  o: {
    lbs?: LoadBalancer[];
    tgs?: TargetGroup[];
    collection?: ReturnType<typeof denied>[];
    globals?: boolean;
  } = {},
) {
  return inventory(
    {
      'us-east-1': { dbClusters: [dbCluster({ id: 'shop-east' })] },
      'us-west-2': { loadBalancers: o.lbs ?? [lb], targetGroups: o.tgs ?? [] },
    },
    { globalClusters: o.globals === false ? [] : [gdb], collection: o.collection ?? [] },
  );
}

test('dr.standby-lb-healthy: healthy targets in 2 AZs pass', () => {
  const f = only(run(check, inv({ tgs: [tg({ 'us-west-2a': 2, 'us-west-2b': 1 })] })), 'web-west');
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /Standby load balancer web-west has 3 healthy targets in 2 AZs \(us-west-2a: 2, us-west-2b: 1\)/,
  );
  assert.equal(f.evidence['healthyAzs'], 2);
  assert.equal(f.evidence['standbyRegion'], 'us-west-2');
});

test('dr.standby-lb-healthy: healthy targets in only one AZ fail, naming it; unhealthy targets do not count', () => {
  const group = tg({ 'us-west-2a': 2, 'us-west-2b': 1 });
  group.targets.find((t) => t.az === 'us-west-2b')!.state = 'unhealthy';
  const f = only(run(check, inv({ tgs: [group] })), 'web-west');
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'high');
  assert.match(f.message, /web-west has healthy targets in 1 AZ \(us-west-2a: 2\); needs ≥ 2/);
  assert.deepEqual(f.evidence['healthyTargetsByAz'], { 'us-west-2a': 2 });
});

test('dr.standby-lb-healthy: a target AZ missing from the target comes from the EC2 instance', () => {
  const group = tg({ 'us-west-2a': 1 });
  group.targets.push({ id: 'i-b', port: 80, state: 'healthy' });
  const i = inv({ tgs: [group] });
  i.regions['us-west-2']!.instances.push({
    id: 'i-b',
    az: 'us-west-2b',
    state: 'running',
    type: 'm6i.large',
    tags: {},
  });
  assert.equal(only(run(check, i), 'web-west').status, 'pass');
});

test('dr.standby-lb-healthy: a load balancer with no healthy target fails', () => {
  const f = only(run(check, inv({ tgs: [] })), 'web-west');
  assert.equal(f.status, 'fail');
  assert.match(f.message, /web-west in us-west-2 has no healthy target: it cannot take traffic/);
});

test('dr.standby-lb-healthy: no load balancer in the standby fails ("nothing to fail over to")', () => {
  const f = only(run(check, inv({ lbs: [] })), 'us-west-2');
  assert.equal(f.status, 'fail');
  assert.match(f.message, /The standby region us-west-2 has no load balancer: nothing to fail over to/);
});

test('dr.standby-lb-healthy: unknown regions give one skipped finding', () => {
  const findings = run(check, inv({ globals: false }));
  assert.deepEqual(
    findings.map((f) => f.status),
    ['skipped'],
  );
  assert.match(findings[0]!.message, /Set primaryRegion and standbyRegion in \.resil\.yml/);
});

test('dr.standby-lb-healthy: a configured standby that was not collected is explained, not judged empty', () => {
  const findings = run(check, inv(), { primaryRegion: 'us-east-1', standbyRegion: 'eu-west-1' });
  assert.deepEqual(
    findings.map((f) => f.status),
    ['skipped'],
  );
  assert.match(
    findings[0]!.message,
    /region eu-west-1 is not in the inventory \(audit it too: --region us-east-1,eu-west-1\)/,
  );
});

test('dr.standby-lb-healthy: skipped whole when target health could not be read in the primary region', () => {
  const findings = run(
    check,
    inv({
      tgs: [tg({ 'us-west-2a': 1, 'us-west-2b': 1 })],
      collection: [denied('elasticloadbalancing', 'DescribeTargetHealth', 'us-east-1')],
    }),
  );
  assert.deepEqual(
    findings.map((f) => f.status),
    ['skipped'],
  );
  assert.match(
    findings[0]!.message,
    /AccessDenied on elasticloadbalancing:DescribeTargetHealth in us-east-1/,
  );
});

test('dr.standby-lb-healthy: an empty account, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});

test('dr.standby-lb-healthy: a Lambda target (regional, no AZ) serves every enabled AZ; with health checks disabled (the default) it is "unavailable" yet takes traffic', () => {
  const fn = targetGroup({ name: 'fn-west', targetType: 'lambda', loadBalancerArns: [lb.arn] }, 'us-west-2');
  fn.healthCheck = { ...fn.healthCheck, enabled: false };
  fn.targets = [
    {
      id: 'arn:aws:lambda:us-west-2:123456789012:function:api',
      state: 'unavailable',
      reason: 'Target.HealthCheckDisabled',
    },
  ];
  const f = only(run(check, inv({ tgs: [fn] })), 'web-west');
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /web-west has 1 healthy target in 3 AZs \(regional targets such as Lambda functions serve us-west-2a, us-west-2b, us-west-2c\)/,
  );
  assert.deepEqual(f.evidence['healthyTargetsByAz'], { all: 1 });
  // With health checks enabled, an unhealthy Lambda target still counts as none.
  fn.healthCheck = { ...fn.healthCheck, enabled: true };
  fn.targets = [{ id: 'arn:aws:lambda:us-west-2:123456789012:function:api', state: 'unhealthy' }];
  assert.equal(only(run(check, inv({ tgs: [fn] })), 'web-west').status, 'fail');
});
