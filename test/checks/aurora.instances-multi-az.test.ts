import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/aurora.instances-multi-az.js';
import { dbCluster, dbInstance, denied, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

type Members = Parameters<typeof dbCluster>[2];

function one(members: Members, o: Partial<Parameters<typeof dbCluster>[0]> = {}) {
  return only(
    run(
      check,
      inventory({ 'us-east-1': { dbClusters: [dbCluster({ id: 'shop', ...o }, 'us-east-1', members)] } }),
    ),
    'shop',
  );
}

test('aurora.instances-multi-az: passes a writer and a reader in different AZs', () => {
  const f = one(undefined);
  assert.equal(f.status, 'pass');
  assert.equal(f.message, 'shop has 2 DB instances across 2 AZs (us-east-1a, us-east-1b)');
});

test('aurora.instances-multi-az: fails a single-instance cluster', () => {
  const f = one([['shop-1', 'us-east-1a', true]]);
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'high');
  assert.equal(f.message, 'shop has 1 DB instance (shop-1 in us-east-1a): no reader to fail over to');
  assert.equal(f.evidence['instances'], 1);
});

test('aurora.instances-multi-az: fails when all instances share one AZ', () => {
  const f = one([
    ['shop-1', 'us-east-1a', true],
    ['shop-2', 'us-east-1a', false],
    ['shop-3', 'us-east-1a', false],
  ]);
  assert.equal(f.status, 'fail');
  assert.equal(f.message, 'shop has all 3 DB instances in 1 AZ (us-east-1a): losing it leaves no instance');
});

test('aurora.instances-multi-az: warns when all readers share one AZ', () => {
  const f = one([
    ['shop-1', 'us-east-1a', true],
    ['shop-2', 'us-east-1b', false],
    ['shop-3', 'us-east-1b', false],
  ]);
  assert.equal(f.status, 'warn');
  assert.equal(
    f.message,
    'shop has all 2 readers in 1 AZ (us-east-1b); the writer is in us-east-1a: losing us-east-1b leaves no reader',
  );
  assert.deepEqual(f.evidence['readerAzs'], ['us-east-1b']);
});

test('aurora.instances-multi-az: a headless global secondary warns; a headless regional cluster fails', () => {
  const g = one([], { globalClusterId: 'shop-global' });
  assert.equal(g.status, 'warn');
  assert.match(g.message, /shop is a headless secondary of global cluster shop-global \(0 instances\)/);
  assert.equal(one([]).status, 'fail');
});

test('aurora.instances-multi-az: member AZs missing from the cluster are taken from the DB instances; unknown ones are skipped', () => {
  const c = dbCluster({ id: 'shop' }, 'us-east-1', [
    ['shop-1', 'us-east-1a', true],
    ['shop-2', 'us-east-1a', false],
  ]);
  delete c.members[1]!.az;
  const f = only(run(check, inventory({ 'us-east-1': { dbClusters: [c] } })), 'shop');
  assert.equal(f.status, 'skipped');
  assert.match(f.message, /the AZ of shop-2 is not reported/);
  const withInstance = inventory({
    'us-east-1': {
      dbClusters: [c],
      dbInstances: [dbInstance({ id: 'shop-2', az: 'us-east-1b', clusterId: 'shop' })],
    },
  });
  const g = only(run(check, withInstance), 'shop');
  assert.equal(g.status, 'pass');
  assert.deepEqual(g.evidence['azs'], ['us-east-1a', 'us-east-1b']);
});

test('aurora.instances-multi-az: non-Aurora clusters are not judged here', () => {
  const inv = inventory({
    'us-east-1': {
      dbClusters: [
        dbCluster({ id: 'maz', engine: 'postgres' }, 'us-east-1', [['maz-1', 'us-east-1a', true]]),
      ],
    },
  });
  assert.deepEqual(run(check, inv), []);
});

test('aurora.instances-multi-az: skipped where clusters could not be read', () => {
  const inv = inventory(
    { 'us-east-1': {} },
    { collection: [denied('rds', 'DescribeDBClusters', 'us-east-1')] },
  );
  const f = only(run(check, inv), 'us-east-1');
  assert.equal(f.status, 'skipped');
  assert.match(f.message, /rds:DescribeDBClusters/);
});

test('aurora.instances-multi-az: no clusters, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});

test('aurora.instances-multi-az: a global secondary in 1 AZ warns (like a headless one), naming the AZ; it has no writer, so no "reader to fail over to"', () => {
  const single = one([['shop-1', 'us-east-1a', false]], { globalClusterId: 'shop-global' });
  assert.equal(single.status, 'warn');
  assert.equal(
    single.message,
    'shop is a secondary of global cluster shop-global with 1 DB instance, in 1 AZ (us-east-1a): losing us-east-1a leaves it headless, ' +
      'and once promoted it has no instance in another AZ to fail over to',
  );
  const sameAz = one(
    [
      ['shop-1', 'us-east-1a', false],
      ['shop-2', 'us-east-1a', false],
    ],
    { globalClusterId: 'shop-global' },
  );
  assert.equal(sameAz.status, 'warn');
  assert.match(sameAz.message, /with 2 DB instances, in 1 AZ \(us-east-1a\)/);
  // A global secondary across 2 AZs passes; a regional single-instance cluster still fails.
  assert.equal(
    one(
      [
        ['shop-1', 'us-east-1a', false],
        ['shop-2', 'us-east-1b', false],
      ],
      { globalClusterId: 'shop-global' },
    ).status,
    'pass',
  );
  assert.equal(one([['shop-1', 'us-east-1a', true]]).status, 'fail');
});
