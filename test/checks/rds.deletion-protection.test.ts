import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/rds.deletion-protection.js';
import { clusterInstances, dbCluster, dbInstance, denied, inventory } from '../support/builders.js';
import { only, run, statuses } from '../support/harness.js';

test('rds.deletion-protection: passes for a protected cluster; its members (which report false) are not judged', () => {
  const c = dbCluster({ id: 'shop', deletionProtection: true });
  const findings = run(
    check,
    inventory({ 'us-east-1': { dbClusters: [c], dbInstances: clusterInstances(c) } }),
  );
  assert.equal(findings.length, 1);
  const f = only(findings, 'shop');
  assert.equal(f.status, 'pass');
  assert.match(f.message, /DB cluster shop has deletion protection enabled/);
  assert.deepEqual(f.evidence, { deletionProtection: true });
});

test('rds.deletion-protection: fails for an unprotected cluster and standalone instance', () => {
  const inv = inventory({
    'us-east-1': {
      dbClusters: [dbCluster({ id: 'shop', deletionProtection: false })],
      dbInstances: [dbInstance({ id: 'legacy', deletionProtection: false })],
    },
  });
  const findings = run(check, inv);
  const c = only(findings, 'shop');
  assert.equal(c.status, 'fail');
  assert.equal(c.severity, 'medium');
  assert.match(c.message, /DB cluster shop has deletion protection disabled/);
  assert.equal(c.evidence['deletionProtection'], false);
  assert.match(only(findings, 'legacy').message, /DB instance legacy has deletion protection disabled/);
});

test('rds.deletion-protection: scope judges only matching resources (defect 7: leave out env=dev)', () => {
  const inv = inventory({
    'us-east-1': {
      dbClusters: [dbCluster({ id: 'prod', deletionProtection: false, tags: { env: 'prod' } })],
      dbInstances: [
        dbInstance({ id: 'dev', deletionProtection: false, tags: { env: 'dev' } }),
        dbInstance({ id: 'untagged', deletionProtection: false }),
      ],
    },
  });
  const only = (scope: object) => run(check, inv, {}, { checks: { 'rds.deletion-protection': { scope } } });
  const findings = only({ includeTags: ['env=prod'] });
  assert.deepEqual(
    findings.map((f) => [f.resource.id, f.status]),
    [['prod', 'fail']],
  );
  assert.deepEqual(statuses(only({ includeTags: ['env'] })), ['fail', 'fail']);
  // excludeTags: everything but the dev database (untagged resources stay in scope).
  assert.deepEqual(
    run(check, inv, {}, { scope: { excludeTags: ['env=dev'] } }).map((f) => f.resource.id),
    ['prod', 'untagged'],
  );
  assert.equal(run(check, inv).length, 3);
});

test('rds.deletion-protection: skipped in a region where instances could not be read', () => {
  const inv = inventory(
    { 'us-east-1': { dbClusters: [dbCluster({ id: 'shop', deletionProtection: false })] } },
    { collection: [denied('rds', 'DescribeDBInstances', 'us-east-1')] },
  );
  const findings = run(check, inv);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.status, 'skipped');
  assert.match(findings[0]!.message, /AccessDenied on rds:DescribeDBInstances in us-east-1/);
});

test('rds.deletion-protection: no databases, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
