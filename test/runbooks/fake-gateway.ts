/**
 * An in-memory AWS for runbook tests, implementing the gateway interface with a small state
 * machine: a switchover/failover moves FailoverState pending → switching-over/failing-over → gone
 * over `polls` DescribeGlobalClusters reads, then the writer is the target and the old primary a
 * connected secondary; a Route 53 change stays PENDING for `changePolls` GetChange reads.
 * Every call is logged (and sent to the observer). `killAt` simulates kill -9 at a call.
 */
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
} from '../../src/aws/gateway/types.js';

export const ACCOUNT = '123456789012';
/** Who the fake's credentials are (sts:GetCallerIdentity). */
export const CALLER_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/OnCall/alice`;
export const arnOf = (region: string, id: string) => `arn:aws:rds:${region}:${ACCOUNT}:cluster:${id}`;

export interface FakeState {
  global: GlobalClusterView;
  others: GlobalClusterView[];
  clusters: Record<string, ClusterView>;
  lagMs: Record<string, number | undefined>;
  zones: HostedZoneView[];
  records: Record<string, DnsRecord[]>;
  changes: Record<string, { left: number }>;
  lbs: Record<string, LbHealthView>;
  healthChecks: Record<string, HealthCheckView>;
  /** In-flight global operation, advanced by DescribeGlobalClusters reads. */
  op?: { kind: 'switchover' | 'failover' | 'detach'; target: string; from: string; reads: number };
  /** After an operation: the old primary stays pending-resync for `left` more DescribeGlobalClusters reads. */
  resync?: { arn: string; left: number };
  seq: number;
}

export function cluster(region: string, id: string, o: Partial<ClusterView> = {}): ClusterView {
  return {
    id,
    arn: arnOf(region, id),
    region,
    status: 'available',
    engine: 'aurora-postgresql',
    engineVersion: '15.4',
    endpoint: `${id}.cluster-abc.${region}.rds.amazonaws.com`,
    globalClusterId: 'shop-global',
    instanceCount: 2,
    ...o,
  };
}

/** shop-global: writer shop-east in us-east-1, secondary shop-west in us-west-2; api.example.com weighted. */
export function defaultState(): FakeState {
  const east = cluster('us-east-1', 'shop-east');
  const west = cluster('us-west-2', 'shop-west');
  return {
    global: {
      id: 'shop-global',
      arn: `arn:aws:rds::${ACCOUNT}:global-cluster:shop-global`,
      status: 'available',
      engine: 'aurora-postgresql',
      engineVersion: '15.4',
      members: [
        { clusterArn: east.arn, region: 'us-east-1', isWriter: true },
        { clusterArn: west.arn, region: 'us-west-2', isWriter: false, synchronizationStatus: 'connected' },
      ],
    },
    others: [],
    clusters: { [east.arn]: east, [west.arn]: west },
    lagMs: { 'shop-west': 1200 },
    zones: [{ id: 'Z0EXAMPLE', name: 'example.com.', private: false }],
    records: {
      Z0EXAMPLE: [
        {
          name: 'api.example.com.',
          type: 'CNAME',
          setIdentifier: 'us-east-1',
          weight: 100,
          ttl: 60,
          values: ['east-alb.us-east-1.elb.amazonaws.com'],
          healthCheckId: 'hc-east',
        },
        {
          name: 'api.example.com.',
          type: 'CNAME',
          setIdentifier: 'us-west-2',
          weight: 0,
          ttl: 60,
          values: ['west-alb.us-west-2.elb.amazonaws.com'],
          healthCheckId: 'hc-west',
        },
        {
          name: 'db.example.com.',
          type: 'CNAME',
          setIdentifier: 'primary',
          failover: 'PRIMARY',
          ttl: 30,
          values: [east.endpoint!],
          healthCheckId: 'hc-east',
        },
        {
          name: 'db.example.com.',
          type: 'CNAME',
          setIdentifier: 'secondary',
          failover: 'SECONDARY',
          ttl: 30,
          values: [west.endpoint!],
          healthCheckId: 'hc-west',
        },
        {
          name: 'www.example.com.',
          type: 'CNAME',
          ttl: 300,
          values: ['east-alb.us-east-1.elb.amazonaws.com'],
        },
      ],
    },
    changes: {},
    lbs: {
      'us-west-2:shop-west-alb': {
        name: 'shop-west-alb',
        arn: 'arn:aws:elasticloadbalancing:us-west-2:1:loadbalancer/app/shop-west-alb/1',
        azs: ['us-west-2a', 'us-west-2b'],
        healthyByAz: { 'us-west-2a': 2, 'us-west-2b': 2 },
      },
    },
    healthChecks: {
      'hc-east': { id: 'hc-east', exists: true, status: 'healthy' },
      'hc-west': { id: 'hc-west', exists: true, status: 'healthy' },
    },
    seq: 0,
  };
}

export class Killed extends Error {
  constructor() {
    super('process killed (simulated kill -9)');
  }
}

export interface FakeOptions {
  /** DescribeGlobalClusters reads per FailoverState phase. */
  polls?: number;
  /** GetChange reads that stay PENDING. */
  changePolls?: number;
  /** Regions whose endpoints do not answer (regional outage). */
  down?: string[];
  observer?: (e: CallEvent) => void;
  /** Simulated kill -9 at this call number (1-based): `before` the call takes effect, or `after` it. */
  killAt?: { call: number; when: 'before' | 'after' };
  /** Called before each call (e.g. to abort a signal during a wait). */
  onCall?: (operation: string, n: number) => void;
  testDnsAnswer?: boolean;
  /** After a switchover/failover: DescribeGlobalClusters reads during which the old primary is pending-resync (default 0). */
  resyncPolls?: number;
  /**
   * An AWS error for this call (1-based call number): thrown `before` the call takes effect, or `after`
   * it took effect (e.g. a timeout or a 5xx after AWS accepted the request).
   */
  fault?: (operation: string, n: number) => { error: GatewayError; when?: 'before' | 'after' } | undefined;
}

export class FakeGateway implements Gateway {
  readonly calls: CallEvent[] = [];
  dead = false;
  private n = 0;

  constructor(
    readonly state: FakeState,
    private readonly o: FakeOptions = {},
  ) {}

  get mutations(): CallEvent[] {
    return this.calls.filter((c) => c.mutating);
  }

  private async call<T>(
    service: CallEvent['service'],
    region: string,
    operation: string,
    params: Record<string, unknown>,
    mutating: boolean,
    fn: () => T,
  ): Promise<T> {
    if (this.dead) throw new Killed();
    this.n++;
    this.o.onCall?.(operation, this.n);
    const kill = this.o.killAt && this.o.killAt.call === this.n ? this.o.killAt.when : undefined;
    if (kill === 'before') {
      this.dead = true;
      throw new Killed();
    }
    const fault = this.o.fault?.(operation, this.n);
    if (fault && fault.when !== 'after') {
      const e: CallEvent = {
        service,
        region,
        operation,
        params,
        mutating,
        ok: false,
        error: fault.error.code,
        durationMs: 0,
      };
      this.calls.push(e);
      this.o.observer?.(e);
      throw fault.error;
    }
    if (this.o.down?.includes(region) && service !== 'route53') {
      const e: CallEvent = {
        service,
        region,
        operation,
        params,
        mutating,
        ok: false,
        error: 'timeout',
        durationMs: 0,
      };
      this.calls.push(e);
      this.o.observer?.(e);
      throw new GatewayError(operation, region, 'TimeoutError', `${region} does not answer`);
    }
    const out = fn();
    if (fault) {
      const e: CallEvent = {
        service,
        region,
        operation,
        params,
        mutating,
        ok: false,
        error: fault.error.code,
        durationMs: 0,
      };
      this.calls.push(e);
      this.o.observer?.(e);
      throw fault.error;
    }
    const requestId = `req-${this.n}`;
    const e: CallEvent = { service, region, operation, params, mutating, ok: true, requestId, durationMs: 0 };
    this.calls.push(e);
    if (kill === 'after') {
      this.dead = true;
      throw new Killed();
    }
    this.o.observer?.(e);
    return out;
  }

  private advance(): void {
    const rs = this.state.resync;
    if (rs) {
      if (rs.left <= 0) {
        this.state.global.members = this.state.global.members.map((m) =>
          m.clusterArn === rs.arn ? { ...m, synchronizationStatus: 'connected' } : m,
        );
        delete this.state.resync;
      } else rs.left--;
    }
    const op = this.state.op;
    if (!op) return;
    op.reads++;
    const polls = this.o.polls ?? 2;
    const g = this.state.global;
    if (op.kind === 'detach') {
      if (op.reads >= polls) {
        g.members = g.members.filter((m) => m.clusterArn !== op.target);
        const c = this.state.clusters[op.target]!;
        this.state.clusters[op.target] = { ...c, status: 'available' };
        delete this.state.clusters[op.target]!.globalClusterId;
        delete this.state.op;
      }
      return;
    }
    if (op.reads >= 2 * polls) {
      g.members = g.members.map((m) =>
        m.clusterArn === op.target
          ? { clusterArn: m.clusterArn, region: m.region, isWriter: true }
          : m.clusterArn === op.from
            ? {
                clusterArn: m.clusterArn,
                region: m.region,
                isWriter: false,
                synchronizationStatus: this.o.resyncPolls ? 'pending-resync' : 'connected',
              }
            : m,
      );
      if (this.o.resyncPolls) this.state.resync = { arn: op.from, left: this.o.resyncPolls };
      delete g.failoverState;
      delete this.state.op;
    } else if (op.reads >= polls && g.failoverState) {
      g.failoverState.status = op.kind === 'switchover' ? 'switching-over' : 'failing-over';
    }
  }

  describeGlobalClusters(region: string): Promise<GlobalClusterView[]> {
    return this.call('rds', region, 'DescribeGlobalClusters', {}, false, () => {
      this.advance();
      return structuredClone([this.state.global, ...this.state.others]);
    });
  }

  describeCluster(region: string, arnOrId: string): Promise<ClusterView | undefined> {
    return this.call('rds', region, 'DescribeDBClusters', { DBClusterIdentifier: arnOrId }, false, () => {
      const c = Object.values(this.state.clusters).find(
        (x) => (x.arn === arnOrId || x.id === arnOrId) && x.region === region,
      );
      return c ? structuredClone(c) : undefined;
    });
  }

  readLag(region: string, clusterId: string, windowSeconds: number): Promise<LagReading> {
    return this.call(
      'cloudwatch',
      region,
      'GetMetricData',
      { MetricName: 'AuroraGlobalDBRPOLag', DBClusterIdentifier: clusterId },
      false,
      () => {
        const v = this.state.lagMs[clusterId];
        return {
          metric: 'AuroraGlobalDBRPOLag' as const,
          windowSeconds,
          ...(v !== undefined ? { valueMs: v, at: '2026-11-26T12:00:00.000Z' } : {}),
        };
      },
    );
  }

  private startOp(
    kind: 'switchover' | 'failover',
    region: string,
    gid: string,
    target: string,
  ): Promise<MutationResult> {
    const op = kind === 'switchover' ? 'SwitchoverGlobalCluster' : 'FailoverGlobalCluster';
    const params =
      kind === 'switchover'
        ? { GlobalClusterIdentifier: gid, TargetDbClusterIdentifier: target }
        : { GlobalClusterIdentifier: gid, TargetDbClusterIdentifier: target, AllowDataLoss: true };
    return this.call('rds', region, op, params, true, () => {
      const g = this.state.global;
      if (g.failoverState)
        throw new GatewayError(
          op,
          region,
          'InvalidGlobalClusterStateFault',
          'a failover is already in progress',
        );
      const from = g.members.find((m) => m.isWriter)!.clusterArn;
      g.failoverState = {
        status: 'pending',
        fromClusterArn: from,
        toClusterArn: target,
        isDataLossAllowed: kind === 'failover',
      };
      this.state.op = { kind, target, from, reads: 0 };
      return { requestId: `req-${this.n}` };
    });
  }

  switchoverGlobalCluster(region: string, gid: string, target: string) {
    return this.startOp('switchover', region, gid, target);
  }

  failoverGlobalCluster(region: string, gid: string, target: string) {
    return this.startOp('failover', region, gid, target);
  }

  removeFromGlobalCluster(region: string, gid: string, clusterArn: string): Promise<MutationResult> {
    return this.call(
      'rds',
      region,
      'RemoveFromGlobalCluster',
      { GlobalClusterIdentifier: gid, DbClusterIdentifier: clusterArn },
      true,
      () => {
        this.state.clusters[clusterArn]!.status = 'promoting';
        this.state.op = { kind: 'detach', target: clusterArn, from: '', reads: 0 };
        return { requestId: `req-${this.n}` };
      },
    );
  }

  listHostedZones(): Promise<HostedZoneView[]> {
    return this.call('route53', 'us-east-1', 'ListHostedZones', {}, false, () =>
      structuredClone(this.state.zones),
    );
  }

  listRecordSets(zoneId: string, name: string): Promise<DnsRecord[]> {
    return this.call(
      'route53',
      'us-east-1',
      'ListResourceRecordSets',
      { HostedZoneId: zoneId, StartRecordName: name },
      false,
      () => structuredClone((this.state.records[zoneId] ?? []).filter((r) => fqdn(r.name) === fqdn(name))),
    );
  }

  changeRecordSets(
    zoneId: string,
    changes: DnsChange[],
    comment: string,
  ): Promise<MutationResult & { change: ChangeView }> {
    const params = changeBatchRequest(zoneId, changes, comment);
    return this.call('route53', 'us-east-1', 'ChangeResourceRecordSets', params, true, () => {
      const list = this.state.records[zoneId]!;
      for (const c of changes) {
        const i = list.findIndex(
          (r) =>
            fqdn(r.name) === fqdn(c.record.name) &&
            r.type === c.record.type &&
            (r.setIdentifier ?? '') === (c.record.setIdentifier ?? ''),
        );
        if (i >= 0) list[i] = structuredClone(c.record);
        else list.push(structuredClone(c.record));
      }
      const id = `C${++this.state.seq}`;
      this.state.changes[id] = { left: this.o.changePolls ?? 2 };
      return { requestId: `req-${this.n}`, change: { id, status: 'PENDING' as const } };
    });
  }

  getChange(changeId: string): Promise<ChangeView> {
    return this.call('route53', 'us-east-1', 'GetChange', { Id: changeId }, false, () => {
      const c = this.state.changes[changeId];
      if (!c) throw new GatewayError('GetChange', 'us-east-1', 'NoSuchChange', changeId);
      if (c.left > 0) {
        c.left--;
        return { id: changeId, status: 'PENDING' as const };
      }
      return { id: changeId, status: 'INSYNC' as const };
    });
  }

  testDnsAnswer(zoneId: string, name: string, type: string): Promise<DnsAnswer | undefined> {
    return this.call(
      'route53',
      'us-east-1',
      'TestDNSAnswer',
      { HostedZoneId: zoneId, RecordName: name, RecordType: type },
      false,
      () => {
        if (this.o.testDnsAnswer === false) return undefined;
        const set = (this.state.records[zoneId] ?? []).filter(
          (r) => fqdn(r.name) === fqdn(name) && r.type === type,
        );
        const pick =
          set.find((r) => r.failover === 'PRIMARY') ??
          [...set].sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0))[0];
        return { responseCode: pick ? 'NOERROR' : 'NXDOMAIN', answers: pick?.values ?? [] };
      },
    );
  }

  targetHealth(region: string, lbName: string): Promise<LbHealthView | undefined> {
    return this.call('elasticloadbalancing', region, 'DescribeTargetHealth', { Names: [lbName] }, false, () =>
      structuredClone(this.state.lbs[`${region}:${lbName}`]),
    );
  }

  callerIdentity(region: string): Promise<CallerIdentityView> {
    return this.call('sts', region, 'GetCallerIdentity', {}, false, () => ({
      account: ACCOUNT,
      arn: CALLER_ARN,
    }));
  }

  healthCheckStatus(id: string): Promise<HealthCheckView> {
    return this.call('route53', 'us-east-1', 'GetHealthCheckStatus', { HealthCheckId: id }, false, () =>
      structuredClone(this.state.healthChecks[id] ?? { id, exists: false, status: 'unknown' as const }),
    );
  }
}
