/**
 * Section 4: quota headroom, with answers computed by hand. The shop's primary region runs 6 web
 * m6i.large (12 vCPUs) + 6 api c6i.xlarge (24) + 3 worker m6i.large (6) = 42 Standard vCPUs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vcpuQuotaOf } from '../../src/inventory/quotas.js';
import type { Inventory, ServiceQuota } from '../../src/inventory/schema.js';
import { capacityShop } from '../support/capacity-shop.js';
import { denied, instance } from '../support/builders.js';
import { readiness } from './support.js';

const E = 'us-east-1';
const W = 'us-west-2';

function q(
  quotaCode: string,
  value: number,
  serviceCode = 'ec2',
  source: ServiceQuota['source'] = 'applied',
): ServiceQuota {
  return { serviceCode, quotaCode, name: quotaCode, value, source };
}

function standardQuotas(east: number, west: number) {
  const rest = [
    q('L-53DA6B97', 50, 'elasticloadbalancing'),
    q('L-69A177A2', 50, 'elasticloadbalancing'),
    q('L-B22855CB', 3000, 'elasticloadbalancing'),
    q('L-7B6409FD', 40, 'rds'),
    q('L-952B80B8', 40, 'rds'),
  ];
  return { [E]: [q('L-1216C47A', east), ...rest], [W]: [q('L-1216C47A', west), ...rest] };
}

/** The capacity shop with its running EC2 instances listed (the quota usage counts them) and quotas. */
function shop(quotas = standardQuotas(100, 24)): Inventory {
  const inv = capacityShop();
  for (const [name, r] of Object.entries(inv.regions)) {
    r.instances = r.autoScalingGroups.flatMap((g) =>
      g.instances.map((i) => instance({ id: i.id, az: i.az, type: i.instanceType ?? 'm6i.large' })),
    );
    r.serviceQuotas = quotas[name as keyof typeof quotas];
  }
  return inv;
}

test('vCPU quota families: standard, accelerated and high-memory types go to their own quota', () => {
  assert.equal(vcpuQuotaOf('m6i.large')?.code, 'L-1216C47A');
  assert.equal(vcpuQuotaOf('c7gn.16xlarge')?.code, 'L-1216C47A');
  assert.equal(vcpuQuotaOf('t3.micro')?.code, 'L-1216C47A');
  assert.equal(vcpuQuotaOf('g5.xlarge')?.code, 'L-DB2E81BA');
  assert.equal(vcpuQuotaOf('vt1.3xlarge')?.code, 'L-DB2E81BA');
  assert.equal(vcpuQuotaOf('inf2.xlarge')?.code, 'L-1945791B');
  assert.equal(vcpuQuotaOf('p4d.24xlarge')?.code, 'L-417A185B');
  assert.equal(vcpuQuotaOf('x2idn.16xlarge')?.code, 'L-7295265B');
  assert.equal(vcpuQuotaOf('trn1.2xlarge')?.code, 'L-2C3B7624');
  assert.equal(vcpuQuotaOf('dl1.24xlarge')?.code, 'L-6E869C2A');
  assert.equal(vcpuQuotaOf('u-6tb1.metal')?.code, 'L-43DA4232');
  assert.equal(vcpuQuotaOf('db.r6g.large'), undefined);
});

test('quota headroom: usage now + what the peak and the failover add, against the quota', () => {
  const r = readiness(shop());
  const row = (region: string, code: string) =>
    r.quotas.rows.find((x) => x.region === region && x.quotaCode === code)!;
  const east = row(E, 'L-1216C47A');
  // Now: 12 + 24 + 6 = 42. The peak adds web +3 × 2 (target 9 of 6) and api +8 × 4 (14 of 6) = 38; the
  // assumed-demand worker (target 8 of 3) adds 5 × 2 = 10: 90. 90 of 100 = 90 % ≥ 80 %: red.
  assert.equal(east.usedNow, 42);
  assert.equal(east.added, 6 + 32 + 10);
  assert.equal(east.usedAfter, 90);
  assert.equal(east.percentAfter, 90);
  assert.equal(east.percentNow, 42);
  assert.equal(east.status, 'not-ready');
  assert.equal(east.addedBy.length, 3);
  // The standby runs 3 × m6i.large (6 vCPUs) and must add 3 × 2 for web; api's standby is an empty
  // target group (no launchable type): 12 of 24 = 50 %.
  const west = row(W, 'L-1216C47A');
  assert.deepEqual(
    [west.usedNow, west.added, west.usedAfter, west.percentAfter, west.status],
    [6, 6, 12, 50, 'ok'],
  );
  // Load balancers and target groups per region: counted, nothing added.
  assert.deepEqual([row(E, 'L-53DA6B97').usedNow, row(E, 'L-53DA6B97').status], [1, 'ok']);
  assert.equal(row(W, 'L-B22855CB').usedNow, 2);
  // The failover promotes a 2-instance secondary of a 2-instance primary: no DB instance added.
  assert.equal(row(W, 'L-7B6409FD').added, 0);
});

