import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CATEGORIES } from '../../src/checks/define.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { runAudit } from '../../src/engine/audit.js';
import { parseSnapshot } from '../../src/inventory/load.js';
import { EXAMPLE_PATH, exampleText } from '../../scripts/gen-example.js';

test('examples/shop.snapshot.json is up to date with scripts/gen-example.ts (run npm run example)', () => {
  assert.equal(readFileSync(EXAMPLE_PATH, 'utf8'), exampleText());
});

test('the bundled example fails something in every category and passes many checks', () => {
  const snapshot = parseSnapshot(JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')), 'example');
  const result = runAudit(snapshot.inventory, ALL_CHECKS, { config: {}, failOn: 'high' });
  for (const category of CATEGORIES) {
    if (!ALL_CHECKS.some((c) => c.category === category)) continue;
    const bad = result.findings.filter(
      (f) => f.category === category && (f.status === 'fail' || f.status === 'warn'),
    );
    assert.ok(bad.length > 0, `expected a fail or warn in ${category}`);
    const good = result.findings.filter((f) => f.category === category && f.status === 'pass');
    assert.ok(good.length > 0, `expected a pass in ${category}`);
  }
  assert.equal(result.summary.incomplete, false);
  assert.equal(result.summary.exitCode, 1, 'the example has high-severity failures, so a CI gate would fail');
  assert.ok(result.checks.length >= 35);
});

test('the bundled example judges capacity tier by tier, each number naming its demand source', () => {
  const snapshot = parseSnapshot(JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')), 'example');
  const result = runAudit(snapshot.inventory, ALL_CHECKS, { config: {}, failOn: 'high' });
  const f = (checkId: string, id: string) =>
    result.findings.find((x) => x.checkId === checkId && x.resource.id === id)!;
  const source = (checkId: string, id: string) => f(checkId, id).evidence['demandSource'];
  // shop-web declares its peak (resil:peak=6), shop-api has 14 days of group metrics, the standby
  // web group targets 50 % CPU, and nothing says anything about the single-AZ worker.
  assert.equal(source('asg.static-stability', 'shop-web'), 'declared');
  assert.equal(source('asg.static-stability', 'shop-api'), 'measured');
  assert.equal(source('asg.static-stability', 'shop-web-west'), 'policy-target');
  assert.equal(source('dr.standby-capacity', 'shop-worker'), 'assumed');
  // Over-provisioned for its declared peak: 18 vCPUs, 12 left after losing an AZ, 12 needed.
  assert.equal(f('asg.static-stability', 'shop-web').status, 'pass');
  // Measured: 58 % × 5 × 4 vCPUs = 11.6 busy → 14.5 needed; losing us-east-1a (16 of 20) leaves 4.
  assert.equal(f('asg.static-stability', 'shop-api').status, 'fail');
  assert.equal(f('asg.static-stability', 'shop-api').evidence['needed'], 14.5);
  // No standby for the worker and the ledger: named, tier by tier.
  assert.equal(f('dr.standby-capacity', 'shop-worker').status, 'fail');
  assert.equal(f('dr.standby-capacity', 'shop-ledger-tcp').status, 'fail');
  // Every capacity finding carries its demand source.
  for (const x of result.findings.filter((y) =>
    ['asg.static-stability', 'asg.max-size-headroom'].includes(y.checkId),
  ))
    assert.ok(x.evidence['demandSource'], `${x.checkId} ${x.resource.id} names its demand source`);
});

test('the bundled example includes ECS services, a queue, a table and a file system, judged good and risky', () => {
  const snapshot = parseSnapshot(JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')), 'example');
  const east = snapshot.inventory.regions['us-east-1']!;
  assert.ok(east.ecsServices.length > 0 && east.sqsQueues.length > 0);
  assert.ok(east.dynamoDbTables.length > 0 && east.efsFileSystems.length > 0 && east.alarms.length > 0);
  const result = runAudit(snapshot.inventory, ALL_CHECKS, { config: {}, failOn: 'high' });
  const status = (checkId: string, id: string) =>
    result.findings.find((x) => x.checkId === checkId && x.resource.id === id)?.status;
  // The model checkout service passes; the hack-week recommendations service fails in one AZ.
  assert.equal(status('ecs.multi-az', 'shop-ecs/checkout'), 'pass');
  assert.equal(status('ecs.multi-az', 'shop-ecs/recommendations'), 'fail');
  assert.equal(status('tier.static-stability', 'shop-ecs/checkout'), 'pass');
  assert.equal(status('ecs.auto-scaling', 'shop-ecs/recommendations'), 'fail');
  assert.equal(status('ecs.deployment-safety', 'shop-ecs/recommendations'), 'fail');
  // The checkout standby must scale (3 of 3.75 vCPUs), paired by its tier tag.
  const standby = result.findings.find(
    (x) => x.checkId === 'dr.standby-capacity' && x.resource.id === 'shop-ecs/checkout-west',
  )!;
  assert.equal(standby.status, 'warn');
  assert.equal(standby.evidence['pairedBy'], 'tag tier=checkout');
  assert.equal(standby.evidence['demandSource'], 'policy-target');
  // Data: a global table next to a single-region one; a queue with and one without a DLQ; One Zone.
  assert.equal(status('dynamodb.standby-replica', 'orders'), 'pass');
  assert.equal(status('dynamodb.standby-replica', 'carts'), 'fail');
  assert.equal(status('sqs.dead-letter-queue', 'emails'), 'fail');
  assert.equal(status('sqs.standby-worker', 'orders'), 'pass');
  const oneZone = result.findings.find(
    (x) => x.checkId === 'efs.multi-az' && x.resource.id === 'fs-0scratch0east',
  )!;
  assert.equal(oneZone.status, 'fail');
  assert.equal(oneZone.resource.azId, 'use1-az4', 'a finding with an AZ carries its AZ ID');
  assert.equal(status('alarms.failover-signals', 'hc-www-east'), 'fail', 'an alarm without actions');
  assert.equal(status('alarms.failover-signals', 'shop-alb'), 'pass');
});
