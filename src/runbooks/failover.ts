/**
 * `resil failover --to REGION`: move the writer of an Aurora global database to REGION, then
 * (optionally) cut Route 53 over.
 *
 * Modes (REFERENCE §2.1–2.3):
 * - switchover (default): SwitchoverGlobalCluster with the target cluster ARN. No data loss; needs
 *   the primary region to answer.
 * - failover: FailoverGlobalCluster with AllowDataLoss. For a regional outage: every call goes to
 *   the target region (or other healthy secondaries' regions), never to the failed primary.
 * - detach: RemoveFromGlobalCluster of the target, then wait for it to be a standalone writer.
 *
 * `buildFailover` does reads only and returns the runbook, in phases: read the state → plan
 * summary → preconditions → steps (the steps themselves are in failover-steps.ts).
 */
import {
  GatewayError,
  type ClusterView,
  type Gateway,
  type GlobalClusterMemberView,
  type GlobalClusterView,
  type LagReading,
  type LbHealthView,
} from '../aws/gateway/types.js';
import { usageError } from '../util/errors.js';
import {
  checkBatch,
  crossZoneError,
  dnsBatchPreconditions,
  dnsBatchSummary,
  dnsLiveState,
  dnsSteps,
  findZone,
  packPlans,
  planDnsChange,
  type DnsPlans,
  type DnsTargetSpec,
} from './dns.js';
import {
  agdSteps,
  clusterIdFromArn,
  describeGlobal,
  DEFAULT_RESYNC_TIMEOUT_MS,
  formatLag,
  postCheck,
  readGlobal,
} from './failover-steps.js';
import { lbInventory, liveInventory, reuseCheck } from './reuse.js';
import type { PreconditionResult, Runbook } from './types.js';

export { DEFAULT_RESYNC_TIMEOUT_MS, formatLag };

export const MODES = ['switchover', 'failover', 'detach'] as const;
export type Mode = (typeof MODES)[number];

export interface FailoverParams {
  to: string;
  globalCluster?: string;
  mode: Mode;
  maxLagSeconds: number;
  loadBalancer?: string;
  /** The record to cut over, or several records of ONE hosted zone (cut over in one batch). */
  dns?: DnsTargetSpec | DnsTargetSpec[];
  waitTtl: boolean;
  agdTimeoutMs: number;
  dnsTimeoutMs: number;
  /** Switchover post-check: how long to wait for the old primary to be a connected secondary again (default 5 min). */
  resyncTimeoutMs?: number;
}

/** What the plan fixes (journaled; a resume rebuilds the steps from it). */
export interface FailoverData {
  mode: Mode;
  globalClusterId: string;
  targetRegion: string;
  targetClusterArn: string;
  targetClusterId: string;
  fromClusterArn?: string;
  fromRegion?: string;
  /** One record's plan (an object), or several records of one zone (an array). */
  dns?: DnsPlans;
}

const REGION_RE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/;

/** Everything the plan read (reads only), and what it fixed from it. */
interface FailoverState {
  to: string;
  g: GlobalClusterView;
  targetArn: string;
  targetMember: GlobalClusterMemberView | undefined;
  writer: GlobalClusterMemberView | undefined;
  fromArn: string | undefined;
  fromRegion: string | undefined;
  /** The target cluster (undefined: not readable). */
  target: ClusterView | undefined;
  /** The member clusters read: the target and the regions known to answer. */
  clusters: ClusterView[];
  /** Replication lag by secondary cluster ARN. */
  lags: Map<string, LagReading>;
  lagWindow: number;
  targetLag: LagReading | undefined;
  lb: LbHealthView | undefined;
  dns: DnsPlans | undefined;
}

/**
 * Builds the failover runbook with reads only: 1. read the state (target region first; in an outage,
 * never the failed primary) → 2. the plan summary → 3. the preconditions → 4. the steps (the Aurora
 * call and its waits, the DNS cutover if any, the post-check).
 */
