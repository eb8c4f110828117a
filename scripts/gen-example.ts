/**
 * Generates examples/shop.snapshot.json: a realistic two-region shop (us-east-1 primary,
 * us-west-2 warm standby, Aurora Global Database, failover DNS) that passes many checks and fails
 * some in every category. Run `npm run example` after changing it; a test fails when the committed
 * file is stale.
 *
 * The story of the shop, so the findings read as a real readiness review:
 * - The web tier is in good shape (3 AZs, ELB health checks, fast target-group health checks).
 * - The api tier grew by hand: EC2 health checks behind an ALB, slow target-group health checks,
 *   one instance type, lopsided across two AZs; 14 days of group metrics measure its peak.
 * - A batch worker lives in one AZ with no scaling policy.
 * - The internal NLB has no healthy target in one of its AZs, and no deletion protection.
 * - Private subnet c sends its egress through the NAT gateway in AZ a.
 * - A legacy MySQL instance is Single-AZ with a short backup retention; the catalogue read replica lags.
 * - The standby region is warm but small; its Aurora secondary is one smaller instance; global
 *   replication lag spikes above a second.
 * - DNS: www fails over cleanly; api shares one health check between PRIMARY and SECONDARY and
 *   has a 300 s TTL; status has no SECONDARY and points at a deleted health check; the private
 *   zone fails over on an endpoint health check; checkout's health check is disabled.
 * - Containers: the checkout ECS service is the model (3 AZs, CPU target tracking, circuit breaker
 *   with rollback, AZ rebalancing) and has a smaller warm standby; recommendations runs in one AZ
 *   with no auto scaling and a deployment allowed to stop every task; the order worker scales on
 *   the orders queue (a standby worker does the same in us-west-2) and mounts a file system that
 *   has no mount target in one of its AZs.
 * - Data: the orders table is global; the carts table is single-region, without PITR or deletion
 *   protection. The orders queue has a DLQ, the emails queue none. A report-scratch One Zone file
 *   system. The ALB's unhealthy hosts and the Aurora lag page on-call; the www health-check alarm
 *   has no action; nothing watches the internal NLB.
 * - Readiness (the week before Black Friday): us-east-1 has vCPU quota to spare, but us-west-2
 *   still has a small Standard vCPU quota that a failover at peak would exceed (its Fargate vCPU
 *   quota is enough); a c6i.xlarge capacity
 *   reservation in us-west-2a ends before the event is over; the primary ALB has 200 LCUs reserved;
 *   14 days of global replication lag show a nightly batch pushing the RPO lag past 15 s once.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  SNAPSHOT_SCHEMA_VERSION,
  SnapshotSchema,
  type InventoryInput,
  type Snapshot,
} from '../src/inventory/schema.js';

const ACCOUNT = '111122223333';
const CAPTURED_AT = '2026-11-20T14:00:00.000Z';
const E = 'us-east-1';
const W = 'us-west-2';

const arn = {
  asg: (r: string, name: string) =>
    `arn:aws:autoscaling:${r}:${ACCOUNT}:autoScalingGroup:6d1c0a8e-${name.length}f2b-4c1e-9a77-0c5f1e2d3b4a:autoScalingGroupName/${name}`,
  lb: (r: string, kind: 'app' | 'net', name: string, id: string) =>
    `arn:aws:elasticloadbalancing:${r}:${ACCOUNT}:loadbalancer/${kind}/${name}/${id}`,
  tg: (r: string, name: string, id: string) =>
    `arn:aws:elasticloadbalancing:${r}:${ACCOUNT}:targetgroup/${name}/${id}`,
  db: (r: string, id: string) => `arn:aws:rds:${r}:${ACCOUNT}:db:${id}`,
  cluster: (r: string, id: string) => `arn:aws:rds:${r}:${ACCOUNT}:cluster:${id}`,
};

type Spread = Record<string, number>;

function asgInstances(prefix: string, spread: Spread, type = 'm6i.large') {
  let n = 0;
  return Object.entries(spread).flatMap(([az, count]) =>
    Array.from({ length: count }, () => ({
      id: `i-0${prefix}${(n++).toString(16).padStart(4, '0')}`,
      az,
      lifecycleState: 'InService',
      healthStatus: 'Healthy',
      instanceType: type,
    })),
  );
}

function ec2From(
  asgs: Array<{ instances: Array<{ id: string; az: string; instanceType?: string }>; name: string }>,
) {
  return asgs.flatMap((g) =>
    g.instances.map((i) => ({
      id: i.id,
      az: i.az,
      state: 'running',
      type: i.instanceType ?? 'm6i.large',
      tags: { 'aws:autoscaling:groupName': g.name, app: 'shop' },
    })),
  );
}

function targetsFrom(instances: Array<{ id: string; az: string }>, port = 8080, state = 'healthy') {
  return instances.map((i) => ({ id: i.id, port, az: i.az, state }));
}

function lagPoints(base: number, jitter: number, spikes: Record<number, number>, n = 60) {
  const end = new Date(CAPTURED_AT).getTime();
  return Array.from({ length: n }, (_, i) => ({
    t: new Date(end - (n - i) * 60_000).toISOString(),
    // Deterministic wobble: no randomness in a committed example.
    v: spikes[i] ?? Math.round(base + jitter * Math.sin(i * 1.7) * Math.cos(i * 0.3)),
  }));
}

/**
 * 14 days of hourly group metrics (the --history default): CPU follows the day (busy afternoons in
 * UTC) and peaks once, at `peakHour` hours into the window; the in-service count stays at `count`.
 */
function demandHistory(group: string, count: number, peakHour: number, peak: number) {
  const end = new Date(CAPTURED_AT).getTime();
  const hours = 14 * 24;
  const t = (i: number) => new Date(end - (hours - i) * 3_600_000).toISOString();
  const window = { startTime: t(0), endTime: CAPTURED_AT, periodSeconds: 3600, stat: 'Average' };
  return [
    {
      namespace: 'AWS/EC2',
      metric: 'CPUUtilization',
      dimensions: { AutoScalingGroupName: group },
      unit: 'Percent',
      ...window,
      points: Array.from({ length: hours }, (_, i) => ({
        t: t(i),
        v:
          i === peakHour ? peak : Math.round((30 + 15 * Math.sin(((i % 24) - 8) * (Math.PI / 12))) * 10) / 10,
      })),
    },
    {
      namespace: 'AWS/AutoScaling',
      metric: 'GroupInServiceInstances',
      dimensions: { AutoScalingGroupName: group },
      unit: 'Count',
      ...window,
      points: Array.from({ length: hours }, (_, i) => ({ t: t(i), v: count })),
    },
  ];
}

