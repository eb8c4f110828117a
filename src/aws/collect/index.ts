/**
 * Live collection (issue 3): reads an account across regions into an Inventory. Read-only.
 * This is the entry point the audit and snapshot commands call.
 *
 * Shape: STS GetCallerIdentity first (it proves credentials and endpoint, and names the account);
 * then every region's EC2, Auto Scaling, ELBv2, RDS, ElastiCache, ECS, Application Auto Scaling,
 * DynamoDB, SQS, EFS and CloudWatch alarm reads and Route 53 (once, region "global") all at once.
 * A read that needs another's answer starts as soon as that answer is in, and waits for nothing else:
 * the replication-lag series of a region once every region's RDS lists are in (the merged
 * global-cluster view says which clusters are secondaries), the Auto Scaling groups' demand history
 * (hourly CPU and in-service instances over --history days) once its region's groups are listed, and
 * the readiness reads once what each of them reads is in (see readinessReads).
 * One semaphore in the client factory bounds the requests in flight across all of it.
 */
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type {
  CapacityReservation,
  DemandSeries,
  GlobalCluster,
  Inventory,
  LbCapacityReservation,
  MetricSeries,
  RegionInventory,
  ServiceQuota,
} from '../../inventory/schema.js';
import { parseInventory } from '../../inventory/load.js';
import { ResilError, usageError } from '../../util/errors.js';
import { closest } from '../../util/suggest.js';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { AssumeRoleRefused, ClientFactory } from '../clients.js';
import type { Semaphore } from '../semaphore.js';
import { KNOWN_REGIONS } from '../regions.js';
import { collectScalableTargets } from './appautoscaling.js';
import { DEFAULT_HISTORY_DAYS, DEFAULT_LAG_WINDOW_SECONDS } from './defaults.js';
import { readAutoScaling, type AutoScalingReads } from './autoscaling.js';
import { collectAlarms, collectDemand, collectLag, lagHistoryPeriod, type LagRequest } from './cloudwatch.js';
import {
  FatalCollectionError,
  Ledger,
  fatalError,
  type CollectContext,
  type ProgressEvent,
} from './context.js';
import { collectDynamoDb } from './dynamodb.js';
import { collectEc2, type Ec2Result } from './ec2.js';
import { collectEcs } from './ecs.js';
import { collectEfs } from './efs.js';
import { readElbv2, type LoadBalancerRef } from './elbv2.js';
import { collectElastiCache, collectRds, type RdsResult } from './rds.js';
import { collectCapacityReservations, collectLbCapacityReservations, collectQuotas } from './readiness.js';
import { collectRoute53 } from './route53.js';
import { collectSqs } from './sqs.js';

export type { ProgressEvent } from './context.js';

export interface CollectOptions {
  /** Regions to collect; empty with allRegions=false means the profile's default region. */
  regions: string[];
  allRegions: boolean;
  profile?: string;
  endpointUrl?: string;
  roleArn?: string;
  /** The external id the role's trust policy requires (with roleArn). */
  externalId?: string;
  /** RoleSessionName of the assumed role: `resil-<command>`. */
  roleSessionName?: string;
  /** In-flight request bound across all services and regions. */
  concurrency: number;
  /** SDK max attempts (in the retry mode of AWS_RETRY_MODE). */
  maxAttempts: number;
  /** Replication-lag window, in seconds. */
  lagWindowSeconds: number;
  /** Capacity-demand history of Auto Scaling groups, in days (default 14). */
  historyDays?: number;
  /**
   * Also read what the readiness report needs (resil readiness, resil snapshot): Service Quotas,
   * EC2 and load-balancer capacity reservations, and the replication lag over the history window.
   */
  readiness?: boolean;
  /** Progress sink (stderr lines or a listr2 renderer); never stdout. */
  progress?: (event: { region: string; service: string; message: string }) => void;
  /**
   * Page size for list calls (clamped to each API's bounds). Default: each API's default. Only
   * tests set it (to exercise pagination on a small fixture); env RESIL_PAGE_SIZE does the same.
   */
  pageSize?: number;
  /** "now" (the capture time and the end of the lag window). Default: the current time. */
  now?: Date;
  /** Sign with these credentials instead of the profile / default chain / roleArn (an organisation member's assumed role). */
  credentials?: AwsCredentialIdentityProvider;
  /** A request pool shared with other collections (an organisation capture bounds all accounts with one). */
  pool?: Semaphore;
}

