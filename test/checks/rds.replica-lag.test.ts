import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/rds.replica-lag.js';
import {
  ACCOUNT,
  clusterInstances,
  dbCluster,
  dbInstance,
  denied,
  inventory,
  lagSeries,
} from '../support/builders.js';
import { only, run } from '../support/harness.js';

const lag = (id: string, values: number[]) => lagSeries('ReplicaLag', { DBInstanceIdentifier: id }, values);
const seconds = (n: number, v: number) => Array.from({ length: n }, () => v);
const source = dbInstance({ id: 'orders', readReplicaIds: ['orders-ro'] });
const replica = dbInstance({ id: 'orders-ro', readReplicaSourceId: 'orders', multiAz: false });

test('rds.replica-lag: passes when p99 lag is within 30 s', () => {
  const i = inventory({
    'us-east-1': { dbInstances: [source, replica], metrics: [lag('orders-ro', seconds(60, 2))] },
  });
  const findings = run(check, i);
  assert.equal(findings.length, 1, 'the source itself is not judged');
  const f = only(findings, 'orders-ro');
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /orders-ro \(replica of orders\) lags p99 2 s over the last 60 min \(max 2 s, 60 points\), within 30 s/,
  );
});

test('rds.replica-lag: fails above the threshold; p99 is nearest-rank, not max', () => {
  // 150 points over 150 minutes: one 900 s spike; nearest-rank p99 is the 149th value (45 s).
  const values = [...seconds(148, 5), 45, 900];
  const i = inventory({
    'us-east-1': { dbInstances: [source, replica], metrics: [lag('orders-ro', values)] },
  });
  const f = only(run(check, i, { windowMinutes: 150 }), 'orders-ro');
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'high');
  assert.match(
    f.message,
    /orders-ro \(replica of orders\) lags p99 45 s over the last 150 min \(max 900 s, 150 points\), above 30 s/,
  );
  assert.deepEqual(f.evidence['replicaLag'], { p99Seconds: 45, maxSeconds: 900, points: 150 });
  assert.equal(f.evidence['maxReplicaLagSeconds'], 30);
  assert.equal(
    only(run(check, i, { windowMinutes: 150, maxReplicaLagSeconds: 60 }), 'orders-ro').status,
    'pass',
  );
});

test('rds.replica-lag: a cross-region replica names its source from the ARN', () => {
  const west = dbInstance(
    { id: 'orders-dr', readReplicaSourceId: `arn:aws:rds:us-east-1:${ACCOUNT}:db:orders` },
    'us-west-2',
  );
  const i = inventory({
    'us-east-1': { dbInstances: [source] },
    'us-west-2': { dbInstances: [west], metrics: [lag('orders-dr', seconds(60, 40))] },
  });
  const f = only(run(check, i), 'orders-dr');
  assert.equal(f.status, 'fail');
  assert.equal(f.resource.region, 'us-west-2');
  assert.match(f.message, /orders-dr \(replica of orders\) lags p99 40 s/);
});

test('rds.replica-lag: no lag data is skipped; Aurora members are never judged here', () => {
  const aurora = dbCluster({ id: 'shop' });
  const members = clusterInstances(aurora).map((m) => ({ ...m, readReplicaSourceId: 'shop-1' }));
  const i = inventory({ 'us-east-1': { dbInstances: [source, replica, ...members], dbClusters: [aurora] } });
  const findings = run(check, i);
  assert.equal(findings.length, 1);
  const f = only(findings, 'orders-ro');
  assert.equal(f.status, 'skipped');
  assert.match(
    f.message,
    /no lag data in the window: is the metric published \/ was cloudwatch:GetMetricData allowed\?/,
  );
});

test('rds.replica-lag: skipped as a whole when instances could not be read in one region', () => {
  const i = inventory(
    {
      'us-east-1': { dbInstances: [source, replica], metrics: [lag('orders-ro', seconds(60, 2))] },
      'eu-west-1': {},
    },
    { collection: [denied('rds', 'DescribeDBInstances', 'eu-west-1')] },
  );
  const findings = run(check, i);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.status, 'skipped');
  assert.match(findings[0]!.message, /AccessDenied on rds:DescribeDBInstances in eu-west-1/);
});

test('rds.replica-lag: no replicas, no findings', () => {
  assert.deepEqual(run(check, inventory({ 'us-east-1': { dbInstances: [dbInstance({ id: 'solo' })] } })), []);
  assert.deepEqual(run(check, inventory()), []);
});