export async function buildFailover(
  gw: Gateway,
  p: FailoverParams,
  runId: string,
  prior?: FailoverData,
): Promise<Runbook> {
  if (!REGION_RE.test(p.to))
    throw usageError(`--to ${p.to} is not a region name.`, 'Use a region such as us-west-2.');
  const st = await readFailoverState(gw, p, prior);
  const summary = planSummary(p, st);
  const preconditions = await failoverPreconditions(gw, p, st);
  // 4. The steps.
  const { to, g, targetArn, dns } = st;
  const post = postCheck({
    mode: p.mode,
    gid: g.id,
    to,
    targetArn,
    fromArn: st.fromArn,
    fromRegion: st.fromRegion,
    dns: !!dns,
    timeoutMs: p.resyncTimeoutMs ?? DEFAULT_RESYNC_TIMEOUT_MS,
  });
  const steps = [
    ...agdSteps({
      mode: p.mode,
      gid: g.id,
      to,
      targetArn,
      fromRegion: st.fromRegion,
      targetLag: st.targetLag,
      lagWindow: st.lagWindow,
      timeoutMs: p.agdTimeoutMs,
    }),
    ...(dns ? dnsSteps(dns, { waitTtl: p.waitTtl, insyncTimeoutMs: p.dnsTimeoutMs, runId }) : []),
    post.step,
  ];

  return {
    kind: 'failover',
    title: `${p.mode} of ${g.id} to ${to}`,
    lockKey: `agd-${g.id}`,
    callerRegion: to,
    confirmToken: g.id,
    summary,
    data: planData(p, st) as unknown as Record<string, unknown>,
    preconditions,
    steps,
    next: post.next,
    liveState: async (ctx) => {
      const db = await readGlobal(ctx.gw, to, g.id).then(
        (g2) => describeGlobal(g2, targetArn),
        (e: unknown) => `${g.id} could not be read from ${to} (${(e as Error).message})`,
      );
      return dns ? `${db} · ${await dnsLiveState(ctx.gw, dns)}` : db;
    },
    resumeCommand: (id) => `resil failover --resume ${id}`,
  };
}

// ---------------------------------------------------------------- 1. read the state (target region first)

async function readFailoverState(
  gw: Gateway,
  p: FailoverParams,
  prior: FailoverData | undefined,
): Promise<FailoverState> {
  const to = p.to;
  const g = await findGlobal(gw, to, prior?.globalClusterId ?? p.globalCluster);

  let targetArn = prior?.targetClusterArn;
  const targetMember = g.members.find((m) => (targetArn ? m.clusterArn === targetArn : m.region === to));
  if (!targetArn) {
    if (!targetMember) {
      const list = g.members
        .map((m) => `${m.region} (${m.isWriter ? 'writer' : (m.synchronizationStatus ?? 'secondary')})`)
        .join(', ');
      throw usageError(
        `${to} is not a region of global database ${g.id}.`,
        `Its regions: ${list || 'none'}.`,
      );
    }
    targetArn = targetMember.clusterArn;
  }
  const writer = g.members.find((m) => m.isWriter);
  const fromArn =
    prior?.fromClusterArn ??
    (writer && writer.clusterArn !== targetArn ? writer.clusterArn : undefined) ??
    g.failoverState?.fromClusterArn;
  const fromRegion = prior?.fromRegion ?? (fromArn ? (fromArn.split(':')[3] ?? undefined) : undefined);

  const target = await gw.describeCluster(to, targetArn);
  const clusters = await readMemberClusters(gw, p.mode, g, target, targetArn, fromArn);
  // During an outage the newest lag point may be old: look back further and show its time.
  const lagWindow = p.mode === 'switchover' ? 600 : 3 * 3600;
  const lags = await readLags(gw, p.mode, g, targetArn, lagWindow);

  const lb = p.loadBalancer ? await gw.targetHealth(to, p.loadBalancer) : undefined;
  if (p.loadBalancer && !lb)
    throw usageError(
      `No load balancer named ${p.loadBalancer} in ${to}.`,
      'Check --load-balancer or runbooks.loadBalancers in .resil.yml.',
    );

  const specs = Array.isArray(p.dns) ? p.dns : p.dns ? [p.dns] : [];
  const dns = prior?.dns ?? (specs.length ? await planDns(gw, specs, to) : undefined);

  return {
    to,
    g,
    targetArn,
    targetMember,
    writer,
    fromArn,
    fromRegion,
    target,
    clusters,
    lags,
    lagWindow,
    targetLag: lags.get(targetArn),
    lb,
    dns,
  };
}

