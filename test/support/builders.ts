/**
 * Fixture builders for check tests: small, valid inventories with sensible defaults.
 * Every builder takes overrides; `inventory()` runs the result through the schema (defaults filled).
 */
import { parseInventory } from '../../src/inventory/load.js';
import type {
  AsgInstance,
  AutoScalingGroup,
  CollectionRecord,
  DbCluster,
  DbInstance,
  DemandSeries,
  DynamoDbTable,
  Ec2Instance,
  EcsService,
  EfsFileSystem,
  Alarm,
  ScalableTarget,
  ScalableTargetPolicy,
  SqsQueue,
  GlobalCluster,
  HealthCheck,
  HostedZone,
  Inventory,
  InventoryInput,
  Listener,
  ListenerRule,
  LoadBalancer,
  MetricSeries,
  NatGateway,
  RecordSet,
  RegionInventoryInput,
  ReplicationGroup,
  Subnet,
  TargetGroup,
} from '../../src/inventory/schema.js';

export const ACCOUNT = '123456789012';
export const CAPTURED_AT = '2026-11-20T12:00:00.000Z';

export function azs(region: string, n = 3): string[] {
  return ['a', 'b', 'c', 'd', 'e', 'f'].slice(0, n).map((l) => `${region}${l}`);
}

/** An inventory with the given regions (each defaulting to 3 AZs and no resources). */
export function inventory(
  regions: Record<string, RegionInventoryInput> = { 'us-east-1': {} },
  rest: Partial<Omit<InventoryInput, 'regions'>> = {},
): Inventory {
  const filled = Object.fromEntries(
    Object.entries(regions).map(([name, r]) => [name, { availabilityZones: azs(name), ...r }]),
  );
  return parseInventory({ accountId: ACCOUNT, capturedAt: CAPTURED_AT, ...rest, regions: filled });
}

export function instance(o: Partial<Ec2Instance> & { id: string; az: string }): Ec2Instance {
  return { state: 'running', type: 'm6i.large', tags: {}, ...o };
}

export function asgInstance(id: string, az: string, o: Partial<AsgInstance> = {}): AsgInstance {
  return { id, az, lifecycleState: 'InService', healthStatus: 'Healthy', instanceType: 'm6i.large', ...o };
}

/** An ASG spread over the given AZs with `perAz` in-service instances in each. */
export function asg(
  o: Partial<AutoScalingGroup> & { name: string },
  spread: Record<string, number> = {},
): AutoScalingGroup {
  const instances: AsgInstance[] = [];
  let n = 0;
  for (const [az, count] of Object.entries(spread)) {
    for (let i = 0; i < count; i++) instances.push(asgInstance(`i-${o.name}-${n++}`, az));
  }
  const region = (Object.keys(spread)[0] ?? 'us-east-1a').slice(0, -1);
  return {
    arn: `arn:aws:autoscaling:${region}:${ACCOUNT}:autoScalingGroup:uuid:autoScalingGroupName/${o.name}`,
    availabilityZones: Object.keys(spread).length ? Object.keys(spread) : azs(region),
    subnetIds: [],
    minSize: instances.length,
    maxSize: instances.length * 2,
    desiredCapacity: instances.length,
    healthCheckType: 'ELB',
    healthCheckGracePeriodSeconds: 300,
    targetGroupArns: [],
    loadBalancerNames: [],
    instances,
    instanceTypes: ['m6i.large'],
    mixedInstancesPolicy: false,
    capacityRebalance: false,
    scalingPolicies: [],
    scheduledActions: [],
    tags: {},
    ...o,
  };
}

export function loadBalancer(
  o: Partial<LoadBalancer> & { name: string },
  region = 'us-east-1',
  zones = azs(region),
): LoadBalancer {
  return {
    arn: `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:loadbalancer/app/${o.name}/0123456789abcdef`,
    type: 'application',
    scheme: 'internet-facing',
    state: 'active',
    dnsName: `${o.name}-123.${region}.elb.amazonaws.com`,
    availabilityZones: zones.map((zone, i) => ({ zone, subnetId: `subnet-${o.name}-${i}` })),
    attributes: { crossZoneEnabled: true, deletionProtection: true },
    tags: {},
    ...o,
  };
}

/** A listener rule forwarding to target groups; priority "default" is the listener's default action. */
export function forwardRule(
  priority: string,
  tgs: Array<TargetGroup | string>,
  match: { paths?: string[]; hosts?: string[] } = {},
): ListenerRule {
  return {
    priority,
    hostHeaders: match.hosts ?? [],
    pathPatterns: match.paths ?? [],
    otherConditions: [],
    actionType: 'forward',
    forwardTo: tgs.map((tg) => ({ targetGroupArn: typeof tg === 'string' ? tg : tg.arn })),
  };
}

