/**
 * Sections 2 and 3 on the capacity shop (test/support/capacity-shop.ts), with answers computed by hand.
 * Peak factor 1.5 unless said otherwise; safe utilisation 80 %.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capacityShop } from '../support/capacity-shop.js';
import { asg, cpuTargetTracking, inventory } from '../support/builders.js';
import { az, readiness, region } from './support.js';

test('losing an AZ: web (policy target) is short at × 1.5 but can scale: AT RISK, with the numbers', () => {
  const r = readiness(capacityShop());
  const web = az(r, 'web');
  // 6 × m6i.large = 12 vCPUs (4 per AZ); CPU target 50 % → 6 busy → 6 ÷ 0.8 = 7.5 needed; × 1.5 = 11.25.
  assert.equal(web.demand.source, 'policy-target');
  assert.equal(web.demand.peakNeeded, 7.5);
  assert.equal(web.demand.forecastNeeded, 11.25);
  assert.equal(web.capacityNow, 12);
  // Losing any AZ leaves 8 vCPUs: 3.25 short, 2 × m6i.large.
  assert.deepEqual(
    web.perAz.map((z) => [z.az, z.units, z.afterLosingIt, z.shortBy]),
    [
      ['us-east-1a', 4, 8, 3.25],
      ['us-east-1b', 4, 8, 3.25],
      ['us-east-1c', 4, 8, 3.25],
    ],
  );
  assert.equal(web.shortBy, 3.25);
  assert.equal(web.shortByInstances, 2);
  // ceil(11.25 ÷ 2) = 6 instances needed; over 3 AZs: ceil(6 × 3 ÷ 2) = 9 (3 per AZ), 3 more than today.
  assert.deepEqual(web.target, { instances: 9, perAz: 3, addInstances: 3 });
  // MaxSize 12 reaches 9 and a target-tracking policy reacts: at risk (only scaling closes the gap).
  assert.equal(web.scaling.maxReaches, true);
  assert.equal(web.status, 'at-risk');
  assert.match(
    web.reasons[0]!,
    /losing us-east-1a leaves 8 vCPUs < 11\.25 vCPUs needed .*policy-target demand/,
  );
});

test('losing an AZ: api (declared) cannot reach the stable size: NOT READY, with what to set', () => {
  const api = az(readiness(capacityShop()), 'api');
  // resil:peak=6 × c6i.xlarge (4 vCPUs) = 24; × 1.5 = 36. 24 in service, 8 per AZ: losing one leaves 16.
  assert.equal(api.demand.source, 'declared');
  assert.equal(api.demand.forecastNeeded, 36);
  assert.equal(api.worstAfter, 16);
  assert.equal(api.shortBy, 20);
  assert.equal(api.shortByInstances, 5);
  // ceil(36 ÷ 4) = 9 needed → ceil(9 × 3 ÷ 2) = 14 in total, at most 5 per AZ; MaxSize 12 is too low.
  assert.deepEqual(api.target, { instances: 14, perAz: 5, addInstances: 8 });
  assert.equal(api.scaling.maxReaches, false);
  assert.equal(api.status, 'not-ready');
});

test('losing an AZ: an assumed demand is at most AT RISK, and says so', () => {
  const worker = az(readiness(capacityShop()), 'worker');
  // 3 × m6i.large, nothing declares or measures: 6 assumed, × 1.5 = 9; losing an AZ leaves 4.
  assert.equal(worker.demand.source, 'assumed');
  assert.equal(worker.demand.forecastNeeded, 9);
  assert.equal(worker.worstAfter, 4);
  assert.equal(worker.status, 'at-risk');
  assert.ok(worker.reasons.some((x) => /assumed/.test(x)));
  // And passing on an assumed demand is not READY either.
  const ok = az(readiness(capacityShop(), { peakFactor: 0.5 }), 'worker');
  assert.equal(ok.shortBy, 0);
  assert.equal(ok.status, 'at-risk');
  assert.ok(ok.reasons.some((x) => /passes only on an assumed demand/.test(x)));
});

test('losing an AZ: a single-AZ tier fails whatever the demand (even an assumed one)', () => {
  const one = asg({ name: 'solo' }, { 'us-east-1a': 2 });
  const r = readiness(inventory({ 'us-east-1': { autoScalingGroups: [one] } }));
  const solo = az(r, 'solo');
  assert.equal(solo.demand.source, 'assumed');
  assert.equal(solo.singleAz, true);
  assert.equal(solo.target, null);
  assert.equal(solo.status, 'not-ready');
  assert.match(solo.reasons[0]!, /whatever the demand/);
});

test('losing an AZ: a scheduled action before the event that reaches the stable size makes it OK', () => {
  const inv = capacityShop();
  const web = inv.regions['us-east-1']!.autoScalingGroups.find((g) => g.name === 'web')!;
  web.scheduledActions = [
    { name: 'too-late', startTime: '2026-11-28T06:00:00.000Z', minSize: 12, desiredCapacity: 12 },
    { name: 'warm-up', startTime: '2026-11-26T06:00:00.000Z', minSize: 9, desiredCapacity: 9 },
  ];
  const before = az(readiness(inv, { eventDate: '2026-11-27' }), 'web');
  assert.equal(before.scaling.scheduledBeforeEvent?.name, 'warm-up');
  assert.equal(before.scaling.scheduledBeforeEvent?.reaches, true);
  assert.equal(before.status, 'ok');
  // Without an event date nothing says the action comes in time.
  assert.equal(az(readiness(inv), 'web').status, 'at-risk');
  // An action that raises too little is named, and does not help.
  web.scheduledActions = [{ name: 'small', startTime: '2026-11-26T06:00:00.000Z', desiredCapacity: 8 }];
  const small = az(readiness(inv, { eventDate: '2026-11-27' }), 'web');
  assert.equal(small.scaling.scheduledBeforeEvent?.reaches, false);
  assert.equal(small.status, 'at-risk');
  assert.ok(small.reasons.some((x) => /small .* not to the 9 instances needed/.test(x)));
});

test('losing the region: must-scale, empty and unpaired standbys, each with its numbers', () => {
  const r = readiness(capacityShop());
  const web = region(r, 'web');
  // web's forecast 11.25 vCPUs; web-west runs 3 × m6i.large = 6, MaxSize 9 → 18: must scale by 5.25 (3 instances).
  assert.equal(web.standby?.name, 'web-west');
  assert.equal(web.pairedBy, 'tag tier=web');
  assert.deepEqual(
    [web.needed, web.standbyNow, web.standbyAtMax, web.verdict, web.scaleOutUnits, web.scaleOutInstances],
    [11.25, 6, 18, 'must-scale', 5.25, 3],
  );
  assert.equal(web.status, 'at-risk');
  assert.deepEqual(web.standbyHealthyTargetsPerAz, { 'us-west-2a': 1, 'us-west-2b': 1, 'us-west-2c': 1 });
  assert.ok(web.standbyRoutes.some((x) => /alb-west listener 443 default action/.test(x)));
  // api's standby is the empty target group behind /api/*: it serves nothing, whatever the demand.
  const api = region(r, 'api');
  assert.equal(api.standby?.name, 'api-tg-west');
  assert.equal(api.verdict, 'empty');
  assert.equal(api.status, 'not-ready');
  assert.ok(api.standbyRoutes.some((x) => /rule 10 \(path \/api\/\*\)/.test(x)));
  // Nothing in us-west-2 serves the worker.
  const worker = region(r, 'worker');
  assert.equal(worker.standby, null);
  assert.equal(worker.verdict, 'no-standby');
  assert.equal(worker.status, 'not-ready');
  // ...unless the config says so on purpose.
  const decided = readiness(capacityShop(), {
    config: { tiers: { batch: { primary: 'worker', standby: null } } },
  });
  assert.equal(region(decided, 'worker').status, 'ok');
  assert.match(region(decided, 'worker').reasons[0]!, /no standby by design/);
});

test('losing the region: a standby that carries the forecast is OK; peak factor 1 judges today’s peak', () => {
  const inv = capacityShop({ standbyApi: true });
  const api = region(readiness(inv), 'api');
  // api-west: 6 × c6i.xlarge = 24 vCPUs, MaxSize 12 (48): today's 24 is ready, × 1.5 = 36 must scale by 12 (3 instances).
  assert.deepEqual(
    [api.needed, api.standbyNow, api.verdict, api.scaleOutInstances],
    [36, 24, 'must-scale', 3],
  );
  const today = region(readiness(inv, { peakFactor: 1 }), 'api');
  assert.deepEqual([today.needed, today.verdict, today.status], [24, 'ready', 'ok']);
});

test('ECS and other tier kinds: iterated generically (a non-ASG tier with no scaling is listed, not skipped)', () => {
  const r = readiness(capacityShop());
  // Every tier the capacity model found in the primary region appears in section 2, whatever its kind.
  assert.deepEqual(r.azLoss.map((a) => a.tier.name).sort(), ['api', 'web', 'worker']);
  for (const a of r.azLoss) assert.ok(a.tier.kind.length > 0);
});

test('the CPU target-tracking tier shows the survivors’ utilisation after losing an AZ', () => {
  const g = asg(
    { name: 'tt', scalingPolicies: [cpuTargetTracking(60)] },
    { 'us-east-1a': 2, 'us-east-1b': 2 },
  );
  const r = readiness(inventory({ 'us-east-1': { autoScalingGroups: [g] } }), { peakFactor: 1 });
  // 8 vCPUs at 60 % → 4.8 busy; losing one AZ leaves 4 → 120 % utilisation.
  assert.equal(az(r, 'tt').perAz[0]!.survivorsUtilizationPercent, 120);
});
