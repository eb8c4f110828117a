/**
 * The AWS SDK v3 implementation of the runbook gateway. Clients are created lazily per service and
 * region with the same connection options as the audit (--profile, --role-arn, --endpoint-url, the
 * retry mode of AWS_RETRY_MODE).
 * Every call is reported to the observer (journal) with its parameters and AWS request id.
 *
 * Mutating calls are sent ONCE: their clients have no SDK retry (maxAttempts 1). A mutation that AWS
 * accepted and then answered 5xx, or whose answer was lost, would otherwise be sent again (the
 * emulator received SwitchoverGlobalCluster twice); the engine re-reads the live state and decides
 * what happened. Only a throttling error, which AWS returns instead of processing the request, is
 * sent again (within --max-attempts, with backoff).
 */
import type { GlobalCluster } from '@aws-sdk/client-rds';
import type { ResourceRecordSet, RRType } from '@aws-sdk/client-route-53';
import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { assumedRoleCredentials, baseCredentials, isAssumeRoleError } from '../assume.js';
import { retryBaseFromEnv, retryConfig } from '../retry.js';
import {
  GatewayError,
  changeBatchRequest,
  fqdn,
  type CallEvent,
  type CallerIdentityView,
  type ChangeView,
  type ClusterView,
  type DnsAnswer,
  type DnsChange,
  type DnsRecord,
  type Gateway,
  type GlobalClusterView,
  type HealthCheckView,
  type HostedZoneView,
  type LagReading,
  type LbHealthView,
  type MutationResult,
} from './types.js';

// The SDK's Node-version notice is noise on an on-call terminal.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

export interface SdkGatewayOptions {
  profile?: string;
  /** --role-arn: every call signs with this role's credentials, assumed from the profile / default chain. */
  roleArn?: string;
  /** --external-id, sent with the AssumeRole of roleArn. */
  externalId?: string;
  /** RoleSessionName: `resil-failover`, `resil-cutover`. */
  roleSessionName?: string;
  endpointUrl?: string;
  maxAttempts?: number;
  observer?: (e: CallEvent) => void;
  /** TCP connection timeout per attempt (default 5 s): a region that does not answer fails fast. */
  connectionTimeoutMs?: number;
  /** Socket inactivity timeout per attempt (default 30 s): a call never hangs. */
  requestTimeoutMs?: number;
}

/**
 * Each service's SDK package, imported on the first call to that service: a runbook loads only the
 * clients it uses (the EC2 client alone takes most of a second to import), so the plan is on the
 * screen sooner.
 */
const SERVICES = {
  rds: () => import('@aws-sdk/client-rds'),
  cloudwatch: () => import('@aws-sdk/client-cloudwatch'),
  route53: () => import('@aws-sdk/client-route-53'),
  elasticloadbalancing: () => import('@aws-sdk/client-elastic-load-balancing-v2'),
  sts: () => import('@aws-sdk/client-sts'),
  ec2: () => import('@aws-sdk/client-ec2'),
} satisfies Record<CallEvent['service'], () => Promise<unknown>>;
type Service = keyof typeof SERVICES;
/** The SDK packages by service; a command is built from the one of its call's service (the others are not loaded). */
type Sdk = { [S in Service]: Awaited<ReturnType<(typeof SERVICES)[S]>> };
/** The client class of each service's package. */
const CLIENT = {
  rds: 'RDSClient',
  cloudwatch: 'CloudWatchClient',
  route53: 'Route53Client',
  elasticloadbalancing: 'ElasticLoadBalancingV2Client',
  sts: 'STSClient',
  ec2: 'EC2Client',
} as const satisfies { [S in Service]: keyof Sdk[S] };

/** Route 53 is a global service whose control plane answers in us-east-1. */
const ROUTE53_REGION = 'us-east-1';

interface Sendable {
  send(command: unknown): Promise<unknown>;
}

function regionFromArn(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 4 && parts[3] ? parts[3] : undefined;
}

function errorCode(err: unknown): string {
  const e = err as { name?: string; Code?: string; code?: string };
  return e.Code ?? e.name ?? e.code ?? 'Error';
}

function requestIdOf(v: unknown): string | undefined {
  return (v as { $metadata?: { requestId?: string } } | undefined)?.$metadata?.requestId;
}

