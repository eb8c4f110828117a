import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/agd.topology-healthy.js';
import { ACCOUNT, denied, globalCluster, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const healthy = () =>
  globalCluster({ id: 'shop-global' }, [
    { region: 'us-east-1', clusterId: 'shop-east', isWriter: true },
    { region: 'us-west-2', clusterId: 'shop-west', isWriter: false },
  ]);
const inv = (...g: ReturnType<typeof globalCluster>[]) =>
  inventory({ 'us-east-1': {}, 'us-west-2': {} }, { globalClusters: g });

test('agd.topology-healthy: passes when available, one writer, one connected secondary', () => {
  const f = only(run(check, inv(healthy())), 'shop-global');
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /shop-global is available with writer shop-east \(us-east-1\) and 1 connected secondary: shop-west \(us-west-2\)/,
  );
  assert.deepEqual(f.evidence['problems'], []);
});

test('agd.topology-healthy: fails on a pending-resync secondary', () => {
  const g = globalCluster({ id: 'shop-global' }, [
    { region: 'us-east-1', clusterId: 'shop-east', isWriter: true },
    { region: 'us-west-2', clusterId: 'shop-west', isWriter: false, sync: 'pending-resync' },
  ]);
  const f = only(run(check, inv(g)), 'shop-global');
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'critical');
  assert.match(
    f.message,
    /shop-global is not ready to fail over: secondary shop-west \(us-west-2\) is pending-resync, not connected/,
  );
});

test('agd.topology-healthy: lists every problem at once (status, writers, secondaries, failover in flight)', () => {
  const g = globalCluster(
    {
      id: 'broken',
      status: 'modifying',
      failoverState: {
        status: 'switching-over',
        fromClusterArn: `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:a`,
        toClusterArn: `arn:aws:rds:us-west-2:${ACCOUNT}:cluster:b`,
      },
    },
    [
      { region: 'us-east-1', clusterId: 'a', isWriter: true },
      { region: 'us-west-2', clusterId: 'b', isWriter: true },
    ],
  );
  const f = only(run(check, inv(g)), 'broken');
  assert.equal(f.status, 'fail');
  const problems = f.evidence['problems'] as string[];
  assert.equal(problems.length, 4);
  assert.match(f.message, /status is modifying, not available/);
  assert.match(f.message, /2 members claim to be the writer: a \(us-east-1\), b \(us-west-2\)/);
  assert.match(f.message, /there is no secondary Region to fail over to/);
  assert.match(f.message, /already in flight \(failover state switching-over, a → b\)/);
});

test('agd.topology-healthy: fails with no writer (e.g. a detached primary)', () => {
  const g = globalCluster({ id: 'headless' }, [{ region: 'us-west-2', clusterId: 'b', isWriter: false }]);
  const f = only(run(check, inv(g)), 'headless');
  assert.equal(f.status, 'fail');
  assert.match(f.message, /no member is the writer/);
});

test('agd.topology-healthy: skipped as a whole when global clusters could not be read', () => {
  const i = inventory(
    { 'us-east-1': {}, 'us-west-2': {} },
    { globalClusters: [healthy()], collection: [denied('rds', 'DescribeGlobalClusters', 'us-west-2')] },
  );
  const findings = run(check, i);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.status, 'skipped');
  assert.equal(findings[0]!.resource.type, 'AWS::Account');
  assert.match(findings[0]!.message, /AccessDenied on rds:DescribeGlobalClusters in us-west-2/);
});

test('agd.topology-healthy: no global clusters, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
