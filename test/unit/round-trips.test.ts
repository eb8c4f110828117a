/**
 * bench/round-trips.ts: the two figures `npm run bench:collect` reports for a live collection, on
 * hand-made request logs (no emulator).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dependencyDepth, roundTripsInSeries, type LoggedRequest } from '../../bench/round-trips.js';

function req(
  op: string,
  region: string,
  receivedAt: number,
  answeredAt: number,
  body = `Action=${op.split(':')[1]}`,
  path = '/',
): LoggedRequest {
  const [service, operation] = op.split(':') as [string, string];
  return { service, operation, region, method: 'POST', path, body, receivedAt, answeredAt };
}

test('round trips in series: the longest chain of requests each sent after the previous answer', () => {
  const log = [
    req('sts:GetCallerIdentity', 'us-east-1', 0, 50),
    req('rds:DescribeDBClusters', 'us-east-1', 51, 100),
    req('ec2:DescribeInstances', 'us-east-1', 51, 100),
    // overlaps the two above: not after either
    req('route53:ListHostedZones', 'us-east-1', 60, 140),
    req('cloudwatch:GetMetricData', 'us-east-1', 100, 150),
  ];
  const trips = roundTripsInSeries(log);
  assert.equal(trips.length, 3);
  assert.deepEqual(
    trips.chain.map((r) => r.operation),
    ['GetCallerIdentity', 'DescribeDBClusters', 'GetMetricData'],
  );
  assert.equal(roundTripsInSeries([]).length, 0);
});

test('dependency depth: data dependencies only, pages counted, the lag read after every region’s RDS lists', () => {
  const lag =
    '{"MetricDataQueries":[{"MetricStat":{"Metric":{"MetricName":"AuroraGlobalDBReplicationLag"}}}]}';
  const log = [
    req('sts:GetCallerIdentity', 'us-east-1', 0, 1),
    // Two pages of one listing in us-west-2, one elsewhere.
    req('rds:DescribeDBClusters', 'us-west-2', 2, 3, 'Action=DescribeDBClusters'),
    req('rds:DescribeDBClusters', 'us-west-2', 4, 5, 'Action=DescribeDBClusters&Marker=abc'),
    req('rds:DescribeDBClusters', 'us-east-1', 2, 3),
    req('rds:DescribeDBInstances', 'us-east-1', 2, 3),
    req('rds:DescribeGlobalClusters', 'us-east-1', 2, 3),
    // The lag read of us-east-1 needs the us-west-2 listing too (the merged global-cluster view).
    req('cloudwatch:GetMetricData', 'us-east-1', 6, 7, lag),
    // Sent late, but it needs only its group list: depth 3.
    req('autoscaling:DescribeAutoScalingGroups', 'us-east-1', 2, 3),
    req('cloudwatch:GetMetricData', 'us-east-1', 20, 21, '{"MetricName":"GroupInServiceInstances"}'),
    // Two different load balancers' listeners are two listings of one page each.
    req('elasticloadbalancing:DescribeLoadBalancers', 'us-east-1', 2, 3),
    req('elasticloadbalancing:DescribeListeners', 'us-east-1', 4, 5, 'LoadBalancerArn=a'),
    req('elasticloadbalancing:DescribeListeners', 'us-east-1', 4, 5, 'LoadBalancerArn=b'),
    req('route53:ListHostedZones', 'us-east-1', 2, 3, '', '/2013-04-01/hostedzone'),
    req('route53:ListResourceRecordSets', 'us-east-1', 4, 5, '', '/2013-04-01/hostedzone/Z1/rrset'),
  ];
  const depth = dependencyDepth(log, 'us-east-1');
  assert.equal(depth.length, 4);
  assert.deepEqual(depth.unmodelled, []);
  assert.deepEqual(depth.chain, [
    'sts:GetCallerIdentity@us-east-1',
    'rds:DescribeDBClusters@us-west-2 ×2',
    'cloudwatch:GetMetricData(lag)@us-east-1',
  ]);

  // Route 53's record pages: the cursor is in the query string.
  const records = dependencyDepth(
    [
      ...log.slice(0, 1),
      req('route53:ListHostedZones', 'us-east-1', 2, 3, '', '/2013-04-01/hostedzone?maxitems=1'),
      req('route53:ListHostedZones', 'us-east-1', 4, 5, '', '/2013-04-01/hostedzone?marker=Z1&maxitems=1'),
      req(
        'route53:ListResourceRecordSets',
        'us-east-1',
        6,
        7,
        '',
        '/2013-04-01/hostedzone/Z1/rrset?maxitems=2',
      ),
      req(
        'route53:ListResourceRecordSets',
        'us-east-1',
        8,
        9,
        '',
        '/2013-04-01/hostedzone/Z1/rrset?maxitems=2&name=b.example.com.&type=A',
      ),
      req(
        'route53:ListResourceRecordSets',
        'us-east-1',
        8,
        9,
        '',
        '/2013-04-01/hostedzone/Z2/rrset?maxitems=2',
      ),
    ],
    'us-east-1',
  );
  assert.equal(records.length, 5);
  assert.deepEqual(records.chain, [
    'sts:GetCallerIdentity@us-east-1',
    'route53:ListHostedZones@global ×2',
    'route53:ListResourceRecordSets@global ×2',
  ]);

  const unknown = dependencyDepth([...log.slice(0, 1), req('foo:Bar', 'us-east-1', 2, 3)], 'us-east-1');
  assert.equal(unknown.length, 2);
  assert.deepEqual(unknown.unmodelled, ['foo:Bar']);
});
