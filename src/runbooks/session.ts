/**
 * A run from start to end: builds the runbook (reads only), takes the lock, opens the journal,
 * wires the gateway's call log into it, runs the engine, and releases everything. Also resume:
 * rebuilds the runbook from the journal's parameters and plan, and appends to the same journal.
 */
import { GatewayError, type CallEvent, type Gateway } from '../aws/gateway/types.js';
import { ExitCode, ResilError, usageError } from '../util/errors.js';
import { TOOL } from '../util/version.js';
import { callRecorder, priorFromJournal, runRunbook } from './engine.js';
import type { IoHost, RunOutcome } from './io.js';
import {
  Journal,
  acquireLock,
  indexRun,
  newRunId,
  readJournal,
  resolveRun,
  runRef,
  runsDir,
  type Lock,
} from './journal.js';
import { readOperator } from './operator.js';
import type { Clock, PollTiming } from './poll.js';
import { SharedLock, type SharedLockConfig } from './shared-lock.js';
import type { Runbook } from './types.js';
import { join, resolve } from 'node:path';

export interface SessionOptions {
  io: IoHost;
  makeGateway: (observer: (e: CallEvent) => void, connection: Record<string, unknown>) => Gateway;
  /** Connection settings (endpoint, profile): journaled so a resume can reuse them; never credentials. */
  connection: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  journalPath?: string;
  signal: AbortSignal;
  clock: Clock;
  timing: PollTiming;
  yes: boolean;
  allowDataLoss: boolean;
  force: boolean;
  dryRun: boolean;
  /** The shared lock (runbooks.lock in .resil.yml): taken before the first mutation, released at the end. */
  sharedLock?: SharedLockConfig;
}

export type Builder = (gw: Gateway, runId: string, priorData?: Record<string, unknown>) => Promise<Runbook>;

async function execute(
  rb: Runbook,
  journal: Journal,
  gw: Gateway,
  runId: string,
  o: SessionOptions,
  prior?: ReturnType<typeof priorFromJournal>,
): Promise<RunOutcome> {
  // A dry run changes nothing: it never takes the shared lock.
  const lost = new AbortController();
  const shared =
    o.sharedLock && !o.dryRun
      ? new SharedLock(o.sharedLock, rb.lockKey, runId, rb.title, (why) => {
          journal.append('lock', {
            action: 'lost',
            store: o.sharedLock!.store.where,
            key: rb.lockKey,
            error: why,
          });
          void o.io.emit({ type: 'note', level: 'warn', text: `${why}. Stopping at the next safe point.` });
          lost.abort();
        })
      : undefined;
  try {
    return await runRunbook(rb, {
      io: o.io,
      journal,
      gw,
      runId,
      resumeRef: await indexedRef(runId, journal.path, o),
      yes: o.yes,
      allowDataLoss: o.allowDataLoss,
      force: o.force,
      dryRun: o.dryRun,
      signal: shared ? AbortSignal.any([o.signal, lost.signal]) : o.signal,
      clock: o.clock,
      timing: o.timing,
      ...(prior ? { prior } : {}),
      ...(shared ? { lock: shared } : {}),
    });
  } finally {
    // Released at the end, whatever the end: a resume takes it again.
    if (shared?.taken && !shared.lost) {
      const why = await shared.release();
      journal.append('lock', {
        action: why ? 'release-failed' : 'released',
        store: shared.where,
        key: rb.lockKey,
        ...(why ? { error: why } : {}),
      });
      if (why)
        await o.io.emit({
          type: 'note',
          level: 'warn',
          text: `Could not release the shared lock on ${rb.lockKey} (${shared.where}): ${why}.`,
        });
    }
  }
}

/**
 * How the printed commands name this run: its id, once a journal kept elsewhere (--journal PATH) is
 * indexed under the runs directory; the journal's path when it cannot be (the operator is told).
 */
async function indexedRef(runId: string, path: string, o: SessionOptions): Promise<string> {
  const env = o.env ?? process.env;
  const ref = runRef(runId, path, env);
  if (ref === runId) return ref;
  const why = indexRun(runId, path, env);
  if (why === undefined) return runRef(runId, path, env);
  await o.io.emit({
    type: 'note',
    level: 'warn',
    text: `Run ${runId} could not be indexed under ${runsDir(env)} (${why}): name it by its journal, ${ref}, to resume or show it.`,
  });
  return ref;
}

function lockFor(rb: Runbook, runId: string, o: SessionOptions): Lock | undefined {
  if (o.dryRun) return undefined;
  return acquireLock(rb.lockKey, runId, o.env ?? process.env, (msg) =>
    o.io.emit({ type: 'note', level: 'warn', text: msg }),
  );
}