export function listener(port: number, rules: ListenerRule[], lbName = 'lb'): Listener {
  return {
    arn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/app/${lbName}/0123456789abcdef/${port}`,
    port,
    protocol: port === 443 ? 'HTTPS' : 'HTTP',
    rules,
  };
}

export function targetGroup(
  o: Partial<TargetGroup> & { name: string },
  region = 'us-east-1',
  targetsPerAz: Record<string, number> = {},
): TargetGroup {
  const targets = Object.entries(targetsPerAz).flatMap(([az, count]) =>
    Array.from({ length: count }, (_, i) => ({
      id: `i-${o.name}-${az}-${i}`,
      port: 80,
      az,
      state: 'healthy',
    })),
  );
  return {
    arn: `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:targetgroup/${o.name}/0123456789abcdef`,
    protocol: 'HTTP',
    port: 80,
    targetType: 'instance',
    loadBalancerArns: [],
    healthCheck: {
      enabled: true,
      protocol: 'HTTP',
      path: '/health',
      port: 'traffic-port',
      intervalSeconds: 10,
      timeoutSeconds: 5,
      healthyThreshold: 3,
      unhealthyThreshold: 2,
    },
    attributes: { 'deregistration_delay.timeout_seconds': '30' },
    targets,
    ...o,
  };
}

export function subnet(o: Partial<Subnet> & { id: string; az: string }): Subnet {
  return { vpcId: 'vpc-1', public: false, tags: {}, ...o };
}

export function natGateway(o: Partial<NatGateway> & { id: string; az: string }): NatGateway {
  return {
    vpcId: 'vpc-1',
    subnetId: `subnet-pub-${o.az}`,
    state: 'available',
    connectivityType: 'public',
    ...o,
  };
}

export function dbInstance(o: Partial<DbInstance> & { id: string }, region = 'us-east-1'): DbInstance {
  return {
    arn: `arn:aws:rds:${region}:${ACCOUNT}:db:${o.id}`,
    engine: 'postgres',
    engineVersion: '16.4',
    instanceClass: 'db.r6g.large',
    status: 'available',
    az: `${region}a`,
    multiAz: true,
    publiclyAccessible: false,
    backupRetentionDays: 7,
    deletionProtection: true,
    readReplicaIds: [],
    tags: {},
    ...o,
  };
}

/** An Aurora cluster; `members` lists [instanceId, az, isWriter, class?, tier?]. */
export function dbCluster(
  o: Partial<DbCluster> & { id: string },
  region = 'us-east-1',
  members: Array<[string, string, boolean, string?, number?]> = [
    [`${o.id}-1`, `${region}a`, true],
    [`${o.id}-2`, `${region}b`, false],
  ],
): DbCluster {
  return {
    arn: `arn:aws:rds:${region}:${ACCOUNT}:cluster:${o.id}`,
    engine: 'aurora-postgresql',
    engineVersion: '16.4',
    status: 'available',
    multiAz: members.length > 1,
    backupRetentionDays: 7,
    deletionProtection: true,
    endpoint: `${o.id}.cluster-abc.${region}.rds.amazonaws.com`,
    readerEndpoint: `${o.id}.cluster-ro-abc.${region}.rds.amazonaws.com`,
    availabilityZones: azs(region),
    members: members.map(([instanceId, az, isWriter, instanceClass, promotionTier]) => ({
      instanceId,
      az,
      isWriter,
      instanceClass: instanceClass ?? 'db.r6g.large',
      promotionTier: promotionTier ?? 1,
    })),
    tags: {},
    ...o,
  };
}

/** The DB instances behind a cluster's members, for checks that read instances too. */
export function clusterInstances(c: DbCluster, region = 'us-east-1'): DbInstance[] {
  return c.members.map((m) =>
    dbInstance(
      {
        id: m.instanceId,
        engine: c.engine,
        engineVersion: c.engineVersion,
        instanceClass: m.instanceClass ?? 'db.r6g.large',
        az: m.az,
        multiAz: false,
        clusterId: c.id,
        promotionTier: m.promotionTier,
        backupRetentionDays: c.backupRetentionDays,
        deletionProtection: false,
      },
      region,
    ),
  );
}

export function globalCluster(
  o: Partial<GlobalCluster> & { id: string },
  members: Array<{ region: string; clusterId: string; isWriter: boolean; sync?: string }> = [],
): GlobalCluster {
  return {
    arn: `arn:aws:rds::${ACCOUNT}:global-cluster:${o.id}`,
    engine: 'aurora-postgresql',
    engineVersion: '16.4',
    status: 'available',
    deletionProtection: true,
    members: members.map((m) => ({
      clusterArn: `arn:aws:rds:${m.region}:${ACCOUNT}:cluster:${m.clusterId}`,
      region: m.region,
      isWriter: m.isWriter,
      ...(m.isWriter ? {} : { synchronizationStatus: m.sync ?? 'connected' }),
      readers: [],
    })),
    ...o,
  };
}

/** A lag series with one point a minute ending at CAPTURED_AT. */
export function lagSeries(
  metric: MetricSeries['metric'],
  dimensions: Record<string, string>,
  values: number[],
): MetricSeries {
  const end = new Date(CAPTURED_AT).getTime();
  return {
    namespace: 'AWS/RDS',
    metric,
    dimensions,
    unit: metric === 'ReplicaLag' ? 'Seconds' : 'Milliseconds',
    periodSeconds: 60,
    stat: 'Maximum',
    startTime: new Date(end - values.length * 60_000).toISOString(),
    endTime: CAPTURED_AT,
    points: values.map((v, i) => ({ t: new Date(end - (values.length - i) * 60_000).toISOString(), v })),
  };
}

/**
 * An hourly demand series of an Auto Scaling group (CPUUtilization in AWS/EC2 or
 * GroupInServiceInstances in AWS/AutoScaling), one point an hour ending at CAPTURED_AT.
 */
export function demandSeries(
  asgName: string,
  metric: 'CPUUtilization' | 'GroupInServiceInstances',
  values: number[],
): DemandSeries {
  const end = new Date(CAPTURED_AT).getTime();
  return {
    namespace: metric === 'CPUUtilization' ? 'AWS/EC2' : 'AWS/AutoScaling',
    metric,
    dimensions: { AutoScalingGroupName: asgName },
    unit: metric === 'CPUUtilization' ? 'Percent' : 'Count',
    periodSeconds: 3600,
    stat: 'Average',
    startTime: new Date(end - values.length * 3_600_000).toISOString(),
    endTime: CAPTURED_AT,
    points: values.map((v, i) => ({ t: new Date(end - (values.length - i) * 3_600_000).toISOString(), v })),
  };
}

export function replicationGroup(o: Partial<ReplicationGroup> & { id: string }): ReplicationGroup {
  return {
    engine: 'redis',
    status: 'available',
    multiAz: true,
    automaticFailover: 'enabled',
    snapshotRetentionDays: 7,
    clusterMode: false,
    memberClusters: [],
    nodeGroups: [],
    ...o,
  };
}

export function hostedZone(o: Partial<HostedZone> & { name: string }, records: RecordSet[] = []): HostedZone {
  return { id: `Z${o.name.replace(/\W/g, '').toUpperCase().slice(0, 10)}`, private: false, records, ...o };
}

export function record(o: Partial<RecordSet> & { name: string }): RecordSet {
  return { type: 'A', routingPolicy: 'simple', values: [], ...o };
}

export function healthCheck(o: Partial<HealthCheck> & { id: string }): HealthCheck {
  return {
    type: 'HTTPS',
    fqdn: 'app.example.com',
    port: 443,
    resourcePath: '/health',
    requestIntervalSeconds: 10,
    failureThreshold: 3,
    disabled: false,
    inverted: false,
    status: 'healthy',
    childHealthCheckIds: [],
    tags: {},
    ...o,
  };
}

/** A CPU target-tracking policy at `target` percent. */
export function cpuTargetTracking(target: number, name = `cpu${target}`) {
  return {
    name,
    type: 'TargetTrackingScaling',
    enabled: true,
    targetTracking: { metric: 'ASGAverageCPUUtilization', targetValue: target, disableScaleIn: false },
  };
}

/** A collection failure record, e.g. denied('rds', 'DescribeDBClusters', 'us-east-1'). */
export function denied(service: string, operation: string, region: string): CollectionRecord {
  return {
    service,
    region,
    operation,
    status: 'error',
    error: {
      code: 'AccessDenied',
      message: `User is not authorized to perform: ${service}:${operation}`,
      action: `${service}:${operation}`,
    },
  };
}

/**
 * An ECS service (Fargate, awsvpc, 0.5 vCPU tasks) with `tasksPerAz` running tasks in each AZ; its
 * subnets are named subnet-<az> (add subnets with those ids and AZs to the region to resolve them).
 * Deployment settings are the safe ones unless overridden.
 */
export function ecsService(
  o: Partial<EcsService> & { name: string },
  tasksPerAz: Record<string, number> = {},
  region = 'us-east-1',
): EcsService {
  const tasks = Object.entries(tasksPerAz).flatMap(([az, n]) =>
    Array.from({ length: n }, (_, i) => ({
      arn: `arn:aws:ecs:${region}:${ACCOUNT}:task/shop/${o.name}-${az}-${i}`,
      az,
      lastStatus: 'RUNNING',
      healthStatus: 'HEALTHY',
    })),
  );
  return {
    arn: `arn:aws:ecs:${region}:${ACCOUNT}:service/shop/${o.name}`,
    clusterName: 'shop',
    clusterArn: `arn:aws:ecs:${region}:${ACCOUNT}:cluster/shop`,
    status: 'ACTIVE',
    launchType: 'FARGATE',
    capacityProviders: [],
    schedulingStrategy: 'REPLICA',
    desiredCount: tasks.length,
    runningCount: tasks.length,
    pendingCount: 0,
    taskDefinition: `arn:aws:ecs:${region}:${ACCOUNT}:task-definition/${o.name}:1`,
    taskCpuUnits: 512,
    taskMemoryMiB: 1024,
    networkMode: 'awsvpc',
    subnetIds: Object.keys(tasksPerAz).map((az) => `subnet-${az}`),
    loadBalancers: [],
    deploymentConfiguration: {
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
    },
    availabilityZoneRebalancing: 'ENABLED',
    efsFileSystemIds: [],
    tasks,
    tags: {},
    ...o,
  };
}

/** Private subnets named subnet-<az>, one per AZ (what ecsService() points at). */
export function subnetsFor(zones: string[]): Subnet[] {
  return zones.map((az) => subnet({ id: `subnet-${az}`, az }));
}

/** The scalable target of an ECS service's desired count. */
export function ecsScalableTarget(
  service: string,
  o: Partial<ScalableTarget> = {},
  policies: ScalableTargetPolicy[] = [ecsCpuTracking(50)],
): ScalableTarget {
  return {
    namespace: 'ecs',
    resourceId: `service/shop/${service}`,
    scalableDimension: 'ecs:service:DesiredCount',
    minCapacity: 2,
    maxCapacity: 12,
    suspended: { dynamicScalingIn: false, dynamicScalingOut: false, scheduledScaling: false },
    policies,
    ...o,
  };
}

/** An ECS CPU target-tracking policy at `target` percent. */
export function ecsCpuTracking(target: number, name = `cpu${target}`): ScalableTargetPolicy {
  return {
    name,
    type: 'TargetTrackingScaling',
    targetTracking: { metric: 'ECSServiceAverageCPUUtilization', targetValue: target, disableScaleIn: false },
    alarms: [],
  };
}

export function dynamoDbTable(
  o: Partial<DynamoDbTable> & { name: string },
  region = 'us-east-1',
): DynamoDbTable {
  return {
    arn: `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${o.name}`,
    status: 'ACTIVE',
    billingMode: 'PAY_PER_REQUEST',
    deletionProtection: true,
    pointInTimeRecovery: 'ENABLED',
    replicas: [],
    ...o,
  };
}

export function sqsQueue(o: Partial<SqsQueue> & { name: string }, region = 'us-east-1'): SqsQueue {
  return {
    url: `https://sqs.${region}.amazonaws.com/${ACCOUNT}/${o.name}`,
    arn: `arn:aws:sqs:${region}:${ACCOUNT}:${o.name}`,
    fifo: o.name.endsWith('.fifo'),
    messageRetentionSeconds: 345600,
    visibilityTimeoutSeconds: 30,
    ...o,
  };
}

