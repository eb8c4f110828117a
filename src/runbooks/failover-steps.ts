/**
 * The steps of `resil failover` (built by failover.ts from what the plan read): the one mutating
 * call of the mode (switchover, failover or detach) and its wait, the wait for the target cluster,
 * then (after any DNS steps) the post-check of the DR posture.
 */
import type { Gateway, GlobalClusterView, LagReading } from '../aws/gateway/types.js';
import type { Mode } from './failover.js';
import { liveInventory, reuseCheck } from './reuse.js';
import type { Step, StepState, VerifyResult } from './types.js';

export const DEFAULT_RESYNC_TIMEOUT_MS = 5 * 60_000;

export function clusterIdFromArn(arn: string): string {
  return arn.split(':').pop() ?? arn;
}

export function formatLag(l: LagReading | undefined): string {
  if (!l || l.valueMs === undefined) {
    const window =
      Math.round(l?.windowSeconds ?? 600) >= 3600
        ? `${Math.round((l?.windowSeconds ?? 0) / 3600)} h`
        : `${Math.round((l?.windowSeconds ?? 600) / 60)} min`;
    return `unknown (no AuroraGlobalDBRPOLag data in the last ${window})`;
  }
  return `${(l.valueMs / 1000).toFixed(1)} s (AuroraGlobalDBRPOLag at ${l.at})`;
}

/** One line on the global database as seen from the target region (observed, live state). */
export function describeGlobal(g: GlobalClusterView | undefined, targetArn: string): string {
  if (!g) return 'global cluster not visible';
  const writer = g.members.find((m) => m.isWriter);
  const target = g.members.find((m) => m.clusterArn === targetArn);
  const sync = target?.synchronizationStatus ? ` ${target.synchronizationStatus}` : '';
  return [
    `FailoverState ${g.failoverState ? g.failoverState.status : 'none'}`,
    `writer ${writer ? writer.region : 'none'}`,
    `target ${target ? `IsWriter=${target.isWriter}${sync}` : 'not a member'}`,
    `global ${g.status}`,
  ].join(' · ');
}

export async function readGlobal(
  gw: Gateway,
  region: string,
  id: string,
): Promise<GlobalClusterView | undefined> {
  // Some endpoints ignore the identifier filter: always select client-side.
  return (await gw.describeGlobalClusters(region)).find((g) => g.id === id || g.arn === id);
}

/** What the Aurora steps act on, fixed by the plan. */
export interface AgdTarget {
  mode: Mode;
  gid: string;
  /** The target region. */
  to: string;
  targetArn: string;
  fromRegion: string | undefined;
  /** The lag read by the plan (the RPO estimate when a fresh read fails). */
  targetLag: LagReading | undefined;
  lagWindow: number;
  /** How long to wait for the writer to move, then for the target cluster (--agd-timeout). */
  timeoutMs: number;
}

/** The mutating step of the mode, then the wait until the target cluster is available as the writer. */
export function agdSteps(t: AgdTarget): Step[] {
  return [mutationStep(t), targetAvailableStep(t)];
}

/** Has the writer moved (done), is an operation toward the target in flight (in-progress), or neither (todo)? */
async function agdIsDone(t: AgdTarget, gw: Gateway): Promise<StepState> {
  const { to, gid, targetArn } = t;
  const live = await readGlobal(gw, to, gid);
  const observed = describeGlobal(live, targetArn);
  if (t.mode === 'detach') {
    const member = live?.members.some((m) => m.clusterArn === targetArn);
    if (member) return { status: 'todo', observed };
    const c = await gw.describeCluster(to, targetArn);
    return {
      status: c && c.status === 'available' && !c.globalClusterId ? 'done' : 'in-progress',
      observed: `${observed} · cluster ${c?.status ?? 'missing'}`,
    };
  }
  const f = live?.failoverState;
  if (f && f.toClusterArn === targetArn) {
    return {
      status: 'in-progress',
      observed,
      ...(t.mode === 'switchover' && f.isDataLossAllowed
        ? {
            warning:
              `The operation in flight toward ${to} is a failover that allows data loss (IsDataLossAllowed=true), not a switchover: ` +
              'writes not yet replicated may be lost. resil only waits for it; it reports no RPO.',
          }
        : {}),
    };
  }
  const target = live?.members.find((m) => m.clusterArn === targetArn);
  if (!f && target?.isWriter) return { status: 'done', observed };
  return { status: 'todo', observed };
}

/**
 * Polled until the writer is in the target region and the global database is available again.
 * Stops early (fatal) when AWS cancels the operation, when another operation is in flight, or when
 * the operation ended without moving the writer.
 */