/** The global database: the one named (by the plan or --global-cluster), or the only one visible. */
async function findGlobal(gw: Gateway, to: string, wanted: string | undefined): Promise<GlobalClusterView> {
  const all = await gw.describeGlobalClusters(to);
  if (wanted) {
    const g = all.find((x) => x.id === wanted || x.arn === wanted);
    if (!g) {
      throw usageError(
        `Unknown Aurora global database ${wanted} (as seen from ${to}).`,
        all.length
          ? `Global databases: ${all.map((x) => x.id).join(', ')}.`
          : `No Aurora global database is visible from ${to}.`,
      );
    }
    return g;
  }
  if (all.length === 1) return all[0]!;
  if (all.length === 0) {
    throw usageError(
      `No Aurora global database is visible from ${to}.`,
      'Check --to, --profile and --endpoint-url.',
    );
  }
  throw usageError(
    `There are ${all.length} Aurora global databases: ${all.map((x) => x.id).join(', ')}.`,
    'Pass --global-cluster ID.',
  );
}

/** Member clusters: in switchover mode every region; in failover/detach never the failed primary. */
async function readMemberClusters(
  gw: Gateway,
  mode: Mode,
  g: GlobalClusterView,
  target: ClusterView | undefined,
  targetArn: string,
  fromArn: string | undefined,
): Promise<ClusterView[]> {
  const clusters: ClusterView[] = target ? [target] : [];
  for (const m of g.members) {
    if (m.clusterArn === targetArn) continue;
    const isFailedPrimary = m.clusterArn === fromArn;
    // Failover/detach: only regions known to answer: never the failed primary, nor a member that is
    // not a connected secondary (e.g. the old primary listed as pending-resync after the writer moved).
    if (mode !== 'switchover' && (isFailedPrimary || m.isWriter || m.synchronizationStatus !== 'connected'))
      continue;
    const c = await gw.describeCluster(m.region, m.clusterArn).catch((err: unknown) => {
      if (err instanceof GatewayError) return undefined;
      throw err;
    });
    if (c) clusters.push(c);
  }
  return clusters;
}

/** The replication lag of the secondaries (failover/detach: the target region's CloudWatch only). */
async function readLags(
  gw: Gateway,
  mode: Mode,
  g: GlobalClusterView,
  targetArn: string,
  lagWindow: number,
): Promise<Map<string, LagReading>> {
  const lags = new Map<string, LagReading>();
  for (const m of g.members) {
    if (m.isWriter) continue;
    if (mode !== 'switchover' && m.clusterArn !== targetArn) continue;
    try {
      lags.set(m.clusterArn, await gw.readLag(m.region, clusterIdFromArn(m.clusterArn), lagWindow));
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
      lags.set(m.clusterArn, { metric: 'AuroraGlobalDBRPOLag', windowSeconds: lagWindow });
    }
  }
  return lags;
}

/** The DNS cutover of the records to move with the writer: all in one hosted zone (one batch). */
async function planDns(gw: Gateway, specs: DnsTargetSpec[], to: string): Promise<DnsPlans> {
  const zones = await gw.listHostedZones();
  const resolved = specs.map((spec) => ({ spec, zone: findZone(zones, spec.zone) }));
  const ids = [...new Set(resolved.map((x) => x.zone.id))];
  if (ids.length > 1) {
    // One batch is atomic within one hosted zone only: several zones would be several batches, each able to fail alone.
    const byZone = ids.map((id) => {
      const xs = resolved.filter((x) => x.zone.id === id);
      return { zone: xs[0]!.zone, records: xs.map((x) => x.spec.record) };
    });
    throw crossZoneError(
      byZone.map((z) => ({
        zone: `${z.zone.name} (${z.zone.id})`,
        zoneArg: z.zone.id,
        records: z.records,
      })),
      to,
    );
  }
  const plans = [];
  for (const { spec, zone } of resolved)
    plans.push(planDnsChange(zone, await gw.listRecordSets(zone.id, spec.record), spec, to));
  checkBatch(plans);
  return packPlans(plans);
}

function planData(p: FailoverParams, st: FailoverState): FailoverData {
  const { fromArn, fromRegion, dns } = st;
  return {
    mode: p.mode,
    globalClusterId: st.g.id,
    targetRegion: st.to,
    targetClusterArn: st.targetArn,
    targetClusterId: clusterIdFromArn(st.targetArn),
    ...(fromArn ? { fromClusterArn: fromArn } : {}),
    ...(fromRegion ? { fromRegion } : {}),
    ...(dns ? { dns } : {}),
  };
}