export interface CollectStats {
  apiCalls: number;
  durationMs: number;
  /** Every operation sent, in order (service is the IAM prefix; region "global" for Route 53). */
  operations?: Array<{ service: string; region: string; operation: string }>;
  /** Most requests seen in flight at once. */
  peakConcurrency?: number;
  /**
   * Who collected it: the ARN STS GetCallerIdentity returned (with --role-arn, the assumed-role session,
   * arn:aws:sts::<account>:assumed-role/<role>/resil-<command>).
   */
  callerArn?: string;
}

export { DEFAULT_HISTORY_DAYS, DEFAULT_LAG_WINDOW_SECONDS };

/** STS refused --role-arn: a usage error (exit 2) with STS's own message, before any other call. */
export function roleRefused(err: AssumeRoleRefused): ResilError {
  return usageError(
    `Could not assume --role-arn ${err.roleArn} (${err.code}): ${err.message}`,
    "The role's trust policy must allow the caller (your credentials, which need sts:AssumeRole on the role) and, if it requires one, the external id: pass --external-id.",
  );
}

/** Validates region names; unknown ones are a usage error naming the closest valid region. */
export function validateRegions(regions: string[]): string[] {
  const out: string[] = [];
  for (const raw of regions) {
    const r = raw.trim();
    if (!r) continue;
    if (!(KNOWN_REGIONS as readonly string[]).includes(r)) {
      const near = closest(r, KNOWN_REGIONS);
      throw usageError(
        `Unknown AWS region "${r}".`,
        near
          ? `Did you mean --region ${near}?`
          : 'Use a region name such as us-east-1 (see `aws ec2 describe-regions`).',
      );
    }
    if (!out.includes(r)) out.push(r);
  }
  return out;
}

/** The region to use when none is given: AWS_REGION, AWS_DEFAULT_REGION, then the profile's. */
export async function defaultRegion(profile: string | undefined): Promise<string | undefined> {
  const env = process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'];
  if (env) return env;
  // The SDK's own resolution: env, then the profile's `region` in ~/.aws/config.
  const probe = new STSClient(profile ? { profile } : {});
  try {
    return await probe.config.region();
  } catch {
    return undefined;
  } finally {
    probe.destroy();
  }
}

function emptyRegion(): RegionInventory {
  return {
    availabilityZones: [],
    availabilityZoneIds: {},
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
    ecsServices: [],
    ecsClusters: [],
    scalableTargets: [],
    dynamoDbTables: [],
    sqsQueues: [],
    efsFileSystems: [],
    alarms: [],
  };
}

/**
 * One region's reads, started at once. Besides the whole region (`inventory`), the parts a later read
 * needs, each as soon as it is in: the EC2 reads, the Auto Scaling group names and groups, the load
 * balancers as listed, the RDS lists. Every part's failure that stops the collection also rejects
 * `inventory`, which the caller awaits.
 */
interface RegionReads {
  region: string;
  ec2: Promise<Ec2Result>;
  autoScaling: AutoScalingReads;
  loadBalancers: Promise<LoadBalancerRef[]>;
  rds: Promise<RdsResult>;
  inventory: Promise<RegionInventory>;
}

