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
 * `buildFailover` does reads only and returns the runbook (plan, preconditions, steps).
 */
import {
  GatewayError,
  type ClusterView,
  type Gateway,
  type GlobalClusterView,
  type LagReading,
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
import { lbInventory, liveInventory, reuseCheck } from './reuse.js';
import type { PreconditionResult, Runbook, Step, StepState } from './types.js';

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

export const DEFAULT_RESYNC_TIMEOUT_MS = 5 * 60_000;

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

function clusterIdFromArn(arn: string): string {
  return arn.split(':').pop() ?? arn;
}

export function formatLag(l: LagReading | undefined): string {
  if (!l || l.valueMs === undefined)
    return `unknown (no AuroraGlobalDBRPOLag data in the last ${Math.round(l?.windowSeconds ?? 600) >= 3600 ? `${Math.round((l?.windowSeconds ?? 0) / 3600)} h` : `${Math.round((l?.windowSeconds ?? 600) / 60)} min`})`;
  return `${(l.valueMs / 1000).toFixed(1)} s (AuroraGlobalDBRPOLag at ${l.at})`;
}

function describeGlobal(g: GlobalClusterView | undefined, targetArn: string): string {
  if (!g) return 'global cluster not visible';
  const writer = g.members.find((m) => m.isWriter);
  const target = g.members.find((m) => m.clusterArn === targetArn);
  return [
    `FailoverState ${g.failoverState ? g.failoverState.status : 'none'}`,
    `writer ${writer ? writer.region : 'none'}`,
    `target ${target ? `IsWriter=${target.isWriter}${target.synchronizationStatus ? ` ${target.synchronizationStatus}` : ''}` : 'not a member'}`,
    `global ${g.status}`,
  ].join(' · ');
}

async function readGlobal(gw: Gateway, region: string, id: string): Promise<GlobalClusterView | undefined> {
  // Some endpoints ignore the identifier filter: always select client-side.
  return (await gw.describeGlobalClusters(region)).find((g) => g.id === id || g.arn === id);
}

export async function buildFailover(
  gw: Gateway,
  p: FailoverParams,
  runId: string,
  prior?: FailoverData,
): Promise<Runbook> {
  if (!REGION_RE.test(p.to))
    throw usageError(`--to ${p.to} is not a region name.`, 'Use a region such as us-west-2.');
  const to = p.to;

  // ---------------------------------------------------------------- reads (target region first)
  const all = await gw.describeGlobalClusters(to);
  const wanted = prior?.globalClusterId ?? p.globalCluster;
  let g: GlobalClusterView | undefined;
  if (wanted) {
    g = all.find((x) => x.id === wanted || x.arn === wanted);
    if (!g) {
      throw usageError(
        `Unknown Aurora global database ${wanted} (as seen from ${to}).`,
        all.length
          ? `Global databases: ${all.map((x) => x.id).join(', ')}.`
          : `No Aurora global database is visible from ${to}.`,
      );
    }
  } else if (all.length === 1) {
    g = all[0]!;
  } else if (all.length === 0) {
    throw usageError(
      `No Aurora global database is visible from ${to}.`,
      'Check --to, --profile and --endpoint-url.',
    );
  } else {
    throw usageError(
      `There are ${all.length} Aurora global databases: ${all.map((x) => x.id).join(', ')}.`,
      'Pass --global-cluster ID.',
    );
  }

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
  // Member clusters: in switchover mode every region; in failover/detach never the failed primary.
  const clusters: ClusterView[] = target ? [target] : [];
  const lags = new Map<string, LagReading>();
  for (const m of g.members) {
    if (m.clusterArn === targetArn) continue;
    const isFailedPrimary = m.clusterArn === fromArn;
    // Failover/detach: only regions known to answer: never the failed primary, nor a member that is
    // not a connected secondary (e.g. the old primary listed as pending-resync after the writer moved).
    if (p.mode !== 'switchover' && (isFailedPrimary || m.isWriter || m.synchronizationStatus !== 'connected'))
      continue;
    const c = await gw.describeCluster(m.region, m.clusterArn).catch((err: unknown) => {
      if (err instanceof GatewayError) return undefined;
      throw err;
    });
    if (c) clusters.push(c);
  }
  // During an outage the newest lag point may be old: look back further and show its time.
  const lagWindow = p.mode === 'switchover' ? 600 : 3 * 3600;
  for (const m of g.members) {
    if (m.isWriter) continue;
    if (p.mode !== 'switchover' && m.clusterArn !== targetArn) continue; // only the target region's CloudWatch
    try {
      lags.set(m.clusterArn, await gw.readLag(m.region, clusterIdFromArn(m.clusterArn), lagWindow));
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
      lags.set(m.clusterArn, { metric: 'AuroraGlobalDBRPOLag', windowSeconds: lagWindow });
    }
  }
  const targetLag = lags.get(targetArn);

  const lb = p.loadBalancer ? await gw.targetHealth(to, p.loadBalancer) : undefined;
  if (p.loadBalancer && !lb)
    throw usageError(
      `No load balancer named ${p.loadBalancer} in ${to}.`,
      'Check --load-balancer or runbooks.loadBalancers in .resil.yml.',
    );

  let dns = prior?.dns;
  const specs = Array.isArray(p.dns) ? p.dns : p.dns ? [p.dns] : [];
  if (!dns && specs.length) {
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
    dns = packPlans(plans);
  }

  const data: FailoverData = {
    mode: p.mode,
    globalClusterId: g.id,
    targetRegion: to,
    targetClusterArn: targetArn,
    targetClusterId: clusterIdFromArn(targetArn),
    ...(fromArn ? { fromClusterArn: fromArn } : {}),
    ...(fromRegion ? { fromRegion } : {}),
    ...(dns ? { dns } : {}),
  };

  // ---------------------------------------------------------------- plan summary
  const summary: string[] = [
    `Aurora global database ${g.id} (${g.engine} ${g.engineVersion}), status ${g.status}${g.failoverState ? `, FailoverState ${g.failoverState.status}` : ''}`,
    `  Writer now: ${writer ? `${writer.region}  ${writer.clusterArn}` : 'none'}`,
    `  Target:     ${to}  ${targetArn}${target ? ` (${target.status}, ${target.instanceCount} instance(s), ${target.engineVersion})` : ' (cluster not readable)'}`,
    `  Mode:       ${p.mode} — ${
      p.mode === 'switchover'
        ? 'no data loss; writes pause while the writer moves (typically 1–8 min)'
        : p.mode === 'failover'
          ? `MAY LOSE DATA: writes not yet replicated to ${to} are lost; no call is made to ${fromRegion ?? 'the primary region'}`
          : `LAST RESORT, MAY LOSE DATA: ${to} stops replicating and becomes a standalone cluster; other regions stay in ${g.id}`
    }`,
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
      `  Note: ${best[0].split(':')[3]} has the lowest lag; AWS advises failing over to the secondary with the least lag.`,
    );
  }
  if (lb)
    summary.push(
      `  Load balancer ${lb.name} in ${to}: healthy targets per AZ ${JSON.stringify(lb.healthyByAz)}`,
    );
  if (dns) summary.push(...dnsBatchSummary(dns));

  // ---------------------------------------------------------------- preconditions (fresh state)
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
      ? `FailoverState ${fs.status} from ${fs.fromClusterArn ?? '?'} to ${fs.toClusterArn ?? '?'} — started by someone else; resil will not start a second one`
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

  // ---------------------------------------------------------------- steps
  const gid = g.id;
  const tArn = targetArn;
  const agdIsDone = async (gw2: Gateway): Promise<StepState> => {
    const live = await readGlobal(gw2, to, gid);
    const observed = describeGlobal(live, tArn);
    if (p.mode === 'detach') {
      const member = live?.members.some((m) => m.clusterArn === tArn);
      if (member) return { status: 'todo', observed };
      const c = await gw2.describeCluster(to, tArn);
      return {
        status: c && c.status === 'available' && !c.globalClusterId ? 'done' : 'in-progress',
        observed: `${observed} · cluster ${c?.status ?? 'missing'}`,
      };
    }
    const f = live?.failoverState;
    if (f && f.toClusterArn === tArn) {
      return {
        status: 'in-progress',
        observed,
        ...(p.mode === 'switchover' && f.isDataLossAllowed
          ? {
              warning:
                `The operation in flight toward ${to} is a failover that allows data loss (IsDataLossAllowed=true), not a switchover: ` +
                'writes not yet replicated may be lost. resil only waits for it; it reports no RPO.',
            }
          : {}),
      };
    }
    const t = live?.members.find((m) => m.clusterArn === tArn);
    if (!f && t?.isWriter) return { status: 'done', observed };
    return { status: 'todo', observed };
  };
  let seenInFlight = false;
  let stalled = 0;
  const agdVerify = {
    timeoutMs: p.agdTimeoutMs,
    whatToCheck: `\`aws rds describe-global-clusters --region ${to} --global-cluster-identifier ${gid}\` (FailoverState, IsWriter) and the RDS events of ${to}.`,
    check: async (ctx: { gw: Gateway }) => {
      const live = await readGlobal(ctx.gw, to, gid);
      const observed = describeGlobal(live, tArn);
      if (p.mode === 'detach') {
        const member = live?.members.some((m) => m.clusterArn === tArn);
        const c = await ctx.gw.describeCluster(to, tArn);
        return {
          ok: !member && c?.status === 'available' && !c.globalClusterId,
          observed: `${observed} · cluster ${c?.status ?? 'missing'}`,
        };
      }
      const fs2 = live?.failoverState;
      if (fs2?.status === 'cancelling')
        return { ok: false, observed, fatal: 'AWS is cancelling the operation (rolling it back)' };
      if (fs2?.toClusterArn && fs2.toClusterArn !== tArn) {
        return {
          ok: false,
          observed,
          fatal: `another ${fs2.status} operation toward ${fs2.toClusterArn} is in flight (started by someone else): resil does not wait for it or start another`,
        };
      }
      const t = live?.members.find((m) => m.clusterArn === tArn);
      if (fs2) seenInFlight = true;
      // FailoverState gone and the target still not the writer, a few reads in a row: the operation
      // ended without moving the writer (failed or rolled back). Waiting cannot help.
      stalled = seenInFlight && live && !fs2 && !t?.isWriter ? stalled + 1 : 0;
      if (stalled >= 3) {
        return {
          ok: false,
          observed,
          fatal: `the operation ended without moving the writer to ${to} (AWS failed or rolled it back): read the RDS events of ${to} and ${fromRegion ?? 'the primary region'}`,
        };
      }
      return { ok: !!live && !live.failoverState && !!t?.isWriter && live.status === 'available', observed };
    },
  };
  const steps: Step[] = [];
  if (p.mode === 'switchover') {
    steps.push({
      id: 'agd-switchover',
      title: `Switch over ${gid}: writer ${fromRegion ?? '?'} → ${to}`,
      mutating: true,
      canLoseData: false,
      change: `The writer of ${gid} moves from ${fromRegion ?? '?'} to ${to} (${tArn}). No data loss; writes pause while it moves.`,
      describe: () => [
        {
          service: 'rds',
          region: to,
          operation: 'SwitchoverGlobalCluster',
          params: { GlobalClusterIdentifier: gid, TargetDbClusterIdentifier: tArn },
        },
      ],
      isDone: (ctx) => agdIsDone(ctx.gw),
      execute: async (ctx) => ({ ...(await ctx.gw.switchoverGlobalCluster(to, gid, tArn)), rpoSeconds: 0 }),
      verify: agdVerify,
    });
  } else if (p.mode === 'failover') {
    steps.push({
      id: 'agd-failover',
      title: `Fail over ${gid} to ${to} (allow data loss)`,
      mutating: true,
      canLoseData: true,
      change: `The writer of ${gid} moves to ${to} (${tArn}) WITHOUT waiting for ${fromRegion ?? 'the old primary'}: writes not yet replicated (lag ${formatLag(targetLag)}) are lost.`,
      describe: () => [
        {
          service: 'rds',
          region: to,
          operation: 'FailoverGlobalCluster',
          params: { GlobalClusterIdentifier: gid, TargetDbClusterIdentifier: tArn, AllowDataLoss: true },
        },
      ],
      isDone: (ctx) => agdIsDone(ctx.gw),
      execute: async (ctx) => {
        // The RPO estimate: the last lag value read just before the cut.
        const lag = await ctx.gw.readLag(to, clusterIdFromArn(tArn), lagWindow).catch(() => targetLag);
        const res = await ctx.gw.failoverGlobalCluster(to, gid, tArn);
        return {
          ...res,
          ...(lag?.valueMs !== undefined
            ? { rpoSeconds: Math.round(lag.valueMs / 100) / 10, lagAt: lag.at }
            : {}),
        };
      },
      verify: agdVerify,
    });
  } else {
    steps.push({
      id: 'agd-detach',
      title: `Detach ${to} from ${gid} and promote it to a standalone writer`,
      mutating: true,
      canLoseData: true,
      change: `${tArn} stops replicating from ${gid} and becomes a standalone writer cluster. Writes not yet replicated are lost; other regions stay in ${gid}; the cluster endpoint, not the global endpoint, then takes writes.`,
      describe: () => [
        {
          service: 'rds',
          region: to,
          operation: 'RemoveFromGlobalCluster',
          params: { GlobalClusterIdentifier: gid, DbClusterIdentifier: tArn },
        },
      ],
      isDone: (ctx) => agdIsDone(ctx.gw),
      execute: async (ctx) => {
        const lag = await ctx.gw.readLag(to, clusterIdFromArn(tArn), lagWindow).catch(() => targetLag);
        const res = await ctx.gw.removeFromGlobalCluster(to, gid, tArn);
        return {
          ...res,
          ...(lag?.valueMs !== undefined
            ? { rpoSeconds: Math.round(lag.valueMs / 100) / 10, lagAt: lag.at }
            : {}),
        };
      },
      verify: agdVerify,
    });
  }
  steps.push({
    id: 'agd-target-available',
    title: `Wait until the ${to} cluster is available as the writer`,
    mutating: false,
    canLoseData: false,
    describe: () => [
      { service: 'rds', region: to, operation: 'DescribeDBClusters', params: { DBClusterIdentifier: tArn } },
    ],
    isDone: async (ctx) => {
      const prev = await agdIsDone(ctx.gw);
      if (prev.status !== 'done') return { status: 'todo', observed: 'writer not moved yet' };
      const c = await ctx.gw.describeCluster(to, tArn);
      return {
        status: c?.status === 'available' ? 'done' : 'todo',
        observed: `cluster ${c?.status ?? 'missing'}`,
      };
    },
    verify: {
      timeoutMs: p.agdTimeoutMs,
      whatToCheck: `\`aws rds describe-db-clusters --region ${to} --db-cluster-identifier ${tArn}\``,
      check: async (ctx) => {
        const c = await ctx.gw.describeCluster(to, tArn);
        return { ok: c?.status === 'available', observed: `cluster ${c?.status ?? 'missing'}` };
      },
    },
  });
  if (dns) steps.push(...dnsSteps(dns, { waitTtl: p.waitTtl, insyncTimeoutMs: p.dnsTimeoutMs, runId }));
  const post = postCheck({
    mode: p.mode,
    gid,
    to,
    targetArn: tArn,
    fromArn,
    fromRegion,
    dns: !!dns,
    timeoutMs: p.resyncTimeoutMs ?? DEFAULT_RESYNC_TIMEOUT_MS,
  });
  steps.push(post.step);

  return {
    kind: 'failover',
    title: `${p.mode} of ${gid} to ${to}`,
    lockKey: `agd-${gid}`,
    confirmToken: gid,
    summary,
    data: data as unknown as Record<string, unknown>,
    preconditions: pre,
    steps,
    next: post.next,
    liveState: async (ctx) => {
      const db = await readGlobal(ctx.gw, to, gid).then(
        (g2) => describeGlobal(g2, tArn),
        (e: unknown) => `${gid} could not be read from ${to} (${(e as Error).message})`,
      );
      return dns ? `${db} · ${await dnsLiveState(ctx.gw, dns)}` : db;
    },
    resumeCommand: (id) => `resil failover --resume ${id}`,
  };
}