// ---------------------------------------------------------------- 2. plan summary

function planSummary(p: FailoverParams, st: FailoverState): string[] {
  const { to, g, writer, target, targetArn, lags, targetLag, lb, dns } = st;
  const failoverState = g.failoverState ? `, FailoverState ${g.failoverState.status}` : '';
  const targetDesc = target
    ? ` (${target.status}, ${target.instanceCount} instance(s), ${target.engineVersion})`
    : ' (cluster not readable)';
  const modeDesc =
    p.mode === 'switchover'
      ? 'no data loss; writes pause while the writer moves (typically 1–8 min)'
      : p.mode === 'failover'
        ? `MAY LOSE DATA: writes not yet replicated to ${to} are lost; ` +
          `no call is made to ${st.fromRegion ?? 'the primary region'}`
        : `LAST RESORT, MAY LOSE DATA: ${to} stops replicating and becomes a standalone cluster; ` +
          `other regions stay in ${g.id}`;
  const summary: string[] = [
    `Aurora global database ${g.id} (${g.engine} ${g.engineVersion}), status ${g.status}${failoverState}`,
    `  Writer now: ${writer ? `${writer.region}  ${writer.clusterArn}` : 'none'}`,
    `  Target:     ${to}  ${targetArn}${targetDesc}`,
    `  Mode:       ${p.mode} — ${modeDesc}`,
  ];
  for (const m of g.members.filter((x) => !x.isWriter)) {
    const l = lags.get(m.clusterArn);
    if (!l && p.mode !== 'switchover') continue;
    summary.push(
      `  Secondary ${m.region}: ${m.synchronizationStatus ?? 'unknown sync'}, lag ${formatLag(l)}` +
        (l?.valueMs !== undefined
          ? ` → data-loss window if failed over now: ≤ ${(l.valueMs / 1000).toFixed(1)} s`
          : ''),
    );
  }
  const best = [...lags.entries()]
    .filter(([, l]) => l.valueMs !== undefined)
    .sort((a, b) => a[1].valueMs! - b[1].valueMs!)[0];
  if (
    best &&
    best[0] !== targetArn &&
    targetLag?.valueMs !== undefined &&
    best[1].valueMs! < targetLag.valueMs
  ) {
    summary.push(
      `  Note: ${best[0].split(':')[3]} has the lowest lag; ` +
        'AWS advises failing over to the secondary with the least lag.',
    );
  }
  if (lb)
    summary.push(
      `  Load balancer ${lb.name} in ${to}: healthy targets per AZ ${JSON.stringify(lb.healthyByAz)}`,
    );
  if (dns) summary.push(...dnsBatchSummary(dns));
  return summary;
}

// ---------------------------------------------------------------- 3. preconditions (fresh state)