/** The Service Quotas values the readiness report reads, with the EC2 and Fargate vCPU quotas given. */
function quotas(standardVcpus: number, fargateVcpus: number) {
  return [
    {
      serviceCode: 'ec2',
      quotaCode: 'L-1216C47A',
      name: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances',
      value: standardVcpus,
      unit: 'None',
      source: 'applied' as const,
      adjustable: true,
    },
    ...(
      [
        ['elasticloadbalancing', 'L-53DA6B97', 'Application Load Balancers per Region', 50],
        ['elasticloadbalancing', 'L-69A177A2', 'Network Load Balancers per Region', 50],
        ['elasticloadbalancing', 'L-B22855CB', 'Target Groups per Region', 3000],
        ['rds', 'L-7B6409FD', 'DB instances', 40],
        ['rds', 'L-952B80B8', 'DB clusters', 40],
        ['fargate', 'L-3032A538', 'Fargate On-Demand vCPU resource count', fargateVcpus],
      ] as const
    ).map(([serviceCode, quotaCode, name, value]) => ({
      serviceCode,
      quotaCode,
      name,
      value,
      unit: 'None',
      source: 'applied' as const,
      adjustable: true,
    })),
  ];
}

/**
 * 14 days of a lag metric as hourly maxima (a live snapshot holds 15-minute ones; hourly keeps this
 * file small): a base level with a daily swell at 02:00 UTC (the nightly batch), and one spike six
 * days ago; deterministic.
 */
function lagHistory(
  metric: 'AuroraGlobalDBReplicationLag' | 'AuroraGlobalDBRPOLag',
  base: number,
  swell: number,
  spikeMs: number,
) {
  const end = new Date(CAPTURED_AT).getTime();
  const period = 3600;
  const n = (14 * 86_400) / period;
  const spikeAt = n - 6 * 24 - 12; // six days ago, at 02:00
  return {
    namespace: 'AWS/RDS',
    metric,
    dimensions: { DBClusterIdentifier: 'shop-secondary' },
    unit: 'Milliseconds' as const,
    periodSeconds: period,
    stat: 'Maximum',
    startTime: new Date(end - n * period * 1000).toISOString(),
    endTime: CAPTURED_AT,
    points: Array.from({ length: n }, (_, i) => {
      const t = end - (n - i) * period * 1000;
      const hour = new Date(t).getUTCHours() + new Date(t).getUTCMinutes() / 60;
      const nightly = hour >= 1 && hour < 4 ? swell * Math.sin(((hour - 0.5) / 3) * Math.PI) : 0;
      const wobble = Math.abs(Math.sin(i * 1.7) * Math.cos(i * 0.3));
      const spike = Math.abs(i - spikeAt) <= 1 ? spikeMs * (1 - Math.abs(i - spikeAt) * 0.45) : 0;
      return {
        t: new Date(t).toISOString(),
        v: Math.round(Math.max(base + base * 0.4 * wobble + nightly, spike)),
      };
    }),
  };
}

// ------------------------------------------------------------------ us-east-1 (primary)
const webEast = {
  name: 'shop-web',
  instances: asgInstances('a1e', { [`${E}a`]: 3, [`${E}b`]: 3, [`${E}c`]: 3 }),
};
const apiEast = {
  name: 'shop-api',
  instances: asgInstances('b2e', { [`${E}a`]: 4, [`${E}b`]: 1 }, 'c6i.xlarge'),
};
const workerEast = { name: 'shop-worker', instances: asgInstances('c3e', { [`${E}a`]: 2 }, 'm6i.xlarge') };

const albEast = arn.lb(E, 'app', 'shop-alb', '50dc6c495c0c9188');
const nlbEast = arn.lb(E, 'net', 'shop-internal-nlb', '7a1e2b3c4d5e6f70');
const webTgEast = arn.tg(E, 'shop-web-tg', '943f017f100becff');
const apiTgEast = arn.tg(E, 'shop-api-tg', '1b2c3d4e5f607182');
const nlbTgEast = arn.tg(E, 'shop-ledger-tcp', '2c3d4e5f60718293');

