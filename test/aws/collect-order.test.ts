/**
 * Live collection waits for nothing its data does not need (issue 12): with every AWS client mocked
 * (aws-sdk-client-mock, no network) and every read held unanswered but the few a read under test
 * needs, that read is still sent. Deterministic: the collection is driven by promises only, so "not
 * sent yet" is checked once it has nothing left to do (no timers, no timing assertions).
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataInput } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeCapacityReservationsCommand,
  DescribeInstancesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EFSClient } from '@aws-sdk/client-efs';
import {
  DescribeCapacityReservationCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeGlobalClustersCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import {
  GetServiceQuotaCommand,
  ListServiceQuotasCommand,
  ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas';
import { SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { collectInventory } from '../../src/aws/collect/index.js';

const ACCT = '123456789012';
const EAST = 'us-east-1';
const WEST = 'us-west-2';
const arn = (region: string, id: string) => `arn:aws:rds:${region}:${ACCT}:cluster:${id}`;

type Mock = ReturnType<typeof mockClient>;
const mocks: Mock[] = [];
afterEach(() => {
  while (mocks.length) mocks.pop()!.restore();
});

/** Lets the collection run until it has nothing left to do but wait for a held answer. */
async function settle(): Promise<void> {
  for (let i = 0; i < 200; i++) await new Promise((r) => setImmediate(r));
}

interface Sent {
  command: string;
  region: string;
  input: Record<string, unknown>;
}

/** Holds every command but these (`Command`, or `Command@region` for one region only). */
const allBut =
  (free: Set<string>) =>
  (command: string, region: string): boolean =>
    !free.has(command) && !free.has(`${command}@${region}`);

/**
 * Every client mocked; every command answers at once, except the ones `hold` picks, which answer
 * after `open()`. Unless `answers` says otherwise, an answer is {} (an empty listing); RDS lists a
 * global database (writer shop-east in us-east-1, secondary shop-west in us-west-2) and Auto Scaling
 * a group per region.
 */
function mockAws(
  hold: (command: string, region: string) => boolean,
  more: Record<string, (region: string, input: Record<string, unknown>) => unknown> = {},
) {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const sent: Sent[] = [];
  const answers: Record<string, (region: string, input: Record<string, unknown>) => unknown> = {
    GetCallerIdentityCommand: () => ({ Account: ACCT, Arn: `arn:aws:iam::${ACCT}:user/test` }),
    DescribeGlobalClustersCommand: () => ({
      GlobalClusters: [
        {
          GlobalClusterIdentifier: 'shop',
          GlobalClusterArn: `arn:aws:rds::${ACCT}:global-cluster:shop`,
          Engine: 'aurora-postgresql',
          GlobalClusterMembers: [
            { DBClusterArn: arn(EAST, 'shop-east'), IsWriter: true },
            { DBClusterArn: arn(WEST, 'shop-west'), IsWriter: false },
          ],
        },
      ],
    }),
    DescribeDBClustersCommand: (region) => ({
      DBClusters: [
        {
          DBClusterIdentifier: region === EAST ? 'shop-east' : 'shop-west',
          DBClusterArn: arn(region, region === EAST ? 'shop-east' : 'shop-west'),
          Engine: 'aurora-postgresql',
        },
      ],
    }),
    DescribeAutoScalingGroupsCommand: (region) => ({
      AutoScalingGroups: [{ AutoScalingGroupName: `web-${region}`, Instances: [] }],
    }),
    GetMetricDataCommand: (_region, input) => ({
      MetricDataResults: ((input as unknown as GetMetricDataInput).MetricDataQueries ?? []).map((q) => ({
        Id: q.Id,
        Timestamps: [new Date('2026-11-20T11:00:00Z')],
        Values: [1],
      })),
    }),
    ...more,
  };
  const clients = [
    STSClient,
    EC2Client,
    AutoScalingClient,
    ElasticLoadBalancingV2Client,
    RDSClient,
    ElastiCacheClient,
    ECSClient,
    ApplicationAutoScalingClient,
    DynamoDBClient,
    SQSClient,
    EFSClient,
    CloudWatchClient,
    Route53Client,
    ServiceQuotasClient,
  ];
  const byClient = new Map<unknown, Mock>();
  for (const Client of clients) {
    const m = mockClient(Client as never) as Mock;
    mocks.push(m);
    byClient.set(Client, m);
    m.onAnyCommand().callsFake(async (input: Record<string, unknown>, getClient: () => unknown) => {
      // The command's class name: the stub sees the input only, so read it from the call.
      const call = m.calls()[m.calls().length - 1]!;
      const command = (call.args[0] as { constructor: { name: string } }).constructor.name;
      const region = await (getClient() as { config: { region: () => Promise<string> } }).config.region();
      sent.push({ command, region, input });
      if (hold(command, region)) await gate;
      return answers[command]?.(region, input) ?? {};
    });
  }
  return { sent, open: () => open(), mock: (Client: unknown) => byClient.get(Client)! };
}