/** Errors AWS returns INSTEAD of processing a request: a mutation that got one was not applied. */
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'PriorRequestNotComplete',
  'SlowDown',
]);

const NOT_FOUND = new Set([
  'GlobalClusterNotFoundFault',
  'DBClusterNotFoundFault',
  'LoadBalancerNotFound',
  'LoadBalancerNotFoundException',
  'NoSuchHealthCheck',
]);

export class SdkGateway implements Gateway {
  private readonly clients = new Map<string, Sendable>();

  /** No timeout is the SDK's default: during an outage a black-holed endpoint would hang the run forever. */
  static readonly DEFAULT_TIMEOUTS = { connectionTimeoutMs: 5_000, requestTimeoutMs: 30_000 };

  /** With a role: one provider for every client (one AssumeRole), made with the first call's region (its partition). */
  private roleCredentials?: AwsCredentialIdentityProvider;

  constructor(private readonly opts: SdkGatewayOptions = {}) {}

  private credentials(region: string): AwsCredentialIdentityProvider | undefined {
    if (!this.opts.roleArn) return this.opts.profile ? fromIni({ profile: this.opts.profile }) : undefined;
    this.roleCredentials ??= assumedRoleCredentials(
      baseCredentials(this.opts.profile),
      {
        roleArn: this.opts.roleArn,
        sessionName: this.opts.roleSessionName ?? 'resil',
        ...(this.opts.externalId ? { externalId: this.opts.externalId } : {}),
      },
      this.connection(region, false),
    );
    return this.roleCredentials;
  }

  /**
   * With --role-arn: the role's credentials, resolved before the call, so a role STS refuses is a
   * GatewayError of AssumeRole (with STS's message), not of the operation that needed it.
   */
  private async assumeRole(region: string): Promise<void> {
    const provider = this.opts.roleArn ? this.credentials(region) : undefined;
    if (!provider) return;
    try {
      await provider();
    } catch (err) {
      if (!isAssumeRoleError(err)) throw err;
      throw new GatewayError(
        'AssumeRole',
        region,
        errorCode(err),
        ((err as Error).message ?? String(err)).split('\n')[0]!,
        requestIdOf(err),
      );
    }
  }

  private config(region: string, mutating: boolean) {
    const credentials = this.credentials(region);
    return { ...this.connection(region, mutating), ...(credentials ? { credentials } : {}) };
  }

  private connection(region: string, mutating: boolean) {
    return {
      region,
      ...retryConfig(mutating ? 1 : (this.opts.maxAttempts ?? 5)),
      requestHandler: {
        connectionTimeout: this.opts.connectionTimeoutMs ?? SdkGateway.DEFAULT_TIMEOUTS.connectionTimeoutMs,
        requestTimeout: this.opts.requestTimeoutMs ?? SdkGateway.DEFAULT_TIMEOUTS.requestTimeoutMs,
        // Without this, the SDK only logs a warning when the request timeout passes and keeps waiting.
        throwOnRequestTimeout: true,
      },
      ...(this.opts.endpointUrl ? { endpoint: this.opts.endpointUrl } : {}),
    };
  }

  private async client(service: Service, region: string, mutating: boolean): Promise<Sendable> {
    const key = `${service}:${region}:${mutating ? 'once' : 'retrying'}`;
    let c = this.clients.get(key);
    if (!c) {
      const sdk = await SERVICES[service]();
      const Client = (sdk as unknown as Record<string, new (cfg: unknown) => Sendable>)[CLIENT[service]]!;
      // Another call may have made it while the package loaded: keep the first.
      c = this.clients.get(key) ?? new Client(this.config(region, mutating));
      this.clients.set(key, c);
    }
    return c;
  }

