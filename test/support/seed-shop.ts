/**
 * Seeds a two-region "shop" into an AWS API emulator (moto) with the SDK: us-east-1 primary,
 * us-west-2 standby. Reused by the integration tests, `npm run demo` and `npm run bench`.
 *
 * What it builds (names are exported in SHOP so tests can assert on them):
 * - per region: a VPC, an internet gateway, public + private subnets in 3 AZs, NAT gateways and
 *   route tables. In us-east-1 private subnet c routes to the NAT in AZ a (a vpc.zonal-nat defect).
 * - a launch template; ASGs (web: target tracking policy + scheduled action; worker: a mixed
 *   instances policy with two types and no scaling); standalone instances registered as targets.
 * - ALB + NLB with target groups (web-tg: 30 s × 2 = 60 s detection, a tg.detection-time defect;
 *   api-tg: 10 s × 2 = 20 s, fine), and in us-west-2 an ALB with a fast target group. Both ALBs
 *   route /api/* (listener rule 10) to an app-api target group: in us-east-1 it holds the standalone
 *   instances 3–5; in us-west-2 (api-tg-west) it is EMPTY — the standby api tier serves nothing.
 *   web-asg and web-asg-west share the tag tier=web (the capacity model pairs them by it).
 * - RDS MySQL instance + read replica; an Aurora PostgreSQL global database (shop-east with 2
 *   instances in us-east-1, shop-west with 1 in us-west-2); lag data points for shop-west and
 *   orders-db-replica; an ElastiCache replication group. 30 hours of web-asg group metrics (CPU
 *   40 %, one hour at 70 %, 3 in service): its demand is measured (70 % × 3 × 2 vCPUs = 4.2 busy).
 * - Route 53: zone shop.example.com with PRIMARY/SECONDARY failover records and health checks, a
 *   failover pair api.shop.example.com aliased to the two ALBs (evaluate-target-health), a 50/50
 *   weighted pair www.shop.example.com CNAMEd to the two ALBs with no health check (a cross-region
 *   set that sends half the users to a dead region), plus RECORD_FILL plain records (so small pages
 *   need several round trips).
 *
 * Emulator limits this works around (moto 5.2.1): ASG instances all land in the first subnet;
 * target health is always `healthy`; health-check status always healthy; no AZ for NAT gateways in
 * the API (the collector maps it from the subnet).
 */
