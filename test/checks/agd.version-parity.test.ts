import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/agd.version-parity.js';
import { dbCluster, denied, globalCluster, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const gdb = () =>
  globalCluster({ id: 'shop-global' }, [
    { region: 'us-east-1', clusterId: 'shop-east', isWriter: true },
    { region: 'us-west-2', clusterId: 'shop-west', isWriter: false },
  ]);

function inv(westVersion: string | undefined, collection = [] as ReturnType<typeof denied>[]) {
  return inventory(
    {
      'us-east-1': { dbClusters: [dbCluster({ id: 'shop-east', engineVersion: '16.4' })] },
      'us-west-2': {
        dbClusters: westVersion
          ? [dbCluster({ id: 'shop-west', engineVersion: westVersion }, 'us-west-2')]
          : [],
      },
    },
    { globalClusters: [gdb()], collection },
  );
}

test('agd.version-parity: passes when every member runs the same version', () => {
  const f = only(run(check, inv('16.4')), 'shop-global');
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /shop-global members all run aurora-postgresql 16.4: shop-east \(us-east-1\), shop-west \(us-west-2\)/,
  );
});

test('agd.version-parity: fails on a patch difference, listing versions per region', () => {
  const f = only(run(check, inv('16.2')), 'shop-global');
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'critical');
  assert.match(
    f.message,
    /member engine versions differ: 16.4 in us-east-1 \(shop-east\), 16.2 in us-west-2 \(shop-west\)/,
  );
  assert.deepEqual(f.evidence['distinctVersions'], ['16.2', '16.4']);
});

test('agd.version-parity: a member missing from the inventory is skipped, naming it', () => {
  const f = only(run(check, inv(undefined)), 'shop-global');
  assert.equal(f.status, 'skipped');
  assert.match(f.message, /member clusters not in the inventory: shop-west \(us-west-2\)/);
  assert.deepEqual(f.evidence['notInInventory'], ['shop-west (us-west-2)']);
});

test('agd.version-parity: skipped as a whole when clusters could not be read in one region', () => {
  const findings = run(check, inv('16.2', [denied('rds', 'DescribeDBClusters', 'us-west-2')]));
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.status, 'skipped');
  assert.match(findings[0]!.message, /AccessDenied on rds:DescribeDBClusters in us-west-2/);
});

test('agd.version-parity: no global clusters, no findings', () => {
  assert.deepEqual(run(check, inventory({ 'us-east-1': { dbClusters: [dbCluster({ id: 'solo' })] } })), []);
});