const isLag = (s: Sent) =>
  s.command === 'GetMetricDataCommand' &&
  JSON.stringify(s.input.MetricDataQueries).includes('AuroraGlobalDBReplicationLag');
const isDemand = (s: Sent) =>
  s.command === 'GetMetricDataCommand' &&
  JSON.stringify(s.input.MetricDataQueries).includes('GroupInServiceInstances');
/** The regions the demand history was read in, sorted. */
const demandRegions = (sent: Sent[]) =>
  sent
    .filter(isDemand)
    .map((x) => x.region)
    .sort();

const options = (readiness: boolean) => ({
  regions: [EAST, WEST],
  allRegions: false,
  concurrency: 16,
  maxAttempts: 1,
  lagWindowSeconds: 3600,
  now: new Date('2026-11-20T12:00:00Z'),
  readiness,
});

const NEEDED_BY_LAG_AND_DEMAND = [
  GetCallerIdentityCommand.name,
  DescribeDBClustersCommand.name,
  DescribeDBInstancesCommand.name,
  DescribeGlobalClustersCommand.name,
  DescribeAutoScalingGroupsCommand.name,
  GetMetricDataCommand.name,
];

test('the lag GetMetricData of the secondary region and the demand history are sent while Route 53 and every other service are unanswered', async () => {
  const aws = mockAws(allBut(new Set(NEEDED_BY_LAG_AND_DEMAND)));
  const collecting = collectInventory(options(false));
  await settle();

  const lag = aws.sent.filter(isLag);
  assert.deepEqual(
    lag.map((s) => s.region),
    [WEST],
    'the lag series are read in the secondary region, before Route 53 or any other service answered',
  );
  assert.match(JSON.stringify(lag[0]!.input.MetricDataQueries), /"Value":"shop-west"/);
  assert.deepEqual(demandRegions(aws.sent), [EAST, WEST]);
  assert.ok(
    aws.sent.some((s) => s.command === 'ListHostedZonesCommand'),
    'Route 53 was asked (and is still unanswered)',
  );

  aws.open();
  const { inventory } = await collecting;
  assert.deepEqual(
    inventory.regions[WEST]!.metrics.map((m) => `${m.metric} ${m.dimensions['DBClusterIdentifier']}`),
    ['AuroraGlobalDBReplicationLag shop-west', 'AuroraGlobalDBRPOLag shop-west'],
  );
  assert.deepEqual(inventory.regions[EAST]!.metrics, []);
  assert.deepEqual(
    inventory.regions[EAST]!.demandMetrics.map((d) => `${d.metric} ${d.dimensions['AutoScalingGroupName']}`),
    [`CPUUtilization web-${EAST}`, `GroupInServiceInstances web-${EAST}`],
  );
  assert.equal(inventory.globalClusters.length, 1);
});

test('the lag read waits for every region’s RDS lists (the merged global-cluster view), not for anything else', async () => {
  // us-west-2's DescribeGlobalClusters is held: its view of the global cluster could change which
  // clusters are secondaries.
  const aws = mockAws(
    allBut(
      new Set([
        ...NEEDED_BY_LAG_AND_DEMAND.filter((c) => c !== DescribeGlobalClustersCommand.name),
        `${DescribeGlobalClustersCommand.name}@${EAST}`,
      ]),
    ),
  );
  const collecting = collectInventory(options(false));
  await settle();
  assert.deepEqual(aws.sent.filter(isLag), [], 'no lag read before every region listed its global clusters');
  assert.deepEqual(demandRegions(aws.sent), [EAST, WEST]);
  aws.open();
  await collecting;
  assert.deepEqual(
    aws.sent.filter(isLag).map((s) => s.region),
    [WEST],
  );
});

test('readiness reads start with what each one reads: the quota lists and EC2 reservations at once, the rest after their inputs', async () => {
  const aws = mockAws(
    allBut(
      new Set([
        ...NEEDED_BY_LAG_AND_DEMAND,
        ListServiceQuotasCommand.name,
        DescribeCapacityReservationsCommand.name,
      ]),
    ),
  );
  const collecting = collectInventory(options(true));
  await settle();
  const sent = (command: string) => aws.sent.filter((s) => s.command === command).map((s) => s.region);
  assert.equal(sent(ListServiceQuotasCommand.name).length, 6, 'three services in each of two regions');
  assert.deepEqual(sent(DescribeCapacityReservationsCommand.name).sort(), [EAST, WEST]);
  // The lag history (5-minute maxima over the history window) goes with the lag series.
  const lagReads = aws.sent.filter(isLag);
  assert.deepEqual(
    lagReads
      .map(
        (s) => (s.input.MetricDataQueries as Array<{ MetricStat: { Period: number } }>)[0]!.MetricStat.Period,
      )
      .sort(),
    [60, 900],
  );
  // Still waiting for their inputs: which quotas (the instances), the load balancers.
  assert.deepEqual(sent(DescribeInstancesCommand.name).sort(), [EAST, WEST]);
  assert.deepEqual(sent(GetServiceQuotaCommand.name), []);
  assert.deepEqual(sent(DescribeLoadBalancersCommand.name).sort(), [EAST, WEST]);
  assert.deepEqual(sent(DescribeCapacityReservationCommand.name), []);

  aws.open();
  const { inventory } = await collecting;
  assert.ok(sent(GetServiceQuotaCommand.name).length > 0, 'the needed quotas the lists did not return');
  assert.deepEqual(
    inventory.regions[WEST]!.lagHistory?.map((m) => m.metric),
    ['AuroraGlobalDBReplicationLag', 'AuroraGlobalDBRPOLag'],
  );
});