function agdVerify(t: AgdTarget): NonNullable<Step['verify']> {
  const { to, gid, targetArn } = t;
  let seenInFlight = false;
  let stalled = 0;
  return {
    timeoutMs: t.timeoutMs,
    whatToCheck:
      `\`aws rds describe-global-clusters --region ${to} --global-cluster-identifier ${gid}\` ` +
      `(FailoverState, IsWriter) and the RDS events of ${to}.`,
    check: async (ctx: { gw: Gateway }): Promise<VerifyResult> => {
      const live = await readGlobal(ctx.gw, to, gid);
      const observed = describeGlobal(live, targetArn);
      if (t.mode === 'detach') {
        const member = live?.members.some((m) => m.clusterArn === targetArn);
        const c = await ctx.gw.describeCluster(to, targetArn);
        return {
          ok: !member && c?.status === 'available' && !c.globalClusterId,
          observed: `${observed} · cluster ${c?.status ?? 'missing'}`,
        };
      }
      const fs = live?.failoverState;
      if (fs?.status === 'cancelling')
        return { ok: false, observed, fatal: 'AWS is cancelling the operation (rolling it back)' };
      if (fs?.toClusterArn && fs.toClusterArn !== targetArn) {
        return {
          ok: false,
          observed,
          fatal:
            `another ${fs.status} operation toward ${fs.toClusterArn} is in flight (started by someone else): ` +
            'resil does not wait for it or start another',
        };
      }
      const target = live?.members.find((m) => m.clusterArn === targetArn);
      if (fs) seenInFlight = true;
      // FailoverState gone and the target still not the writer, a few reads in a row: the operation
      // ended without moving the writer (failed or rolled back). Waiting cannot help.
      stalled = seenInFlight && live && !fs && !target?.isWriter ? stalled + 1 : 0;
      if (stalled >= 3) {
        return {
          ok: false,
          observed,
          fatal:
            `the operation ended without moving the writer to ${to} (AWS failed or rolled it back): ` +
            `read the RDS events of ${to} and ${t.fromRegion ?? 'the primary region'}`,
        };
      }
      return {
        ok: !!live && !live.failoverState && !!target?.isWriter && live.status === 'available',
        observed,
      };
    },
  };
}

/** The RPO estimate of a data-loss mode: the last lag value read just before the cut. */
async function lagBeforeCut(t: AgdTarget, gw: Gateway): Promise<Record<string, unknown>> {
  const lag = await gw.readLag(t.to, clusterIdFromArn(t.targetArn), t.lagWindow).catch(() => t.targetLag);
  return lag?.valueMs !== undefined ? { rpoSeconds: Math.round(lag.valueMs / 100) / 10, lagAt: lag.at } : {};
}

/** The one mutating call of the mode: SwitchoverGlobalCluster, FailoverGlobalCluster or RemoveFromGlobalCluster. */
function mutationStep(t: AgdTarget): Step {
  const { to, gid, targetArn: tArn, fromRegion } = t;
  const common = {
    mutating: true,
    isDone: (ctx: { gw: Gateway }) => agdIsDone(t, ctx.gw),
    verify: agdVerify(t),
  };
  if (t.mode === 'switchover') {
    return {
      id: 'agd-switchover',
      title: `Switch over ${gid}: writer ${fromRegion ?? '?'} → ${to}`,
      canLoseData: false,
      change:
        `The writer of ${gid} moves from ${fromRegion ?? '?'} to ${to} (${tArn}). ` +
        'No data loss; writes pause while it moves.',
      describe: () => [
        {
          service: 'rds',
          region: to,
          operation: 'SwitchoverGlobalCluster',
          params: { GlobalClusterIdentifier: gid, TargetDbClusterIdentifier: tArn },
        },
      ],
      execute: async (ctx) => ({ ...(await ctx.gw.switchoverGlobalCluster(to, gid, tArn)), rpoSeconds: 0 }),
      ...common,
    };
  }
  if (t.mode === 'failover') {
    return {
      id: 'agd-failover',
      title: `Fail over ${gid} to ${to} (allow data loss)`,
      canLoseData: true,
      change:
        `The writer of ${gid} moves to ${to} (${tArn}) WITHOUT waiting for ${fromRegion ?? 'the old primary'}: ` +
        `writes not yet replicated (lag ${formatLag(t.targetLag)}) are lost.`,
      describe: () => [
        {
          service: 'rds',
          region: to,
          operation: 'FailoverGlobalCluster',
          params: { GlobalClusterIdentifier: gid, TargetDbClusterIdentifier: tArn, AllowDataLoss: true },
        },
      ],
      execute: async (ctx) => {
        const rpo = await lagBeforeCut(t, ctx.gw);
        const res = await ctx.gw.failoverGlobalCluster(to, gid, tArn);
        return { ...res, ...rpo };
      },
      ...common,
    };
  }
  return {
    id: 'agd-detach',
    title: `Detach ${to} from ${gid} and promote it to a standalone writer`,
    canLoseData: true,
    change:
      `${tArn} stops replicating from ${gid} and becomes a standalone writer cluster. ` +
      `Writes not yet replicated are lost; other regions stay in ${gid}; ` +
      'the cluster endpoint, not the global endpoint, then takes writes.',
    describe: () => [
      {
        service: 'rds',
        region: to,
        operation: 'RemoveFromGlobalCluster',
        params: { GlobalClusterIdentifier: gid, DbClusterIdentifier: tArn },
      },
    ],
    execute: async (ctx) => {
      const rpo = await lagBeforeCut(t, ctx.gw);
      const res = await ctx.gw.removeFromGlobalCluster(to, gid, tArn);
      return { ...res, ...rpo };
    },
    ...common,
  };
}