const east: NonNullable<InventoryInput['regions']>[string] = {
  availabilityZones: [`${E}a`, `${E}b`, `${E}c`, `${E}d`, `${E}f`],
  instances: [
    ...ec2From([webEast, apiEast, workerEast]),
    { id: 'i-0ledger0001', az: `${E}a`, state: 'running', type: 'm6i.large', tags: { Name: 'ledger-1' } },
    { id: 'i-0ledger0002', az: `${E}a`, state: 'running', type: 'm6i.large', tags: { Name: 'ledger-2' } },
  ],
  subnets: [
    ...['a', 'b', 'c'].map((z) => ({
      id: `subnet-0e${z}pub`,
      vpcId: 'vpc-0east',
      az: `${E}${z}`,
      public: true,
      defaultRoute: { kind: 'internet-gateway' as const, targetId: 'igw-0east' },
      tags: { Name: `shop-public-${z}` },
    })),
    {
      id: 'subnet-0eapriv',
      vpcId: 'vpc-0east',
      az: `${E}a`,
      public: false,
      defaultRoute: { kind: 'nat-gateway' as const, targetId: 'nat-0easta' },
      tags: { Name: 'shop-private-a' },
    },
    {
      id: 'subnet-0ebpriv',
      vpcId: 'vpc-0east',
      az: `${E}b`,
      public: false,
      defaultRoute: { kind: 'nat-gateway' as const, targetId: 'nat-0eastb' },
      tags: { Name: 'shop-private-b' },
    },
    // Added later for the api tier, and routed through AZ a's NAT gateway "for now".
    {
      id: 'subnet-0ecpriv',
      vpcId: 'vpc-0east',
      az: `${E}c`,
      public: false,
      defaultRoute: { kind: 'nat-gateway' as const, targetId: 'nat-0easta' },
      tags: { Name: 'shop-private-c' },
    },
  ],
  natGateways: [
    {
      id: 'nat-0easta',
      vpcId: 'vpc-0east',
      subnetId: 'subnet-0eapub',
      az: `${E}a`,
      state: 'available',
      connectivityType: 'public',
    },
    {
      id: 'nat-0eastb',
      vpcId: 'vpc-0east',
      subnetId: 'subnet-0ebpub',
      az: `${E}b`,
      state: 'available',
      connectivityType: 'public',
    },
  ],
  autoScalingGroups: [
    {
      name: webEast.name,
      arn: arn.asg(E, webEast.name),
      availabilityZones: [`${E}a`, `${E}b`, `${E}c`],
      subnetIds: ['subnet-0eapriv', 'subnet-0ebpriv', 'subnet-0ecpriv'],
      minSize: 9,
      maxSize: 27,
      desiredCapacity: 9,
      healthCheckType: 'ELB',
      healthCheckGracePeriodSeconds: 180,
      targetGroupArns: [webTgEast],
      instances: webEast.instances,
      instanceTypes: ['m6i.large', 'm6a.large', 'm7i.large'],
      mixedInstancesPolicy: true,
      capacityRebalance: true,
      scalingPolicies: [
        {
          name: 'cpu-50',
          type: 'TargetTrackingScaling',
          enabled: true,
          targetTracking: { metric: 'ASGAverageCPUUtilization', targetValue: 50, disableScaleIn: false },
        },
        { name: 'predictive-cpu', type: 'PredictiveScaling', enabled: true },
      ],
      scheduledActions: [
        {
          name: 'black-friday-warmup',
          startTime: '2026-11-26T06:00:00.000Z',
          minSize: 18,
          desiredCapacity: 18,
        },
      ],
      // Sized for static stability: 9 over 3 AZs for a measured peak of 6.
      tags: { app: 'shop', tier: 'web', env: 'prod', 'resil:peak': '6' },
    },
    {
      name: apiEast.name,
      arn: arn.asg(E, apiEast.name),
      availabilityZones: [`${E}a`, `${E}b`],
      subnetIds: ['subnet-0eapriv', 'subnet-0ebpriv'],
      minSize: 5,
      maxSize: 6,
      desiredCapacity: 5,
      healthCheckType: 'EC2',
      healthCheckGracePeriodSeconds: 0,
      targetGroupArns: [apiTgEast],
      instances: apiEast.instances,
      instanceTypes: ['c6i.xlarge'],
      scalingPolicies: [{ name: 'cpu-step', type: 'StepScaling', enabled: true }],
      tags: { app: 'shop', tier: 'api', env: 'prod' },
    },
    {
      name: workerEast.name,
      arn: arn.asg(E, workerEast.name),
      availabilityZones: [`${E}a`],
      subnetIds: ['subnet-0eapriv'],
      minSize: 2,
      maxSize: 2,
      desiredCapacity: 2,
      healthCheckType: 'EC2',
      healthCheckGracePeriodSeconds: 300,
      instances: workerEast.instances,
      instanceTypes: ['m6i.xlarge'],
      tags: { app: 'shop', tier: 'worker', env: 'prod' },
    },
  ],
  loadBalancers: [
    {
      arn: albEast,
      name: 'shop-alb',
      type: 'application',
      scheme: 'internet-facing',
      vpcId: 'vpc-0east',
      dnsName: 'shop-alb-1234567890.us-east-1.elb.amazonaws.com',
      canonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
      availabilityZones: ['a', 'b', 'c'].map((z) => ({ zone: `${E}${z}`, subnetId: `subnet-0e${z}pub` })),
      attributes: { crossZoneEnabled: true, deletionProtection: true },
      tags: { app: 'shop', env: 'prod' },
    },
    {
      arn: nlbEast,
      name: 'shop-internal-nlb',
      type: 'network',
      scheme: 'internal',
      vpcId: 'vpc-0east',
      dnsName: 'shop-internal-nlb-7a1e2b3c4d5e6f70.elb.us-east-1.amazonaws.com',
      availabilityZones: ['a', 'b'].map((z) => ({ zone: `${E}${z}`, subnetId: `subnet-0e${z}priv` })),
      attributes: { crossZoneEnabled: false, deletionProtection: false },
      tags: { app: 'ledger', env: 'prod' },
    },
  ],
  targetGroups: [
    {
      arn: webTgEast,
      name: 'shop-web-tg',
      protocol: 'HTTP',
      port: 8080,
      vpcId: 'vpc-0east',
      loadBalancerArns: [albEast],
      healthCheck: {
        enabled: true,
        protocol: 'HTTP',
        path: '/healthz',
        port: 'traffic-port',
        intervalSeconds: 10,
        timeoutSeconds: 5,
        healthyThreshold: 3,
        unhealthyThreshold: 2,
      },
      attributes: {
        'deregistration_delay.timeout_seconds': '30',
        'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration',
      },
      targets: targetsFrom(webEast.instances),
    },
    {
      arn: apiTgEast,
      name: 'shop-api-tg',
      protocol: 'HTTP',
      port: 8080,
      vpcId: 'vpc-0east',
      loadBalancerArns: [albEast],
      // The ALB console defaults, never tuned.
      healthCheck: {
        enabled: true,
        protocol: 'HTTP',
        path: '/',
        port: 'traffic-port',
        intervalSeconds: 30,
        timeoutSeconds: 30,
        healthyThreshold: 5,
        unhealthyThreshold: 2,
      },
      attributes: { 'deregistration_delay.timeout_seconds': '0' },
      targets: targetsFrom(apiEast.instances),
    },
    {
      arn: nlbTgEast,
      name: 'shop-ledger-tcp',
      protocol: 'TCP',
      port: 7000,
      vpcId: 'vpc-0east',
      loadBalancerArns: [nlbEast],
      healthCheck: {
        enabled: true,
        protocol: 'TCP',
        port: 'traffic-port',
        intervalSeconds: 10,
        timeoutSeconds: 10,
        healthyThreshold: 3,
        unhealthyThreshold: 3,
      },
      attributes: { 'deregistration_delay.timeout_seconds': '300' },
      targets: [
        { id: 'i-0ledger0001', port: 7000, az: `${E}a`, state: 'healthy' },
        { id: 'i-0ledger0002', port: 7000, az: `${E}a`, state: 'healthy' },
      ],
    },
  ],
  dbInstances: [
    {
      id: 'shop-primary-1',
      arn: arn.db(E, 'shop-primary-1'),
      engine: 'aurora-postgresql',
      engineVersion: '15.4',
      instanceClass: 'db.r6g.2xlarge',
      az: `${E}a`,
      multiAz: false,
      backupRetentionDays: 14,
      deletionProtection: false,
      clusterId: 'shop-primary',
      promotionTier: 0,
      tags: { app: 'shop', env: 'prod' },
    },
    {
      id: 'shop-primary-2',
      arn: arn.db(E, 'shop-primary-2'),
      engine: 'aurora-postgresql',
      engineVersion: '15.4',
      instanceClass: 'db.r6g.2xlarge',
      az: `${E}b`,
      multiAz: false,
      backupRetentionDays: 14,
      deletionProtection: false,
      clusterId: 'shop-primary',
      promotionTier: 1,
      tags: { app: 'shop', env: 'prod' },
    },
    {
      id: 'shop-catalog',
      arn: arn.db(E, 'shop-catalog'),
      engine: 'postgres',
      engineVersion: '16.4',
      instanceClass: 'db.m6g.large',
      az: `${E}b`,
      secondaryAz: `${E}c`,
      multiAz: true,
      backupRetentionDays: 14,
      deletionProtection: true,
      readReplicaIds: ['shop-catalog-replica'],
      tags: { app: 'shop', env: 'prod' },
    },
    {
      id: 'shop-catalog-replica',
      arn: arn.db(E, 'shop-catalog-replica'),
      engine: 'postgres',
      engineVersion: '16.4',
      instanceClass: 'db.m6g.large',
      az: `${E}c`,
      multiAz: false,
      backupRetentionDays: 0,
      deletionProtection: true,
      readReplicaSourceId: 'shop-catalog',
      tags: { app: 'shop', env: 'prod' },
    },
    {
      id: 'orders-legacy',
      arn: arn.db(E, 'orders-legacy'),
      engine: 'mysql',
      engineVersion: '8.0.39',
      instanceClass: 'db.m5.large',
      az: `${E}a`,
      multiAz: false,
      publiclyAccessible: false,
      backupRetentionDays: 3,
      deletionProtection: false,
      tags: { app: 'orders', env: 'prod' },
    },
  ],
  dbClusters: [
    {
      id: 'shop-primary',
      arn: arn.cluster(E, 'shop-primary'),
      engine: 'aurora-postgresql',
      engineVersion: '15.4',
      status: 'available',
      multiAz: true,
      backupRetentionDays: 14,
      deletionProtection: true,
      globalClusterId: 'shop-global',
      endpoint: 'shop-primary.cluster-c9akciq32.us-east-1.rds.amazonaws.com',
      readerEndpoint: 'shop-primary.cluster-ro-c9akciq32.us-east-1.rds.amazonaws.com',
      availabilityZones: [`${E}a`, `${E}b`, `${E}c`],
      members: [
        {
          instanceId: 'shop-primary-1',
          isWriter: true,
          promotionTier: 0,
          az: `${E}a`,
          instanceClass: 'db.r6g.2xlarge',
        },
        {
          instanceId: 'shop-primary-2',
          isWriter: false,
          promotionTier: 1,
          az: `${E}b`,
          instanceClass: 'db.r6g.2xlarge',
        },
      ],
      tags: { app: 'shop', env: 'prod' },
    },
  ],
  replicationGroups: [
    {
      id: 'shop-sessions',
      engine: 'redis',
      status: 'available',
      multiAz: true,
      automaticFailover: 'enabled',
      snapshotRetentionDays: 7,
      memberClusters: ['shop-sessions-001', 'shop-sessions-002'],
      nodeGroups: [{ id: '0001', primaryAz: `${E}a`, replicaAzs: [`${E}b`] }],
    },
    {
      id: 'shop-page-cache',
      engine: 'redis',
      status: 'available',
      multiAz: false,
      automaticFailover: 'disabled',
      snapshotRetentionDays: 0,
      memberClusters: ['shop-page-cache-001'],
      nodeGroups: [{ id: '0001', primaryAz: `${E}c`, replicaAzs: [] }],
    },
  ],
  metrics: [
    {
      namespace: 'AWS/RDS',
      metric: 'ReplicaLag',
      dimensions: { DBInstanceIdentifier: 'shop-catalog-replica' },
      unit: 'Seconds',
      periodSeconds: 60,
      stat: 'Maximum',
      startTime: '2026-11-20T13:00:00.000Z',
      endTime: CAPTURED_AT,
      // The nightly catalogue import makes the replica fall behind for a few minutes.
      points: lagPoints(2, 1, { 41: 38, 42: 55, 43: 47, 44: 31 }),
    },
  ],
  // The api group has group metrics enabled: its measured peak (58 % CPU on 5 × c6i.xlarge) is its demand.
  demandMetrics: demandHistory(apiEast.name, 5, 14 * 24 - 30, 58),
  serviceQuotas: quotas(256, 400),
  capacityReservations: [
    {
      id: 'cr-0e1a2b3c4d5e6f701',
      instanceType: 'm6i.large',
      platform: 'Linux/UNIX',
      az: `${E}b`,
      totalInstances: 6,
      availableInstances: 3,
      state: 'active',
      startDate: '2026-10-01T00:00:00.000Z',
      endDateType: 'unlimited',
      matchCriteria: 'open',
      tags: { purpose: 'web baseline' },
    },
  ],
  loadBalancerCapacityReservations: [
    {
      loadBalancerArn: albEast,
      minimumCapacityUnits: 300,
      lastModified: '2026-11-18T09:30:00.000Z',
      zones: ['a', 'b', 'c'].map((z) => ({
        az: `${E}${z}`,
        state: 'provisioned',
        effectiveCapacityUnits: 100,
      })),
    },
    { loadBalancerArn: nlbEast, zones: [] },
  ],
  lagHistory: [],
};

