import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/agd.replication-lag.js';
import type { MetricSeries } from '../../src/inventory/schema.js';
import { dbCluster, denied, globalCluster, inventory, lagSeries } from '../support/builders.js';
import { only, run, statuses } from '../support/harness.js';

const ms = (n: number, v: number) => Array.from({ length: n }, () => v);
const rpo = (cluster: string, values: number[]) =>
  lagSeries('AuroraGlobalDBRPOLag', { DBClusterIdentifier: cluster }, values);
const repl = (cluster: string, values: number[]) =>
  lagSeries('AuroraGlobalDBReplicationLag', { DBClusterIdentifier: cluster }, values);

function inv(
  westMetrics: MetricSeries[],
  more: { euMetrics?: MetricSeries[]; collection?: ReturnType<typeof denied>[] } = {},
) {
  const members = [
    { region: 'us-east-1', clusterId: 'shop-east', isWriter: true },
    { region: 'us-west-2', clusterId: 'shop-west', isWriter: false },
    ...(more.euMetrics ? [{ region: 'eu-west-1', clusterId: 'shop-eu', isWriter: false }] : []),
  ];
  return inventory(
    {
      'us-east-1': { dbClusters: [dbCluster({ id: 'shop-east' })] },
      'us-west-2': { dbClusters: [dbCluster({ id: 'shop-west' }, 'us-west-2')], metrics: westMetrics },
      ...(more.euMetrics
        ? {
            'eu-west-1': { dbClusters: [dbCluster({ id: 'shop-eu' }, 'eu-west-1')], metrics: more.euMetrics },
          }
        : {}),
    },
    { globalClusters: [globalCluster({ id: 'shop-global' }, members)], collection: more.collection ?? [] },
  );
}

test('agd.replication-lag: passes with sub-second lag, judging only the secondary', () => {
  const findings = run(check, inv([rpo('shop-west', ms(60, 300)), repl('shop-west', [...ms(59, 200), 250])]));
  assert.equal(findings.length, 1);
  const f = only(findings, 'shop-west');
  assert.equal(f.status, 'pass');
  assert.equal(f.resource.region, 'us-west-2');
  assert.match(
    f.message,
    /shop-west \(us-west-2\) replication lag p99 0.25 s, RPO lag p99 0.3 s over the last 60 min, within the RPO of 15 s/,
  );
  assert.deepEqual(f.evidence['rpoLag'], { p99Seconds: 0.3, maxSeconds: 0.3, points: 60 });
  assert.deepEqual(f.evidence['window'], {
    start: '2026-11-20T11:00:00.000Z',
    end: '2026-11-20T12:00:00.000Z',
    minutes: 60,
  });
});

test('agd.replication-lag: fails when RPO lag p99 exceeds rpoSeconds', () => {
  const f = only(
    run(
      check,
      inv([rpo('shop-west', [...ms(50, 2_000), ...ms(10, 22_500)]), repl('shop-west', ms(60, 500))]),
    ),
    'shop-west',
  );
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'high');
  assert.match(
    f.message,
    /shop-west \(us-west-2\) RPO lag p99 22.5 s over the last 60 min exceeds the RPO of 15 s \(max 22.5 s, 60 points\)/,
  );
  assert.equal((f.evidence['rpoLag'] as { p99Seconds: number }).p99Seconds, 22.5);
  assert.equal(f.evidence['rpoSeconds'], 15);
});

test('agd.replication-lag: the RPO is the shared rpoSeconds setting', () => {
  const metrics = [rpo('shop-west', ms(60, 20_000)), repl('shop-west', ms(60, 500))];
  assert.equal(only(run(check, inv(metrics), { rpoSeconds: 30 }), 'shop-west').status, 'pass');
});

test('agd.replication-lag: warns when replication lag p99 is above 1 s but RPO lag is within the RPO', () => {
  const f = only(
    run(check, inv([rpo('shop-west', ms(60, 3_000)), repl('shop-west', [...ms(58, 400), 1_800, 2_500])])),
    'shop-west',
  );
  assert.equal(f.status, 'warn');
  assert.match(
    f.message,
    /replication lag p99 2.5 s over the last 60 min is above 1 s \(max 2.5 s, 60 points\); RPO lag p99 3 s within the RPO of 15 s/,
  );
});

test('agd.replication-lag: points outside the window are ignored', () => {
  // 120 one-minute points: the first 60 (a bad hour) are before the 60-minute window.
  const f = only(run(check, inv([rpo('shop-west', [...ms(60, 60_000), ...ms(60, 100)])])), 'shop-west');
  assert.equal(f.status, 'pass');
  assert.equal((f.evidence['rpoLag'] as { points: number }).points, 60);
  assert.equal(f.evidence['replicationLag'], null);
});

test('agd.replication-lag: without an RPO-lag series, the RPO is judged on replication lag', () => {
  const f = only(run(check, inv([repl('shop-west', ms(60, 16_000))])), 'shop-west');
  assert.equal(f.status, 'fail');
  assert.match(f.message, /replication lag \(no RPO-lag series\) p99 16 s .*exceeds the RPO of 15 s/);
  assert.equal(f.evidence['rpoJudgedOn'], 'AuroraGlobalDBReplicationLag');
});

test('agd.replication-lag: names the least-lag secondary as the failover target', () => {
  const findings = run(
    check,
    inv([rpo('shop-west', ms(60, 900)), repl('shop-west', ms(60, 800))], {
      euMetrics: [rpo('shop-eu', ms(60, 200)), repl('shop-eu', ms(60, 150))],
    }),
  );
  assert.deepEqual(statuses(findings), ['pass', 'pass']);
  const eu = only(findings, 'shop-eu');
  const west = only(findings, 'shop-west');
  assert.deepEqual(eu.evidence['failoverTarget'], {
    cluster: 'shop-eu',
    region: 'eu-west-1',
    lagP99Seconds: 0.15,
  });
  assert.equal(eu.evidence['isFailoverTarget'], true);
  assert.equal(west.evidence['isFailoverTarget'], false);
  assert.match(eu.message, /least-lag secondary: the failover target/);
  assert.doesNotMatch(west.message, /failover target/);
});

test('agd.replication-lag: no series is a skipped verdict, not a pass', () => {
  const f = only(run(check, inv([])), 'shop-west');
  assert.equal(f.status, 'skipped');
  assert.match(
    f.message,
    /shop-west \(us-west-2\): no lag data in the window: is the metric published \/ was cloudwatch:GetMetricData allowed\?/,
  );
});

test('agd.replication-lag: a series with no points in the window is skipped too', () => {
  const f = only(run(check, inv([rpo('shop-west', [])])), 'shop-west');
  assert.equal(f.status, 'skipped');
});

test('agd.replication-lag: skipped as a whole when GetMetricData failed in any region', () => {
  const findings = run(
    check,
    inv([rpo('shop-west', ms(60, 300))], {
      collection: [denied('cloudwatch', 'GetMetricData', 'us-west-2')],
    }),
  );
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.status, 'skipped');
  assert.equal(findings[0]!.resource.type, 'AWS::Account');
  assert.match(findings[0]!.message, /AccessDenied on cloudwatch:GetMetricData in us-west-2/);
});

test('agd.replication-lag: no global clusters, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
