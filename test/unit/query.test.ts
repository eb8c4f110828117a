import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memberInstance, ref } from '../../src/inventory/query.js';
import { clusterInstances, dbCluster, inventory } from '../support/builders.js';

test('query.memberInstance: the DB instance behind a cluster member, undefined when not collected', () => {
  const c = dbCluster({ id: 'shop' });
  const inv = inventory({ 'us-east-1': { dbClusters: [c], dbInstances: clusterInstances(c).slice(0, 1) } });
  const r = inv.regions['us-east-1']!;
  assert.equal(memberInstance(r, c.members[0]!)?.id, 'shop-1');
  assert.equal(memberInstance(r, c.members[1]!), undefined);
});

test('query.ref: account and region references', () => {
  const inv = inventory();
  assert.deepEqual(ref.account(inv), { type: 'AWS::Account', id: inv.accountId });
  assert.deepEqual(ref.region('us-west-2'), { type: 'AWS::Region', id: 'us-west-2', region: 'us-west-2' });
});