/** A regional EFS file system with a mount target in each given AZ. */
export function efsFileSystem(
  o: Partial<EfsFileSystem> & { id: string },
  mountAzs: string[] = azs('us-east-1'),
  region = 'us-east-1',
): EfsFileSystem {
  return {
    arn: `arn:aws:elasticfilesystem:${region}:${ACCOUNT}:file-system/${o.id}`,
    lifeCycleState: 'available',
    mountTargets: mountAzs.map((az, i) => ({
      id: `fsmt-${o.id}-${i}`,
      subnetId: `subnet-${az}`,
      az,
      state: 'available',
    })),
    replications: [],
    tags: {},
    ...o,
  };
}

/** A metric alarm on one metric, with an SNS action unless overridden. */
export function alarm(
  o: Partial<Alarm> & { name: string },
  metric: { namespace: string; metricName: string; dimensions: Record<string, string> },
  region = 'us-east-1',
): Alarm {
  return {
    arn: `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${o.name}`,
    metrics: [metric],
    statistic: 'Maximum',
    threshold: 1,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    evaluationPeriods: 1,
    periodSeconds: 60,
    actionsEnabled: true,
    alarmActions: [`arn:aws:sns:${region}:${ACCOUNT}:on-call`],
    okActions: [],
    state: 'OK',
    ...o,
  };
}
