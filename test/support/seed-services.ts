/**
 * Seeds the issue-10 part of the emulator shop, after seedShop(): ECS services, their service auto
 * scaling, DynamoDB tables, SQS queues, EFS file systems and a CloudWatch alarm, good and risky, so
 * the integration tests can assert each finding through the built CLI.
 *
 * What it builds (names exported in SERVICES_SHOP):
 * - ECS cluster shop-ecs in both regions. checkout (us-east-1): Fargate, 0.5 vCPU tasks, 3 tasks in
 *   3 AZs, circuit breaker with rollback, CPU target tracking at 50 % (min 3, max 9), tag
 *   tier=checkout. checkout-west (us-west-2): 1 task, same tag, max 6 — its warm standby.
 *   recommendations (us-east-1): 2 tasks in one subnet (one AZ), no auto scaling, and AZ
 *   rebalancing set to DISABLED.
 * - DynamoDB: orders, a global table with a replica in us-west-2; carts, single-region, without
 *   point-in-time recovery or deletion protection.
 * - SQS: orders with a dead-letter queue orders-dlq; emails without one.
 * - EFS: scratch, One Zone in us-east-1a; media, regional with mount targets in 3 AZs, replicated
 *   to us-west-2.
 * - CloudWatch: an alarm on the PRIMARY app record's health check, with no action.
 *
 * What the emulator does here that moto alone does not (test/emulator/ext_services.py): ECS keeps
 * the deployment settings and AZ rebalancing and places tasks over the subnets' AZs; DynamoDB
 * replicas (global tables 2019.11.21); EFS replication configurations.
 */
import {
  ApplicationAutoScalingClient,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateTableCommand,
  DynamoDBClient,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateFileSystemCommand,
  CreateMountTargetCommand,
  CreateReplicationConfigurationCommand,
  EFSClient,
} from '@aws-sdk/client-efs';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PRIMARY, STANDBY, type SeededShop } from './seed-shop.js';

export const SERVICES_SHOP = {
  cluster: 'shop-ecs',
  goodService: 'checkout',
  standbyService: 'checkout-west',
  oneAzService: 'recommendations',
  globalTable: 'orders',
  singleRegionTable: 'carts',
  queueWithDlq: 'orders',
  deadLetterQueue: 'orders-dlq',
  queueWithoutDlq: 'emails',
  oneZoneFileSystem: 'scratch',
  regionalFileSystem: 'media',
  alarmWithoutActions: 'app-primary-health',
};

function cfg(endpoint: string, region: string) {
  return {
    region,
    endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  };
}

/** The shop's private subnets (10.x.1y.0/24) of a region, in AZ order, and the VPC's default security group. */
async function network(ec2: EC2Client, vpcId: string): Promise<{ subnets: string[]; sg: string }> {
  const subnets = (
    await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))
  )
    .Subnets!.filter((s) => /^10\.\d+\.1\d\.0\/24$/.test(s.CidrBlock ?? ''))
    .sort((a, b) => (a.AvailabilityZone ?? '').localeCompare(b.AvailabilityZone ?? ''))
    .map((s) => s.SubnetId!);
  const sg = (
    await ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'group-name', Values: ['default'] },
        ],
      }),
    )
  ).SecurityGroups![0]!.GroupId!;
  return { subnets, sg };
}

async function seedEcs(endpoint: string, region: string, vpcId: string, primary: boolean) {
  const ec2 = new EC2Client(cfg(endpoint, region));
  const ecs = new ECSClient(cfg(endpoint, region));
  const aas = new ApplicationAutoScalingClient(cfg(endpoint, region));
  try {
    const net = await network(ec2, vpcId);
    await ecs.send(new CreateClusterCommand({ clusterName: SERVICES_SHOP.cluster }));
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'checkout',
        cpu: '512',
        memory: '1024',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        containerDefinitions: [{ name: 'checkout', image: 'shop/checkout:42' }],
      }),
    );
    const service = async (
      name: string,
      desiredCount: number,
      subnets: string[],
      extra: Partial<ConstructorParameters<typeof CreateServiceCommand>[0]> = {},
    ) =>
      ecs.send(
        new CreateServiceCommand({
          cluster: SERVICES_SHOP.cluster,
          serviceName: name,
          taskDefinition: 'checkout',
          desiredCount,
          launchType: 'FARGATE',
          networkConfiguration: { awsvpcConfiguration: { subnets, securityGroups: [net.sg] } },
          ...extra,
        }),
      );
    const safe = {
      deploymentConfiguration: {
        minimumHealthyPercent: 100,
        maximumPercent: 200,
        deploymentCircuitBreaker: { enable: true, rollback: true },
      },
      availabilityZoneRebalancing: 'ENABLED' as const,
      tags: [{ key: 'tier', value: 'checkout' }],
    };
    const name = primary ? SERVICES_SHOP.goodService : SERVICES_SHOP.standbyService;
    await service(name, primary ? 3 : 1, net.subnets, safe);
    await aas.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: 'ecs',
        ResourceId: `service/${SERVICES_SHOP.cluster}/${name}`,
        ScalableDimension: 'ecs:service:DesiredCount',
        MinCapacity: primary ? 3 : 1,
        MaxCapacity: primary ? 9 : 6,
      }),
    );
    await aas.send(
      new PutScalingPolicyCommand({
        ServiceNamespace: 'ecs',
        ResourceId: `service/${SERVICES_SHOP.cluster}/${name}`,
        ScalableDimension: 'ecs:service:DesiredCount',
        PolicyName: 'cpu50',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 50,
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        },
      }),
    );
    if (primary)
      await service(SERVICES_SHOP.oneAzService, 2, net.subnets.slice(0, 1), {
        availabilityZoneRebalancing: 'DISABLED',
      });
    return net;
  } finally {
    ec2.destroy();
    ecs.destroy();
    aas.destroy();
  }
}