  /** Sends one command, reports it, and maps errors to GatewayError. */
  private async call<T>(
    service: Service,
    region: string,
    operation: string,
    build: (sdk: Sdk) => unknown,
    params: Record<string, unknown>,
    mutating: boolean,
  ): Promise<T> {
    const started = Date.now();
    await this.assumeRole(region).catch((err: unknown) => {
      if (err instanceof GatewayError) throw err;
      // The base credentials (none found) or the network: reported as the operation's failure, as without a role.
      return this.fail(service, region, operation, params, mutating, started, err);
    });
    try {
      const command = build({ [service]: await SERVICES[service]() } as Sdk);
      const out = mutating
        ? await this.sendOnce(service, region, command)
        : await (await this.client(service, region, false)).send(command);
      const requestId = requestIdOf(out);
      this.opts.observer?.({
        service,
        region,
        operation,
        params,
        mutating,
        ok: true,
        durationMs: Date.now() - started,
        ...(requestId ? { requestId } : {}),
      });
      return out as T;
    } catch (err) {
      return this.fail(service, region, operation, params, mutating, started, err);
    }
  }

  private fail(
    service: CallEvent['service'],
    region: string,
    operation: string,
    params: Record<string, unknown>,
    mutating: boolean,
    started: number,
    err: unknown,
  ): never {
    const requestId = requestIdOf(err);
    const code = errorCode(err);
    const message = (err as Error).message ?? String(err);
    this.opts.observer?.({
      service,
      region,
      operation,
      params,
      mutating,
      ok: false,
      durationMs: Date.now() - started,
      error: `${code}: ${message}`,
      ...(requestId ? { requestId } : {}),
    });
    throw new GatewayError(operation, region, code, message, requestId);
  }

  /**
   * A mutation: one attempt, re-sent only after a throttling error (AWS rejected it unprocessed), at
   * most --max-attempts times in all, with the same exponential backoff as the SDK's.
   */
  private async sendOnce(service: Service, region: string, command: unknown): Promise<unknown> {
    const attempts = Math.max(1, this.opts.maxAttempts ?? 5);
    const base = retryBaseFromEnv() ?? 1_000;
    for (let attempt = 1; ; attempt++) {
      try {
        return await (await this.client(service, region, true)).send(command);
      } catch (err) {
        if (attempt >= attempts || !THROTTLED.has(errorCode(err))) throw err;
        await new Promise((r) =>
          setTimeout(r, Math.floor(Math.random() * Math.min(20_000, base * 2 ** attempt))),
        );
      }
    }
  }

  private static isNotFound(err: unknown): boolean {
    return err instanceof GatewayError && NOT_FOUND.has(err.code);
  }

  // ------------------------------------------------------------------ Aurora
  async describeGlobalClusters(region: string): Promise<GlobalClusterView[]> {
    const out: GlobalClusterView[] = [];
    let marker: string | undefined;
    do {
      const params = marker ? { Marker: marker } : {};
      const res = await this.call<{ GlobalClusters?: GlobalCluster[]; Marker?: string }>(
        'rds',
        region,
        'DescribeGlobalClusters',
        (sdk) => new sdk.rds.DescribeGlobalClustersCommand(params),
        params,
        false,
      );
      for (const g of res.GlobalClusters ?? []) out.push(toGlobalView(g));
      marker = res.Marker;
    } while (marker);
    return out;
  }

  async describeCluster(region: string, arnOrId: string): Promise<ClusterView | undefined> {
    const params = { DBClusterIdentifier: arnOrId };
    try {
      const res = await this.call<{ DBClusters?: Array<Record<string, unknown>> }>(
        'rds',
        region,
        'DescribeDBClusters',
        (sdk) => new sdk.rds.DescribeDBClustersCommand(params),
        params,
        false,
      );
      const c =
        (res.DBClusters ?? []).find(
          (x) => x['DBClusterArn'] === arnOrId || x['DBClusterIdentifier'] === arnOrId,
        ) ?? res.DBClusters?.[0];
      if (!c) return undefined;
      const arn = String(c['DBClusterArn'] ?? '');
      const globalId = c['GlobalClusterIdentifier'] as string | undefined;
      return {
        id: String(c['DBClusterIdentifier']),
        arn,
        region: regionFromArn(arn) ?? region,
        status: String(c['Status'] ?? 'unknown'),
        engine: String(c['Engine'] ?? ''),
        engineVersion: String(c['EngineVersion'] ?? ''),
        ...(c['Endpoint'] ? { endpoint: String(c['Endpoint']) } : {}),
        ...(c['ReaderEndpoint'] ? { readerEndpoint: String(c['ReaderEndpoint']) } : {}),
        ...(globalId ? { globalClusterId: globalId } : {}),
        instanceCount: Array.isArray(c['DBClusterMembers']) ? (c['DBClusterMembers'] as unknown[]).length : 0,
      };
    } catch (err) {
      if (SdkGateway.isNotFound(err)) return undefined;
      throw err;
    }
  }

