import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/elasticache.multi-az-failover.js';
import { denied, inventory, replicationGroup } from '../support/builders.js';
import { only, run } from '../support/harness.js';

function one(g: ReturnType<typeof replicationGroup>) {
  return only(run(check, inventory({ 'us-east-1': { replicationGroups: [g] } })), g.id);
}

test('elasticache.multi-az-failover: passes with Multi-AZ, automatic failover and nodes in 2 AZs', () => {
  const f = one(
    replicationGroup({
      id: 'sessions',
      nodeGroups: [{ id: '0001', primaryAz: 'us-east-1a', replicaAzs: ['us-east-1b'] }],
    }),
  );
  assert.equal(f.status, 'pass');
  assert.equal(
    f.message,
    'sessions has Multi-AZ and automatic failover enabled (nodes in us-east-1a, us-east-1b)',
  );
});

test('elasticache.multi-az-failover: fails without automatic failover or Multi-AZ', () => {
  const f = one(replicationGroup({ id: 'sessions', multiAz: false, automaticFailover: 'disabled' }));
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'high');
  assert.equal(
    f.message,
    "sessions: Multi-AZ is disabled and automatic failover is disabled; losing the primary's AZ leaves no writable primary until a manual promotion",
  );
  assert.equal(f.evidence['automaticFailover'], 'disabled');
  const g = one(replicationGroup({ id: 'sessions', multiAz: false }));
  assert.equal(g.status, 'fail');
  assert.match(g.message, /^sessions: Multi-AZ is disabled; /);
});

test('elasticache.multi-az-failover: warns when every node is in one AZ', () => {
  const f = one(
    replicationGroup({
      id: 'sessions',
      nodeGroups: [{ id: '0001', primaryAz: 'us-east-1a', replicaAzs: ['us-east-1a', 'us-east-1a'] }],
    }),
  );
  assert.equal(f.status, 'warn');
  assert.equal(
    f.message,
    'sessions has Multi-AZ and automatic failover, but all 3 nodes are in 1 AZ (us-east-1a)',
  );
  assert.equal(f.evidence['nodes'], 3);
});

test('elasticache.multi-az-failover: skipped where replication groups could not be read', () => {
  const inv = inventory(
    { 'us-east-1': {} },
    { collection: [denied('elasticache', 'DescribeReplicationGroups', 'us-east-1')] },
  );
  const f = only(run(check, inv), 'us-east-1');
  assert.equal(f.status, 'skipped');
  assert.match(f.message, /elasticache:DescribeReplicationGroups/);
});

test('elasticache.multi-az-failover: no replication groups, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
