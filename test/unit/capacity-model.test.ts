/**
 * The capacity model (src/capacity) on the issue-8 shop (test/support/capacity-shop.ts): tiers,
 * pairing, demand sources and the N−1 arithmetic, with hand-computed answers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildCapacityModel,
  nMinusOneAz,
  nMinusOneRegion,
  parsePeakTag,
  tierOfAsg,
} from '../../src/capacity/index.js';
import { instanceVcpus } from '../../src/inventory/instance-class.js';
import { capacityShop } from '../support/capacity-shop.js';

const pairsOf = (m: ReturnType<typeof buildCapacityModel>) =>
  m.pairs.map((p) => [p.primary.name, p.standby?.name ?? null, p.pairedBy ?? p.unpairedWhy]);

test('capacity model: tiers are groups and the standalone instances (or emptiness) of target groups', () => {
  const m = buildCapacityModel(capacityShop());
  assert.deepEqual(
    m.tiers.map((t) => [t.id, t.capacity.instances, t.capacity.units, t.capacity.unit]),
    [
      ['us-east-1:asg/api', 6, 24, 'vCPUs'],
      ['us-east-1:asg/web', 6, 12, 'vCPUs'],
      ['us-east-1:asg/worker', 3, 6, 'vCPUs'],
      ['us-west-2:asg/web-west', 3, 6, 'vCPUs'],
      // The empty target group behind the standby /api/* rule is a tier with nothing in it.
      ['us-west-2:instances/api-tg-west', 0, 0, 'instances'],
    ],
  );
  const api = tierOfAsg(m, 'us-east-1', 'api')!;
  assert.deepEqual(
    api.routes.map((r) => [r.loadBalancer.name, r.listenerPort, r.priority, r.match]),
    [['alb-east', 443, '10', 'path /api/*']],
  );
});

test('capacity model: pairs by config, then a shared tag, then the traffic; unpaired primary tiers are named', () => {
  const m = buildCapacityModel(capacityShop());
  assert.deepEqual(pairsOf(m), [
    // tier=api has no standby holder: the traffic pairs it (www → alb-east /api/* ↔ alb-west /api/*).
    ['api', 'api-tg-west', 'traffic api.example.com. A → path /api/*'],
    ['web', 'web-west', 'tag tier=web'],
    ['worker', null, 'no tiers: entry, shared tag or shared traffic pairs it'],
  ]);
  // Explicit config wins over the tag, and can say "deliberately none".
  const c = buildCapacityModel(capacityShop(), {
    tiers: { front: { primary: 'web', standby: 'api-tg-west' }, batch: { primary: 'worker', standby: null } },
  });
  assert.deepEqual(pairsOf(c), [
    ['api', null, 'no tiers: entry, shared tag or shared traffic pairs it'],
    ['web', 'api-tg-west', 'config tiers.front'],
    ['worker', null, 'tiers.batch.standby is none'],
  ]);
  // A name that is not there is a problem, not a silent miss.
  const bad = buildCapacityModel(capacityShop(), { tiers: { x: { primary: 'nope' } } });
  assert.deepEqual(bad.problems, [
    'tiers.x.primary: no Auto Scaling group, ECS service or target group nope in us-east-1',
  ]);
  // Without the tier tag keys, web is paired by the traffic instead (default rule ↔ default rule).
  const noTags = buildCapacityModel(capacityShop(), { tierTagKeys: [] });
  assert.equal(
    noTags.pairs.find((p) => p.primary.name === 'web')?.pairedBy,
    'traffic api.example.com. A → default',
  );
});

test('capacity model: demand sources in order, each with its basis', () => {
  const m = buildCapacityModel(capacityShop());
  const d = (name: string) => tierOfAsg(m, 'us-east-1', name)!.demand;
  // api: resil:peak=6 × c6i.xlarge (4 vCPUs) = 24.
  assert.deepEqual(
    [d('api').source, d('api').needed, d('api').basis],
    ['declared', 24, 'tag resil:peak=6: 6 instances × 4 vCPUs'],
  );
  // web: 50 % of 12 vCPUs busy = 6; ÷ 0.8 = 7.5.
  assert.deepEqual([d('web').source, d('web').busyAtPeak, d('web').needed], ['policy-target', 6, 7.5]);
  // worker: nothing says; today's 6 vCPUs.
  assert.deepEqual([d('worker').source, d('worker').needed], ['assumed', 6]);
  // A global peakFactor is a declaration for every tier: ceil(2 × 3) = 6 instances × 2 = 12.
  const f = buildCapacityModel(capacityShop(), { peakFactor: 2 });
  assert.deepEqual(
    [tierOfAsg(f, 'us-east-1', 'worker')!.demand.source, tierOfAsg(f, 'us-east-1', 'worker')!.demand.needed],
    ['declared', 12],
  );
  // tiers: peak wins over the tag.
  const c = buildCapacityModel(capacityShop(), { tiers: { api: { primary: 'api', peak: 3 } } });
  assert.equal(tierOfAsg(c, 'us-east-1', 'api')!.demand.basis, 'tiers.api.peak: 3 instances × 4 vCPUs');
});

test('capacity model: N−1 region per pair — empty, must scale, and vCPUs across different instance sizes', () => {
  const m = buildCapacityModel(capacityShop());
  const pair = (name: string) => m.pairs.find((p) => p.primary.name === name)!;
  const api = nMinusOneRegion(pair('api').primary, pair('api').standby!);
  assert.equal(api.verdict, 'empty');
  assert.equal(api.unit, 'instances'); // the empty tier has no known size: compared in instances (6 needed)
  assert.equal(api.needed, 6);
  const web = nMinusOneRegion(pair('web').primary, pair('web').standby!);
  // 7.5 vCPUs needed; 6 now; MaxSize 9 × 2 = 18: must scale out by ceil(1.5 / 2) = 1 instance.
  assert.deepEqual(
    [
      web.verdict,
      web.needed,
      web.standbyUnits,
      web.standbyMaxUnits,
      web.scaleOutUnits,
      web.scaleOutInstances,
    ],
    ['must-scale', 7.5, 6, 18, 1.5, 1],
  );
  assert.deepEqual(web.standbyHealthyTargetsPerAz, { 'us-west-2a': 1, 'us-west-2b': 1, 'us-west-2c': 1 });
  // A standby api of 6 × c6i.xlarge (24 vCPUs) carries the declared 24.
  const full = buildCapacityModel(capacityShop({ standbyApi: true }));
  const p = full.pairs.find((x) => x.primary.name === 'api')!;
  assert.equal(p.standby?.name, 'api-west');
  assert.equal(nMinusOneRegion(p.primary, p.standby!).verdict, 'ready');
});

test('capacity model: N−1 AZ per tier, with per-AZ before / after / needed', () => {
  const m = buildCapacityModel(capacityShop());
  const loss = nMinusOneAz(tierOfAsg(m, 'us-east-1', 'api')!);
  // 24 vCPUs, 8 per AZ; needed 24: losing any AZ leaves 16, short by 8. Stable: ceil(6 × 3/2) = 9.
  assert.deepEqual(loss.worst, {
    az: 'us-east-1a',
    before: 24,
    afterLosingIt: 16,
    needed: 24,
    shortBy: 8,
    ok: false,
  });
  assert.equal(loss.staticallyStableInstances, 9);
  assert.equal(loss.ok, false);
});

test('capacity model: memoised per inventory and settings', () => {
  const inv = capacityShop();
  assert.equal(buildCapacityModel(inv), buildCapacityModel(inv, {}));
  assert.notEqual(buildCapacityModel(inv), buildCapacityModel(inv, { safeUtilizationPercent: 70 }));
});

test('instanceVcpus and parsePeakTag', () => {
  assert.deepEqual(
    [
      'm6i.large',
      'c6i.4xlarge',
      't3.micro',
      't2.micro',
      'm6g.medium',
      't4g.medium',
      'm7i-flex.2xlarge',
      'm5.metal',
      'db.r6g.large',
    ].map(instanceVcpus),
    [2, 16, 2, 1, 1, 2, 8, undefined, undefined],
  );
  assert.deepEqual(parsePeakTag('6'), { instances: 6 });
  assert.deepEqual(parsePeakTag('1.5x'), { factor: 1.5 });
  assert.equal(parsePeakTag('0'), undefined);
  assert.equal(parsePeakTag('six'), undefined);
});