import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  PutScalingPolicyCommand,
  PutScheduledUpdateGroupActionCommand,
} from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateLaunchTemplateCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
  ModifyLoadBalancerAttributesCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateReplicationGroupCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import {
  CreateDBClusterCommand,
  CreateDBInstanceCommand,
  CreateDBInstanceReadReplicaCommand,
  CreateGlobalClusterCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import {
  ChangeResourceRecordSetsCommand,
  CreateHealthCheckCommand,
  CreateHostedZoneCommand,
  Route53Client,
  type Change,
} from '@aws-sdk/client-route-53';

// Keep the SDK's future-Node notice off the demo's and tests' stderr.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

export const PRIMARY = 'us-east-1';
export const STANDBY = 'us-west-2';
export const RECORD_FILL = 120;
const AMI = 'ami-12c6146b'; // one of moto's built-in example AMIs

export const SHOP = {
  zone: 'shop.example.com.',
  appRecord: 'app.shop.example.com.',
  /** Failover pair aliased to the ALBs: its SECONDARY's /api/* rule forwards to an empty target group. */
  apiRecord: 'api.shop.example.com.',
  /** 50/50 weighted CNAMEs to the two ALBs with no health check. */
  weightedRecord: 'www.shop.example.com.',
  emptyStandbyTargetGroup: 'api-tg-west',
  globalCluster: 'shop-global',
  primaryCluster: 'shop-east',
  secondaryCluster: 'shop-west',
  dbInstance: 'orders-db',
  readReplica: 'orders-db-replica',
  replicationGroup: 'sessions',
  asgs: { [PRIMARY]: ['web-asg', 'worker-asg'], [STANDBY]: ['web-asg-west'] } as Record<string, string[]>,
  targetGroups: {
    [PRIMARY]: ['api-tg', 'app-api-tg', 'web-tg'],
    [STANDBY]: ['api-tg-west', 'web-tg-west'],
  } as Record<string, string[]>,
  loadBalancers: { [PRIMARY]: ['shop-alb', 'shop-nlb'], [STANDBY]: ['shop-alb-west'] } as Record<
    string,
    string[]
  >,
  standaloneInstances: 6,
};

export interface SeedOptions {
  endpoint: string;
  /** Lag data-point timestamps end here (default: now). */
  now?: Date;
  log?: (line: string) => void;
}

export interface SeededShop {
  regions: string[];
  vpcs: Record<string, string>;
  /** us-east-1 private subnet c (routes to the NAT in AZ a). */
  crossAzNatSubnet: string;
  instanceIds: Record<string, string[]>;
  healthCheckIds: string[];
  zoneId: string;
  /** Number of records in the zone (incl. SOA and NS). */
  recordCount: number;
}

function cfg(endpoint: string, region: string) {
  return {
    region,
    endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  };
}

interface Network {
  vpcId: string;
  publicSubnets: string[];
  privateSubnets: string[];
}

async function seedNetwork(
  ec2: EC2Client,
  region: string,
  octet: number,
  natAzIdx: number[],
  privateToNat: number[],
): Promise<Network> {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${octet}.0.0/16` }))).Vpc!.VpcId!;
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  const azs = ['a', 'b', 'c'].map((s) => `${region}${s}`);
  const publicSubnets: string[] = [];
  const privateSubnets: string[] = [];
  for (const [i, az] of azs.entries()) {
    publicSubnets.push(
      (
        await ec2.send(
          new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${octet}.${i}.0/24`, AvailabilityZone: az }),
        )
      ).Subnet!.SubnetId!,
    );
    privateSubnets.push(
      (
        await ec2.send(
          new CreateSubnetCommand({
            VpcId: vpcId,
            CidrBlock: `10.${octet}.${10 + i}.0/24`,
            AvailabilityZone: az,
          }),
        )
      ).Subnet!.SubnetId!,
    );
  }
  const publicRt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  await ec2.send(
    new CreateRouteCommand({ RouteTableId: publicRt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }),
  );
  for (const s of publicSubnets)
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicRt, SubnetId: s }));
  const nats: Record<number, string> = {};
  for (const i of natAzIdx) {
    const eip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
    nats[i] = (
      await ec2.send(new CreateNatGatewayCommand({ SubnetId: publicSubnets[i], AllocationId: eip }))
    ).NatGateway!.NatGatewayId!;
  }
  for (const [i, s] of privateSubnets.entries()) {
    const rt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: rt,
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: nats[privateToNat[i]!],
      }),
    );
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rt, SubnetId: s }));
  }
  return { vpcId, publicSubnets, privateSubnets };
}

