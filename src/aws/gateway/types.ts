/**
 * The runbook gateway: the ONLY way the runbooks talk to AWS. Small, intention-revealing methods,
 * each taking the region whose endpoint it calls explicitly (so failover mode can prove it never
 * calls the failed region). This file has no SDK import: the runbooks, the fake gateway of the
 * tests and the SDK implementation (./sdk.ts) all share these plain types.
 */

export interface GlobalClusterMemberView {
  clusterArn: string;
  region: string;
  isWriter: boolean;
  /** connected | pending-resync; absent for the writer. */
  synchronizationStatus?: string;
}

export interface FailoverStateView {
  /** pending | switching-over | failing-over | cancelling */
  status: string;
  fromClusterArn?: string;
  toClusterArn?: string;
  isDataLossAllowed?: boolean;
}

export interface GlobalClusterView {
  id: string;
  arn: string;
  status: string;
  engine: string;
  engineVersion: string;
  endpoint?: string;
  members: GlobalClusterMemberView[];
  /** Present only while a switchover or failover is in flight. */
  failoverState?: FailoverStateView;
}

export interface ClusterView {
  id: string;
  arn: string;
  region: string;
  status: string;
  engine: string;
  engineVersion: string;
  endpoint?: string;
  readerEndpoint?: string;
  globalClusterId?: string;
  /** DB instances in the cluster (0 = headless). */
  instanceCount: number;
}

export interface LagReading {
  metric: 'AuroraGlobalDBRPOLag';
  /** The latest data point, in milliseconds; absent when CloudWatch has no point in the window. */
  valueMs?: number;
  at?: string;
  windowSeconds: number;
}

export interface HostedZoneView {
  id: string;
  name: string;
  private: boolean;
}

/** A Route 53 record set, as resil models it (the routing kinds the cutover supports, plus a marker for the rest). */
export interface DnsRecord {
  name: string;
  type: string;
  setIdentifier?: string;
  weight?: number;
  failover?: 'PRIMARY' | 'SECONDARY';
  /** Latency-routing region (read only: the cutover refuses latency records). */
  region?: string;
  ttl?: number;
  values: string[];
  aliasTarget?: { dnsName: string; hostedZoneId: string; evaluateTargetHealth: boolean };
  healthCheckId?: string;
  /** Routing kinds the cutover does not change (geolocation, geoproximity, multivalue, cidr). */
  unsupportedRouting?: string;
}

export interface DnsChange {
  action: 'UPSERT';
  record: DnsRecord;
}

export interface ChangeView {
  id: string;
  status: 'PENDING' | 'INSYNC';
}

export interface DnsAnswer {
  responseCode: string;
  answers: string[];
}

export interface LbHealthView {
  name: string;
  arn: string;
  /** AZs the load balancer is enabled in. */
  azs: string[];
  /** Healthy targets per AZ, across its target groups. */
  healthyByAz: Record<string, number>;
}

export interface HealthCheckView {
  id: string;
  exists: boolean;
  status: 'healthy' | 'unhealthy' | 'unknown';
}

/** Who the credentials are (STS GetCallerIdentity): journaled as who ran the run. */
export interface CallerIdentityView {
  account: string;
  arn: string;
}

/** What a mutating call returns: the AWS request id, for the journal. */
export interface MutationResult {
  requestId?: string;
}

/** One AWS call, reported to the observer (journal, tests) after it completes. */
export interface CallEvent {
  service: 'rds' | 'route53' | 'cloudwatch' | 'elasticloadbalancing' | 'ec2' | 'sts';
  /** The region whose endpoint was called ("global" is never used: Route 53 reports us-east-1). */
  region: string;
  operation: string;
  params: Record<string, unknown>;
  mutating: boolean;
  ok: boolean;
  requestId?: string;
  error?: string;
  durationMs: number;
}

export interface Gateway {
  describeGlobalClusters(region: string): Promise<GlobalClusterView[]>;
  describeCluster(region: string, arnOrId: string): Promise<ClusterView | undefined>;
  readLag(region: string, clusterId: string, windowSeconds: number): Promise<LagReading>;
  switchoverGlobalCluster(
    region: string,
    globalClusterId: string,
    targetClusterArn: string,
  ): Promise<MutationResult>;
  failoverGlobalCluster(
    region: string,
    globalClusterId: string,
    targetClusterArn: string,
  ): Promise<MutationResult>;
  removeFromGlobalCluster(
    region: string,
    globalClusterId: string,
    clusterArn: string,
  ): Promise<MutationResult>;
  listHostedZones(): Promise<HostedZoneView[]>;
  /** Every record set with exactly this name (all types and set identifiers). */
  listRecordSets(zoneId: string, name: string): Promise<DnsRecord[]>;
  changeRecordSets(
    zoneId: string,
    changes: DnsChange[],
    comment: string,
  ): Promise<MutationResult & { change: ChangeView }>;
  getChange(changeId: string): Promise<ChangeView>;
  /** undefined when the endpoint does not support TestDNSAnswer. */
  testDnsAnswer(zoneId: string, name: string, type: string): Promise<DnsAnswer | undefined>;
  /** undefined when no load balancer has this name in the region. */
  targetHealth(region: string, lbName: string): Promise<LbHealthView | undefined>;
  healthCheckStatus(id: string): Promise<HealthCheckView>;
  /** The account and ARN of the caller (STS GetCallerIdentity, which no IAM policy can deny). */
  callerIdentity(region: string): Promise<CallerIdentityView>;
}

/** A failed AWS call, with what the operator needs to look it up. */
export class GatewayError extends Error {
  constructor(
    readonly operation: string,
    readonly region: string,
    readonly code: string,
    message: string,
    readonly requestId?: string,
  ) {
    super(
      `${operation} in ${region} failed: ${code}: ${message}${requestId ? ` (request id ${requestId})` : ''}`,
    );
    this.name = 'GatewayError';
  }
}

/** Normalises a DNS name for comparison: lower case, trailing dot. */
export function fqdn(name: string): string {
  const n = name.trim().toLowerCase();
  return n.endsWith('.') ? n : `${n}.`;
}

/** The AWS ResourceRecordSet shape of a record (what ChangeResourceRecordSets sends, and what plans show). */
export function toAwsRecordSet(r: DnsRecord): Record<string, unknown> {
  return {
    Name: r.name,
    Type: r.type,
    ...(r.setIdentifier ? { SetIdentifier: r.setIdentifier } : {}),
    ...(r.weight !== undefined ? { Weight: r.weight } : {}),
    ...(r.failover ? { Failover: r.failover } : {}),
    ...(r.region ? { Region: r.region } : {}),
    ...(r.aliasTarget
      ? {
          AliasTarget: {
            DNSName: r.aliasTarget.dnsName,
            HostedZoneId: r.aliasTarget.hostedZoneId,
            EvaluateTargetHealth: r.aliasTarget.evaluateTargetHealth,
          },
        }
      : { TTL: r.ttl ?? 60, ResourceRecords: r.values.map((Value) => ({ Value })) }),
    ...(r.healthCheckId ? { HealthCheckId: r.healthCheckId } : {}),
  };
}

/** The ChangeResourceRecordSets parameters for a batch of changes. */
export function changeBatchRequest(
  zoneId: string,
  changes: DnsChange[],
  comment: string,
): Record<string, unknown> {
  return {
    HostedZoneId: zoneId,
    ChangeBatch: {
      Comment: comment,
      Changes: changes.map((c) => ({ Action: c.action, ResourceRecordSet: toAwsRecordSet(c.record) })),
    },
  };
}
