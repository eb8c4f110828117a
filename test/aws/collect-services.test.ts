/**
 * The issue-10 collectors (ECS, Application Auto Scaling, DynamoDB, SQS, EFS, CloudWatch alarms)
 * on recorded AWS-shaped responses (aws-sdk-client-mock): the fields AWS returns and the moto
 * emulator does not (availabilityZoneRebalancing, the deployment circuit breaker, an EFS One Zone
 * AZ and replication, DynamoDB global-table replicas) are mapped, batches and pages are followed,
 * and an access error is recorded rather than thrown.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListClustersCommand,
  ListContainerInstancesCommand,
  ListServicesCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeFileSystemsCommand,
  DescribeMountTargetsCommand,
  DescribeReplicationConfigurationsCommand,
  EFSClient,
} from '@aws-sdk/client-efs';
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../src/aws/clients.js';
import { collectScalableTargets } from '../../src/aws/collect/appautoscaling.js';
import { collectAlarms } from '../../src/aws/collect/cloudwatch.js';
import { Ledger, type CollectContext } from '../../src/aws/collect/context.js';
import { collectDynamoDb } from '../../src/aws/collect/dynamodb.js';
import { collectEcs, taskSize } from '../../src/aws/collect/ecs.js';
import { collectEfs } from '../../src/aws/collect/efs.js';
import { mapQueue, collectSqs } from '../../src/aws/collect/sqs.js';

const R = 'us-east-1';
const ACCT = '123456789012';
const mocks: Array<{ restore: () => void }> = [];
afterEach(() => {
  while (mocks.length) mocks.pop()!.restore();
});

function context(): CollectContext & { factory: ClientFactory } {
  const factory = new ClientFactory({ maxAttempts: 1, concurrency: 4 });
  return { clients: factory, factory, ledger: new Ledger(), progress: () => {} };
}

function denied(op: string) {
  return Object.assign(new Error(`User is not authorized to perform: ${op}`), {
    name: 'AccessDeniedException',
    $metadata: { httpStatusCode: 400 },
  });
}

test('ECS: services with their task size, deployment settings, AZ rebalancing, EFS volumes and tasks by AZ', async () => {
  const ecs = mockClient(ECSClient);
  mocks.push(ecs);
  const cluster = `arn:aws:ecs:${R}:${ACCT}:cluster/shop`;
  const svc = (name: string) => `arn:aws:ecs:${R}:${ACCT}:service/shop/${name}`;
  const task = (n: number) => `arn:aws:ecs:${R}:${ACCT}:task/shop/${n.toString(16).padStart(8, '0')}`;
  ecs.on(ListClustersCommand).resolves({ clusterArns: [cluster] });
  // 12 services: two DescribeServices batches of at most 10.
  const names = Array.from({ length: 12 }, (_, i) => (i === 0 ? 'api' : `svc-${String(i).padStart(2, '0')}`));
  ecs.on(ListServicesCommand).resolves({ serviceArns: names.map(svc) });
  ecs.on(ListContainerInstancesCommand).resolves({ containerInstanceArns: [] });
  ecs.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => ({
    services: input.services.map((arn) => {
      const name = arn.split('/').pop()!;
      return name === 'api'
        ? {
            serviceName: 'api',
            serviceArn: arn,
            clusterArn: cluster,
            status: 'ACTIVE',
            launchType: 'FARGATE',
            desiredCount: 3,
            runningCount: 3,
            pendingCount: 0,
            taskDefinition: `arn:aws:ecs:${R}:${ACCT}:task-definition/api:7`,
            networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b', 'subnet-c'] } },
            loadBalancers: [{ targetGroupArn: 'arn:tg/api', containerName: 'api', containerPort: 8080 }],
            healthCheckGracePeriodSeconds: 60,
            deploymentConfiguration: {
              minimumHealthyPercent: 100,
              maximumPercent: 200,
              deploymentCircuitBreaker: { enable: true, rollback: true },
            },
            availabilityZoneRebalancing: 'ENABLED',
            tags: [{ key: 'tier', value: 'api' }],
          }
        : {
            serviceName: name,
            serviceArn: arn,
            clusterArn: cluster,
            status: 'ACTIVE',
            desiredCount: 1,
            runningCount: 1,
            taskDefinition: `arn:aws:ecs:${R}:${ACCT}:task-definition/other:1`,
          };
    }),
  }));
  ecs.on(DescribeTaskDefinitionCommand).callsFake((input: { taskDefinition: string }) => ({
    taskDefinition: input.taskDefinition.includes('api')
      ? {
          cpu: '512',
          memory: '1024',
          networkMode: 'awsvpc',
          volumes: [{ name: 'media', efsVolumeConfiguration: { fileSystemId: 'fs-0123' } }],
          containerDefinitions: [{ name: 'api' }],
        }
      : {
          networkMode: 'bridge',
          containerDefinitions: [
            { name: 'x', cpu: 256 },
            { name: 'y', cpu: 0 },
          ],
        },
  }));
  ecs.on(ListTasksCommand).callsFake((input: { serviceName: string }) => ({
    taskArns: input.serviceName === 'api' ? [task(1), task(2), task(3)] : [],
  }));
  ecs.on(DescribeTasksCommand).resolves({
    tasks: [
      { taskArn: task(1), availabilityZone: `${R}a`, lastStatus: 'RUNNING', healthStatus: 'HEALTHY' },
      { taskArn: task(2), availabilityZone: `${R}b`, lastStatus: 'RUNNING', healthStatus: 'HEALTHY' },
      { taskArn: task(3), availabilityZone: `${R}c`, lastStatus: 'RUNNING', healthStatus: 'UNKNOWN' },
    ],
  });
  ecs.on(DescribeContainerInstancesCommand).resolves({ containerInstances: [] });

  const ctx = context();
  try {
    const out = await collectEcs(ctx, R, Promise.resolve(new Map()));
    assert.equal(out.services.length, 12);
    assert.equal(ecs.commandCalls(DescribeServicesCommand).length, 2, 'batches of at most 10 services');
    const api = out.services.find((s) => s.name === 'api')!;
    assert.deepEqual(
      {
        cluster: api.clusterName,
        cpu: api.taskCpuUnits,
        mem: api.taskMemoryMiB,
        net: api.networkMode,
        subnets: api.subnetIds,
        grace: api.healthCheckGracePeriodSeconds,
        deploy: api.deploymentConfiguration,
        rebalancing: api.availabilityZoneRebalancing,
        efs: api.efsFileSystemIds,
        tags: api.tags,
        tasks: api.tasks?.map((t) => t.az),
      },
      {
        cluster: 'shop',
        cpu: 512,
        mem: 1024,
        net: 'awsvpc',
        subnets: ['subnet-a', 'subnet-b', 'subnet-c'],
        grace: 60,
        deploy: {
          minimumHealthyPercent: 100,
          maximumPercent: 200,
          circuitBreaker: { enable: true, rollback: true },
        },
        rebalancing: 'ENABLED',
        efs: ['fs-0123'],
        tags: { tier: 'api' },
        tasks: [`${R}a`, `${R}b`, `${R}c`],
      },
    );
    // A service whose AWS response has no circuit breaker or rebalancing: absent, not guessed.
    const other = out.services.find((s) => s.name === 'svc-01')!;
    assert.deepEqual(other.deploymentConfiguration, {});
    assert.equal(other.availabilityZoneRebalancing, undefined);
    assert.equal(
      other.taskCpuUnits,
      undefined,
      'a container without a CPU size leaves the task size unknown',
    );
    assert.deepEqual(
      ctx.ledger.list().filter((r) => r.status === 'error'),
      [],
    );
  } finally {
    ctx.factory.destroy();
  }
});

test('ECS: the task size is the task CPU, else the sum of every container that sets one', () => {
  assert.deepEqual(taskSize({ cpu: '1024', memory: '2048' }), { cpu: 1024, memory: 2048 });
  assert.deepEqual(
    taskSize({
      containerDefinitions: [
        { name: 'a', cpu: 256, memory: 512 },
        { name: 'b', cpu: 256, memory: 256 },
      ],
    }),
    { cpu: 512, memory: 768 },
  );
  assert.deepEqual(taskSize(undefined), {});
});

test('ECS: access denied on ListClusters is recorded with its IAM action, nothing is thrown', async () => {
  const ecs = mockClient(ECSClient);
  mocks.push(ecs);
  ecs.on(ListClustersCommand).rejects(denied('ecs:ListClusters'));
  const ctx = context();
  try {
    const out = await collectEcs(ctx, R, Promise.resolve(new Map()));
    assert.deepEqual(out, { services: [], clusters: [] });
    assert.deepEqual(
      ctx.ledger.list().map((r) => [r.service, r.operation, r.status, r.error?.code, r.error?.action]),
      [['ecs', 'ListClusters', 'error', 'AccessDeniedException', 'ecs:ListClusters']],
    );
  } finally {
    ctx.factory.destroy();
  }
});

test('Application Auto Scaling: targets of both namespaces with their policies, alarms and custom metrics', async () => {
  const aas = mockClient(ApplicationAutoScalingClient);
  mocks.push(aas);
  aas.on(DescribeScalableTargetsCommand).callsFake((input: { ServiceNamespace: string }) => ({
    ScalableTargets:
      input.ServiceNamespace === 'ecs'
        ? [
            {
              ServiceNamespace: 'ecs',
              ResourceId: 'service/shop/worker',
              ScalableDimension: 'ecs:service:DesiredCount',
              MinCapacity: 2,
              MaxCapacity: 10,
              SuspendedState: { DynamicScalingOutSuspended: true },
            },
          ]
        : [],
  }));
  aas.on(DescribeScalingPoliciesCommand).callsFake((input: { ServiceNamespace: string }) => ({
    ScalingPolicies:
      input.ServiceNamespace === 'ecs'
        ? [
            {
              PolicyName: 'backlog',
              ResourceId: 'service/shop/worker',
              ScalableDimension: 'ecs:service:DesiredCount',
              PolicyType: 'TargetTrackingScaling',
              TargetTrackingScalingPolicyConfiguration: {
                TargetValue: 100,
                CustomizedMetricSpecification: {
                  Namespace: 'AWS/SQS',
                  MetricName: 'ApproximateNumberOfMessagesVisible',
                  Dimensions: [{ Name: 'QueueName', Value: 'orders' }],
                  Statistic: 'Average',
                },
              },
            },
            {
              PolicyName: 'step-out',
              ResourceId: 'service/shop/worker',
              ScalableDimension: 'ecs:service:DesiredCount',
              PolicyType: 'StepScaling',
              Alarms: [{ AlarmName: 'orders-deep', AlarmARN: 'arn:alarm' }],
            },
          ]
        : [],
  }));
  const ctx = context();
  try {
    const [t] = await collectScalableTargets(ctx, R);
    assert.deepEqual(t, {
      namespace: 'ecs',
      resourceId: 'service/shop/worker',
      scalableDimension: 'ecs:service:DesiredCount',
      minCapacity: 2,
      maxCapacity: 10,
      suspended: { dynamicScalingIn: false, dynamicScalingOut: true, scheduledScaling: false },
      policies: [
        {
          name: 'backlog',
          type: 'TargetTrackingScaling',
          targetTracking: {
            metric: 'custom',
            targetValue: 100,
            disableScaleIn: false,
            customMetric: {
              namespace: 'AWS/SQS',
              metricName: 'ApproximateNumberOfMessagesVisible',
              dimensions: { QueueName: 'orders' },
            },
          },
          alarms: [],
        },
        { name: 'step-out', type: 'StepScaling', alarms: ['orders-deep'] },
      ],
    });
    assert.deepEqual(
      aas
        .commandCalls(DescribeScalableTargetsCommand)
        .map((c) => c.args[0].input.ServiceNamespace)
        .sort(),
      ['dynamodb', 'ecs'],
    );
  } finally {
    ctx.factory.destroy();
  }
});

test('DynamoDB: deletion protection, point-in-time recovery and global-table replicas (2019.11.21)', async () => {
  const ddb = mockClient(DynamoDBClient);
  mocks.push(ddb);
  ddb
    .on(ListTablesCommand)
    .resolvesOnce({ TableNames: ['orders'], LastEvaluatedTableName: 'orders' })
    .resolvesOnce({ TableNames: ['carts'] });
  ddb.on(DescribeTableCommand).callsFake((input: { TableName: string }) => ({
    Table:
      input.TableName === 'orders'
        ? {
            TableName: 'orders',
            TableArn: `arn:aws:dynamodb:${R}:${ACCT}:table/orders`,
            TableStatus: 'ACTIVE',
            BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
            DeletionProtectionEnabled: true,
            GlobalTableVersion: '2019.11.21',
            Replicas: [
              { RegionName: R, ReplicaStatus: 'ACTIVE' },
              { RegionName: 'us-west-2', ReplicaStatus: 'ACTIVE' },
            ],
          }
        : {
            TableName: 'carts',
            TableArn: `arn:aws:dynamodb:${R}:${ACCT}:table/carts`,
            TableStatus: 'ACTIVE',
          },
  }));
  ddb.on(DescribeContinuousBackupsCommand).callsFake((input: { TableName: string }) => ({
    ContinuousBackupsDescription: {
      ContinuousBackupsStatus: 'ENABLED',
      PointInTimeRecoveryDescription: {
        PointInTimeRecoveryStatus: input.TableName === 'orders' ? 'ENABLED' : 'DISABLED',
      },
    },
  }));
  const ctx = context();
  try {
    const tables = await collectDynamoDb(ctx, R);
    assert.deepEqual(
      tables.map((t) => [t.name, t.deletionProtection, t.pointInTimeRecovery, t.replicas, t.billingMode]),
      [
        ['carts', false, 'DISABLED', [], 'PROVISIONED'],
        ['orders', true, 'ENABLED', [{ region: 'us-west-2', status: 'ACTIVE' }], 'PAY_PER_REQUEST'],
      ],
    );
    assert.equal(ddb.commandCalls(ListTablesCommand).length, 2, 'both pages');
  } finally {
    ctx.factory.destroy();
  }
});

test('SQS: the redrive policy, FIFO and retention; an unparsable policy counts as none', async () => {
  assert.deepEqual(
    mapQueue(`https://sqs.${R}.amazonaws.com/${ACCT}/jobs.fifo`, {
      QueueArn: `arn:aws:sqs:${R}:${ACCT}:jobs.fifo`,
      FifoQueue: 'true',
      MessageRetentionPeriod: '345600',
      VisibilityTimeout: '30',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:dlq', maxReceiveCount: '5' }),
    }),
    {
      name: 'jobs.fifo',
      url: `https://sqs.${R}.amazonaws.com/${ACCT}/jobs.fifo`,
      arn: `arn:aws:sqs:${R}:${ACCT}:jobs.fifo`,
      fifo: true,
      redrivePolicy: { deadLetterTargetArn: 'arn:dlq', maxReceiveCount: 5 },
      messageRetentionSeconds: 345600,
      visibilityTimeoutSeconds: 30,
    },
  );
  assert.equal(mapQueue('https://q/1/x', { RedrivePolicy: '{not json' }).redrivePolicy, undefined);

  const sqs = mockClient(SQSClient);
  mocks.push(sqs);
  sqs.on(ListQueuesCommand).resolves({ QueueUrls: [`https://sqs/${ACCT}/b`, `https://sqs/${ACCT}/a`] });
  sqs.on(GetQueueAttributesCommand).callsFake((input: { QueueUrl: string }) => ({
    Attributes: { QueueArn: `arn:aws:sqs:${R}:${ACCT}:${input.QueueUrl.split('/').pop()}` },
  }));
  const ctx = context();
  try {
    assert.deepEqual(
      (await collectSqs(ctx, R)).map((q) => q.arn),
      [`arn:aws:sqs:${R}:${ACCT}:a`, `arn:aws:sqs:${R}:${ACCT}:b`],
    );
  } finally {
    ctx.factory.destroy();
  }
});

test('EFS: a One Zone file system keeps its AZ; mount targets and replication destinations are mapped', async () => {
  const efs = mockClient(EFSClient);
  mocks.push(efs);
  efs.on(DescribeFileSystemsCommand).resolves({
    FileSystems: [
      {
        FileSystemId: 'fs-one',
        FileSystemArn: `arn:aws:elasticfilesystem:${R}:${ACCT}:file-system/fs-one`,
        Name: 'scratch',
        LifeCycleState: 'available',
        AvailabilityZoneName: `${R}a`,
        AvailabilityZoneId: 'use1-az4',
        Tags: [{ Key: 'Name', Value: 'scratch' }],
      } as never,
      {
        FileSystemId: 'fs-media',
        FileSystemArn: `arn:aws:elasticfilesystem:${R}:${ACCT}:file-system/fs-media`,
        LifeCycleState: 'available',
        Tags: [],
      } as never,
    ],
  });
  efs.on(DescribeMountTargetsCommand).callsFake((input: { FileSystemId: string }) => ({
    MountTargets:
      input.FileSystemId === 'fs-media'
        ? [
            {
              MountTargetId: 'fsmt-b',
              SubnetId: 'subnet-b',
              AvailabilityZoneName: `${R}b`,
              LifeCycleState: 'available',
            },
            {
              MountTargetId: 'fsmt-a',
              SubnetId: 'subnet-a',
              AvailabilityZoneName: `${R}a`,
              LifeCycleState: 'available',
            },
          ]
        : [{ MountTargetId: 'fsmt-1', SubnetId: 'subnet-a', AvailabilityZoneName: `${R}a` }],
  }));
  efs.on(DescribeReplicationConfigurationsCommand).resolves({
    Replications: [
      {
        SourceFileSystemId: 'fs-media',
        SourceFileSystemRegion: R,
        SourceFileSystemArn: 'arn:src',
        OriginalSourceFileSystemArn: 'arn:src',
        CreationTime: new Date(),
        Destinations: [{ Region: 'us-west-2', FileSystemId: 'fs-west', Status: 'ENABLED' }],
      },
    ],
  });
  const ctx = context();
  try {
    const [media, one] = await collectEfs(ctx, R);
    assert.equal(one!.availabilityZoneName, `${R}a`);
    assert.deepEqual(one!.replications, []);
    assert.deepEqual(
      media!.mountTargets.map((m) => m.az),
      [`${R}a`, `${R}b`],
    );
    assert.deepEqual(media!.replications, [
      { region: 'us-west-2', fileSystemId: 'fs-west', status: 'ENABLED' },
    ]);
  } finally {
    ctx.factory.destroy();
  }
});

test('CloudWatch alarms: metric and metric-math alarms with their actions; pages followed', async () => {
  const cw = mockClient(CloudWatchClient);
  mocks.push(cw);
  cw.on(DescribeAlarmsCommand)
    .resolvesOnce({
      MetricAlarms: [
        {
          AlarmName: 'hc-primary',
          AlarmArn: 'arn:alarm:hc-primary',
          Namespace: 'AWS/Route53',
          MetricName: 'HealthCheckStatus',
          Dimensions: [{ Name: 'HealthCheckId', Value: 'hc-1' }],
          Statistic: 'Minimum',
          Threshold: 1,
          ComparisonOperator: 'LessThanThreshold',
          EvaluationPeriods: 1,
          Period: 60,
          ActionsEnabled: true,
          AlarmActions: [],
          StateValue: 'OK',
        },
      ],
      NextToken: 'p2',
    })
    .resolvesOnce({
      MetricAlarms: [
        {
          AlarmName: 'lag-math',
          AlarmArn: 'arn:alarm:lag-math',
          Metrics: [
            {
              Id: 'm1',
              MetricStat: {
                Metric: {
                  Namespace: 'AWS/RDS',
                  MetricName: 'AuroraGlobalDBRPOLag',
                  Dimensions: [{ Name: 'DBClusterIdentifier', Value: 'west' }],
                },
                Period: 60,
                Stat: 'Maximum',
              },
            },
            { Id: 'e1', Expression: 'm1 / 1000' },
          ],
          Threshold: 15,
          ActionsEnabled: true,
          AlarmActions: ['arn:aws:sns:us-east-1:1:pager'],
        },
      ],
    });
  const ctx = context();
  try {
    const alarms = await collectAlarms(ctx, R);
    assert.deepEqual(
      alarms.map((a) => [
        a.name,
        a.metrics.map((m) => `${m.namespace}/${m.metricName}`),
        a.alarmActions.length,
      ]),
      [
        ['hc-primary', ['AWS/Route53/HealthCheckStatus'], 0],
        ['lag-math', ['AWS/RDS/AuroraGlobalDBRPOLag'], 1],
      ],
    );
    assert.deepEqual(alarms[0]!.metrics[0]!.dimensions, { HealthCheckId: 'hc-1' });
  } finally {
    ctx.factory.destroy();
  }
});