test('quota headroom: just under the red line is OK, at it is NOT READY', () => {
  // With the worker's peak declared (resil:peak=3: 6 vCPUs, the same numbers as assumed), east needs
  // 90 vCPUs after scaling: 113 → 79.6 % OK; 112.5 → exactly 80 %, red.
  const declared = (value: number) => {
    const inv = shop(standardQuotas(value, 24));
    inv.regions[E]!.autoScalingGroups.find((g) => g.name === 'worker')!.tags['resil:peak'] = '3';
    return readiness(inv).quotas.rows.find((x) => x.region === E && x.quotaCode === 'L-1216C47A')!;
  };
  const ok = declared(113);
  assert.deepEqual([ok.usedAfter, ok.percentAfter, ok.status], [90, 79.6, 'ok']);
  const red = declared(112.5);
  assert.deepEqual([red.percentAfter, red.status], [80, 'not-ready']);
});

test('quota headroom: a quota that cannot be read is unknown, with the reason, never passed', () => {
  // An older snapshot: no quotas recorded at all.
  const old = capacityShop();
  const r1 = readiness(old);
  const std = r1.quotas.rows.find((x) => x.region === E && x.quotaCode === 'L-1216C47A')!;
  assert.equal(std.status, 'unknown');
  assert.equal(std.value, null);
  assert.match(std.reasons[0]!, /not in this snapshot/);
  assert.equal(r1.verdict.incomplete, true);
  // Access denied in one region: named.
  const inv = shop();
  delete inv.regions[W]!.serviceQuotas;
  inv.regions[W]!.serviceQuotas = [];
  inv.collection.push(
    denied('servicequotas', 'ListServiceQuotas', W),
    denied('servicequotas', 'GetServiceQuota', W),
  );
  const r2 = readiness(inv);
  const west = r2.quotas.rows.find((x) => x.region === W && x.quotaCode === 'L-1216C47A')!;
  assert.equal(west.status, 'unknown');
  assert.match(west.reasons[0]!, /AccessDenied on servicequotas:ListServiceQuotas in us-west-2/);
  // And it is an action to read it, not a silent pass.
  assert.ok(r2.actions.some((a) => a.from === west.key && /Read the quota/.test(a.what)));
});

test('quota headroom: an AWS default value is used and marked so', () => {
  const quotas = standardQuotas(100, 24);
  quotas[W] = quotas[W]!.map((x) =>
    x.quotaCode === 'L-1216C47A' ? { ...x, value: 5, source: 'default' as const } : x,
  );
  const west = readiness(shop(quotas)).quotas.rows.find(
    (x) => x.region === W && x.quotaCode === 'L-1216C47A',
  )!;
  assert.equal(west.valueSource, 'default');
  // 12 of 5 = 240 %.
  assert.deepEqual([west.percentAfter, west.status], [240, 'not-ready']);
  assert.match(west.reasons[0]!, /AWS's default/);
});

test('quota headroom: a guess never makes a quota NOT READY — over the line only with assumed demand is AT RISK', () => {
  // East: 90 after scaling, 10 of them for the assumed-demand worker. Of 105: 85.7 % ≥ 80 %, but
  // 80 ÷ 105 = 76.2 % without the guess.
  const row = readiness(shop(standardQuotas(105, 24))).quotas.rows.find(
    (x) => x.region === E && x.quotaCode === 'L-1216C47A',
  )!;
  assert.equal(row.percentAfter, 85.7);
  assert.equal(row.status, 'at-risk');
  assert.match(row.reasons[0]!, /only with the 10 sized on assumed demands \(80 without them\)/);
  assert.ok(row.addedBy.some((b) => /worker .*\(assumed demand\)/.test(b)));
});