test('a failure that stops the collection mid-way still stops it with its own error, and leaves no promise unhandled', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (err: unknown) => unhandled.push(err);
  process.on('unhandledRejection', onUnhandled);
  try {
    const aws = mockAws(allBut(new Set([GetCallerIdentityCommand.name, DescribeInstancesCommand.name])));
    // The endpoint goes away after STS answered: DescribeInstances cannot connect.
    aws
      .mock(EC2Client)
      .on(DescribeInstancesCommand)
      .rejects(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' }));
    const collecting = collectInventory(options(true));
    await assert.rejects(collecting, /Cannot reach AWS \(ECONNREFUSED\)/);
    await settle();
    aws.open();
    await settle();
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('within a service, a follow-up read waits for its own listing only', async () => {
  const held = new Set([
    // Each of these is held; what does not need its answer must still be sent.
    'DescribeTargetGroupsCommand',
    'ListServicesCommand',
    'ListHealthChecksCommand',
    'DescribeReplicationConfigurationsCommand',
    'DescribePoliciesCommand',
    'DescribeScheduledActionsCommand',
  ]);
  const aws = mockAws((command) => held.has(command), {
    DescribeLoadBalancersCommand: (region) => ({
      LoadBalancers: [
        {
          LoadBalancerArn: `arn:aws:elasticloadbalancing:${region}:${ACCT}:loadbalancer/app/web/1`,
          Type: 'application',
        },
      ],
    }),
    ListClustersCommand: (region) => ({ clusterArns: [`arn:aws:ecs:${region}:${ACCT}:cluster/shop`] }),
    ListServicesCommand: (region) => ({ serviceArns: [`arn:aws:ecs:${region}:${ACCT}:service/shop/web`] }),
    ListContainerInstancesCommand: (region) => ({
      containerInstanceArns: [`arn:aws:ecs:${region}:${ACCT}:container-instance/shop/1`],
    }),
    ListHostedZonesCommand: () => ({ HostedZones: [{ Id: '/hostedzone/Z1', Name: 'shop.example.com.' }] }),
    DescribeFileSystemsCommand: () => ({ FileSystems: [{ FileSystemId: 'fs-1' }] }),
    DescribeAutoScalingGroupsCommand: (region) => ({
      AutoScalingGroups: [
        {
          AutoScalingGroupName: `web-${region}`,
          LaunchTemplate: { LaunchTemplateId: 'lt-1', Version: '1' },
          Instances: [],
        },
      ],
    }),
  });
  const collecting = collectInventory(options(false));
  await settle();
  const sent = (command: string) =>
    aws.sent
      .filter((s) => s.command === command)
      .map((s) => s.region)
      .sort();
  const both = [EAST, WEST];
  // ELBv2: each load balancer's reads need the load balancers, not the target groups.
  assert.deepEqual(sent('DescribeLoadBalancerAttributesCommand'), both);
  assert.deepEqual(sent('DescribeTagsCommand'), both);
  assert.deepEqual(sent('DescribeListenersCommand'), both);
  // ECS: container instances need the cluster list, not the services.
  assert.deepEqual(sent('DescribeContainerInstancesCommand'), both);
  assert.deepEqual(sent('DescribeServicesCommand'), []);
  // Route 53: the records need the zones, not the health checks.
  assert.deepEqual(sent('ListResourceRecordSetsCommand'), [EAST]);
  // EFS: mount targets need the file systems, not the replications.
  assert.deepEqual(sent('DescribeMountTargetsCommand'), both);
  // Auto Scaling: a launch template's instance type needs the groups, not their policies.
  assert.deepEqual(sent('DescribeLaunchTemplateVersionsCommand'), both);

  aws.open();
  const { inventory } = await collecting;
  assert.deepEqual(sent('DescribeServicesCommand'), both);
  assert.equal(inventory.route53.hostedZones.length, 1);
  assert.equal(inventory.regions[EAST]!.ecsClusters.length, 1);
  assert.equal(inventory.regions[WEST]!.efsFileSystems.length, 1);
});
