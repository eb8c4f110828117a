import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/rds.backup-retention.js';
import { clusterInstances, dbCluster, dbInstance, denied, inventory } from '../support/builders.js';
import { only, run, statuses } from '../support/harness.js';

test('rds.backup-retention: passes at 7 days for a cluster and a standalone instance', () => {
  const c = dbCluster({ id: 'shop', backupRetentionDays: 7 });
  const findings = run(
    check,
    inventory({
      'us-east-1': { dbClusters: [c], dbInstances: [dbInstance({ id: 'legacy', backupRetentionDays: 14 })] },
    }),
  );
  const cf = only(findings, 'shop');
  assert.equal(cf.status, 'pass');
  assert.equal(cf.resource.type, 'AWS::RDS::DBCluster');
  assert.match(cf.message, /DB cluster shop keeps automated backups for 7 days/);
  assert.deepEqual(cf.evidence, { backupRetentionDays: 7, minRetentionDays: 7 });
  assert.match(only(findings, 'legacy').message, /DB instance legacy keeps automated backups for 14 days/);
});

test('rds.backup-retention: judges Aurora at the cluster level (members are not judged)', () => {
  const c = dbCluster({ id: 'shop', backupRetentionDays: 1 });
  const members = clusterInstances(c).map((i) => ({ ...i, backupRetentionDays: 0 }));
  const findings = run(check, inventory({ 'us-east-1': { dbClusters: [c], dbInstances: members } }));
  assert.equal(findings.length, 1);
  assert.equal(only(findings, 'shop').status, 'warn');
});

test('rds.backup-retention: read replicas are not judged', () => {
  const replica = dbInstance({ id: 'reports', readReplicaSourceId: 'legacy', backupRetentionDays: 0 });
  assert.deepEqual(run(check, inventory({ 'us-east-1': { dbInstances: [replica] } })), []);
});

test('rds.backup-retention: fails at 0 days', () => {
  const f = only(
    run(
      check,
      inventory({ 'us-east-1': { dbInstances: [dbInstance({ id: 'legacy', backupRetentionDays: 0 })] } }),
    ),
    'legacy',
  );
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'medium');
  assert.match(f.message, /DB instance legacy has automated backups disabled \(retention 0 days\)/);
  assert.equal(f.evidence['backupRetentionDays'], 0);
});

test('rds.backup-retention: warns below 7 days; the minimum is configurable', () => {
  const inv = inventory({ 'us-east-1': { dbClusters: [dbCluster({ id: 'shop', backupRetentionDays: 3 })] } });
  const f = only(run(check, inv), 'shop');
  assert.equal(f.status, 'warn');
  assert.match(f.message, /DB cluster shop keeps automated backups for 3 days \(want ≥ 7\)/);
  assert.equal(f.evidence['backupRetentionDays'], 3);
  assert.deepEqual(statuses(run(check, inv, { minRetentionDays: 3 })), ['pass']);
});

test('rds.backup-retention: skipped in a region where clusters could not be read', () => {
  const inv = inventory(
    {
      'us-east-1': { dbInstances: [dbInstance({ id: 'east', backupRetentionDays: 0 })] },
      'us-west-2': { dbClusters: [dbCluster({ id: 'west' }, 'us-west-2')] },
    },
    { collection: [denied('rds', 'DescribeDBClusters', 'us-east-1')] },
  );
  const findings = run(check, inv);
  assert.equal(only(findings, 'us-east-1').status, 'skipped');
  assert.match(only(findings, 'us-east-1').message, /AccessDenied on rds:DescribeDBClusters in us-east-1/);
  assert.equal(only(findings, 'west').status, 'pass');
  assert.equal(findings.length, 2);
});

test('rds.backup-retention: no databases, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