  async readLag(region: string, clusterId: string, windowSeconds: number): Promise<LagReading> {
    const end = new Date();
    const start = new Date(end.getTime() - windowSeconds * 1000);
    const params = {
      StartTime: start,
      EndTime: end,
      ScanBy: 'TimestampDescending' as const,
      MetricDataQueries: [
        {
          Id: 'rpolag',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/RDS',
              MetricName: 'AuroraGlobalDBRPOLag',
              Dimensions: [{ Name: 'DBClusterIdentifier', Value: clusterId }],
            },
            Period: 60,
            Stat: 'Maximum',
          },
        },
      ],
    };
    const res = await this.call<{ MetricDataResults?: Array<{ Timestamps?: Date[]; Values?: number[] }> }>(
      'cloudwatch',
      region,
      'GetMetricData',
      (sdk) => new sdk.cloudwatch.GetMetricDataCommand(params),
      { ...params, StartTime: start.toISOString(), EndTime: end.toISOString() },
      false,
    );
    const r = res.MetricDataResults?.[0];
    // Take the newest point whatever order the endpoint returns them in.
    let best: { t: number; v: number } | undefined;
    (r?.Timestamps ?? []).forEach((t, i) => {
      const v = r?.Values?.[i];
      const ms = new Date(t).getTime();
      if (v !== undefined && (!best || ms > best.t)) best = { t: ms, v };
    });
    const b = best as { t: number; v: number } | undefined;
    return {
      metric: 'AuroraGlobalDBRPOLag',
      windowSeconds,
      ...(b ? { valueMs: b.v, at: new Date(b.t).toISOString() } : {}),
    };
  }

  async switchoverGlobalCluster(
    region: string,
    globalClusterId: string,
    targetClusterArn: string,
  ): Promise<MutationResult> {
    const params = { GlobalClusterIdentifier: globalClusterId, TargetDbClusterIdentifier: targetClusterArn };
    const res = await this.call(
      'rds',
      region,
      'SwitchoverGlobalCluster',
      (sdk) => new sdk.rds.SwitchoverGlobalClusterCommand(params),
      params,
      true,
    );
    return withRequestId(res);
  }

  async failoverGlobalCluster(
    region: string,
    globalClusterId: string,
    targetClusterArn: string,
  ): Promise<MutationResult> {
    const params = {
      GlobalClusterIdentifier: globalClusterId,
      TargetDbClusterIdentifier: targetClusterArn,
      AllowDataLoss: true,
    };
    const res = await this.call(
      'rds',
      region,
      'FailoverGlobalCluster',
      (sdk) => new sdk.rds.FailoverGlobalClusterCommand(params),
      params,
      true,
    );
    return withRequestId(res);
  }

  async removeFromGlobalCluster(
    region: string,
    globalClusterId: string,
    clusterArn: string,
  ): Promise<MutationResult> {
    const params = { GlobalClusterIdentifier: globalClusterId, DbClusterIdentifier: clusterArn };
    const res = await this.call(
      'rds',
      region,
      'RemoveFromGlobalCluster',
      (sdk) => new sdk.rds.RemoveFromGlobalClusterCommand(params),
      params,
      true,
    );
    return withRequestId(res);
  }

  // ------------------------------------------------------------------ Route 53
  async listHostedZones(): Promise<HostedZoneView[]> {
    const out: HostedZoneView[] = [];
    let marker: string | undefined;
    do {
      const params = marker ? { Marker: marker } : {};
      const res = await this.call<{
        HostedZones?: Array<{ Id?: string; Name?: string; Config?: { PrivateZone?: boolean } }>;
        IsTruncated?: boolean;
        NextMarker?: string;
      }>(
        'route53',
        ROUTE53_REGION,
        'ListHostedZones',
        (sdk) => new sdk.route53.ListHostedZonesCommand(params),
        params,
        false,
      );
      for (const z of res.HostedZones ?? []) {
        out.push({
          id: (z.Id ?? '').replace(/^\/hostedzone\//, ''),
          name: z.Name ?? '',
          private: z.Config?.PrivateZone ?? false,
        });
      }
      marker = res.IsTruncated ? res.NextMarker : undefined;
    } while (marker);
    return out;
  }

  async listRecordSets(zoneId: string, name: string): Promise<DnsRecord[]> {
    const want = fqdn(name);
    const out: DnsRecord[] = [];
    let start: { name?: string; type?: string; id?: string } = { name: want };
    for (let page = 0; page < 50; page++) {
      const params: Record<string, unknown> = {
        HostedZoneId: zoneId,
        StartRecordName: start.name,
        MaxItems: 300,
      };
      if (start.type) params['StartRecordType'] = start.type;
      if (start.id) params['StartRecordIdentifier'] = start.id;
      const res = await this.call<{
        ResourceRecordSets?: ResourceRecordSet[];
        IsTruncated?: boolean;
        NextRecordName?: string;
        NextRecordType?: string;
        NextRecordIdentifier?: string;
      }>(
        'route53',
        ROUTE53_REGION,
        'ListResourceRecordSets',
        (sdk) => new sdk.route53.ListResourceRecordSetsCommand(params as never),
        params,
        false,
      );
      let passed = false;
      for (const r of res.ResourceRecordSets ?? []) {
        if (fqdn(unescapeName(r.Name ?? '')) === want) out.push(fromRecordSet(r));
        else if (out.length > 0) passed = true;
      }
      if (
        passed ||
        !res.IsTruncated ||
        !res.NextRecordName ||
        fqdn(unescapeName(res.NextRecordName)) !== want
      )
        break;
      start = {
        name: res.NextRecordName,
        ...(res.NextRecordType ? { type: res.NextRecordType } : {}),
        ...(res.NextRecordIdentifier ? { id: res.NextRecordIdentifier } : {}),
      };
    }
    // Some endpoints ignore StartRecordName; the filter above keeps only the exact name. Dedupe by key.
    const seen = new Set<string>();
    return out.filter((r) => {
      const k = `${r.type}|${r.setIdentifier ?? ''}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }

  async changeRecordSets(
    zoneId: string,
    changes: DnsChange[],
    comment: string,
  ): Promise<MutationResult & { change: ChangeView }> {
    const params = changeBatchRequest(zoneId, changes, comment);
    const res = await this.call<{ ChangeInfo?: { Id?: string; Status?: string } }>(
      'route53',
      ROUTE53_REGION,
      'ChangeResourceRecordSets',
      (sdk) => new sdk.route53.ChangeResourceRecordSetsCommand(params as never),
      params,
      true,
    );
    return {
      ...withRequestId(res),
      change: {
        id: cleanChangeId(res.ChangeInfo?.Id ?? ''),
        status: res.ChangeInfo?.Status === 'INSYNC' ? 'INSYNC' : 'PENDING',
      },
    };
  }

  async getChange(changeId: string): Promise<ChangeView> {
    const params = { Id: changeId };
    const res = await this.call<{ ChangeInfo?: { Id?: string; Status?: string } }>(
      'route53',
      ROUTE53_REGION,
      'GetChange',
      (sdk) => new sdk.route53.GetChangeCommand(params),
      params,
      false,
    );
    return {
      id: cleanChangeId(res.ChangeInfo?.Id ?? changeId),
      status: res.ChangeInfo?.Status === 'INSYNC' ? 'INSYNC' : 'PENDING',
    };
  }

  async testDnsAnswer(zoneId: string, name: string, type: string): Promise<DnsAnswer | undefined> {
    const params = { HostedZoneId: zoneId, RecordName: name, RecordType: type as RRType };
    try {
      const res = await this.call<{ ResponseCode?: string; RecordData?: string[] }>(
        'route53',
        ROUTE53_REGION,
        'TestDNSAnswer',
        (sdk) => new sdk.route53.TestDNSAnswerCommand(params),
        params,
        false,
      );
      return { responseCode: res.ResponseCode ?? 'UNKNOWN', answers: res.RecordData ?? [] };
    } catch (err) {
      // Emulators (and some partitions) do not implement it: verification then relies on GetChange and the TTL.
      if (
        err instanceof GatewayError &&
        /NotImplemented|InternalFailure|UnknownOperation|InvalidAction|^\d{3}$|Error$/.test(err.code)
      )
        return undefined;
      throw err;
    }
  }

  async healthCheckStatus(id: string): Promise<HealthCheckView> {
    const params = { HealthCheckId: id };
    try {
      await this.call(
        'route53',
        ROUTE53_REGION,
        'GetHealthCheck',
        (sdk) => new sdk.route53.GetHealthCheckCommand(params),
        params,
        false,
      );
    } catch (err) {
      if (SdkGateway.isNotFound(err)) return { id, exists: false, status: 'unknown' };
      throw err;
    }
    const res = await this.call<{ HealthCheckObservations?: Array<{ StatusReport?: { Status?: string } }> }>(
      'route53',
      ROUTE53_REGION,
      'GetHealthCheckStatus',
      (sdk) => new sdk.route53.GetHealthCheckStatusCommand(params),
      params,
      false,
    );
    const obs = res.HealthCheckObservations ?? [];
    if (obs.length === 0) return { id, exists: true, status: 'unknown' };
    const healthy = obs.filter((o) => /^Success/i.test(o.StatusReport?.Status ?? '')).length;
    return { id, exists: true, status: healthy * 2 > obs.length ? 'healthy' : 'unhealthy' };
  }

  // ------------------------------------------------------------------ sts
  async callerIdentity(region: string): Promise<CallerIdentityView> {
    const res = await this.call<{ Account?: string; Arn?: string }>(
      'sts',
      region,
      'GetCallerIdentity',
      (sdk) => new sdk.sts.GetCallerIdentityCommand({}),
      {},
      false,
    );
    return { account: res.Account ?? '', arn: res.Arn ?? '' };
  }

  // ------------------------------------------------------------------ load balancer
  async targetHealth(region: string, lbName: string): Promise<LbHealthView | undefined> {
    const p1 = { Names: [lbName] };
    let lb:
      | {
          LoadBalancerArn?: string;
          LoadBalancerName?: string;
          AvailabilityZones?: Array<{ ZoneName?: string }>;
        }
      | undefined;
    try {
      const res = await this.call<{ LoadBalancers?: Array<typeof lb> }>(
        'elasticloadbalancing',
        region,
        'DescribeLoadBalancers',
        (sdk) => new sdk.elasticloadbalancing.DescribeLoadBalancersCommand(p1),
        p1,
        false,
      );
      lb = res.LoadBalancers?.[0];
    } catch (err) {
      if (SdkGateway.isNotFound(err)) return undefined;
      throw err;
    }
    if (!lb?.LoadBalancerArn) return undefined;
    const azs = (lb.AvailabilityZones ?? [])
      .map((a) => a.ZoneName ?? '')
      .filter(Boolean)
      .sort();
    const p2 = { LoadBalancerArn: lb.LoadBalancerArn };
    const tgs = await this.call<{ TargetGroups?: Array<{ TargetGroupArn?: string; TargetType?: string }> }>(
      'elasticloadbalancing',
      region,
      'DescribeTargetGroups',
      (sdk) => new sdk.elasticloadbalancing.DescribeTargetGroupsCommand(p2),
      p2,
      false,
    );
    const healthyTargets: Array<{ id: string; az?: string }> = [];
    for (const tg of tgs.TargetGroups ?? []) {
      const p3 = { TargetGroupArn: tg.TargetGroupArn };
      const th = await this.call<{
        TargetHealthDescriptions?: Array<{
          Target?: { Id?: string; AvailabilityZone?: string };
          TargetHealth?: { State?: string };
        }>;
      }>(
        'elasticloadbalancing',
        region,
        'DescribeTargetHealth',
        (sdk) => new sdk.elasticloadbalancing.DescribeTargetHealthCommand(p3),
        p3,
        false,
      );
      for (const d of th.TargetHealthDescriptions ?? []) {
        if (d.TargetHealth?.State === 'healthy' && d.Target?.Id) {
          healthyTargets.push({
            id: d.Target.Id,
            ...(d.Target.AvailabilityZone ? { az: d.Target.AvailabilityZone } : {}),
          });
        }
      }
    }
    const needAz = healthyTargets.filter((t) => !t.az && t.id.startsWith('i-')).map((t) => t.id);
    const azOf = new Map<string, string>();
    if (needAz.length) {
      const p4 = { InstanceIds: [...new Set(needAz)] };
      const res = await this.call<{
        Reservations?: Array<{
          Instances?: Array<{ InstanceId?: string; Placement?: { AvailabilityZone?: string } }>;
        }>;
      }>('ec2', region, 'DescribeInstances', (sdk) => new sdk.ec2.DescribeInstancesCommand(p4), p4, false);
      for (const r of res.Reservations ?? [])
        for (const i of r.Instances ?? []) {
          if (i.InstanceId && i.Placement?.AvailabilityZone)
            azOf.set(i.InstanceId, i.Placement.AvailabilityZone);
        }
    }
    const healthyByAz: Record<string, number> = {};
    for (const t of healthyTargets) {
      const az = t.az ?? azOf.get(t.id) ?? 'unknown';
      healthyByAz[az] = (healthyByAz[az] ?? 0) + 1;
    }
    return { name: lb.LoadBalancerName ?? lbName, arn: lb.LoadBalancerArn, azs, healthyByAz };
  }
}

function withRequestId(res: unknown): MutationResult {
  const requestId = requestIdOf(res);
  return requestId ? { requestId } : {};
}

function cleanChangeId(id: string): string {
  return id.replace(/^\/change\//, '');
}

/** Route 53 escapes some characters as \\052 (*) in names. */
function unescapeName(name: string): string {
  return name.replace(/\\(\d{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

function toGlobalView(g: GlobalCluster): GlobalClusterView {
  const fs = g.FailoverState;
  return {
    id: g.GlobalClusterIdentifier ?? '',
    arn: g.GlobalClusterArn ?? '',
    status: g.Status ?? 'unknown',
    engine: g.Engine ?? '',
    engineVersion: g.EngineVersion ?? '',
    ...(g.Endpoint ? { endpoint: g.Endpoint } : {}),
    members: (g.GlobalClusterMembers ?? []).map((m) => ({
      clusterArn: m.DBClusterArn ?? '',
      region: regionFromArn(m.DBClusterArn ?? '') ?? 'unknown',
      isWriter: m.IsWriter ?? false,
      ...(m.SynchronizationStatus ? { synchronizationStatus: m.SynchronizationStatus } : {}),
    })),
    ...(fs && fs.Status
      ? {
          failoverState: {
            status: fs.Status,
            ...(fs.FromDbClusterArn ? { fromClusterArn: fs.FromDbClusterArn } : {}),
            ...(fs.ToDbClusterArn ? { toClusterArn: fs.ToDbClusterArn } : {}),
            ...(fs.IsDataLossAllowed !== undefined ? { isDataLossAllowed: fs.IsDataLossAllowed } : {}),
          },
        }
      : {}),
  };
}

function fromRecordSet(r: ResourceRecordSet): DnsRecord {
  const unsupported = r.GeoLocation
    ? 'geolocation'
    : r.GeoProximityLocation
      ? 'geoproximity'
      : r.MultiValueAnswer
        ? 'multivalue'
        : r.CidrRoutingConfig
          ? 'cidr'
          : undefined;
  return {
    name: fqdn(unescapeName(r.Name ?? '')),
    type: r.Type ?? '',
    ...(r.SetIdentifier ? { setIdentifier: r.SetIdentifier } : {}),
    ...(r.Weight !== undefined ? { weight: r.Weight } : {}),
    ...(r.Failover ? { failover: r.Failover as 'PRIMARY' | 'SECONDARY' } : {}),
    ...(r.Region ? { region: r.Region } : {}),
    ...(r.TTL !== undefined ? { ttl: r.TTL } : {}),
    values: (r.ResourceRecords ?? []).map((x) => x.Value ?? ''),
    ...(r.AliasTarget
      ? {
          aliasTarget: {
            dnsName: r.AliasTarget.DNSName ?? '',
            hostedZoneId: r.AliasTarget.HostedZoneId ?? '',
            evaluateTargetHealth: r.AliasTarget.EvaluateTargetHealth ?? false,
          },
        }
      : {}),
    ...(r.HealthCheckId ? { healthCheckId: r.HealthCheckId } : {}),
    ...(unsupported ? { unsupportedRouting: unsupported } : {}),
  };
}