async function failoverPreconditions(
  gw: Gateway,
  p: FailoverParams,
  st: FailoverState,
): Promise<PreconditionResult[]> {
  const { to, g, targetMember, target, clusters, targetLag, lb, dns, fromRegion } = st;
  const agdStep =
    p.mode === 'switchover' ? 'agd-switchover' : p.mode === 'failover' ? 'agd-failover' : 'agd-detach';
  const pre: PreconditionResult[] = [];
  const add = (r: Omit<PreconditionResult, 'before'>, before = agdStep) => pre.push({ ...r, before });
  const fs = g.failoverState;
  add({
    id: 'agd.no-failover-in-flight',
    title: 'No switchover or failover already in flight',
    forcible: false,
    ok: !fs,
    message: fs
      ? `FailoverState ${fs.status} from ${fs.fromClusterArn ?? '?'} to ${fs.toClusterArn ?? '?'} — ` +
        'started by someone else; resil will not start a second one'
      : 'no FailoverState',
  });
  add({
    id: 'agd.global-available',
    title: 'Global database available',
    forcible: p.mode !== 'switchover',
    ok: g.status === 'available',
    message: `status ${g.status}`,
  });
  const sync = targetMember?.synchronizationStatus;
  if (p.mode !== 'detach') {
    // In failover mode the measured lag (not forcible) is what bounds the data loss; the sync status
    // reported during an outage may be stale, so --force may override it there.
    add({
      id: 'agd.target-synchronizing',
      title: `${to} is a secondary that is replicating`,
      forcible: p.mode === 'failover' && !targetMember?.isWriter,
      ok: !!targetMember && !targetMember.isWriter && (sync === undefined || sync === 'connected'),
      message: targetMember?.isWriter
        ? `${to} is already the writer`
        : `SynchronizationStatus ${sync ?? 'not reported'}`,
    });
  }
  add({
    id: 'agd.target-available',
    title: `Target cluster in ${to} is available with ≥ 1 instance`,
    forcible: true,
    ok: !!target && target.status === 'available' && target.instanceCount >= 1,
    message: target
      ? `${target.id} ${target.status}, ${target.instanceCount} instance(s)`
      : 'target cluster could not be read',
  });

  const inv = liveInventory(g, clusters, new Date());
  const parity = p.mode === 'switchover' ? reuseCheck('agd.version-parity', inv) : undefined;
  if (parity) {
    const bad = parity.findings.filter((f) => f.status === 'fail');
    add({
      id: 'agd.version-parity',
      title: 'Engine versions match across regions',
      forcible: true,
      check: 'agd.version-parity',
      ok: bad.length === 0,
      message: bad.length ? bad.map((f) => f.message).join('; ') : 'audit check agd.version-parity passes',
    });
  } else {
    const versions = clusters.map((c) => `${c.region} ${c.engineVersion}`);
    const want = target?.engineVersion ?? g.engineVersion;
    const differing = clusters.filter((c) => c.engineVersion !== want);
    add({
      id: 'agd.version-parity',
      title: 'Engine versions match across regions',
      forcible: true,
      ok: differing.length === 0 && !!target,
      message: differing.length ? `engine versions differ: ${versions.join(', ')}` : `all ${want}`,
    });
  }
  if (p.mode === 'switchover') {
    const topo = reuseCheck('agd.topology-healthy', inv);
    if (topo) {
      const bad = topo.findings.filter(
        (f) =>
          f.status === 'fail' &&
          (f.resource.id === g.id || f.resource.arn === g.arn || f.resource.type === 'AWS::Account'),
      );
      add({
        id: 'agd.topology-healthy',
        title: 'Global topology healthy (audit check)',
        forcible: false,
        check: 'agd.topology-healthy',
        ok: bad.length === 0,
        message: bad.length
          ? bad.map((f) => f.message).join('; ')
          : 'audit check agd.topology-healthy passes',
      });
    }
  }
  const lagOk = targetLag?.valueMs !== undefined && targetLag.valueMs <= p.maxLagSeconds * 1000;
  add({
    id: 'agd.replication-lag',
    title: `Replication lag to ${to} ≤ --max-lag ${p.maxLagSeconds} s`,
    // A switchover waits for replication to catch up, so overriding it cannot lose data.
    forcible: p.mode === 'switchover',
    ok: lagOk,
    message:
      targetLag?.valueMs === undefined
        ? `lag ${formatLag(targetLag)}`
        : `lag ${(targetLag.valueMs / 1000).toFixed(1)} s (limit ${p.maxLagSeconds} s)`,
  });
  if (lb) {
    const title = `Load balancer ${lb.name} in ${to} has healthy targets in ≥ 2 AZs`;
    const reused = reuseCheck('dr.standby-lb-healthy', lbInventory(to, lb, new Date(), fromRegion), {
      standbyRegion: to,
      primaryRegion: fromRegion ?? null,
    });
    const verdict = reused?.findings.find(
      (f) => f.resource.arn === lb.arn || f.resource.id === lb.arn || f.resource.name === lb.name,
    );
    if (verdict && (verdict.status === 'pass' || verdict.status === 'fail')) {
      add({
        id: 'dr.standby-lb-healthy',
        title,
        forcible: true,
        check: 'dr.standby-lb-healthy',
        ok: verdict.status === 'pass',
        message: verdict.message,
      });
    } else {
      const azs = Object.entries(lb.healthyByAz)
        .filter(([az, n]) => n > 0 && az !== 'unknown')
        .map(([az]) => az);
      add({
        id: 'dr.standby-lb-healthy',
        title,
        forcible: true,
        ok: azs.length >= 2,
        message: `healthy targets in ${azs.length} AZ(s)${azs.length ? ` (${azs.join(', ')})` : ''}`,
      });
    }
  }
  if (dns) for (const r of await dnsBatchPreconditions(gw, dns, 'dns-change')) pre.push(r);
  return pre;
}