// ------------------------------------------------------------------ us-west-2 (warm standby)
const webWest = {
  name: 'shop-web-west',
  instances: asgInstances('d4w', { [`${W}a`]: 1, [`${W}b`]: 1, [`${W}c`]: 1 }),
};
const apiWest = {
  name: 'shop-api-west',
  instances: asgInstances('e5w', { [`${W}a`]: 1, [`${W}b`]: 1 }, 'c6i.xlarge'),
};
const albWest = arn.lb(W, 'app', 'shop-alb-west', '60ed7d5a6d1d0299');
const webTgWest = arn.tg(W, 'shop-web-west-tg', 'a54f028f211cf00e');

const west: NonNullable<InventoryInput['regions']>[string] = {
  availabilityZones: [`${W}a`, `${W}b`, `${W}c`, `${W}d`],
  instances: ec2From([webWest, apiWest]),
  subnets: ['a', 'b', 'c'].flatMap((z) => [
    {
      id: `subnet-0w${z}pub`,
      vpcId: 'vpc-0west',
      az: `${W}${z}`,
      public: true,
      defaultRoute: { kind: 'internet-gateway' as const, targetId: 'igw-0west' },
      tags: { Name: `shop-public-${z}` },
    },
    {
      id: `subnet-0w${z}priv`,
      vpcId: 'vpc-0west',
      az: `${W}${z}`,
      public: false,
      defaultRoute: { kind: 'nat-gateway' as const, targetId: `nat-0west${z}` },
      tags: { Name: `shop-private-${z}` },
    },
  ]),
  natGateways: ['a', 'b', 'c'].map((z) => ({
    id: `nat-0west${z}`,
    vpcId: 'vpc-0west',
    subnetId: `subnet-0w${z}pub`,
    az: `${W}${z}`,
    state: 'available',
    connectivityType: 'public' as const,
  })),
  autoScalingGroups: [
    {
      name: webWest.name,
      arn: arn.asg(W, webWest.name),
      availabilityZones: [`${W}a`, `${W}b`, `${W}c`],
      subnetIds: ['subnet-0wapriv', 'subnet-0wbpriv', 'subnet-0wcpriv'],
      minSize: 3,
      maxSize: 9,
      desiredCapacity: 3,
      healthCheckType: 'ELB',
      healthCheckGracePeriodSeconds: 180,
      targetGroupArns: [webTgWest],
      instances: webWest.instances,
      instanceTypes: ['m6i.large', 'm6a.large'],
      mixedInstancesPolicy: true,
      scalingPolicies: [
        {
          name: 'cpu-50',
          type: 'TargetTrackingScaling',
          enabled: true,
          targetTracking: { metric: 'ASGAverageCPUUtilization', targetValue: 50, disableScaleIn: false },
        },
      ],
      tags: { app: 'shop', tier: 'web', env: 'prod' },
    },
    {
      name: apiWest.name,
      arn: arn.asg(W, apiWest.name),
      availabilityZones: [`${W}a`, `${W}b`],
      subnetIds: ['subnet-0wapriv', 'subnet-0wbpriv'],
      minSize: 2,
      maxSize: 4,
      desiredCapacity: 2,
      healthCheckType: 'ELB',
      healthCheckGracePeriodSeconds: 120,
      targetGroupArns: [webTgWest],
      instances: apiWest.instances,
      instanceTypes: ['c6i.xlarge', 'c6a.xlarge'],
      mixedInstancesPolicy: true,
      scalingPolicies: [
        {
          name: 'cpu-60',
          type: 'TargetTrackingScaling',
          enabled: true,
          targetTracking: { metric: 'ASGAverageCPUUtilization', targetValue: 60, disableScaleIn: false },
        },
      ],
      tags: { app: 'shop', tier: 'api', env: 'prod' },
    },
  ],
  loadBalancers: [
    {
      arn: albWest,
      name: 'shop-alb-west',
      type: 'application',
      scheme: 'internet-facing',
      vpcId: 'vpc-0west',
      dnsName: 'shop-alb-west-987654321.us-west-2.elb.amazonaws.com',
      canonicalHostedZoneId: 'Z1H1FL5HABSF5',
      availabilityZones: ['a', 'b', 'c'].map((z) => ({ zone: `${W}${z}`, subnetId: `subnet-0w${z}pub` })),
      attributes: { crossZoneEnabled: true, deletionProtection: true },
      tags: { app: 'shop', env: 'prod' },
    },
  ],
  targetGroups: [
    {
      arn: webTgWest,
      name: 'shop-web-west-tg',
      protocol: 'HTTP',
      port: 8080,
      vpcId: 'vpc-0west',
      loadBalancerArns: [albWest],
      healthCheck: {
        enabled: true,
        protocol: 'HTTP',
        path: '/healthz',
        port: 'traffic-port',
        intervalSeconds: 10,
        timeoutSeconds: 5,
        healthyThreshold: 3,
        unhealthyThreshold: 2,
      },
      attributes: { 'deregistration_delay.timeout_seconds': '30' },
      targets: targetsFrom([...webWest.instances, ...apiWest.instances]),
    },
  ],
  dbInstances: [
    {
      id: 'shop-secondary-1',
      arn: arn.db(W, 'shop-secondary-1'),
      engine: 'aurora-postgresql',
      engineVersion: '15.4',
      instanceClass: 'db.r6g.large',
      az: `${W}a`,
      multiAz: false,
      backupRetentionDays: 14,
      deletionProtection: false,
      clusterId: 'shop-secondary',
      promotionTier: 1,
      tags: { app: 'shop', env: 'prod' },
    },
  ],
  dbClusters: [
    {
      id: 'shop-secondary',
      arn: arn.cluster(W, 'shop-secondary'),
      engine: 'aurora-postgresql',
      engineVersion: '15.4',
      status: 'available',
      multiAz: false,
      backupRetentionDays: 14,
      deletionProtection: true,
      globalClusterId: 'shop-global',
      endpoint: 'shop-secondary.cluster-d2bkdjr43.us-west-2.rds.amazonaws.com',
      readerEndpoint: 'shop-secondary.cluster-ro-d2bkdjr43.us-west-2.rds.amazonaws.com',
      availabilityZones: [`${W}a`, `${W}b`, `${W}c`],
      members: [
        {
          instanceId: 'shop-secondary-1',
          isWriter: false,
          promotionTier: 1,
          az: `${W}a`,
          instanceClass: 'db.r6g.large',
        },
      ],
      tags: { app: 'shop', env: 'prod' },
    },
  ],
  metrics: [
    {
      namespace: 'AWS/RDS',
      metric: 'AuroraGlobalDBReplicationLag',
      dimensions: { DBClusterIdentifier: 'shop-secondary' },
      unit: 'Milliseconds',
      periodSeconds: 60,
      stat: 'Maximum',
      startTime: '2026-11-20T13:00:00.000Z',
      endTime: CAPTURED_AT,
      points: lagPoints(450, 250, { 17: 1850, 18: 1400 }),
    },
    {
      namespace: 'AWS/RDS',
      metric: 'AuroraGlobalDBRPOLag',
      dimensions: { DBClusterIdentifier: 'shop-secondary' },
      unit: 'Milliseconds',
      periodSeconds: 60,
      stat: 'Maximum',
      startTime: '2026-11-20T13:00:00.000Z',
      endTime: CAPTURED_AT,
      points: lagPoints(900, 300, { 17: 2600, 18: 2100 }),
    },
  ],
  // A failover at peak would need more Standard vCPUs than this quota allows (it was never raised);
  // the Fargate quota holds the standby's scale-out.
  serviceQuotas: quotas(32, 100),
  capacityReservations: [
    {
      // Reserved for the event, but it ends on Saturday, before Cyber Monday.
      id: 'cr-0w9f8e7d6c5b4a301',
      instanceType: 'c6i.xlarge',
      platform: 'Linux/UNIX',
      az: `${W}a`,
      totalInstances: 4,
      availableInstances: 4,
      state: 'scheduled',
      startDate: '2026-11-26T00:00:00.000Z',
      endDate: '2026-11-29T00:00:00.000Z',
      endDateType: 'limited',
      matchCriteria: 'open',
      tags: { purpose: 'black-friday failover' },
    },
  ],
  loadBalancerCapacityReservations: [{ loadBalancerArn: albWest, zones: [] }],
  lagHistory: [
    lagHistory('AuroraGlobalDBReplicationLag', 420, 2600, 17_500),
    lagHistory('AuroraGlobalDBRPOLag', 850, 3800, 22_400),
  ],
};

