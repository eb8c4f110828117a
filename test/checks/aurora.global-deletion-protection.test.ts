import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/aurora.global-deletion-protection.js';
import { denied, globalCluster, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const MEMBERS = [
  { region: 'us-east-1', clusterId: 'shop-east', isWriter: true },
  { region: 'us-west-2', clusterId: 'shop-west', isWriter: false },
];

test('aurora.global-deletion-protection: passes for a protected global cluster', () => {
  const inv = inventory({ 'us-east-1': {} }, { globalClusters: [globalCluster({ id: 'shop' }, MEMBERS)] });
  const f = only(run(check, inv), 'shop');
  assert.equal(f.status, 'pass');
  assert.equal(f.resource.type, 'AWS::RDS::GlobalCluster');
  assert.match(f.message, /Global cluster shop has deletion protection enabled/);
  assert.deepEqual(f.evidence, { deletionProtection: true, members: 2 });
});

test('aurora.global-deletion-protection: fails when disabled', () => {
  const inv = inventory(
    { 'us-east-1': {} },
    { globalClusters: [globalCluster({ id: 'shop', deletionProtection: false }, MEMBERS)] },
  );
  const f = only(run(check, inv), 'shop');
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'medium');
  assert.equal(f.category, 'data-protection');
  assert.match(f.message, /Global cluster shop \(2 member clusters\) has deletion protection disabled/);
  assert.equal(f.evidence['deletionProtection'], false);
});

test('aurora.global-deletion-protection: skipped where global clusters could not be read', () => {
  const inv = inventory(
    { 'us-east-1': {} },
    { collection: [denied('rds', 'DescribeGlobalClusters', 'us-east-1')] },
  );
  const f = only(run(check, inv), 'us-east-1');
  assert.equal(f.status, 'skipped');
  assert.match(f.message, /AccessDenied on rds:DescribeGlobalClusters in us-east-1/);
});

test('aurora.global-deletion-protection: no global clusters, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