async function seedCompute(endpoint: string, region: string, net: Network, primary: boolean) {
  const ec2 = new EC2Client(cfg(endpoint, region));
  const asg = new AutoScalingClient(cfg(endpoint, region));
  const elb = new ElasticLoadBalancingV2Client(cfg(endpoint, region));
  try {
    const lt = await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: primary ? 'web-lt' : 'web-lt-west',
        LaunchTemplateData: { ImageId: AMI, InstanceType: 't3.micro' },
      }),
    );
    const ltId = lt.LaunchTemplate!.LaunchTemplateId!;

    // Standalone instances spread over the private subnets (registered as targets below).
    const instanceIds: string[] = [];
    const standalone = primary ? SHOP.standaloneInstances : 3;
    for (let i = 0; i < standalone; i++) {
      const out = await ec2.send(
        new RunInstancesCommand({
          ImageId: AMI,
          InstanceType: 't3.small',
          MinCount: 1,
          MaxCount: 1,
          SubnetId: net.privateSubnets[i % 3],
          TagSpecifications: [
            {
              ResourceType: 'instance',
              Tags: [
                { Key: 'Name', Value: `app-${i}` },
                { Key: 'env', Value: 'prod' },
              ],
            },
          ],
        }),
      );
      instanceIds.push(out.Instances![0]!.InstanceId!);
    }

    const mkTg = async (
      name: string,
      protocol: 'HTTP' | 'TCP',
      port: number,
      interval: number,
      unhealthy: number,
    ) =>
      (
        await elb.send(
          new CreateTargetGroupCommand({
            Name: name,
            Protocol: protocol,
            Port: port,
            VpcId: net.vpcId,
            TargetType: 'instance',
            HealthCheckIntervalSeconds: interval,
            HealthCheckTimeoutSeconds: protocol === 'HTTP' ? 5 : 6,
            HealthyThresholdCount: 3,
            UnhealthyThresholdCount: unhealthy,
            ...(protocol === 'HTTP' ? { HealthCheckPath: '/healthz', HealthCheckProtocol: 'HTTP' } : {}),
          }),
        )
      ).TargetGroups![0]!.TargetGroupArn!;
    const mkLb = async (name: string, type: 'application' | 'network') =>
      (
        await elb.send(
          new CreateLoadBalancerCommand({
            Name: name,
            Type: type,
            Scheme: 'internet-facing',
            Subnets: net.publicSubnets,
            Tags: [{ Key: 'env', Value: 'prod' }],
          }),
        )
      ).LoadBalancers![0]!.LoadBalancerArn!;

    const lbArns: string[] = [];
    let albDns = '';
    const apiRule = async (listenerArn: string, tgArn: string) =>
      elb.send(
        new CreateRuleCommand({
          ListenerArn: listenerArn,
          Priority: 10,
          Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }],
          Actions: [{ Type: 'forward', TargetGroupArn: tgArn }],
        }),
      );
    const dnsOf = async (arn: string) =>
      (await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }))).LoadBalancers![0]!
        .DNSName!;
    if (primary) {
      const webTg = await mkTg('web-tg', 'HTTP', 80, 30, 2);
      const apiTg = await mkTg('api-tg', 'TCP', 443, 10, 2);
      const appApiTg = await mkTg('app-api-tg', 'HTTP', 8080, 10, 2);
      const alb = await mkLb('shop-alb', 'application');
      const nlb = await mkLb('shop-nlb', 'network');
      lbArns.push(alb, nlb);
      albDns = await dnsOf(alb);
      const listener = await elb.send(
        new CreateListenerCommand({
          LoadBalancerArn: alb,
          Protocol: 'HTTP',
          Port: 80,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: webTg }],
        }),
      );
      await apiRule(listener.Listeners![0]!.ListenerArn!, appApiTg);
      await elb.send(
        new RegisterTargetsCommand({
          TargetGroupArn: appApiTg,
          Targets: instanceIds.slice(3).map((Id) => ({ Id, Port: 8080 })),
        }),
      );
      await elb.send(
        new CreateListenerCommand({
          LoadBalancerArn: nlb,
          Protocol: 'TCP',
          Port: 443,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: apiTg }],
        }),
      );
      await elb.send(
        new ModifyLoadBalancerAttributesCommand({
          LoadBalancerArn: alb,
          Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }],
        }),
      );
      await elb.send(
        new RegisterTargetsCommand({
          TargetGroupArn: webTg,
          Targets: instanceIds.slice(0, 3).map((Id) => ({ Id, Port: 80 })),
        }),
      );
      await elb.send(
        new RegisterTargetsCommand({
          TargetGroupArn: apiTg,
          Targets: instanceIds.slice(3).map((Id) => ({ Id, Port: 443 })),
        }),
      );

      await asg.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: 'web-asg',
          LaunchTemplate: { LaunchTemplateId: ltId, Version: '$Default' },
          MinSize: 3,
          MaxSize: 6,
          DesiredCapacity: 3,
          VPCZoneIdentifier: net.privateSubnets.join(','),
          TargetGroupARNs: [webTg],
          HealthCheckType: 'ELB',
          HealthCheckGracePeriod: 300,
          Tags: [
            { Key: 'env', Value: 'prod', PropagateAtLaunch: true },
            { Key: 'tier', Value: 'web', PropagateAtLaunch: false },
          ],
        }),
      );
      await asg.send(
        new PutScalingPolicyCommand({
          AutoScalingGroupName: 'web-asg',
          PolicyName: 'cpu50',
          PolicyType: 'TargetTrackingScaling',
          TargetTrackingConfiguration: {
            PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
            TargetValue: 50,
          },
        }),
      );
      await asg.send(
        new PutScheduledUpdateGroupActionCommand({
          AutoScalingGroupName: 'web-asg',
          ScheduledActionName: 'black-friday',
          StartTime: new Date(Date.UTC(2031, 10, 28, 6)),
          MinSize: 6,
          MaxSize: 12,
          DesiredCapacity: 6,
        }),
      );
      await asg.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: 'worker-asg',
          MixedInstancesPolicy: {
            LaunchTemplate: {
              LaunchTemplateSpecification: { LaunchTemplateId: ltId, Version: '$Default' },
              Overrides: [{ InstanceType: 't3.micro' }, { InstanceType: 't3a.micro' }],
            },
          },
          MinSize: 2,
          MaxSize: 2,
          DesiredCapacity: 2,
          VPCZoneIdentifier: net.privateSubnets.join(','),
        }),
      );
    } else {
      const webTg = await mkTg('web-tg-west', 'HTTP', 80, 10, 2);
      // The standby api tier: a target group behind the /api/* rule with nothing registered in it.
      const apiTgWest = await mkTg(SHOP.emptyStandbyTargetGroup, 'HTTP', 8080, 10, 2);
      const alb = await mkLb('shop-alb-west', 'application');
      lbArns.push(alb);
      albDns = await dnsOf(alb);
      const listener = await elb.send(
        new CreateListenerCommand({
          LoadBalancerArn: alb,
          Protocol: 'HTTP',
          Port: 80,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: webTg }],
        }),
      );
      await apiRule(listener.Listeners![0]!.ListenerArn!, apiTgWest);
      await elb.send(
        new RegisterTargetsCommand({
          TargetGroupArn: webTg,
          Targets: instanceIds.map((Id) => ({ Id, Port: 80 })),
        }),
      );
      await asg.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: 'web-asg-west',
          LaunchTemplate: { LaunchTemplateId: ltId, Version: '$Default' },
          MinSize: 1,
          MaxSize: 6,
          DesiredCapacity: 1,
          VPCZoneIdentifier: net.privateSubnets.join(','),
          TargetGroupARNs: [webTg],
          HealthCheckType: 'ELB',
          HealthCheckGracePeriod: 300,
          Tags: [{ Key: 'tier', Value: 'web', PropagateAtLaunch: false }],
        }),
      );
    }
    return { instanceIds, lbArns, albDns };
  } finally {
    ec2.destroy();
    asg.destroy();
    elb.destroy();
  }
}