function targetAvailableStep(t: AgdTarget): Step {
  const { to, targetArn: tArn } = t;
  return {
    id: 'agd-target-available',
    title: `Wait until the ${to} cluster is available as the writer`,
    mutating: false,
    canLoseData: false,
    describe: () => [
      { service: 'rds', region: to, operation: 'DescribeDBClusters', params: { DBClusterIdentifier: tArn } },
    ],
    isDone: async (ctx) => {
      const prev = await agdIsDone(t, ctx.gw);
      if (prev.status !== 'done') return { status: 'todo', observed: 'writer not moved yet' };
      const c = await ctx.gw.describeCluster(to, tArn);
      return {
        status: c?.status === 'available' ? 'done' : 'todo',
        observed: `cluster ${c?.status ?? 'missing'}`,
      };
    },
    verify: {
      timeoutMs: t.timeoutMs,
      whatToCheck: `\`aws rds describe-db-clusters --region ${to} --db-cluster-identifier ${tArn}\``,
      check: async (ctx) => {
        const c = await ctx.gw.describeCluster(to, tArn);
        return { ok: c?.status === 'available', observed: `cluster ${c?.status ?? 'missing'}` };
      },
    },
  };
}

/**
 * REFERENCE §2.1 step 9 / §2.2 step 7: after the writer moved (and DNS followed), check the DR posture.
 * - switchover: wait (its own timeout) until the old primary is a member again as a secondary with
 *   SynchronizationStatus `connected`, and the audit check agd.topology-healthy passes on fresh state.
 * - failover / detach: never call the failed region and never block: one read from the target region,
 *   then say what to watch for and how to fail back.
 */
export function postCheck(o: {
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
          `But ${fromId} (${from}) is not yet a connected secondary, so ${gid} has no replicating failover target: ` +
          'the DR posture is degraded until it is. ' +
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
    const sync = old?.synchronizationStatus ?? 'SynchronizationStatus not reported';
    const oldState = old
      ? `${fromId} (${from}) is listed in ${gid} as ${old.isWriter ? 'the writer' : `a secondary, ${sync}`}`
      : `${fromId} (${from}) is not listed in ${gid}`;
    if (o.mode === 'detach') {
      const inGlobal = live.members.some((m) => m.clusterArn === o.targetArn);
      return (
        `${clusterIdFromArn(o.targetArn)} is ${inGlobal ? 'still' : 'no longer'} a member of ${gid}; ` +
        `${oldState} (seen from ${to}; ${from} was not called)`
      );
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
          `Until ${fromId} (${from}) replicates again, ${gid} has no failover target. ` +
            `When ${from} recovers, watch it rejoin as a secondary: ` +
            `SynchronizationStatus pending-resync → connected (\`${watch}\`).`,
          o.fromRegion
            ? `Then fail back without data loss: resil failover --to ${o.fromRegion} (a switchover; run it with --dry-run first).`
            : 'Then fail back without data loss with a switchover: resil failover --to <original region> (--dry-run first).',
        ]
      : [
          `${clusterIdFromArn(o.targetArn)} in ${to} is now a standalone cluster outside ${gid}: ` +
            'applications must write to its cluster endpoint.',
          `When ${from} recovers, ${gid} still has its writer ${fromId} there: keep applications off it (two writers is a split brain).`,
          `To restore DR, build a new global database from ${clusterIdFromArn(o.targetArn)} ` +
            `(aws rds create-global-cluster --region ${to} --global-cluster-identifier <new-id> ` +
            `--source-db-cluster-identifier ${o.targetArn}) and add a secondary region; ` +
            '`resil failover --to <region>` then switches over to it.',
        ];
  return { step, next };
}
