import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/r53.cross-region-health.js';
import type { RecordSet } from '../../src/inventory/schema.js';
import { denied, hostedZone, inventory, loadBalancer, record } from '../support/builders.js';
import { capacityShop } from '../support/capacity-shop.js';
import { only, run } from '../support/harness.js';

const east = loadBalancer({ name: 'east' }, 'us-east-1');
const west = loadBalancer({ name: 'west' }, 'us-west-2');
const inv = (records: RecordSet[], collection: ReturnType<typeof denied>[] = []) =>
  inventory(
    { 'us-east-1': { loadBalancers: [east] }, 'us-west-2': { loadBalancers: [west] } },
    {
      route53: { hostedZones: [hostedZone({ name: 'example.com.' }, records)], healthChecks: [] },
      collection,
    },
  );
const weighted = (id: string, lb: typeof east, weight: number, o: Partial<RecordSet> = {}) =>
  record({
    name: 'shop.example.com.',
    type: 'CNAME',
    routingPolicy: 'weighted',
    setIdentifier: id,
    weight,
    ttl: 60,
    values: [lb.dnsName!],
    ...o,
  });
const ID = 'ZEXAMPLECOM/shop.example.com./CNAME';

test('r53.cross-region-health (defect 4): a 50/50 weighted pair east/west with no health checks fails — half the users go to a dead region', () => {
  const f = only(run(check, capacityShop()), ID);
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'high');
  assert.match(
    f.message,
    /shop\.example\.com\. CNAME \(weighted\) routes to us-east-1 and us-west-2, but east \(weight 50, us-east-1\), west \(weight 50, us-west-2\) have neither a health check nor evaluate-target-health: Route 53 keeps sending their 100 % of users to them when their region fails/,
  );
  assert.equal(f.evidence['unevaluatedTrafficPercent'], 100);
  assert.deepEqual(f.evidence['regions'], ['us-east-1', 'us-west-2']);
});

test('r53.cross-region-health (defect 4): a latency alias with EvaluateTargetHealth=false fails; with it, or a health check, passes', () => {
  const latency = (
    region: string,
    lb: typeof east,
    evaluateTargetHealth: boolean,
    o: Partial<RecordSet> = {},
  ) =>
    record({
      name: 'api.example.com.',
      routingPolicy: 'latency',
      setIdentifier: region,
      region,
      aliasTarget: { dnsName: `dualstack.${lb.dnsName}.`, hostedZoneId: 'Z1', evaluateTargetHealth },
      ...o,
    });
  const bad = only(
    run(check, inv([latency('us-east-1', east, true), latency('us-west-2', west, false)])),
    'ZEXAMPLECOM/api.example.com./A',
  );
  assert.equal(bad.status, 'fail');
  assert.match(
    bad.message,
    /but us-west-2 \(us-west-2\) has neither a health check nor evaluate-target-health: Route 53 keeps sending users to it when its region fails/,
  );
  const good = only(
    run(
      check,
      inv([latency('us-east-1', east, true), latency('us-west-2', west, false, { healthCheckId: 'hc-w' })]),
    ),
    'ZEXAMPLECOM/api.example.com./A',
  );
  assert.equal(good.status, 'pass');
  assert.match(good.message, /every member's health is evaluated/);
});

test('r53.cross-region-health: one blind member of a 75/25 pair puts 25 % of the users at risk; weight 0 members are not judged', () => {
  const f = only(
    run(check, inv([weighted('east', east, 75, { healthCheckId: 'hc-e' }), weighted('west', west, 25)])),
    ID,
  );
  assert.equal(f.status, 'fail');
  assert.equal(f.evidence['unevaluatedTrafficPercent'], 25);
  assert.match(f.message, /its 25 % of users/);
  // A standby member at weight 0 takes no traffic: the set routes to one region only, no finding.
  assert.deepEqual(
    run(check, inv([weighted('east', east, 100, { healthCheckId: 'hc-e' }), weighted('west', west, 0)])),
    [],
  );
});

test('r53.cross-region-health: sets within one region, or whose members cannot be placed, give no finding', () => {
  assert.deepEqual(run(check, inv([weighted('a', east, 50), weighted('b', east, 50)])), []);
  const ip = (id: string, v: string) =>
    record({ name: 'm.example.com.', routingPolicy: 'multivalue', setIdentifier: id, ttl: 60, values: [v] });
  assert.deepEqual(run(check, inv([ip('1', '192.0.2.1'), ip('2', '192.0.2.2')])), []);
  assert.deepEqual(run(check, inventory()), []);
});

test('r53.cross-region-health: skipped whole when records could not be listed', () => {
  const findings = run(check, inv([], [denied('route53', 'ListResourceRecordSets', 'global')]));
  assert.deepEqual(
    findings.map((f) => f.status),
    ['skipped'],
  );
});