function readRegion(ctx: CollectContext, region: string): RegionReads {
  const ec2 = collectEc2(ctx, region);
  const instanceAz = ec2.then((r) => new Map(r.instances.map((i) => [i.id, i.az])));
  // Awaited by ELBv2 and ECS after their own reads; a failure is ec2's, reported through `inventory`.
  instanceAz.catch(() => {});
  const autoScaling = readAutoScaling(ctx, region);
  const elbv2 = readElbv2(ctx, region, instanceAz);
  const rds = collectRds(ctx, region);
  const inventory = Promise.all([
    ec2,
    autoScaling.groups,
    elbv2.result,
    rds,
    collectElastiCache(ctx, region),
    collectEcs(ctx, region, instanceAz),
    collectScalableTargets(ctx, region),
    collectDynamoDb(ctx, region),
    collectSqs(ctx, region),
    collectEfs(ctx, region),
    collectAlarms(ctx, region),
  ]).then(
    ([e, asgs, elb, rds, cache, ecs, scalable, tables, queues, fileSystems, alarms]): RegionInventory => ({
      ...emptyRegion(),
      availabilityZones: e.availabilityZones,
      availabilityZoneIds: e.availabilityZoneIds,
      instances: e.instances,
      subnets: e.subnets,
      natGateways: e.natGateways,
      autoScalingGroups: asgs,
      loadBalancers: elb.loadBalancers,
      targetGroups: elb.targetGroups,
      dbInstances: rds.dbInstances,
      dbClusters: rds.dbClusters,
      replicationGroups: cache,
      ecsServices: ecs.services,
      ecsClusters: ecs.clusters,
      scalableTargets: scalable,
      dynamoDbTables: tables,
      sqsQueues: queues,
      efsFileSystems: fileSystems,
      alarms,
    }),
  );
  return { region, ec2, autoScaling, loadBalancers: elbv2.loadBalancers, rds, inventory };
}

/** Global clusters are listed from every region: one entry per ARN, preferring the writer region's view. */
export function mergeGlobalClusters(
  views: Array<{ region: string; globals: GlobalCluster[] | undefined }>,
): GlobalCluster[] {
  const byArn = new Map<string, { g: GlobalCluster; fromWriter: boolean }>();
  for (const { region, globals } of views) {
    for (const g of globals ?? []) {
      const fromWriter = g.members.some((m) => m.isWriter && m.region === region);
      const prev = byArn.get(g.arn);
      if (!prev || (fromWriter && !prev.fromWriter)) byArn.set(g.arn, { g, fromWriter });
    }
  }
  return [...byArn.values()].map((v) => v.g).sort((a, b) => a.id.localeCompare(b.id));
}

/** The lag series to read in each region: global secondaries (by cluster) and read replicas (by instance). */
export function lagRequests(
  regions: Record<string, Pick<RegionInventory, 'dbClusters' | 'dbInstances'>>,
  globals: GlobalCluster[],
): Map<string, LagRequest[]> {
  const out = new Map<string, LagRequest[]>();
  const secondaryArns = new Set(
    globals.flatMap((g) => g.members.filter((m) => !m.isWriter).map((m) => m.clusterArn)),
  );
  for (const [region, inv] of Object.entries(regions)) {
    const reqs: LagRequest[] = [];
    for (const c of inv.dbClusters) {
      if (!secondaryArns.has(c.arn)) continue;
      for (const metric of ['AuroraGlobalDBReplicationLag', 'AuroraGlobalDBRPOLag'] as const) {
        reqs.push({ metric, dimensions: { DBClusterIdentifier: c.id }, unit: 'Milliseconds' });
      }
    }
    for (const i of inv.dbInstances) {
      if (i.readReplicaSourceId && !i.clusterId) {
        reqs.push({ metric: 'ReplicaLag', dimensions: { DBInstanceIdentifier: i.id }, unit: 'Seconds' });
      }
    }
    if (reqs.length) out.set(region, reqs);
  }
  return out;
}

/** The demand-history window: `days` ending at the last whole hour before `now` (hourly points align). */
export function historyWindow(now: Date, days: number): { start: Date; end: Date } {
  const end = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  return { start: new Date(end.getTime() - days * 86_400_000), end };
}

/** What the readiness reads add to a region (a field stays absent when its read failed). */
interface ReadinessFields {
  serviceQuotas: ServiceQuota[];
  capacityReservations: CapacityReservation[] | undefined;
  loadBalancerCapacityReservations: LbCapacityReservation[] | undefined;
  lagHistory: MetricSeries[];
}

/**
 * The readiness reads of one region: quotas, capacity reservations (EC2 and load balancers), and the
 * replication lag over the whole history window (5- to 15-minute maxima). Each starts as soon as what
 * it reads is in: the quota lists and the EC2 reservations at once (which quotas are needed once the
 * region's instances and Auto Scaling groups are in), the load balancers' reservations once they are
 * listed, the lag history with the lag series. A field stays absent when its read failed (the failure
 * is a collection record), so the report says unknown rather than none.
 */
