import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/lb.target-imbalance.js';
import { denied, inventory, loadBalancer, targetGroup } from '../support/builders.js';
import { capacityShop } from '../support/capacity-shop.js';
import { only, run } from '../support/harness.js';

const alb = loadBalancer({ name: 'web' });

function one(
  perAz: Record<string, number>,
  lb = alb,
  overrides = {},
  attributes: Record<string, string> = {},
) {
  const tg = targetGroup({ name: 'app', loadBalancerArns: [lb.arn], attributes }, 'us-east-1', perAz);
  return only(
    run(check, inventory({ 'us-east-1': { loadBalancers: [lb], targetGroups: [tg] } }), overrides),
    'app',
  );
}

test('lb.target-imbalance: passes at 3/3/2 (difference 1)', () => {
  const f = one({ 'us-east-1a': 3, 'us-east-1b': 3, 'us-east-1c': 2 });
  assert.equal(f.status, 'pass');
  assert.equal(
    f.message,
    "app healthy targets are balanced across web's AZs (us-east-1a: 3, us-east-1b: 3, us-east-1c: 2; difference 1)",
  );
});

test('lb.target-imbalance: warns at 4/1/4 with the difference and percentage', () => {
  const f = one({ 'us-east-1a': 4, 'us-east-1b': 1, 'us-east-1c': 4 });
  assert.equal(f.status, 'warn');
  assert.equal(f.severity, 'medium');
  assert.match(
    f.message,
    /\(us-east-1a: 4, us-east-1b: 1, us-east-1c: 4\): max − min = 3 \(limit 1\), 75% of max \(limit 20%\)$/,
  );
  assert.equal(f.evidence['difference'], 3);
  assert.equal(f.evidence['imbalancePercent'], 75);
  assert.equal(f.evidence['crossZoneEnabled'], true);
});

test('lb.target-imbalance: a difference of 2 out of 20 (10%) is not imbalanced; both limits must be exceeded', () => {
  assert.equal(
    one(
      { 'us-east-1a': 20, 'us-east-1b': 18 },
      loadBalancer({ name: 'web' }, 'us-east-1', ['us-east-1a', 'us-east-1b']),
    ).status,
    'pass',
  );
  assert.equal(
    one(
      { 'us-east-1a': 2, 'us-east-1b': 1 },
      loadBalancer({ name: 'web' }, 'us-east-1', ['us-east-1a', 'us-east-1b']),
    ).status,
    'pass',
  );
});

test('lb.target-imbalance: an enabled AZ with 0 healthy targets counts as 0', () => {
  const f = one({ 'us-east-1a': 3, 'us-east-1b': 3 });
  assert.equal(f.status, 'warn');
  assert.deepEqual(f.evidence['healthyPerAz'], { 'us-east-1a': 3, 'us-east-1b': 3, 'us-east-1c': 0 });
});

test('lb.target-imbalance: says when cross-zone is off (NLB, or the target-group override)', () => {
  const nlb = loadBalancer({ name: 'nlb', type: 'network', attributes: { crossZoneEnabled: false } });
  const f = one({ 'us-east-1a': 4, 'us-east-1b': 1, 'us-east-1c': 4 }, nlb);
  assert.equal(f.status, 'warn');
  assert.match(f.message, /cross-zone load balancing is off, so every AZ gets an equal share of traffic/);
  assert.equal(f.evidence['crossZoneEnabled'], false);
  const g = one(
    { 'us-east-1a': 4, 'us-east-1b': 1, 'us-east-1c': 4 },
    alb,
    {},
    { 'load_balancing.cross_zone.enabled': 'false' },
  );
  assert.equal(g.evidence['crossZoneEnabled'], false);
});

test('lb.target-imbalance: thresholds are configurable', () => {
  assert.equal(
    one({ 'us-east-1a': 4, 'us-east-1b': 1, 'us-east-1c': 4 }, alb, { maxDifference: 3 }).status,
    'pass',
  );
  assert.equal(
    one({ 'us-east-1a': 3, 'us-east-1b': 3, 'us-east-1c': 2 }, alb, {
      maxDifference: 0,
      maxImbalancePercent: 10,
    }).status,
    'warn',
  );
});

test('lb.target-imbalance (defect 8): an empty target group is not "skipped": it warns that requests routed to it fail', () => {
  // Was `skipped` ("no healthy target ... to compare"), which read as "nothing to check".
  const f = one({});
  assert.equal(f.status, 'warn');
  assert.equal(f.evidence['reason'], 'empty-target-group');
  assert.match(
    f.message,
    /app is empty: no target is registered, so every request web sends to it fails \(HTTP 503\)/,
  );
  const loose = targetGroup({ name: 'loose' }, 'us-east-1', { 'us-east-1a': 5 });
  assert.deepEqual(run(check, inventory({ 'us-east-1': { targetGroups: [loose] } })), []);
});

test('lb.target-imbalance: names the listener rule that routes to an empty target group; registered but unhealthy targets warn too', () => {
  const findings = run(check, capacityShop());
  const f = only(findings, 'api-tg-west');
  assert.equal(f.status, 'warn');
  assert.match(
    f.message,
    /api-tg-west is empty: no target is registered, so every request alb-west listener 443 rule 10 \(path \/api\/\*\) sends to it fails/,
  );
  const tg = targetGroup({ name: 'sick', loadBalancerArns: [alb.arn] }, 'us-east-1', { 'us-east-1a': 2 });
  for (const t of tg.targets) t.state = 'unhealthy';
  const g = only(
    run(check, inventory({ 'us-east-1': { loadBalancers: [alb], targetGroups: [tg] } })),
    'sick',
  );
  assert.equal(g.status, 'warn');
  assert.match(g.message, /sick has 2 registered targets and none healthy in web's AZs/);
});

test('lb.target-imbalance: skipped where instances could not be read', () => {
  const inv = inventory(
    { 'us-east-1': {} },
    { collection: [denied('ec2', 'DescribeInstances', 'us-east-1')] },
  );
  const f = only(run(check, inv), 'us-east-1');
  assert.equal(f.status, 'skipped');
  assert.match(f.message, /ec2:DescribeInstances/);
});

test('lb.target-imbalance: no target groups, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