async function seedData(endpoint: string, subnetsEast: string[], sgEast: string) {
  const ddb = new DynamoDBClient(cfg(endpoint, PRIMARY));
  const sqs = new SQSClient(cfg(endpoint, PRIMARY));
  const efs = new EFSClient(cfg(endpoint, PRIMARY));
  const cw = new CloudWatchClient(cfg(endpoint, PRIMARY));
  try {
    const table = (name: string, deletionProtection: boolean) =>
      ddb.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          DeletionProtectionEnabled: deletionProtection,
        }),
      );
    await table(SERVICES_SHOP.globalTable, true);
    await table(SERVICES_SHOP.singleRegionTable, false);
    await ddb.send(
      new UpdateContinuousBackupsCommand({
        TableName: SERVICES_SHOP.globalTable,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    );
    await ddb.send(
      new UpdateTableCommand({
        TableName: SERVICES_SHOP.globalTable,
        ReplicaUpdates: [{ Create: { RegionName: STANDBY } }],
      }),
    );

    await sqs.send(
      new CreateQueueCommand({
        QueueName: SERVICES_SHOP.deadLetterQueue,
        Attributes: { MessageRetentionPeriod: '1209600' },
      }),
    );
    await sqs.send(
      new CreateQueueCommand({
        QueueName: SERVICES_SHOP.queueWithDlq,
        Attributes: {
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: `arn:aws:sqs:${PRIMARY}:123456789012:${SERVICES_SHOP.deadLetterQueue}`,
            maxReceiveCount: 5,
          }),
        },
      }),
    );
    await sqs.send(new CreateQueueCommand({ QueueName: SERVICES_SHOP.queueWithoutDlq }));

    const scratch = await efs.send(
      new CreateFileSystemCommand({
        CreationToken: 'scratch',
        AvailabilityZoneName: `${PRIMARY}a`,
        Tags: [{ Key: 'Name', Value: SERVICES_SHOP.oneZoneFileSystem }],
      }),
    );
    await efs.send(
      new CreateMountTargetCommand({
        FileSystemId: scratch.FileSystemId!,
        SubnetId: subnetsEast[0]!,
        SecurityGroups: [sgEast],
      }),
    );
    const media = await efs.send(
      new CreateFileSystemCommand({
        CreationToken: 'media',
        Tags: [{ Key: 'Name', Value: SERVICES_SHOP.regionalFileSystem }],
      }),
    );
    for (const subnet of subnetsEast)
      await efs.send(
        new CreateMountTargetCommand({
          FileSystemId: media.FileSystemId!,
          SubnetId: subnet,
          SecurityGroups: [sgEast],
        }),
      );
    await efs.send(
      new CreateReplicationConfigurationCommand({
        SourceFileSystemId: media.FileSystemId!,
        Destinations: [{ Region: STANDBY }],
      }),
    );
    return { scratch: scratch.FileSystemId!, media: media.FileSystemId! };
  } finally {
    ddb.destroy();
    sqs.destroy();
    efs.destroy();
    cw.destroy();
  }
}

async function seedAlarm(endpoint: string, healthCheckId: string) {
  const cw = new CloudWatchClient(cfg(endpoint, PRIMARY));
  try {
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: SERVICES_SHOP.alarmWithoutActions,
        Namespace: 'AWS/Route53',
        MetricName: 'HealthCheckStatus',
        Dimensions: [{ Name: 'HealthCheckId', Value: healthCheckId }],
        Statistic: 'Minimum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
      }),
    );
  } finally {
    cw.destroy();
  }
}

export interface SeededServices {
  fileSystems: { scratch: string; media: string };
}

/** Seeds the services part of the shop; call after seedShop() on the same emulator. */
export async function seedServices(endpoint: string, shop: SeededShop): Promise<SeededServices> {
  const [east] = await Promise.all([
    seedEcs(endpoint, PRIMARY, shop.vpcs[PRIMARY]!, true),
    seedEcs(endpoint, STANDBY, shop.vpcs[STANDBY]!, false),
  ]);
  const fileSystems = await seedData(endpoint, east.subnets, east.sg);
  await seedAlarm(endpoint, shop.healthCheckIds[0]!);
  return { fileSystems };
}