export async function startRun(
  kind: Runbook['kind'],
  params: Record<string, unknown>,
  build: Builder,
  o: SessionOptions,
): Promise<RunOutcome> {
  const runId = newRunId(kind);
  const rec = callRecorder();
  const gw = o.makeGateway(rec.observer, o.connection);
  const rb = await build(gw, runId);
  // Who runs it, read once before any change (a failure stops here, exit 4): the start record holds it.
  const operator = await readOperator(gw, rb.callerRegion);
  const lock = lockFor(rb, runId, o);
  let journal: Journal | undefined;
  try {
    const path = o.journalPath
      ? resolve(o.journalPath)
      : join(runsDir(o.env ?? process.env), `${runId}.jsonl`);
    journal = Journal.create(path, runId);
    journal.append('run', {
      runId,
      kind,
      tool: TOOL,
      pid: process.pid,
      operator,
      dryRun: o.dryRun,
      params,
      connection: o.connection,
      flags: { yes: o.yes, allowDataLoss: o.allowDataLoss, force: o.force },
    });
    rec.attach(journal);
    return await execute(rb, journal, gw, runId, o);
  } finally {
    journal?.close();
    lock?.release();
  }
}

export interface ResumeInfo {
  runId: string;
  kind: string;
  params: Record<string, unknown>;
  connection: Record<string, unknown>;
  planData?: Record<string, unknown>;
  path: string;
  /** How commands name the run: its id (indexed if it was journaled elsewhere), else its journal path. */
  ref: string;
}

export function loadRun(idOrPath: string, env: NodeJS.ProcessEnv = process.env): ResumeInfo {
  const path = resolveRun(idOrPath, env);
  const records = readJournal(path);
  const run = records.find((r) => r.type === 'run');
  if (!run) throw usageError(`${path} is not a resil run journal.`);
  const plan = records.find((r) => r.type === 'plan');
  const runId = String(run['runId']);
  // A journal named by its path (kept elsewhere, or by an older resil) is indexed so its id works.
  if (runRef(runId, path, env) !== runId) indexRun(runId, path, env);
  return {
    runId,
    ref: runRef(runId, path, env),
    kind: String(run['kind']),
    params: (run['params'] ?? {}) as Record<string, unknown>,
    connection: (run['connection'] ?? {}) as Record<string, unknown>,
    ...(plan ? { planData: (plan['data'] ?? {}) as Record<string, unknown> } : {}),
    path,
  };
}

export async function resumeRun(info: ResumeInfo, build: Builder, o: SessionOptions): Promise<RunOutcome> {
  const records = readJournal(info.path);
  if (records.some((r) => r.type === 'run' && r['dryRun'] === true)) {
    throw usageError(
      `Run ${info.runId} was a dry run: there is nothing to resume.`,
      'Start a new run without --dry-run.',
    );
  }
  const rec = callRecorder();
  const gw = o.makeGateway(rec.observer, { ...info.connection, ...o.connection });
  const prior = priorFromJournal(records);
  let rb: Runbook;
  try {
    rb = await build(gw, info.runId, info.planData);
  } catch (err) {
    // An AWS read failed while rebuilding the plan. If an earlier attempt already changed AWS, this is
    // not "stopped before any change" (exit 4): say so, with where the run was and how to resume.
    if (!(err instanceof GatewayError) || prior.firstMutationAt === undefined) throw err;
    const step = [...records].reverse().find((r) => r.type === 'step-start' || r.type === 'mutation-start')?.[
      'step'
    ];
    const cmd = `resil ${info.kind === 'failover' ? 'failover' : 'cutover'} --resume ${info.ref}`;
    throw new ResilError(
      `Stopped after a change: run ${info.runId} already changed AWS, and resuming it failed while re-reading the live state: ${err.message}.\n` +
        `  Stopped at step ${String(step ?? 'unknown')} (journal: ${info.path}).\n  Live state: could not be read.\n  Resume with: ${cmd}`,
      {
        exitCode: ExitCode.STOPPED_AFTER_CHANGE,
        suggestions: [`When AWS answers again (throttling, permissions, endpoint), run: ${cmd}`],
        cause: err,
      },
    );
  }
  // Who resumes it; after a change a failure to read the caller is only a warning (see operator.ts).
  const operator = await readOperator(gw, rb.callerRegion, prior.firstMutationAt !== undefined);
  const lock = lockFor(rb, info.runId, o);
  let journal: Journal | undefined;
  try {
    journal = Journal.reopen(info.path);
    journal.append('resume', {
      pid: process.pid,
      operator,
      flags: { yes: o.yes, allowDataLoss: o.allowDataLoss, force: o.force, dryRun: o.dryRun },
    });
    rec.attach(journal);
    if (operator.callerError)
      await o.io.emit({
        type: 'note',
        level: 'warn',
        text: `Could not read who is resuming this run (sts:GetCallerIdentity): ${operator.callerError}. It goes on (it already changed AWS); the journal records the host and OS user only.`,
      });
    return await execute(rb, journal, gw, info.runId, o, prior);
  } finally {
    journal?.close();
    lock?.release();
  }
}
