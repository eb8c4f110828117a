import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/aurora.failover-ready-reader.js';
import { dbCluster, denied, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

type Members = Parameters<typeof dbCluster>[2];

function one(members: Members) {
  return only(
    run(check, inventory({ 'us-east-1': { dbClusters: [dbCluster({ id: 'shop' }, 'us-east-1', members)] } })),
    'shop',
  );
}

test('aurora.failover-ready-reader: passes with a same-class, best-tier reader in another AZ and names it', () => {
  const f = one([
    ['shop-1', 'us-east-1a', true, 'db.r6g.xlarge', 1],
    ['shop-2', 'us-east-1b', false, 'db.r6g.2xlarge', 0],
    ['shop-3', 'us-east-1a', false, 'db.r6g.large', 2],
  ]);
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /^shop can fail over to shop-2 \(us-east-1b, db.r6g.2xlarge, tier 0\): another AZ than writer shop-1 \(us-east-1a\)/,
  );
  assert.equal(f.evidence['candidate'], 'shop-2');
  assert.equal(f.evidence['bestReaderTier'], 0);
});

test('aurora.failover-ready-reader: warns when the best-tier reader shares the writer AZ', () => {
  const f = one([
    ['shop-1', 'us-east-1a', true, 'db.r6g.large', 1],
    ['shop-2', 'us-east-1a', false, 'db.r6g.large', 0],
    ['shop-3', 'us-east-1b', false, 'db.r6g.large', 1],
  ]);
  assert.equal(f.status, 'warn');
  assert.equal(f.severity, 'medium');
  assert.match(f.message, /no failover-ready reader; nearest candidate/);
  const readers = f.evidence['readers'] as Array<{ instanceId: string; problems?: string[] }>;
  assert.deepEqual(readers.find((r) => r.instanceId === 'shop-2')!.problems, [
    'same AZ as the writer (us-east-1a)',
  ]);
  assert.deepEqual(readers.find((r) => r.instanceId === 'shop-3')!.problems, ['tier 1 is behind tier 0']);
});

test('aurora.failover-ready-reader: warns when the other-AZ reader is smaller than the writer', () => {
  const f = one([
    ['shop-1', 'us-east-1a', true, 'db.r6g.4xlarge', 1],
    ['shop-2', 'us-east-1b', false, 'db.r6g.xlarge', 1],
  ]);
  assert.equal(f.status, 'warn');
  assert.equal(
    f.message,
    "shop has no failover-ready reader; nearest candidate shop-2 (us-east-1b, db.r6g.xlarge, tier 1): smaller than the writer's db.r6g.4xlarge",
  );
});

test('aurora.failover-ready-reader: compares size only across families, and says so', () => {
  const f = one([
    ['shop-1', 'us-east-1a', true, 'db.r6g.2xlarge', 1],
    ['shop-2', 'us-east-1b', false, 'db.r7g.2xlarge', 1],
  ]);
  assert.equal(f.status, 'pass');
  assert.match(f.message, /different family from the writer's db.r6g.2xlarge, compared by size only/);
  const g = one([
    ['shop-1', 'us-east-1a', true, 'db.r6g.2xlarge', 1],
    ['shop-2', 'us-east-1b', false, 'db.r7g.large', 1],
  ]);
  assert.equal(g.status, 'warn');
  assert.match(g.message, /smaller than the writer's db.r6g.2xlarge \(different family/);
});

test('aurora.failover-ready-reader: fails when the cluster has no reader at all', () => {
  const f = one([['shop-1', 'us-east-1a', true]]);
  assert.equal(f.status, 'fail');
  assert.equal(
    f.message,
    'shop has no reader: a failover must create a new instance for writer shop-1 (us-east-1a, db.r6g.large, tier 1)',
  );
});

test('aurora.failover-ready-reader: headless clusters give no finding here', () => {
  assert.deepEqual(
    run(
      check,
      inventory({
        'us-east-1': { dbClusters: [dbCluster({ id: 'shop', globalClusterId: 'g' }, 'us-east-1', [])] },
      }),
    ),
    [],
  );
});

test('aurora.failover-ready-reader: skipped where DB instances could not be read', () => {
  const inv = inventory(
    { 'us-east-1': { dbClusters: [dbCluster({ id: 'shop' })] } },
    { collection: [denied('rds', 'DescribeDBInstances', 'us-east-1')] },
  );
  const f = only(run(check, inv), 'us-east-1');
  assert.equal(f.status, 'skipped');
  assert.match(f.message, /rds:DescribeDBInstances/);
});

test('aurora.failover-ready-reader: no clusters, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});

test('aurora.failover-ready-reader: a global secondary (no writer until promoted) is skipped with that reason', () => {
  const c = dbCluster({ id: 'west', globalClusterId: 'g1' }, 'us-west-2', [['west-1', 'us-west-2a', false]]);
  const [f, ...rest] = run(check, inventory({ 'us-west-2': { dbClusters: [c] } }));
  assert.equal(rest.length, 0);
  assert.equal(f!.status, 'skipped');
  assert.match(f!.message, /west is a secondary of global cluster g1/);
  assert.equal(f!.evidence['reason'], 'global-secondary');
});