async function seedDatabases(endpoint: string) {
  const east = new RDSClient(cfg(endpoint, PRIMARY));
  const west = new RDSClient(cfg(endpoint, STANDBY));
  const cache = new ElastiCacheClient(cfg(endpoint, PRIMARY));
  try {
    await east.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: SHOP.dbInstance,
        Engine: 'mysql',
        EngineVersion: '8.0.35',
        DBInstanceClass: 'db.t3.medium',
        AllocatedStorage: 20,
        MasterUsername: 'admin',
        MasterUserPassword: 'not-a-secret-123',
        MultiAZ: false,
        BackupRetentionPeriod: 7,
        AvailabilityZone: `${PRIMARY}a`,
      }),
    );
    await east.send(
      new CreateDBInstanceReadReplicaCommand({
        DBInstanceIdentifier: SHOP.readReplica,
        SourceDBInstanceIdentifier: SHOP.dbInstance,
        DBInstanceClass: 'db.t3.medium',
        AvailabilityZone: `${PRIMARY}b`,
      }),
    );
    await east.send(
      new CreateGlobalClusterCommand({
        GlobalClusterIdentifier: SHOP.globalCluster,
        Engine: 'aurora-postgresql',
        EngineVersion: '15.4',
      }),
    );
    await east.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: SHOP.primaryCluster,
        Engine: 'aurora-postgresql',
        EngineVersion: '15.4',
        GlobalClusterIdentifier: SHOP.globalCluster,
        MasterUsername: 'shop',
        MasterUserPassword: 'not-a-secret-123',
        BackupRetentionPeriod: 7,
        DeletionProtection: true,
      }),
    );
    for (const [i, az] of ['a', 'b'].entries()) {
      await east.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: `${SHOP.primaryCluster}-${i + 1}`,
          DBClusterIdentifier: SHOP.primaryCluster,
          Engine: 'aurora-postgresql',
          DBInstanceClass: 'db.r6g.large',
          AvailabilityZone: `${PRIMARY}${az}`,
        }),
      );
    }
    await west.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: SHOP.secondaryCluster,
        Engine: 'aurora-postgresql',
        EngineVersion: '15.4',
        GlobalClusterIdentifier: SHOP.globalCluster,
        BackupRetentionPeriod: 7,
        DeletionProtection: true,
      }),
    );
    await west.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: `${SHOP.secondaryCluster}-1`,
        DBClusterIdentifier: SHOP.secondaryCluster,
        Engine: 'aurora-postgresql',
        DBInstanceClass: 'db.r6g.large',
        AvailabilityZone: `${STANDBY}a`,
      }),
    );
    await cache.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: SHOP.replicationGroup,
        ReplicationGroupDescription: 'shop sessions',
        Engine: 'redis',
        CacheNodeType: 'cache.t3.micro',
        NumCacheClusters: 2,
        MultiAZEnabled: true,
        AutomaticFailoverEnabled: true,
        SnapshotRetentionLimit: 1,
      }),
    );
  } finally {
    east.destroy();
    west.destroy();
    cache.destroy();
  }
}