// ------------------------------------------------------------------ global: Aurora Global Database and Route 53
// ------------------------------------------------------------------ containers, queues, tables, files, alarms
// AZ IDs: what the account's AZ names map to (they differ between accounts).
east.availabilityZoneIds = {
  [`${E}a`]: 'use1-az4',
  [`${E}b`]: 'use1-az6',
  [`${E}c`]: 'use1-az1',
  [`${E}d`]: 'use1-az2',
  [`${E}f`]: 'use1-az5',
};
west.availabilityZoneIds = {
  [`${W}a`]: 'usw2-az1',
  [`${W}b`]: 'usw2-az2',
  [`${W}c`]: 'usw2-az3',
  [`${W}d`]: 'usw2-az4',
};

const ecsArn = {
  cluster: (r: string) => `arn:aws:ecs:${r}:${ACCOUNT}:cluster/shop-ecs`,
  service: (r: string, name: string) => `arn:aws:ecs:${r}:${ACCOUNT}:service/shop-ecs/${name}`,
  taskDef: (r: string, family: string, rev: number) =>
    `arn:aws:ecs:${r}:${ACCOUNT}:task-definition/${family}:${rev}`,
  task: (r: string, id: string) => `arn:aws:ecs:${r}:${ACCOUNT}:task/shop-ecs/${id}`,
};
function ecsTasks(r: string, prefix: string, spread: Spread) {
  let n = 0;
  return Object.entries(spread).flatMap(([az, count]) =>
    Array.from({ length: count }, () => ({
      arn: ecsArn.task(r, `${prefix}${(n++).toString(16).padStart(28, '0')}`),
      az,
      lastStatus: 'RUNNING',
      healthStatus: 'HEALTHY',
    })),
  );
}
const safeDeploy = {
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  circuitBreaker: { enable: true, rollback: true },
};
const cpuTracking = (target: number) => ({
  name: `cpu-${target}`,
  type: 'TargetTrackingScaling',
  targetTracking: { metric: 'ECSServiceAverageCPUUtilization', targetValue: target, disableScaleIn: false },
  alarms: [],
});
const backlogTracking = {
  name: 'orders-backlog',
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
};
const checkoutTgEast = arn.tg(E, 'shop-checkout-tg', '3d4e5f6071829304');
const checkoutTgWest = arn.tg(W, 'shop-checkout-west-tg', '4e5f607182930415');
const ipTargetGroup = (
  tgArn: string,
  name: string,
  lb: string,
  vpc: string,
  tasks: Array<{ az: string }>,
) => ({
  arn: tgArn,
  name,
  protocol: 'HTTP',
  port: 8080,
  targetType: 'ip',
  vpcId: vpc,
  loadBalancerArns: [lb],
  healthCheck: {
    enabled: true,
    protocol: 'HTTP',
    path: '/healthz',
    port: 'traffic-port',
    intervalSeconds: 10,
    timeoutSeconds: 5,
    healthyThreshold: 3,
    unhealthyThreshold: 2,
  },
  attributes: { 'deregistration_delay.timeout_seconds': '30' },
  targets: tasks.map((t, i) => ({ id: `10.0.${i}.${20 + i}`, port: 8080, az: t.az, state: 'healthy' })),
});