async function readinessReads(
  ctx: CollectContext,
  r: RegionReads,
  lag: Promise<LagRequest[]>,
  history: { start: Date; end: Date },
): Promise<ReadinessFields> {
  const quotaInputs = Promise.all([r.ec2, r.autoScaling.groups]).then(([e, groups]) => ({
    instances: e.instances,
    autoScalingGroups: groups,
  }));
  const [serviceQuotas, capacityReservations, loadBalancerCapacityReservations, lagHistory] =
    await Promise.all([
      collectQuotas(ctx, r.region, quotaInputs),
      collectCapacityReservations(ctx, r.region),
      r.loadBalancers.then((lbs) => collectLbCapacityReservations(ctx, r.region, lbs)),
      lag.then((reqs) => collectLag(ctx, r.region, reqs, history, lagHistoryPeriod(history))),
    ]);
  return { serviceQuotas, capacityReservations, loadBalancerCapacityReservations, lagHistory };
}

export async function collectInventory(
  opts: CollectOptions,
): Promise<{ inventory: Inventory; stats: CollectStats }> {
  const started = Date.now();
  const now = opts.now ?? new Date();
  const progress = (opts.progress ?? (() => {})) as (e: ProgressEvent) => void;
  const where = {
    ...(opts.endpointUrl ? { endpointUrl: opts.endpointUrl } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
  };
  let regions = validateRegions(opts.regions);
  const home = regions[0] ?? (await defaultRegion(opts.profile));
  if (!home) {
    // --all-regions lists the regions through one region's endpoint: it needs a region too, and
    // telling its user to pass --all-regions would send them round in a circle.
    throw opts.allRegions
      ? usageError(
          '--all-regions lists the regions enabled for the account through one region, and no AWS region is configured.',
          'Set AWS_REGION (any enabled region, e.g. AWS_REGION=us-east-1) or a region in the profile, or name the regions with --region instead.',
        )
      : usageError(
          'No AWS region given and none configured.',
          'Pass --region us-east-1 (or several), or set AWS_REGION (then --all-regions works too).',
        );
  }
  if (!regions.length) regions = validateRegions([home]);

  const envPage = Number(process.env['RESIL_PAGE_SIZE']);
  const pageSize = opts.pageSize ?? (Number.isInteger(envPage) && envPage > 0 ? envPage : undefined);
  const clients = new ClientFactory({
    maxAttempts: opts.maxAttempts,
    concurrency: opts.concurrency,
    homeRegion: home,
    ...where,
    ...(opts.roleArn ? { roleArn: opts.roleArn } : {}),
    ...(opts.externalId ? { externalId: opts.externalId } : {}),
    ...(opts.roleSessionName ? { roleSessionName: opts.roleSessionName } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(opts.pool ? { pool: opts.pool } : {}),
  });
  const ledger = new Ledger();
  const ctx: CollectContext = { clients, ledger, progress, ...(pageSize ? { pageSize } : {}) };

  try {
    // 0. --role-arn: assume it now, so a role that cannot be assumed stops here with STS's message.
    try {
      await clients.assumeRole();
    } catch (err) {
      if (err instanceof AssumeRoleRefused) throw roleRefused(err);
      throw fatalError(err, where) ?? err;
    }

    // 1. Who are we? (also proves the credentials and the endpoint before fanning out)
    let accountId: string;
    let callerArn: string | undefined;
    try {
      const me = await clients.sts(home).send(new GetCallerIdentityCommand({}));
      accountId = me.Account ?? 'unknown';
      callerArn = me.Arn;
      ledger.ok('sts', home, 'GetCallerIdentity', 1);
    } catch (err) {
      const fatal = fatalError(err, where);
      if (fatal) throw fatal;
      // No sts:GetCallerIdentity permission is unusual but not fatal: record it and go on.
      ledger.error('sts', home, 'GetCallerIdentity', err);
      accountId = 'unknown';
    }

    // 2. --all-regions: the account's enabled regions.
    if (opts.allRegions) {
      try {
        const out = await clients.ec2(home).send(new DescribeRegionsCommand({ AllRegions: false }));
        const enabled = (out.Regions ?? [])
          .filter((r) => r.RegionName && r.OptInStatus !== 'not-opted-in')
          .map((r) => r.RegionName!)
          .sort();
        ledger.ok('ec2', home, 'DescribeRegions', enabled.length);
        regions = enabled;
      } catch (err) {
        const fatal = fatalError(err, where);
        if (fatal) throw fatal;
        throw new ResilError(
          `Could not list the account's regions (ec2:DescribeRegions): ${(err as Error).message}`,
          {
            cause: err,
            suggestions: ['Grant ec2:DescribeRegions, or name the regions with --region.'],
          },
        );
      }
    }

    // 3. Every region and Route 53, concurrently; each read that needs another's answer as soon as
    //    that answer is in (nothing waits for Route 53 or for another service than the one it reads).
    const reads = regions.map((region) => readRegion(ctx, region));
    const regional = reads.map(async (r) => {
      const inv = await r.inventory;
      progress({ region: r.region, service: '*', message: 'done', kind: 'done' });
      return inv;
    });
    const r53 = collectRoute53(ctx).then((r) => {
      progress({ region: 'global', service: 'route53', message: 'done', kind: 'done' });
      return r;
    });

    // 4. Replication lag, in each secondary's own region, once every region's RDS lists are in (the
    //    merged global-cluster view says which clusters are secondaries); each region's demand
    //    history once its Auto Scaling groups are listed.
    const window = { start: new Date(now.getTime() - opts.lagWindowSeconds * 1000), end: now };
    const history = historyWindow(now, opts.historyDays ?? DEFAULT_HISTORY_DAYS);
    const rdsViews = Promise.all(reads.map((r) => r.rds));
    const globals = rdsViews.then((views) =>
      mergeGlobalClusters(views.map((v, i) => ({ region: reads[i]!.region, globals: v.globalClusters }))),
    );
    const lagOf = reads.map((r) =>
      Promise.all([r.rds, globals]).then(
        ([rds, g]) => lagRequests({ [r.region]: rds }, g).get(r.region) ?? [],
      ),
    );
    const lag = reads.map((r, i): Promise<MetricSeries[]> =>
      lagOf[i]!.then((reqs) => collectLag(ctx, r.region, reqs, window)),
    );
    const demand = reads.map((r): Promise<DemandSeries[]> =>
      r.autoScaling.names.then((names) => collectDemand(ctx, r.region, [...names].sort(), history)),
    );
    const readiness = opts.readiness ? reads.map((r, i) => readinessReads(ctx, r, lagOf[i]!, history)) : [];

    const [views, route53, globalClusters, metrics, demandMetrics, ready] = await Promise.all([
      Promise.all(regional),
      r53,
      globals,
      Promise.all(lag),
      Promise.all(demand),
      Promise.all(readiness),
    ]);
    const regionMap: Record<string, RegionInventory> = {};
    reads.forEach((r, i) => {
      const inv = views[i]!;
      inv.metrics = metrics[i]!;
      inv.demandMetrics = demandMetrics[i]!;
      const extra = ready[i];
      if (extra) {
        inv.serviceQuotas = extra.serviceQuotas;
        if (extra.capacityReservations) inv.capacityReservations = extra.capacityReservations;
        if (extra.loadBalancerCapacityReservations)
          inv.loadBalancerCapacityReservations = extra.loadBalancerCapacityReservations;
        inv.lagHistory = extra.lagHistory;
      }
      regionMap[r.region] = inv;
    });

    const inventory = parseInventory({
      accountId,
      capturedAt: now.toISOString(),
      regions: regionMap,
      globalClusters,
      route53,
      collection: ledger.list(),
    });
    return {
      inventory,
      stats: {
        apiCalls: clients.apiCalls,
        durationMs: Date.now() - started,
        operations: clients.sent.map(({ service, region, operation }) => ({ service, region, operation })),
        peakConcurrency: clients.pool.peak,
        ...(callerArn ? { callerArn } : {}),
      },
    };
  } catch (err) {
    if (err instanceof FatalCollectionError) throw fatalError(err.original, where) ?? err;
    throw err;
  } finally {
    clients.destroy();
  }
}
