import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/rds.instance-multi-az.js';
import { clusterInstances, dbCluster, dbInstance, denied, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

test('rds.instance-multi-az: passes a Multi-AZ instance and names the standby AZ', () => {
  const db = dbInstance({ id: 'orders', secondaryAz: 'us-east-1b' });
  const f = only(run(check, inventory({ 'us-east-1': { dbInstances: [db] } })), 'orders');
  assert.equal(f.status, 'pass');
  assert.equal(f.message, 'orders is Multi-AZ: primary in us-east-1a with its standby in us-east-1b');
});

test('rds.instance-multi-az: fails a Single-AZ instance', () => {
  const f = only(
    run(check, inventory({ 'us-east-1': { dbInstances: [dbInstance({ id: 'orders', multiAz: false })] } })),
    'orders',
  );
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'high');
  assert.equal(
    f.message,
    'orders is Single-AZ (us-east-1a): losing that AZ takes it down until it is restored elsewhere',
  );
  assert.equal(f.evidence['multiAz'], false);
});

test('rds.instance-multi-az: skips Aurora cluster members entirely (judged at cluster level)', () => {
  const c = dbCluster({ id: 'shop' });
  const inv = inventory({ 'us-east-1': { dbClusters: [c], dbInstances: clusterInstances(c) } });
  assert.deepEqual(run(check, inv), []);
});

test('rds.instance-multi-az: judges read replicas and says so, unless configured off', () => {
  const replica = dbInstance({ id: 'orders-ro', multiAz: false, readReplicaSourceId: 'orders' });
  const inv = inventory({ 'us-east-1': { dbInstances: [dbInstance({ id: 'orders' }), replica] } });
  const f = only(run(check, inv), 'orders-ro');
  assert.equal(f.status, 'fail');
  assert.match(
    f.message,
    /^orders-ro \(read replica of orders\) is Single-AZ \(us-east-1a\): losing that AZ loses the replica/,
  );
  assert.equal(f.evidence['readReplicaSourceId'], 'orders');
  // A Single-AZ read replica is read capacity, not the data: low (issue 8, defect 7), the source stays high.
  assert.equal(f.severity, 'low');
  assert.deepEqual(
    run(check, inv, { judgeReadReplicas: false }).map((x) => x.resource.id),
    ['orders'],
  );
});

test('rds.instance-multi-az: skipped where DB instances could not be read', () => {
  const inv = inventory(
    { 'us-east-1': {} },
    { collection: [denied('rds', 'DescribeDBInstances', 'us-east-1')] },
  );
  const f = only(run(check, inv), 'us-east-1');
  assert.equal(f.status, 'skipped');
  assert.match(f.message, /AccessDenied on rds:DescribeDBInstances in us-east-1/);
});

test('rds.instance-multi-az: no DB instances, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