// The checkout service is the model: 3 AZs, target tracking, circuit breaker, rebalancing.
const checkoutTasks = ecsTasks(E, 'c0', { [`${E}a`]: 2, [`${E}b`]: 2, [`${E}c`]: 2 });
// Recommendations was a hack-week project: one subnet, no scaling, a deployment that may stop everything.
const recoTasks = ecsTasks(E, 'r0', { [`${E}a`]: 2 });
// The order worker scales on the orders queue and mounts the media file system (no mount target in c).
const workerTasks = ecsTasks(E, 'w0', { [`${E}a`]: 1, [`${E}b`]: 1, [`${E}c`]: 1 });
east.ecsServices = [
  {
    name: 'checkout',
    arn: ecsArn.service(E, 'checkout'),
    clusterName: 'shop-ecs',
    clusterArn: ecsArn.cluster(E),
    launchType: 'FARGATE',
    desiredCount: 6,
    runningCount: 6,
    taskDefinition: ecsArn.taskDef(E, 'checkout', 42),
    taskCpuUnits: 1024,
    taskMemoryMiB: 2048,
    networkMode: 'awsvpc',
    subnetIds: ['subnet-0eapriv', 'subnet-0ebpriv', 'subnet-0ecpriv'],
    loadBalancers: [{ targetGroupArn: checkoutTgEast, containerName: 'checkout', containerPort: 8080 }],
    healthCheckGracePeriodSeconds: 60,
    deploymentConfiguration: safeDeploy,
    availabilityZoneRebalancing: 'ENABLED',
    tasks: checkoutTasks,
    tags: { app: 'shop', tier: 'checkout', env: 'prod' },
  },
  {
    name: 'recommendations',
    arn: ecsArn.service(E, 'recommendations'),
    clusterName: 'shop-ecs',
    clusterArn: ecsArn.cluster(E),
    launchType: 'FARGATE',
    desiredCount: 2,
    runningCount: 2,
    taskDefinition: ecsArn.taskDef(E, 'recommendations', 3),
    taskCpuUnits: 512,
    taskMemoryMiB: 1024,
    networkMode: 'awsvpc',
    subnetIds: ['subnet-0eapriv'],
    deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100 },
    tasks: recoTasks,
    tags: { app: 'shop', tier: 'recommendations', env: 'prod' },
  },
  {
    name: 'order-worker',
    arn: ecsArn.service(E, 'order-worker'),
    clusterName: 'shop-ecs',
    clusterArn: ecsArn.cluster(E),
    launchType: 'FARGATE',
    desiredCount: 3,
    runningCount: 3,
    taskDefinition: ecsArn.taskDef(E, 'order-worker', 17),
    taskCpuUnits: 512,
    taskMemoryMiB: 1024,
    networkMode: 'awsvpc',
    subnetIds: ['subnet-0eapriv', 'subnet-0ebpriv', 'subnet-0ecpriv'],
    deploymentConfiguration: safeDeploy,
    availabilityZoneRebalancing: 'ENABLED',
    efsFileSystemIds: ['fs-0media0east'],
    tasks: workerTasks,
    tags: { app: 'shop', tier: 'order-worker', env: 'prod' },
  },
];
east.ecsClusters = [{ name: 'shop-ecs', arn: ecsArn.cluster(E), containerInstances: [] }];
east.scalableTargets = [
  {
    namespace: 'ecs',
    resourceId: 'service/shop-ecs/checkout',
    scalableDimension: 'ecs:service:DesiredCount',
    minCapacity: 6,
    maxCapacity: 18,
    policies: [cpuTracking(50)],
  },
  {
    namespace: 'ecs',
    resourceId: 'service/shop-ecs/order-worker',
    scalableDimension: 'ecs:service:DesiredCount',
    minCapacity: 3,
    maxCapacity: 30,
    policies: [backlogTracking],
  },
];
east.targetGroups = [
  ...(east.targetGroups ?? []),
  ipTargetGroup(checkoutTgEast, 'shop-checkout-tg', albEast, 'vpc-0east', checkoutTasks),
];
east.dynamoDbTables = [
  {
    name: 'orders',
    arn: `arn:aws:dynamodb:${E}:${ACCOUNT}:table/orders`,
    billingMode: 'PAY_PER_REQUEST',
    deletionProtection: true,
    pointInTimeRecovery: 'ENABLED',
    replicas: [{ region: W, status: 'ACTIVE' }],
    globalTableVersion: '2019.11.21',
  },
  // Carts were "only a cache" when the table was made; they are not any more.
  {
    name: 'carts',
    arn: `arn:aws:dynamodb:${E}:${ACCOUNT}:table/carts`,
    billingMode: 'PAY_PER_REQUEST',
    deletionProtection: false,
    pointInTimeRecovery: 'DISABLED',
  },
];
const queue = (r: string, name: string, extra: Record<string, unknown> = {}) => ({
  name,
  url: `https://sqs.${r}.amazonaws.com/${ACCOUNT}/${name}`,
  arn: `arn:aws:sqs:${r}:${ACCOUNT}:${name}`,
  messageRetentionSeconds: 345600,
  visibilityTimeoutSeconds: 60,
  ...extra,
});
const ordersQueues = (r: string) => [
  queue(r, 'orders', {
    redrivePolicy: { deadLetterTargetArn: `arn:aws:sqs:${r}:${ACCOUNT}:orders-dlq`, maxReceiveCount: 5 },
  }),
  queue(r, 'orders-dlq', { messageRetentionSeconds: 1209600 }),
];
east.sqsQueues = [...ordersQueues(E), queue(E, 'emails')];
const mountTargets = (r: string, p: string, zones: string[]) =>
  zones.map((z) => ({
    id: `fsmt-0${p}${z}`,
    subnetId: `subnet-0${p}${z}priv`,
    az: `${r}${z}`,
    state: 'available',
  }));