/**
 * REFERENCE §2.1 step 9 / §2.2 step 7: after the writer moved (and DNS followed), check the DR posture.
 * - switchover: wait (its own timeout) until the old primary is a member again as a secondary with
 *   SynchronizationStatus `connected`, and the audit check agd.topology-healthy passes on fresh state.
 * - failover / detach: never call the failed region and never block: one read from the target region,
 *   then say what to watch for and how to fail back.
 */
function postCheck(o: {
  mode: Mode;
  gid: string;
  to: string;
  targetArn: string;
  fromArn: string | undefined;
  fromRegion: string | undefined;
  dns: boolean;
  timeoutMs: number;
}): { step: Step; next: string[] } {
  const { gid, to } = o;
  const from = o.fromRegion ?? 'the old primary region';
  const fromId = o.fromArn ? clusterIdFromArn(o.fromArn) : 'the old primary cluster';
  const watch = `aws rds describe-global-clusters --region ${to} --global-cluster-identifier ${gid}`;
  const read = [
    {
      service: 'rds',
      region: to,
      operation: 'DescribeGlobalClusters',
      params: { GlobalClusterIdentifier: gid },
    },
  ];
  const todo = async (): Promise<StepState> => ({ status: 'todo', observed: 'not checked yet' });

  if (o.mode === 'switchover') {
    const step: Step = {
      id: 'agd-post-check',
      title: `Post-check: ${from} is back in ${gid} as a connected secondary; topology healthy`,
      mutating: false,
      canLoseData: false,
      postCheck: true,
      describe: () => read,
      isDone: todo,
      verify: {
        timeoutMs: o.timeoutMs,
        whatToCheck: `\`${watch}\` (SynchronizationStatus of ${o.fromArn ?? fromId}) and the RDS events of ${from}.`,
        onTimeout:
          `The switchover itself completed: the writer is in ${to}${o.dns ? ' and DNS points there' : ''}, and no data was lost. ` +
          `But ${fromId} (${from}) is not yet a connected secondary, so ${gid} has no replicating failover target: the DR posture is degraded until it is. ` +
          'Resume to keep waiting.',
        check: async (ctx) => {
          const live = await readGlobal(ctx.gw, to, gid);
          if (!live) return { ok: false, observed: `${gid} not visible from ${to}` };
          const old = live.members.find((m) => m.clusterArn === o.fromArn);
          const oldState = !old
            ? `${fromId} is not a member of ${gid}`
            : old.isWriter
              ? `${fromId} is still the writer`
              : `${fromId} (${from}) ${old.synchronizationStatus ?? 'SynchronizationStatus not reported'}`;
          if (!old || old.isWriter || old.synchronizationStatus !== 'connected')
            return { ok: false, observed: oldState };
          const topo = reuseCheck('agd.topology-healthy', liveInventory(live, [], new Date(ctx.now())));
          const bad = topo?.findings.filter((f) => f.status === 'fail') ?? [];
          if (!topo) {
            // Check not registered: its core conditions, read directly.
            const ok =
              live.status === 'available' &&
              !live.failoverState &&
              live.members.filter((m) => m.isWriter).length === 1;
            return {
              ok,
              observed: `${oldState}; global ${live.status}${live.failoverState ? `, FailoverState ${live.failoverState.status}` : ''}`,
            };
          }
          return bad.length
            ? {
                ok: false,
                observed: `${oldState}; agd.topology-healthy fails: ${bad.map((f) => f.message).join('; ')}`,
              }
            : { ok: true, observed: `${oldState}; audit check agd.topology-healthy passes` };
        },
      },
    };
    return {
      step,
      next: o.fromRegion
        ? [
            `To switch back later (no data loss): resil failover --to ${o.fromRegion} --dry-run, then without --dry-run.`,
          ]
        : [],
    };
  }

  const observe = async (gw: Gateway): Promise<string> => {
    let live: GlobalClusterView | undefined;
    try {
      live = await readGlobal(gw, to, gid);
    } catch (err) {
      return `could not read ${gid} from ${to} (${(err as Error).message}); nothing else to check now`;
    }
    if (!live) return `${gid} is not visible from ${to}`;
    const old = live.members.find((m) => m.clusterArn === o.fromArn);
    const oldState = old
      ? `${fromId} (${from}) is listed in ${gid} as ${old.isWriter ? 'the writer' : `a secondary, ${old.synchronizationStatus ?? 'SynchronizationStatus not reported'}`}`
      : `${fromId} (${from}) is not listed in ${gid}`;
    if (o.mode === 'detach') {
      const inGlobal = live.members.some((m) => m.clusterArn === o.targetArn);
      return `${clusterIdFromArn(o.targetArn)} is ${inGlobal ? 'still' : 'no longer'} a member of ${gid}; ${oldState} (seen from ${to}; ${from} was not called)`;
    }
    return `${oldState} (seen from ${to}; ${from} was not called)`;
  };
  const step: Step = {
    id: 'agd-post-check',
    title:
      o.mode === 'failover'
        ? `Post-check: state of ${from} (read from ${to} only; does not wait)`
        : `Post-check: state of ${gid} after the detach (read from ${to} only; does not wait)`,
    mutating: false,
    canLoseData: false,
    postCheck: true,
    describe: () => read,
    isDone: todo,
    verify: {
      timeoutMs: o.timeoutMs,
      whatToCheck: `\`${watch}\``,
      // Never blocks and never fails: it reports what it sees once.
      check: async (ctx) => ({ ok: true, observed: await observe(ctx.gw) }),
    },
  };
  const next =
    o.mode === 'failover'
      ? [
          `Until ${fromId} (${from}) replicates again, ${gid} has no failover target. When ${from} recovers, watch it rejoin as a secondary: ` +
            `SynchronizationStatus pending-resync → connected (\`${watch}\`).`,
          o.fromRegion
            ? `Then fail back without data loss: resil failover --to ${o.fromRegion} (a switchover; run it with --dry-run first).`
            : 'Then fail back without data loss with a switchover: resil failover --to <original region> (--dry-run first).',
        ]
      : [
          `${clusterIdFromArn(o.targetArn)} in ${to} is now a standalone cluster outside ${gid}: applications must write to its cluster endpoint.`,
          `When ${from} recovers, ${gid} still has its writer ${fromId} there: keep applications off it (two writers is a split brain).`,
          `To restore DR, build a new global database from ${clusterIdFromArn(o.targetArn)} (aws rds create-global-cluster --region ${to} --global-cluster-identifier <new-id> ` +
            `--source-db-cluster-identifier ${o.targetArn}) and add a secondary region; \`resil failover --to <region>\` then switches over to it.`,
        ];
  return { step, next };
}
