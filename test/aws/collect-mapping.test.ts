import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  historyWindow,
  lagRequests,
  mergeGlobalClusters,
  validateRegions,
} from '../../src/aws/collect/index.js';
import { demandQueries } from '../../src/aws/collect/cloudwatch.js';
import { mapActions, mapListener, mapRule } from '../../src/aws/collect/elbv2.js';
import { defaultRouteOf, routeTableFor } from '../../src/aws/collect/ec2.js';
import { aggregateStatus, routingPolicyOf } from '../../src/aws/collect/route53.js';
import { Semaphore } from '../../src/aws/semaphore.js';
import type { GlobalCluster, RegionInventory } from '../../src/inventory/schema.js';
import { ResilError } from '../../src/util/errors.js';

test('semaphore: never more than the limit in flight, FIFO hand-off', async () => {
  const sem = new Semaphore(3);
  let active = 0;
  let max = 0;
  const order: number[] = [];
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      sem.run(async () => {
        active++;
        max = Math.max(max, active);
        await new Promise((r) => setTimeout(r, 1 + (i % 3)));
        order.push(i);
        active--;
      }),
    ),
  );
  assert.equal(max, 3);
  assert.equal(sem.peak, 3);
  assert.equal(order.length, 20);
  assert.throws(() => new Semaphore(0), RangeError);
});

test('subnet default route: explicit association wins, else the main table; target kinds', () => {
  const main = {
    VpcId: 'vpc-1',
    Associations: [{ Main: true }],
    Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' }],
  };
  const natRt = {
    VpcId: 'vpc-1',
    Associations: [{ SubnetId: 'subnet-b' }],
    Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-9' }],
  };
  assert.deepEqual(defaultRouteOf(routeTableFor({ SubnetId: 'subnet-a', VpcId: 'vpc-1' }, [natRt, main])), {
    kind: 'internet-gateway',
    targetId: 'igw-1',
  });
  assert.deepEqual(defaultRouteOf(routeTableFor({ SubnetId: 'subnet-b', VpcId: 'vpc-1' }, [main, natRt])), {
    kind: 'nat-gateway',
    targetId: 'nat-9',
  });
  assert.equal(
    defaultRouteOf(routeTableFor({ SubnetId: 'subnet-c', VpcId: 'vpc-2' }, [main, natRt])),
    undefined,
  );
  assert.deepEqual(
    defaultRouteOf({ Routes: [{ DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: 'tgw-1' }] }),
    { kind: 'transit-gateway', targetId: 'tgw-1' },
  );
  assert.deepEqual(
    defaultRouteOf({ Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NetworkInterfaceId: 'eni-1' }] }),
    { kind: 'other', targetId: 'eni-1' },
  );
});

test('route 53: routing policy from the record fields; health from the checkers (> 18% healthy)', () => {
  assert.equal(routingPolicyOf({ Name: 'a', Type: 'A', Failover: 'PRIMARY' }), 'failover');
  assert.equal(routingPolicyOf({ Name: 'a', Type: 'A', Weight: 0 }), 'weighted');
  assert.equal(routingPolicyOf({ Name: 'a', Type: 'A', Region: 'us-east-1' }), 'latency');
  assert.equal(routingPolicyOf({ Name: 'a', Type: 'A', MultiValueAnswer: true }), 'multivalue');
  assert.equal(routingPolicyOf({ Name: 'a', Type: 'A' }), 'simple');
  const obs = (ok: number, bad: number) => [
    ...Array.from({ length: ok }, () => ({ StatusReport: { Status: 'Success: HTTP Status Code 200' } })),
    ...Array.from({ length: bad }, () => ({ StatusReport: { Status: 'Failure: Connection timed out' } })),
  ];
  assert.equal(aggregateStatus(obs(2, 8)), 'healthy');
  assert.equal(aggregateStatus(obs(1, 9)), 'unhealthy');
  assert.equal(aggregateStatus([]), 'unknown');
});

const gc = (writerRegion: string, status: string): GlobalCluster => ({
  id: 'g',
  arn: 'arn:aws:rds::1:global-cluster:g',
  engine: 'aurora-postgresql',
  engineVersion: '15.4',
  status,
  deletionProtection: false,
  members: [
    {
      clusterArn: 'arn:aws:rds:us-east-1:1:cluster:east',
      region: 'us-east-1',
      isWriter: writerRegion === 'us-east-1',
      readers: [],
    },
    {
      clusterArn: 'arn:aws:rds:us-west-2:1:cluster:west',
      region: 'us-west-2',
      isWriter: writerRegion === 'us-west-2',
      readers: [],
    },
  ],
});

test('global clusters seen from every region are merged once, preferring the writer region view', () => {
  const merged = mergeGlobalClusters([
    { region: 'us-west-2', globals: [gc('us-east-1', 'seen-from-west')] },
    { region: 'us-east-1', globals: [gc('us-east-1', 'seen-from-east')] },
    { region: 'eu-west-1', globals: undefined },
  ]);
  assert.equal(merged.length, 1);
  assert.equal(merged[0]!.status, 'seen-from-east');
});