east.efsFileSystems = [
  {
    id: 'fs-0media0east',
    arn: `arn:aws:elasticfilesystem:${E}:${ACCOUNT}:file-system/fs-0media0east`,
    name: 'media',
    mountTargets: mountTargets(E, 'e', ['a', 'b']),
    replications: [{ region: W, fileSystemId: 'fs-0media0west', status: 'ENABLED' }],
    tags: { Name: 'media', app: 'shop' },
  },
  {
    id: 'fs-0scratch0east',
    arn: `arn:aws:elasticfilesystem:${E}:${ACCOUNT}:file-system/fs-0scratch0east`,
    name: 'report-scratch',
    availabilityZoneName: `${E}a`,
    mountTargets: mountTargets(E, 'e', ['a']),
    replications: [],
    tags: { Name: 'report-scratch', app: 'reports' },
  },
];
const sns = (r: string) => [`arn:aws:sns:${r}:${ACCOUNT}:shop-on-call`];
east.alarms = [
  {
    name: 'shop-alb-unhealthy-hosts',
    arn: `arn:aws:cloudwatch:${E}:${ACCOUNT}:alarm:shop-alb-unhealthy-hosts`,
    metrics: [
      {
        namespace: 'AWS/ApplicationELB',
        metricName: 'UnHealthyHostCount',
        dimensions: { LoadBalancer: 'app/shop-alb/50dc6c495c0c9188' },
      },
    ],
    statistic: 'Maximum',
    threshold: 0,
    comparisonOperator: 'GreaterThanThreshold',
    evaluationPeriods: 2,
    periodSeconds: 60,
    alarmActions: sns(E),
  },
  // Made in the console during a game day; its SNS action was never added.
  {
    name: 'www-primary-health',
    arn: `arn:aws:cloudwatch:${E}:${ACCOUNT}:alarm:www-primary-health`,
    metrics: [
      {
        namespace: 'AWS/Route53',
        metricName: 'HealthCheckStatus',
        dimensions: { HealthCheckId: 'hc-www-east' },
      },
    ],
    statistic: 'Minimum',
    threshold: 1,
    comparisonOperator: 'LessThanThreshold',
    evaluationPeriods: 1,
    periodSeconds: 60,
    alarmActions: [],
  },
];

// The standby: a smaller checkout, a worker on its own orders queue, the orders replica.
const checkoutWestTasks = ecsTasks(W, 'c1', { [`${W}a`]: 1, [`${W}b`]: 1, [`${W}c`]: 1 });
west.ecsServices = [
  {
    name: 'checkout-west',
    arn: ecsArn.service(W, 'checkout-west'),
    clusterName: 'shop-ecs',
    clusterArn: ecsArn.cluster(W),
    launchType: 'FARGATE',
    desiredCount: 3,
    runningCount: 3,
    taskDefinition: ecsArn.taskDef(W, 'checkout', 42),
    taskCpuUnits: 1024,
    taskMemoryMiB: 2048,
    networkMode: 'awsvpc',
    subnetIds: ['subnet-0wapriv', 'subnet-0wbpriv', 'subnet-0wcpriv'],
    loadBalancers: [{ targetGroupArn: checkoutTgWest, containerName: 'checkout', containerPort: 8080 }],
    healthCheckGracePeriodSeconds: 60,
    deploymentConfiguration: safeDeploy,
    availabilityZoneRebalancing: 'ENABLED',
    tasks: checkoutWestTasks,
    tags: { app: 'shop', tier: 'checkout', env: 'prod' },
  },
  {
    name: 'order-worker-west',
    arn: ecsArn.service(W, 'order-worker-west'),
    clusterName: 'shop-ecs',
    clusterArn: ecsArn.cluster(W),
    launchType: 'FARGATE',
    desiredCount: 2,
    runningCount: 2,
    taskDefinition: ecsArn.taskDef(W, 'order-worker', 17),
    taskCpuUnits: 512,
    taskMemoryMiB: 1024,
    networkMode: 'awsvpc',
    subnetIds: ['subnet-0wapriv', 'subnet-0wbpriv', 'subnet-0wcpriv'],
    deploymentConfiguration: safeDeploy,
    availabilityZoneRebalancing: 'ENABLED',
    efsFileSystemIds: ['fs-0media0west'],
    tasks: ecsTasks(W, 'w1', { [`${W}a`]: 1, [`${W}b`]: 1 }),
    tags: { app: 'shop', tier: 'order-worker', env: 'prod' },
  },
];
west.ecsClusters = [{ name: 'shop-ecs', arn: ecsArn.cluster(W), containerInstances: [] }];
west.scalableTargets = [
  {
    namespace: 'ecs',
    resourceId: 'service/shop-ecs/checkout-west',
    scalableDimension: 'ecs:service:DesiredCount',
    minCapacity: 3,
    maxCapacity: 18,
    policies: [cpuTracking(50)],
  },
  {
    namespace: 'ecs',
    resourceId: 'service/shop-ecs/order-worker-west',
    scalableDimension: 'ecs:service:DesiredCount',
    minCapacity: 2,
    maxCapacity: 30,
    policies: [backlogTracking],
  },
];
west.targetGroups = [
  ...(west.targetGroups ?? []),
  ipTargetGroup(checkoutTgWest, 'shop-checkout-west-tg', albWest, 'vpc-0west', checkoutWestTasks),
];
west.dynamoDbTables = [
  {
    name: 'orders',
    arn: `arn:aws:dynamodb:${W}:${ACCOUNT}:table/orders`,
    billingMode: 'PAY_PER_REQUEST',
    deletionProtection: true,
    pointInTimeRecovery: 'ENABLED',
    replicas: [{ region: E, status: 'ACTIVE' }],
    globalTableVersion: '2019.11.21',
  },
];
west.sqsQueues = ordersQueues(W);
west.efsFileSystems = [
  {
    id: 'fs-0media0west',
    arn: `arn:aws:elasticfilesystem:${W}:${ACCOUNT}:file-system/fs-0media0west`,
    name: 'media',
    mountTargets: mountTargets(W, 'w', ['a', 'b', 'c']),
    replications: [],
    tags: { Name: 'media', app: 'shop' },
  },
];
west.alarms = [
  {
    name: 'shop-secondary-rpo-lag',
    arn: `arn:aws:cloudwatch:${W}:${ACCOUNT}:alarm:shop-secondary-rpo-lag`,
    metrics: [
      {
        namespace: 'AWS/RDS',
        metricName: 'AuroraGlobalDBRPOLag',
        dimensions: { DBClusterIdentifier: 'shop-secondary' },
      },
    ],
    statistic: 'Maximum',
    threshold: 10000,
    comparisonOperator: 'GreaterThanThreshold',
    evaluationPeriods: 3,
    periodSeconds: 60,
    alarmActions: sns(W),
  },
];

