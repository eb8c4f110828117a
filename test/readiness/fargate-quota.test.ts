/**
 * Section 4, Fargate: the Fargate On-Demand vCPU quota (L-3032A538) against the running Fargate
 * tasks' vCPUs and the tasks the AZ-loss and region-loss sections say must be added. Answers computed
 * by hand; peak factor 1.5, safe utilisation 80 %.
 *
 * us-east-1: `checkout` (Fargate, 2 × 1-vCPU tasks per AZ = 6 vCPUs, CPU target tracking at 50 %,
 * scalable target 6..18): 3 busy ÷ 0.8 × 1.5 = 5.63 vCPUs; losing an AZ leaves 4, so the AZ-loss target
 * is 9 tasks, +3 tasks × 1 vCPU = +3 vCPUs. `legacy` (EC2 launch type, one 1-vCPU task per AZ on
 * c6i.xlarge container instances, resil:peak=3): +5 tasks at the peak, none of them Fargate. `batch`
 * (FARGATE_SPOT only, 4 × 0.5-vCPU tasks): the Spot quota, not this one.
 * us-west-2: `checkout-west` (Fargate, 1 × 1-vCPU task per AZ = 3 vCPUs, scalable target 3..18), the
 * standby of checkout: it must add 2.63 vCPUs = 3 tasks × 1 vCPU = +3 vCPUs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fargatePurchase } from '../../src/inventory/quotas.js';
import type { EcsService, Inventory, ServiceQuota } from '../../src/inventory/schema.js';
import type { ReadinessReport } from '../../src/readiness/index.js';
import {
  azs,
  denied,
  ecsScalableTarget,
  ecsService,
  instance,
  inventory,
  subnetsFor,
} from '../support/builders.js';
import { az, readiness, region } from './support.js';

const E = 'us-east-1';
const W = 'us-west-2';
const EAST = azs(E);
const WEST = azs(W);
const FARGATE = 'L-3032A538';

function q(serviceCode: string, quotaCode: string, value: number): ServiceQuota {
  return { serviceCode, quotaCode, name: quotaCode, value, source: 'applied' };
}

function quotas(fargate: number | undefined): ServiceQuota[] {
  return [
    q('ec2', 'L-1216C47A', 1000),
    q('elasticloadbalancing', 'L-53DA6B97', 50),
    q('elasticloadbalancing', 'L-69A177A2', 50),
    q('elasticloadbalancing', 'L-B22855CB', 3000),
    q('rds', 'L-7B6409FD', 40),
    q('rds', 'L-952B80B8', 40),
    ...(fargate === undefined
      ? []
      : [{ ...q('fargate', FARGATE, fargate), name: 'Fargate On-Demand vCPU resource count' }]),
  ];
}

function fargateShop(o: { east?: number; west?: number; extraEast?: EcsService[] } = {}): Inventory {
  const checkout = ecsService(
    { name: 'checkout', taskCpuUnits: 1024 },
    Object.fromEntries(EAST.map((z) => [z, 2])),
  );
  const legacy = ecsService(
    {
      name: 'legacy',
      launchType: 'EC2',
      networkMode: 'bridge',
      subnetIds: [],
      taskCpuUnits: 1024,
      tags: { 'resil:peak': '3' },
    },
    Object.fromEntries(EAST.map((z) => [z, 1])),
  );
  legacy.tasks = legacy.tasks!.map((t, i) => ({ ...t, containerInstanceArn: `ci-legacy-${i}` }));
  const batch = ecsService(
    { name: 'batch', launchType: undefined, capacityProviders: ['FARGATE_SPOT'] },
    Object.fromEntries(EAST.map((z) => [z, 1])),
  );
  delete batch.launchType;
  const west = ecsService(
    { name: 'checkout-west', taskCpuUnits: 1024 },
    Object.fromEntries(WEST.map((z) => [z, 1])),
    W,
  );
  return inventory({
    [E]: {
      subnets: subnetsFor(EAST),
      ecsServices: [checkout, legacy, batch, ...(o.extraEast ?? [])],
      ecsClusters: [
        {
          name: 'shop',
          arn: legacy.clusterArn,
          containerInstances: EAST.map((z, i) => ({
            arn: `ci-legacy-${i}`,
            ec2InstanceId: `i-legacy-${i}`,
            az: z,
            status: 'ACTIVE',
          })),
        },
      ],
      instances: EAST.map((z, i) => instance({ id: `i-legacy-${i}`, az: z, type: 'c6i.xlarge' })),
      scalableTargets: [ecsScalableTarget('checkout', { minCapacity: 6, maxCapacity: 18 })],
      serviceQuotas: quotas(o.east ?? 100),
    },
    [W]: {
      subnets: subnetsFor(WEST),
      ecsServices: [west],
      scalableTargets: [ecsScalableTarget('checkout-west', { minCapacity: 3, maxCapacity: 18 })],
      serviceQuotas: quotas(o.west ?? 100),
    },
  });
}

const CONFIG = {
  primaryRegion: E,
  standbyRegion: W,
  tiers: { checkout: { primary: 'checkout', standby: 'checkout-west' } },
};

function report(inv: Inventory): ReadinessReport {
  return readiness(inv, { eventDate: '2026-11-27', config: CONFIG });
}

function fargateRow(r: ReadinessReport, regionName: string) {
  return r.quotas.rows.find((x) => x.region === regionName && x.quotaCode === FARGATE);
}

test('Fargate purchase: launch type FARGATE or the FARGATE provider alone is On-Demand; Spot, mixed, EC2 and unset are told apart', () => {
  const p = (launchType: string | undefined, capacityProviders: string[]) =>
    fargatePurchase({ ...(launchType ? { launchType } : {}), capacityProviders });
  assert.equal(p('FARGATE', []), 'on-demand');
  assert.equal(p(undefined, ['FARGATE']), 'on-demand');
  assert.equal(p(undefined, ['FARGATE_SPOT']), 'spot');
  assert.equal(p(undefined, ['FARGATE', 'FARGATE_SPOT']), 'mixed');
  assert.equal(p('EC2', []), 'none');
  assert.equal(p('EXTERNAL', []), 'none');
  assert.equal(p(undefined, ['shop-asg-provider']), 'none');
  assert.equal(p(undefined, []), 'unknown');
});

test('Fargate quota: running tasks × task vCPUs now, plus the tasks the AZ-loss and region-loss sections add', () => {
  const r = report(fargateShop());
  // The sections' own numbers, which the quota rows convert to vCPUs.
  assert.equal(az(r, 'checkout').target?.addInstances, 3);
  assert.equal(region(r, 'checkout').scaleOutInstances, 3);
  assert.equal(az(r, 'legacy').target?.addInstances, 5);
  const east = fargateRow(r, E)!;
  // Now: checkout 6 × 1 vCPU = 6 (legacy runs on EC2, batch on Spot: neither counted). The peak adds
  // checkout +3 × 1 = 3: 9 of 100 = 9 %.
  assert.deepEqual(
    [east.serviceCode, east.usedNow, east.added, east.usedAfter, east.percentAfter, east.status],
    ['fargate', 6, 3, 9, 9, 'ok'],
  );
  assert.deepEqual(east.addedBy, ['checkout +3 tasks × 1 vCPU for the peak (statically stable)']);
  assert.equal(east.reasons[0], '6 used now + 3 the event adds = 9 of 100 (applied): 9 % after scaling');
  // The Spot service is named, not counted.
  assert.ok(
    east.reasons.includes(
      'Fargate Spot tasks are not counted here (the Fargate Spot vCPU quota L-36FBB829, not read): batch (3 tasks)',
    ),
    east.reasons.join('\n'),
  );
  // The standby: checkout-west 3 × 1 = 3 now, +3 tasks × 1 vCPU to carry checkout's forecast: 6 of 100.
  const west = fargateRow(r, W)!;
  assert.deepEqual([west.usedNow, west.added, west.usedAfter, west.status], [3, 3, 6, 'ok']);
  assert.deepEqual(west.addedBy, ["checkout-west +3 tasks × 1 vCPU to carry checkout's forecast"]);
});

test('Fargate quota: a peak scale-out past the red line is NOT READY, with the numbers and an increase to ask for', () => {
  // East: 9 of 10 = 90 % ≥ 80 %; the demand is checkout's policy target (not a guess): not ready.
  // West: 6 of 6 = 100 %.
  const r = report(fargateShop({ east: 10, west: 6 }));
  const east = fargateRow(r, E)!;
  assert.deepEqual([east.usedAfter, east.percentAfter, east.status], [9, 90, 'not-ready']);
  assert.equal(
    east.reasons[0],
    '6 used now + 3 the event adds = 9 of 10 (applied): 90 %, at or above 80 % after scaling',
  );
  const west = fargateRow(r, W)!;
  assert.deepEqual([west.usedAfter, west.percentAfter, west.status], [6, 100, 'not-ready']);
  assert.equal(r.verdict.status, 'NOT READY');
  assert.ok(r.issues.some((i) => i.key === `quota:${E}:${FARGATE}` && i.status === 'not-ready'));
  // The action asks for ceil(9 ÷ 0.8) = 12 vCPUs, on the fargate service code.
  const act = r.actions.find((a) => a.from === east.key)!;
  assert.match(act.what, /^Request Fargate On-Demand vCPU resource count ≥ 12 in us-east-1/);
  assert.equal(
    act.cli,
    'aws service-quotas request-service-quota-increase --region us-east-1 --service-code fargate --quota-code L-3032A538 --desired-value 12',
  );
});

test('Fargate quota: just within the red line is OK', () => {
  // 9 of 11.25 = 80 % exactly (red); 9 of 12 = 75 %: OK.
  assert.equal(fargateRow(report(fargateShop({ east: 11.25 })), E)!.status, 'not-ready');
  const ok = fargateRow(report(fargateShop({ east: 12 })), E)!;
  assert.deepEqual([ok.percentAfter, ok.status], [75, 'ok']);
});

test('Fargate quota: unreadable (access denied, or a snapshot taken before it was read) is unknown, never OK', () => {
  const inv = fargateShop();
  inv.regions[E]!.serviceQuotas = quotas(undefined);
  inv.collection.push(denied('servicequotas', 'GetServiceQuota', E));
  const r = report(inv);
  const east = fargateRow(r, E)!;
  assert.equal(east.status, 'unknown');
  assert.equal(east.value, null);
  assert.match(
    east.reasons[0]!,
    /^quota unknown: AccessDenied on servicequotas:GetServiceQuota in us-east-1/,
  );
  // The usage is still shown: 6 now + 3.
  assert.deepEqual([east.usedNow, east.added], [6, 3]);
  assert.equal(r.verdict.incomplete, true);
  assert.ok(r.actions.some((a) => a.from === east.key && /^Read the quota/.test(a.what)));

  const old = fargateShop();
  old.regions[W]!.serviceQuotas = quotas(undefined);
  const west = fargateRow(report(old), W)!;
  assert.equal(west.status, 'unknown');
  assert.match(west.reasons[0]!, /not in this snapshot \(taken before resil read the Fargate quota/);
});

test('Fargate quota: an EC2-launch-type service is not counted against it, and no row appears without Fargate', () => {
  // Without checkout (and its standby pairing) east has only legacy (EC2) and batch (Spot): no
  // Fargate On-Demand row at all, though legacy adds 5 tasks at the peak.
  const inv = fargateShop();
  inv.regions[E]!.ecsServices = inv.regions[E]!.ecsServices.filter((s) => s.name !== 'checkout');
  const r = readiness(inv, { eventDate: '2026-11-27' });
  assert.equal(az(r, 'legacy').target?.addInstances, 5);
  assert.equal(fargateRow(r, E), undefined);
  // legacy's container instances are EC2 instances: 3 × c6i.xlarge = 12 Standard vCPUs.
  const std = r.quotas.rows.find((x) => x.region === E && x.quotaCode === 'L-1216C47A')!;
  assert.equal(std.usedNow, 12);
  // What the notes say about the tasks not counted: EC2 capacity, and Fargate Spot.
  assert.ok(
    r.notes.includes(
      'Quota headroom does not count the tasks ECS services on EC2 capacity add (legacy): on EC2 capacity, only the container instances running now are counted.',
    ),
    r.notes.join('\n'),
  );
  assert.ok(!r.notes.some((n) => /does not read; on EC2|which this report does not read; on/.test(n)));
});

test('Fargate quota: a FARGATE/FARGATE_SPOT service makes the row unknown (its split is not known), unless it is not ready without it', () => {
  const mixed = ecsService(
    { name: 'mixed', capacityProviders: ['FARGATE', 'FARGATE_SPOT'] },
    Object.fromEntries(EAST.map((z) => [z, 2])),
  );
  delete mixed.launchType;
  const r = report(fargateShop({ extraEast: [mixed] }));
  const east = fargateRow(r, E)!;
  // Still 6 + 3 counted: mixed's 6 × 0.5 vCPU are neither put on the quota nor silently dropped.
  assert.deepEqual([east.usedNow, east.usedAfter, east.status], [6, 9, 'unknown']);
  assert.ok(
    east.reasons.some((x) =>
      x.startsWith(
        'running tasks that may be Fargate On-Demand, not counted: mixed: 6 running tasks (FARGATE and FARGATE_SPOT',
      ),
    ),
    east.reasons.join('\n'),
  );
  // The quota was read: the action is to find out what it must also hold, not to read it.
  const act = r.actions.find((a) => a.from === east.key)!;
  assert.match(
    act.what,
    /^Find out what the quota must also hold: running tasks that may be Fargate On-Demand, not counted: mixed/,
  );
  assert.equal(act.cli, undefined);
  // Over the line on what is known: not ready stands.
  const red = fargateRow(report(fargateShop({ east: 10, extraEast: [mixed] })), E)!;
  assert.equal(red.status, 'not-ready');
});

test('Fargate quota: the demand source is carried through — over the line only with an assumed demand is AT RISK', () => {
  // promo: Fargate, 1 × 0.5-vCPU task per AZ, no scalable target: its demand is assumed (today's 1.5
  // vCPUs), × 1.5 = 2.25; the AZ-loss target is 8 tasks, +5 × 0.5 = 2.5 vCPUs.
  const promo = ecsService({ name: 'promo' }, Object.fromEntries(EAST.map((z) => [z, 1])));
  const at = (value: number) => fargateRow(report(fargateShop({ east: value, extraEast: [promo] })), E)!;
  const r15 = at(15);
  assert.equal(az(report(fargateShop({ extraEast: [promo] })), 'promo').demand.source, 'assumed');
  // Now 6 + 1.5 = 7.5; added 3 + 2.5 = 5.5; 13 of 15 = 86.7 %, but 10.5 without the guess = 70 %.
  assert.deepEqual([r15.usedNow, r15.added, r15.usedAfter, r15.percentAfter], [7.5, 5.5, 13, 86.7]);
  assert.equal(r15.status, 'at-risk');
  assert.ok(
    r15.addedBy.includes('promo +5 tasks × 0.5 vCPU for the peak (statically stable) (assumed demand)'),
  );
  assert.match(r15.reasons[0]!, /but only with the 2\.5 sized on assumed demands \(10\.5 without them\)/);
  // Of 12: 10.5 ÷ 12 = 87.5 % even without the guess: not ready.
  assert.equal(at(12).status, 'not-ready');
});

test('Fargate quota: fractional task vCPUs add up to two decimals (0.25-vCPU tasks)', () => {
  // tiny: 0.25-vCPU tasks (256 CPU units), 1 per AZ, no scalable target: assumed demand 0.75 vCPUs,
  // × 1.5 = 1.125 = 5 tasks; over the 2 AZs left, ceil(5 × 3 ÷ 2) = 8 tasks: +5 × 0.25 = 1.25.
  // Now 6 + 0.75 = 6.75; added 3 + 1.25 = 4.25; after 11.
  const tiny = ecsService({ name: 'tiny', taskCpuUnits: 256 }, Object.fromEntries(EAST.map((z) => [z, 1])));
  const row = fargateRow(report(fargateShop({ extraEast: [tiny] })), E)!;
  assert.equal(az(report(fargateShop({ extraEast: [tiny] })), 'tiny').target?.addInstances, 5);
  assert.deepEqual([row.usedNow, row.added, row.usedAfter], [6.75, 4.25, 11]);
  assert.ok(
    row.addedBy.includes('tiny +5 tasks × 0.25 vCPU for the peak (statically stable) (assumed demand)'),
  );
});