test('lag series requested per secondary cluster in its own region, and per read replica', () => {
  const region = (over: Partial<RegionInventory>): RegionInventory => ({
    availabilityZones: [],
    instances: [],
    subnets: [],
    natGateways: [],
    autoScalingGroups: [],
    loadBalancers: [],
    targetGroups: [],
    dbInstances: [],
    dbClusters: [],
    replicationGroups: [],
    metrics: [],
    demandMetrics: [],
    availabilityZoneIds: {},
    ecsServices: [],
    ecsClusters: [],
    scalableTargets: [],
    dynamoDbTables: [],
    sqsQueues: [],
    efsFileSystems: [],
    alarms: [],
    ...over,
  });
  const cluster = (id: string, r: string) => ({
    id,
    arn: `arn:aws:rds:${r}:1:cluster:${id}`,
    engine: 'aurora-postgresql',
    engineVersion: '15.4',
    status: 'available',
    multiAz: false,
    backupRetentionDays: 7,
    deletionProtection: true,
    availabilityZones: [],
    members: [],
    tags: {},
  });
  const reqs = lagRequests(
    {
      'us-east-1': region({
        dbClusters: [cluster('east', 'us-east-1')],
        dbInstances: [
          {
            id: 'rep',
            arn: 'a',
            engine: 'mysql',
            engineVersion: '8',
            instanceClass: 'db.t3.medium',
            status: 'available',
            multiAz: false,
            publiclyAccessible: false,
            backupRetentionDays: 7,
            deletionProtection: false,
            readReplicaSourceId: 'src',
            readReplicaIds: [],
            tags: {},
          },
        ],
      }),
      'us-west-2': region({ dbClusters: [cluster('west', 'us-west-2')] }),
    },
    [gc('us-east-1', 'available')],
  );
  assert.deepEqual(
    reqs.get('us-west-2')?.map((r) => [r.metric, r.dimensions['DBClusterIdentifier'], r.unit]),
    [
      ['AuroraGlobalDBReplicationLag', 'west', 'Milliseconds'],
      ['AuroraGlobalDBRPOLag', 'west', 'Milliseconds'],
    ],
  );
  assert.deepEqual(
    reqs.get('us-east-1')?.map((r) => [r.metric, r.dimensions['DBInstanceIdentifier'], r.unit]),
    [['ReplicaLag', 'rep', 'Seconds']],
  );
});

test('regions: unknown names are a usage error that names the closest region', () => {
  assert.deepEqual(validateRegions(['us-east-1', ' us-west-2', 'us-east-1']), ['us-east-1', 'us-west-2']);
  assert.throws(
    () => validateRegions(['eu-wset-1']),
    (e: unknown) =>
      e instanceof ResilError && e.exitCode === 2 && e.suggestions[0] === 'Did you mean --region eu-west-1?',
  );
});

test('elbv2 listener rules: host/path conditions, weighted forwards, the terminal action after authenticate', () => {
  const rule = mapRule({
    RuleArn: 'arn:rule/1',
    Priority: '10',
    IsDefault: false,
    Conditions: [
      { Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } },
      { Field: 'host-header', Values: ['api.example.com'] },
      { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'x', Values: ['y'] } },
    ],
    Actions: [
      {
        Type: 'forward',
        Order: 2,
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: 'tg-a', Weight: 90 },
            { TargetGroupArn: 'tg-b', Weight: 10 },
          ],
        },
      },
      { Type: 'authenticate-oidc', Order: 1 },
    ],
  });
  assert.deepEqual(rule, {
    arn: 'arn:rule/1',
    priority: '10',
    hostHeaders: ['api.example.com'],
    pathPatterns: ['/api/*'],
    otherConditions: ['http-header'],
    actionType: 'forward',
    forwardTo: [
      { targetGroupArn: 'tg-a', weight: 90 },
      { targetGroupArn: 'tg-b', weight: 10 },
    ],
  });
  assert.deepEqual(
    mapActions([{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', StatusCode: 'HTTP_301' } }]),
    {
      actionType: 'redirect',
      forwardTo: [],
    },
  );
  assert.deepEqual(mapActions([{ Type: 'forward', TargetGroupArn: 'tg-c' }]).forwardTo, [
    { targetGroupArn: 'tg-c' },
  ]);
  // A listener without rules (TCP) keeps its default action; rules are ordered, default last.
  const tcp = mapListener(
    {
      ListenerArn: 'l1',
      Port: 443,
      Protocol: 'TCP',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: 'tg-n' }],
    },
    undefined,
  );
  assert.deepEqual(
    tcp.rules.map((r) => [r.priority, r.forwardTo]),
    [['default', [{ targetGroupArn: 'tg-n' }]]],
  );
  const http = mapListener({ ListenerArn: 'l2', Port: 80, Protocol: 'HTTP' }, [
    { IsDefault: true, Priority: 'default', Actions: [{ Type: 'fixed-response' }] },
    { Priority: '20', Actions: [{ Type: 'forward', TargetGroupArn: 'tg-2' }] },
    { Priority: '3', Actions: [{ Type: 'forward', TargetGroupArn: 'tg-1' }] },
  ]);
  assert.deepEqual(
    http.rules.map((r) => [r.priority, r.actionType]),
    [
      ['3', 'forward'],
      ['20', 'forward'],
      ['default', 'fixed-response'],
    ],
  );
});

test('demand history: two hourly series per group, a window of whole hours ending before now', () => {
  assert.deepEqual(
    demandQueries('web').map((q) => [
      q.namespace,
      q.metric,
      q.stat,
      q.periodSeconds,
      q.dimensions['AutoScalingGroupName'],
    ]),
    [
      ['AWS/EC2', 'CPUUtilization', 'Average', 3600, 'web'],
      ['AWS/AutoScaling', 'GroupInServiceInstances', 'Average', 3600, 'web'],
    ],
  );
  const w = historyWindow(new Date('2026-11-20T12:34:56Z'), 14);
  assert.equal(w.end.toISOString(), '2026-11-20T12:00:00.000Z');
  assert.equal(w.start.toISOString(), '2026-11-06T12:00:00.000Z');
});