async function seedMetrics(endpoint: string, now: Date) {
  const points = (
    metric: string,
    dims: Record<string, string>,
    unit: 'Milliseconds' | 'Seconds',
    value: (k: number) => number,
  ): MetricDatum[] =>
    // The last 30 minutes, minute by minute, and (for the readiness history, whose window ends at
    // the last whole hour) one point an hour over the day before, with the same values.
    [
      ...Array.from({ length: 30 }, (_, k) => ({ k, ago: (30 - k) * 60_000 })),
      ...Array.from({ length: 24 }, (_, k) => ({ k, ago: (k + 2) * 3_600_000 })),
    ].map(({ k, ago }) => ({
      MetricName: metric,
      Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })),
      Timestamp: new Date(now.getTime() - ago),
      Unit: unit,
      Value: value(k),
    }));
  const west = new CloudWatchClient(cfg(endpoint, STANDBY));
  const east = new CloudWatchClient(cfg(endpoint, PRIMARY));
  try {
    const dims = { DBClusterIdentifier: SHOP.secondaryCluster };
    await west.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/RDS',
        MetricData: points('AuroraGlobalDBReplicationLag', dims, 'Milliseconds', (k) => 120 + (k % 5) * 10),
      }),
    );
    await west.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/RDS',
        MetricData: points('AuroraGlobalDBRPOLag', dims, 'Milliseconds', (k) => 400 + (k % 7) * 50),
      }),
    );
    await east.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/RDS',
        MetricData: points(
          'ReplicaLag',
          { DBInstanceIdentifier: SHOP.readReplica },
          'Seconds',
          (k) => (k % 4) + 1,
        ),
      }),
    );
    await seedDemand(east, now);
  } finally {
    west.destroy();
    east.destroy();
  }
}

/** Hours of web-asg history, and the one hour (counted back from the last whole hour) at the peak. */
export const DEMAND_HOURS = 30;
export const DEMAND_PEAK_HOURS_AGO = 5;

/**
 * web-asg's group metrics, one point in the middle of each of the last DEMAND_HOURS whole hours:
 * CPU 40 % (70 % once) and 3 in-service instances, so its demand is measured.
 */
async function seedDemand(cw: CloudWatchClient, now: Date) {
  const lastHour = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  const at = (k: number) => new Date(lastHour - k * 3_600_000 - 30 * 60_000);
  const series = (metric: string, unit: 'Percent' | 'Count', value: (k: number) => number): MetricDatum[] =>
    Array.from({ length: DEMAND_HOURS }, (_, i) => ({
      MetricName: metric,
      Dimensions: [{ Name: 'AutoScalingGroupName', Value: 'web-asg' }],
      Timestamp: at(i + 1),
      Unit: unit,
      Value: value(i + 1),
    }));
  await cw.send(
    new PutMetricDataCommand({
      Namespace: 'AWS/EC2',
      MetricData: series('CPUUtilization', 'Percent', (k) => (k === DEMAND_PEAK_HOURS_AGO ? 70 : 40)),
    }),
  );
  await cw.send(
    new PutMetricDataCommand({
      Namespace: 'AWS/AutoScaling',
      MetricData: series('GroupInServiceInstances', 'Count', () => 3),
    }),
  );
}

