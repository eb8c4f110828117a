import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/lb.az-has-healthy-targets.js';
import { denied, instance, inventory, loadBalancer, targetGroup } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const lb = loadBalancer({ name: 'web' });

function tg(name: string, perAz: Record<string, number>) {
  return targetGroup({ name, loadBalancerArns: [lb.arn] }, 'us-east-1', perAz);
}

test('lb.az-has-healthy-targets: passes when each enabled AZ has a healthy target', () => {
  const inv = inventory({
    'us-east-1': {
      loadBalancers: [lb],
      targetGroups: [tg('app', { 'us-east-1a': 2, 'us-east-1b': 1, 'us-east-1c': 1 })],
    },
  });
  const f = only(run(check, inv), 'web');
  assert.equal(f.status, 'pass');
  assert.equal(
    f.message,
    'web has healthy targets in all 3 enabled AZs (us-east-1a: 2, us-east-1b: 1, us-east-1c: 1)',
  );
});

test('lb.az-has-healthy-targets: counts across target groups', () => {
  const inv = inventory({
    'us-east-1': {
      loadBalancers: [lb],
      targetGroups: [tg('app', { 'us-east-1a': 2, 'us-east-1b': 2 }), tg('api', { 'us-east-1c': 1 })],
    },
  });
  assert.equal(only(run(check, inv), 'web').status, 'pass');
});

test('lb.az-has-healthy-targets: fails a cross-zone ALB with an empty AZ and names it', () => {
  const t = tg('app', { 'us-east-1a': 3, 'us-east-1b': 3, 'us-east-1c': 1 });
  t.targets.find((x) => x.az === 'us-east-1c')!.state = 'unhealthy';
  const inv = inventory({ 'us-east-1': { loadBalancers: [lb], targetGroups: [t] } });
  const f = only(run(check, inv), 'web');
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'high');
  assert.equal(
    f.message,
    'web has no healthy target in 1 of 3 enabled AZs: us-east-1c (us-east-1a: 3, us-east-1b: 3, us-east-1c: 0)',
  );
  assert.deepEqual(f.evidence['emptyAzs'], ['us-east-1c']);
  assert.equal(f.evidence['crossZoneEnabled'], true);
});

test('lb.az-has-healthy-targets: resolves instance targets without an AZ from the EC2 inventory', () => {
  const t = targetGroup({ name: 'app', loadBalancerArns: [lb.arn] });
  t.targets = ['i-1', 'i-2', 'i-3'].map((id) => ({ id, port: 80, state: 'healthy' }));
  const inv = inventory({
    'us-east-1': {
      loadBalancers: [lb],
      targetGroups: [t],
      instances: [
        instance({ id: 'i-1', az: 'us-east-1a' }),
        instance({ id: 'i-2', az: 'us-east-1a' }),
        instance({ id: 'i-3', az: 'us-east-1b' }),
      ],
    },
  });
  const f = only(run(check, inv), 'web');
  assert.equal(f.status, 'fail');
  assert.deepEqual(f.evidence['healthyPerAz'], { 'us-east-1a': 2, 'us-east-1b': 1, 'us-east-1c': 0 });
});

test('lb.az-has-healthy-targets: warns instead of failing when healthy targets have an unknown AZ', () => {
  const t = tg('app', { 'us-east-1a': 1, 'us-east-1b': 1 });
  t.targets.push({ id: 'i-unknown', port: 80, state: 'healthy' });
  const f = only(run(check, inventory({ 'us-east-1': { loadBalancers: [lb], targetGroups: [t] } })), 'web');
  assert.equal(f.status, 'warn');
  assert.match(f.message, /us-east-1c.*the AZ of 1 healthy target \(i-unknown\) is unknown/);
});

test('lb.az-has-healthy-targets: an NLB with no healthy targets at all fails, cross-zone off is mentioned', () => {
  const nlb = loadBalancer(
    { name: 'nlb', type: 'network', attributes: { crossZoneEnabled: false } },
    'us-east-1',
    ['us-east-1a', 'us-east-1b'],
  );
  const t = targetGroup({ name: 'tcp', loadBalancerArns: [nlb.arn] }, 'us-east-1', { 'us-east-1a': 1 });
  t.targets[0]!.state = 'unhealthy';
  const f = only(run(check, inventory({ 'us-east-1': { loadBalancers: [nlb], targetGroups: [t] } })), 'nlb');
  assert.equal(f.status, 'fail');
  assert.equal(
    f.message,
    'nlb has no healthy target in any of its 2 enabled AZs (us-east-1a, us-east-1b) (cross-zone load balancing is off)',
  );
});

test('lb.az-has-healthy-targets: a load balancer with no target group, or only lambda targets, is skipped with the reason', () => {
  const lambdaLb = loadBalancer({ name: 'fn' });
  const fnTg = targetGroup({ name: 'fn-tg', targetType: 'lambda', loadBalancerArns: [lambdaLb.arn] });
  const findings = run(
    check,
    inventory({ 'us-east-1': { loadBalancers: [lb, lambdaLb], targetGroups: [fnTg] } }),
  );
  const a = only(findings, 'web');
  assert.equal(a.status, 'skipped');
  assert.match(a.message, /no target groups attached/);
  const b = only(findings, 'fn');
  assert.equal(b.status, 'skipped');
  assert.match(b.message, /fn-tg \(lambda\): those targets have no AZ/);
});

test('lb.az-has-healthy-targets: skipped where target health could not be read', () => {
  const inv = inventory(
    { 'us-east-1': { loadBalancers: [lb] } },
    { collection: [denied('elasticloadbalancing', 'DescribeTargetHealth', 'us-east-1')] },
  );
  const f = only(run(check, inv), 'us-east-1');
  assert.equal(f.status, 'skipped');
  assert.match(f.message, /AccessDenied on elasticloadbalancing:DescribeTargetHealth in us-east-1/);
});

test('lb.az-has-healthy-targets: no load balancers, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