const inventory: InventoryInput = {
  accountId: ACCOUNT,
  capturedAt: CAPTURED_AT,
  regions: { [E]: east, [W]: west },
  globalClusters: [
    {
      id: 'shop-global',
      arn: `arn:aws:rds::${ACCOUNT}:global-cluster:shop-global`,
      engine: 'aurora-postgresql',
      engineVersion: '15.4',
      status: 'available',
      deletionProtection: true,
      endpoint: 'shop-global.global-a1b2c3d4e5.global.rds.amazonaws.com',
      members: [
        {
          clusterArn: arn.cluster(E, 'shop-primary'),
          region: E,
          isWriter: true,
          readers: [arn.cluster(W, 'shop-secondary')],
        },
        {
          clusterArn: arn.cluster(W, 'shop-secondary'),
          region: W,
          isWriter: false,
          synchronizationStatus: 'connected',
          readers: [],
        },
      ],
    },
  ],
  route53: {
    hostedZones: [
      {
        id: 'Z0EXAMPLESHOP1',
        name: 'example-shop.com.',
        private: false,
        records: [
          {
            name: 'example-shop.com.',
            type: 'NS',
            routingPolicy: 'simple',
            ttl: 172800,
            values: [
              'ns-101.awsdns-12.com.',
              'ns-902.awsdns-48.net.',
              'ns-1300.awsdns-34.org.',
              'ns-1800.awsdns-33.co.uk.',
            ],
          },
          {
            name: 'www.example-shop.com.',
            type: 'A',
            routingPolicy: 'failover',
            setIdentifier: 'www-east',
            failover: 'PRIMARY',
            aliasTarget: {
              dnsName: 'dualstack.shop-alb-1234567890.us-east-1.elb.amazonaws.com.',
              hostedZoneId: 'Z35SXDOTRQ7X7K',
              evaluateTargetHealth: true,
            },
            healthCheckId: 'hc-www-east',
          },
          {
            name: 'www.example-shop.com.',
            type: 'A',
            routingPolicy: 'failover',
            setIdentifier: 'www-west',
            failover: 'SECONDARY',
            aliasTarget: {
              dnsName: 'dualstack.shop-alb-west-987654321.us-west-2.elb.amazonaws.com.',
              hostedZoneId: 'Z1H1FL5HABSF5',
              evaluateTargetHealth: true,
            },
            healthCheckId: 'hc-www-west',
          },
          {
            name: 'api.example-shop.com.',
            type: 'A',
            routingPolicy: 'failover',
            setIdentifier: 'api-east',
            failover: 'PRIMARY',
            ttl: 300,
            values: ['198.51.100.10'],
            healthCheckId: 'hc-api',
          },
          {
            name: 'api.example-shop.com.',
            type: 'A',
            routingPolicy: 'failover',
            setIdentifier: 'api-west',
            failover: 'SECONDARY',
            ttl: 300,
            values: ['203.0.113.20'],
            healthCheckId: 'hc-api',
          },
          {
            name: 'checkout.example-shop.com.',
            type: 'CNAME',
            routingPolicy: 'weighted',
            setIdentifier: 'checkout-east',
            weight: 100,
            ttl: 60,
            values: ['shop-alb-1234567890.us-east-1.elb.amazonaws.com'],
            healthCheckId: 'hc-checkout-east',
          },
          {
            name: 'checkout.example-shop.com.',
            type: 'CNAME',
            routingPolicy: 'weighted',
            setIdentifier: 'checkout-west',
            weight: 0,
            ttl: 60,
            values: ['shop-alb-west-987654321.us-west-2.elb.amazonaws.com'],
            healthCheckId: 'hc-checkout-west',
          },
          {
            name: 'status.example-shop.com.',
            type: 'CNAME',
            routingPolicy: 'failover',
            setIdentifier: 'status-primary',
            failover: 'PRIMARY',
            ttl: 60,
            values: ['status.example-shop-hosting.net'],
            healthCheckId: 'hc-0deleted0status',
          },
          {
            name: 'static.example-shop.com.',
            type: 'CNAME',
            routingPolicy: 'simple',
            ttl: 3600,
            values: ['d111111abcdef8.cloudfront.net'],
          },
        ],
      },
      {
        id: 'Z0INTERNALSHOP',
        name: 'shop.internal.',
        private: true,
        records: [
          {
            name: 'db.shop.internal.',
            type: 'CNAME',
            routingPolicy: 'failover',
            setIdentifier: 'db-east',
            failover: 'PRIMARY',
            ttl: 30,
            values: ['shop-primary.cluster-c9akciq32.us-east-1.rds.amazonaws.com'],
            healthCheckId: 'hc-db-east',
          },
          {
            name: 'db.shop.internal.',
            type: 'CNAME',
            routingPolicy: 'failover',
            setIdentifier: 'db-west',
            failover: 'SECONDARY',
            ttl: 30,
            values: ['shop-secondary.cluster-d2bkdjr43.us-west-2.rds.amazonaws.com'],
          },
        ],
      },
    ],
    healthChecks: [
      {
        id: 'hc-www-east',
        type: 'HTTPS',
        fqdn: 'shop-alb-1234567890.us-east-1.elb.amazonaws.com',
        port: 443,
        resourcePath: '/healthz',
        requestIntervalSeconds: 10,
        failureThreshold: 3,
        status: 'healthy',
      },
      {
        id: 'hc-www-west',
        type: 'HTTPS',
        fqdn: 'shop-alb-west-987654321.us-west-2.elb.amazonaws.com',
        port: 443,
        resourcePath: '/healthz',
        requestIntervalSeconds: 10,
        failureThreshold: 3,
        status: 'healthy',
      },
      {
        id: 'hc-api',
        type: 'HTTP',
        ipAddress: '198.51.100.10',
        port: 80,
        resourcePath: '/',
        requestIntervalSeconds: 30,
        failureThreshold: 3,
        status: 'healthy',
      },
      {
        id: 'hc-checkout-east',
        type: 'HTTPS',
        fqdn: 'shop-alb-1234567890.us-east-1.elb.amazonaws.com',
        port: 443,
        resourcePath: '/checkout/health',
        requestIntervalSeconds: 10,
        failureThreshold: 3,
        disabled: true,
        status: 'healthy',
      },
      {
        id: 'hc-checkout-west',
        type: 'HTTPS',
        fqdn: 'shop-alb-west-987654321.us-west-2.elb.amazonaws.com',
        port: 443,
        resourcePath: '/checkout/health',
        requestIntervalSeconds: 10,
        failureThreshold: 3,
        status: 'healthy',
      },
      {
        id: 'hc-db-east',
        type: 'HTTPS',
        fqdn: 'shop-primary.cluster-c9akciq32.us-east-1.rds.amazonaws.com',
        port: 443,
        resourcePath: '/',
        requestIntervalSeconds: 30,
        failureThreshold: 2,
        status: 'unhealthy',
      },
    ],
  },
  collection: [],
};

export function buildExample(): Snapshot {
  return SnapshotSchema.parse({
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    capture: { tool: { name: 'resil', version: 'example' }, source: 'synthetic' },
    inventory,
  });
}

export const EXAMPLE_PATH = fileURLToPath(new URL('../examples/shop.snapshot.json', import.meta.url));

export function exampleText(): string {
  return `${JSON.stringify(buildExample(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(dirname(EXAMPLE_PATH), { recursive: true });
  writeFileSync(EXAMPLE_PATH, exampleText());
  console.log(`wrote ${EXAMPLE_PATH}`);
}