async function seedDns(
  endpoint: string,
  albDns: { east: string; west: string },
): Promise<{ zoneId: string; healthCheckIds: string[]; recordCount: number }> {
  const r53 = new Route53Client(cfg(endpoint, PRIMARY));
  try {
    const zone = await r53.send(
      new CreateHostedZoneCommand({ Name: SHOP.zone, CallerReference: `shop-${Date.now()}` }),
    );
    const zoneId = zone.HostedZone!.Id!.replace(/^\/hostedzone\//, '');
    const healthCheckIds: string[] = [];
    for (const [i, fqdn] of ['app-east.shop.example.com', 'app-west.shop.example.com'].entries()) {
      const hc = await r53.send(
        new CreateHealthCheckCommand({
          CallerReference: `hc-${i}-${Date.now()}`,
          HealthCheckConfig: {
            Type: 'HTTPS',
            FullyQualifiedDomainName: fqdn,
            Port: 443,
            ResourcePath: '/healthz',
            RequestInterval: 30,
            FailureThreshold: 3,
          },
        }),
      );
      healthCheckIds.push(hc.HealthCheck!.Id!);
    }
    const changes: Change[] = [
      {
        Action: 'CREATE',
        ResourceRecordSet: {
          Name: SHOP.appRecord,
          Type: 'A',
          SetIdentifier: 'east',
          Failover: 'PRIMARY',
          TTL: 60,
          HealthCheckId: healthCheckIds[0],
          ResourceRecords: [{ Value: '192.0.2.10' }],
        },
      },
      {
        Action: 'CREATE',
        ResourceRecordSet: {
          Name: SHOP.appRecord,
          Type: 'A',
          SetIdentifier: 'west',
          Failover: 'SECONDARY',
          TTL: 60,
          HealthCheckId: healthCheckIds[1],
          ResourceRecords: [{ Value: '192.0.2.20' }],
        },
      },
      ...(['PRIMARY', 'SECONDARY'] as const).map((failover): Change => ({
        Action: 'CREATE',
        ResourceRecordSet: {
          Name: SHOP.apiRecord,
          Type: 'A',
          SetIdentifier: failover === 'PRIMARY' ? 'api-east' : 'api-west',
          Failover: failover,
          AliasTarget: {
            DNSName: `dualstack.${failover === 'PRIMARY' ? albDns.east : albDns.west}.`,
            HostedZoneId: failover === 'PRIMARY' ? 'Z35SXDOTRQ7X7K' : 'Z1H1FL5HABSF5',
            EvaluateTargetHealth: true,
          },
        },
      })),
      ...(['east', 'west'] as const).map((side): Change => ({
        Action: 'CREATE',
        ResourceRecordSet: {
          Name: SHOP.weightedRecord,
          Type: 'CNAME',
          SetIdentifier: side,
          Weight: 50,
          TTL: 60,
          ResourceRecords: [{ Value: side === 'east' ? albDns.east : albDns.west }],
        },
      })),
      ...Array.from({ length: RECORD_FILL }, (_, i): Change => ({
        Action: 'CREATE',
        ResourceRecordSet: {
          Name: `host-${String(i).padStart(3, '0')}.${SHOP.zone}`,
          Type: 'A',
          TTL: 300,
          ResourceRecords: [{ Value: `198.51.100.${i % 250}` }],
        },
      })),
    ];
    await r53.send(
      new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes } }),
    );
    return { zoneId, healthCheckIds, recordCount: changes.length + 2 };
  } finally {
    r53.destroy();
  }
}

/** Seeds the shop into an empty emulator. Takes a few seconds. */
export async function seedShop(opts: SeedOptions): Promise<SeededShop> {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? new Date();
  const { endpoint } = opts;
  const ec2East = new EC2Client(cfg(endpoint, PRIMARY));
  const ec2West = new EC2Client(cfg(endpoint, STANDBY));
  try {
    log('seeding networks (VPC, subnets in 3 AZs, NAT gateways, route tables)');
    // us-east-1: NATs in a and b; private c routes to the NAT in a (cross-AZ). us-west-2: one NAT per AZ.
    const [netEast, netWest] = await Promise.all([
      seedNetwork(ec2East, PRIMARY, 0, [0, 1], [0, 1, 0]),
      seedNetwork(ec2West, STANDBY, 1, [0, 1, 2], [0, 1, 2]),
    ]);
    log('seeding compute (instances, launch templates, ASGs, ALB/NLB, target groups)');
    const [cEast, cWest] = await Promise.all([
      seedCompute(endpoint, PRIMARY, netEast, true),
      seedCompute(endpoint, STANDBY, netWest, false),
    ]);
    log('seeding databases (RDS + replica, Aurora global database, ElastiCache), lag metrics, Route 53');
    await seedDatabases(endpoint);
    await seedMetrics(endpoint, now);
    const dns = await seedDns(endpoint, { east: cEast.albDns, west: cWest.albDns });
    return {
      regions: [PRIMARY, STANDBY],
      vpcs: { [PRIMARY]: netEast.vpcId, [STANDBY]: netWest.vpcId },
      crossAzNatSubnet: netEast.privateSubnets[2]!,
      instanceIds: { [PRIMARY]: cEast.instanceIds, [STANDBY]: cWest.instanceIds },
      healthCheckIds: dns.healthCheckIds,
      zoneId: dns.zoneId,
      recordCount: dns.recordCount,
    };
  } finally {
    ec2East.destroy();
    ec2West.destroy();
  }
}
