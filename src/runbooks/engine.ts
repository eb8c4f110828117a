/**
 * The runbook engine (Terraform-apply model): the plan is computed completely with reads only and
 * shown; preflight preconditions are evaluated on fresh state; every mutating step is confirmed
 * (y/N, default No; a data-loss step needs the typed token), executed, then verified by polling
 * until it holds. Every transition is journaled before the next action. A step whose `isDone`
 * already holds is skipped, and one found in progress is only waited for: a resumed run never
 * repeats a mutation. Interruption (Ctrl-C → AbortSignal) stops polling and never undoes anything.
 *
 * The engine never prints or prompts: it talks to an IoHost.
 */
import type { Gateway } from '../aws/gateway/types.js';
import { ExitCode } from '../util/errors.js';
import type { IoHost, RunOutcome, StepView } from './io.js';
import type { Journal } from './journal.js';
import { DEFAULT_DNS_MARGIN_MS, formatDuration, waitUntil, type Clock, type PollTiming } from './poll.js';
import { holderText, type RunLock } from './shared-lock.js';
import type { PreconditionResult, Runbook, Step, StepContext, StepState } from './types.js';

export interface EngineOptions {
  io: IoHost;
  journal: Journal;
  gw: Gateway;
  runId: string;
  /** How the printed resume command names the run: its id, or its journal path (default: the id). */
  resumeRef?: string;
  yes: boolean;
  allowDataLoss: boolean;
  force: boolean;
  dryRun: boolean;
  signal: AbortSignal;
  clock: Clock;
  timing: PollTiming;
  /** From the journal of an earlier attempt of this run (resume). */
  prior?: PriorAttempt;
  /** The shared lock (runbooks.lock), taken before the first mutation; the session releases it. */
  lock?: RunLock;
}

export interface PriorAttempt {
  results: Record<string, Record<string, unknown>>;
  /** When the first mutating call of the run was made (ms since epoch). */
  firstMutationAt?: number;
  /** Steps with a `mutation-start` line and no `step-executed` line after it (killed or failed in between). */
  unrecorded?: string[];
  /** The RTO an earlier attempt already measured (an `rto` line, or a completed `end`): kept, not re-measured. */
  rtoSeconds?: number;
  /** When an earlier attempt first saw each step hold (`step-verified` or `step-skipped`), ms since epoch. */
  verifiedAt?: Record<string, number>;
}

export function stepView(s: Step): StepView {
  return {
    id: s.id,
    title: s.title,
    mutating: s.mutating,
    canLoseData: s.canLoseData,
    ...(s.postCheck ? { postCheck: true } : {}),
    ...(s.noop ? { noop: true } : {}),
    calls: s.describe(),
  };
}

/** Collects what an earlier attempt recorded: executed step results and the first mutation time. */
export function priorFromJournal(records: Array<Record<string, unknown>>): PriorAttempt {
  const results: Record<string, Record<string, unknown>> = {};
  let firstMutationAt: number | undefined;
  let rtoSeconds: number | undefined;
  const unrecorded = new Set<string>();
  const verifiedAt: Record<string, number> = {};
  for (const r of records) {
    if ((r['type'] === 'step-verified' || r['type'] === 'step-skipped') && typeof r['step'] === 'string') {
      const at = Date.parse(String(r['t']));
      if (!Number.isNaN(at)) verifiedAt[r['step']] ??= at;
    }
    if (
      (r['type'] === 'rto' || (r['type'] === 'end' && r['status'] === 'completed')) &&
      typeof r['rtoSeconds'] === 'number'
    )
      rtoSeconds = r['rtoSeconds'];
    if (r['type'] === 'step-executed') {
      results[String(r['step'])] = (r['result'] ?? {}) as Record<string, unknown>;
      unrecorded.delete(String(r['step']));
    }
    if (r['type'] === 'mutation-start') {
      if (firstMutationAt === undefined) firstMutationAt = Date.parse(String(r['t']));
      unrecorded.add(String(r['step']));
    }
  }
  return {
    results,
    ...(firstMutationAt !== undefined ? { firstMutationAt } : {}),
    ...(unrecorded.size ? { unrecorded: [...unrecorded] } : {}),
    ...(rtoSeconds !== undefined ? { rtoSeconds } : {}),
    ...(Object.keys(verifiedAt).length ? { verifiedAt } : {}),
  };
}
/** AWS errors that polling again cannot clear: permissions and credentials. */
const PERMANENT = new RegExp(
  `^(${[
    'AccessDenied',
    'AccessDeniedException',
    'UnauthorizedOperation',
    'UnauthorizedAccess',
    'NotAuthorized',
    'AuthFailure',
    'InvalidClientTokenId',
    'UnrecognizedClientException',
    'ExpiredToken',
    'ExpiredTokenException',
    'SignatureDoesNotMatch',
    'CredentialsProviderError',
  ].join('|')})$`,
);

function isPermanent(err: unknown): boolean {
  const e = err as { code?: unknown; name?: unknown };
  return PERMANENT.test(typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : '');
}

/** How a run ends: thrown by any phase that stops it, or returned when it completes (or is a dry run). */
class RunEnd extends Error {
  constructor(
    readonly status: RunOutcome['status'],
    message: string,
    readonly stepId?: string,
  ) {
    super(message);
  }
}

/** What one run carries from phase to phase. */
interface Run {
  readonly rb: Runbook;
  readonly o: EngineOptions;
  readonly ctx: StepContext;
  readonly views: StepView[];
  readonly total: number;
  /** Mutating steps whose answer was never journaled (earlier attempts, or a failed call that took effect). */
  readonly unrecorded: Set<string>;
  /** AWS was (or may have been) changed by this run or an earlier attempt of it: a stop is then exit 5. */
  changed: boolean;
  /** When the first mutating call of the run was made (ms since epoch). */
  firstMutationAt: number | undefined;
  /** When the change was complete and verified (the first post-check starts, or the run completes). */
  rtoEndAt: number | undefined;
  rpoSeconds: number | undefined;
  readonly warnings: string[];
}

/** The status of a stop now: after a change once AWS was (or may have been) changed, else before. */
function stopStatus(run: Run): 'stopped-after-change' | 'stopped-before-change' {
  return run.changed ? 'stopped-after-change' : 'stopped-before-change';
}

/**
 * Runs a runbook whose plan the builder already computed (reads only), phase by phase:
 * plan → live step states (resume) → preflight → dry run, or refuse when nobody can confirm →
 * each step (confirm, execute, verify) → finish. Any phase may stop the run (it throws a `RunEnd`);
 * `finish` turns the end into the outcome, journals it and emits it.
 */
export async function runRunbook(rb: Runbook, o: EngineOptions): Promise<RunOutcome> {
  const run = startRun(rb, o);
  let end: RunEnd;
  try {
    end = await runPhases(run);
  } catch (err) {
    if (!(err instanceof RunEnd)) throw err;
    end = err;
  }
  return finish(run, end.status, end.message, end.stepId);
}

async function runPhases(run: Run): Promise<RunEnd> {
  await announcePlan(run);
  const states = await readStepStates(run);
  const { forced } = await preflight(run, states);
  const mutatingTodo = run.rb.steps.filter((s, i) => s.mutating && states[i]!.status === 'todo');
  if (run.o.dryRun) {
    const forcedNote = forced.length ? ` (forced: ${forced.join(', ')})` : '';
    return new RunEnd(
      'dry-run',
      `Dry run: preflight passed${forcedNote}; ${mutatingTodo.length} mutating step(s) would run. ` +
        'Nothing was changed.',
    );
  }
  refuseIfUnattended(run, mutatingTodo);
  // Before the first confirmation and mutation: another machine's run of the same target refuses this one.
  if (run.o.lock && run.rb.steps.some((s, i) => s.mutating && states[i]!.status !== 'done'))
    await takeSharedLock(run, run.o.lock);
  // The first step's state was just read; every later one is read again when its turn comes.
  for (let i = 0; i < run.total; i++) await runStep(run, i, i === 0 ? states[0] : undefined);
  run.rtoEndAt ??= run.o.clock.now();
  const rtoS = measuredRto(run);
  const rto = rtoS !== undefined ? ` RTO ${formatDuration(rtoS * 1000)}` : '';
  const rpo = run.rpoSeconds !== undefined ? `, estimated RPO ${run.rpoSeconds} s` : '';
  return new RunEnd('completed', `${run.rb.title}: completed and verified.${rto}${rpo}`);
}

function startRun(rb: Runbook, o: EngineOptions): Run {
  const unrecorded = new Set(o.prior?.unrecorded ?? []);
  return {
    rb,
    o,
    ctx: {
      gw: o.gw,
      runId: o.runId,
      results: { ...(o.prior?.results ?? {}) },
      unrecorded,
      verifiedAt: { ...(o.prior?.verifiedAt ?? {}) },
      dnsMarginMs: o.timing.dnsMarginMs ?? DEFAULT_DNS_MARGIN_MS,
      now: () => o.clock.now(),
    },
    views: rb.steps.map(stepView),
    total: rb.steps.length,
    unrecorded,
    changed: o.prior?.firstMutationAt !== undefined,
    firstMutationAt: o.prior?.firstMutationAt,
    rtoEndAt: undefined,
    rpoSeconds: undefined,
    warnings: [],
  };
}

/** The RTO: measured by an earlier attempt of this run (kept), or first mutation → change verified. */
function measuredRto(run: Run): number | undefined {
  return (
    run.o.prior?.rtoSeconds ??
    (run.firstMutationAt !== undefined && run.rtoEndAt !== undefined
      ? Math.round((run.rtoEndAt - run.firstMutationAt) / 1000)
      : undefined)
  );
}

/** A warning, once per text: journaled, shown, and repeated in the outcome. */
async function warn(run: Run, stepId: string, text: string): Promise<void> {
  if (run.warnings.includes(text)) return;
  run.warnings.push(text);
  run.o.journal.append('warning', { step: stepId, text });
  await run.o.io.emit({ type: 'note', level: 'warn', text });
}

/** 1. The plan (already computed with reads only by the runbook builder): journaled and shown. */
async function announcePlan(run: Run): Promise<void> {
  const { rb, o, views } = run;
  const resumed = o.prior !== undefined;
  o.journal.append('plan', { title: rb.title, summary: rb.summary, data: rb.data, steps: views, resumed });
  await o.io.emit({
    type: 'plan',
    runId: o.runId,
    title: rb.title,
    summary: rb.summary,
    steps: views,
    resumed,
  });
}

/** 2. Live status of every step (reads): what is done, in progress, to do. A resume starts from it. */
async function readStepStates(run: Run): Promise<StepState[]> {
  const { rb, o } = run;
  const states: StepState[] = [];
  try {
    for (const s of rb.steps) states.push(await s.isDone(run.ctx));
  } catch (err) {
    throw new RunEnd(
      stopStatus(run),
      `Could not read the live state of the steps: ${(err as Error).message}`,
    );
  }
  o.journal.append('step-states', { states: rb.steps.map((s, i) => ({ step: s.id, ...states[i] })) });
  const started = states.some((s) => s.status !== 'todo');
  if (started) {
    run.changed = run.changed || rb.steps.some((s, i) => s.mutating && states[i]!.status !== 'todo');
    const lines = rb.steps.map((s, i) => `${s.id}: ${states[i]!.status} (${states[i]!.observed})`);
    await o.io.emit({
      type: 'note',
      level: 'info',
      text: `Live state of the steps:\n  ${lines.join('\n  ')}`,
    });
  }
  return states;
}

/**
 * 3. Preflight: the preconditions guarding steps still to do (those of a step already done or in
 * progress are reported as skipped). Stops the run when one fails that --force cannot override.
 */
async function preflight(run: Run, states: StepState[]): Promise<{ forced: string[] }> {
  const { rb, o } = run;
  const todo = new Set(rb.steps.filter((_, i) => states[i]!.status === 'todo').map((s) => s.id));
  const evaluated: Array<PreconditionResult & { skipped?: string }> = rb.preconditions.map((p) => {
    if (todo.has(p.before)) return p;
    const status = states[rb.steps.findIndex((s) => s.id === p.before)]?.status ?? 'done';
    return { ...p, skipped: `step ${p.before} already ${status}` };
  });
  const failed = evaluated.filter((p) => !p.skipped && !p.ok);
  const forced = o.force ? failed.filter((p) => p.forcible).map((p) => p.id) : [];
  const blocking = failed.filter((p) => !forced.includes(p.id));
  o.journal.append('preflight', { results: evaluated, forced });
  await o.io.emit({ type: 'preflight', results: evaluated, forced });

  if (!blocking.length) return { forced };
  if (o.dryRun) {
    throw new RunEnd(
      'stopped-before-change',
      `Dry run: would stop before any change: ${blocking.map((p) => `${p.id} (${p.message})`).join('; ')}.`,
    );
  }
  const canForce = blocking.every((p) => p.forcible);
  throw new RunEnd(
    stopStatus(run),
    `Preflight failed: ${blocking.map((p) => `${p.id}: ${p.message}`).join('; ')}.` +
      (canForce ? ' These cannot lose data: --force overrides them.' : ''),
  );
}

/**
 * 4. Non-interactive without --yes (or a data-loss step with --yes alone): refuse before touching
 * anything. A resume of a run that already changed AWS is still "stopped after a change" (exit 5,
 * with the live state), not a usage error.
 */
function refuseIfUnattended(run: Run, mutatingTodo: Step[]): void {
  const { o } = run;
  const refuse = (message: string) =>
    run.changed
      ? new RunEnd('stopped-after-change', message, mutatingTodo[0]?.id)
      : new RunEnd('refused', message);
  const canLoseData = mutatingTodo.some((s) => s.canLoseData);
  if (mutatingTodo.length && !o.yes && !o.io.interactive) {
    throw refuse(
      'stdin is not a terminal, so resil cannot ask for confirmation. Review the plan (--dry-run), then pass --yes' +
        (canLoseData ? ' --allow-data-loss' : '') +
        ' to run it non-interactively.',
    );
  }
  if (canLoseData && o.yes && !o.allowDataLoss) {
    throw refuse(
      'This run includes a step that can lose data: --yes alone does not approve it; ' +
        'pass --yes --allow-data-loss, or run interactively and type the confirmation.',
    );
  }
}

/**
 * 4b. The shared lock (runbooks.lock): taken once, before the first mutation. Held by another run:
 * stop, naming its holder (exit 4; 5 when this run already changed AWS). Unreachable: stop too —
 * a lock that cannot be checked protects nothing.
 */
async function takeSharedLock(run: Run, lock: RunLock): Promise<void> {
  const { o } = run;
  let r: Awaited<ReturnType<RunLock['acquire']>>;
  try {
    r = await lock.acquire();
  } catch (err) {
    const e = err as Error & { hint?: string };
    o.journal.append('lock', { action: 'error', store: lock.where, key: lock.key, error: e.message });
    throw new RunEnd(
      stopStatus(run),
      `Could not take the shared lock on ${lock.key} (${lock.where}): ${e.message}.` +
        (e.hint ? ` ${e.hint}` : '') +
        ' If the lock store itself is down and no one else can be running, remove runbooks.lock from the config for this run.',
    );
  }
  if (!r.acquired) {
    o.journal.append('lock', { action: 'held', store: lock.where, key: lock.key, holder: r.holder });
    throw new RunEnd(
      stopStatus(run),
      `Another run holds the shared lock on ${lock.key} (${lock.where}): ${holderText(r.holder)}. ` +
        'Nothing was sent by this attempt. Wait for that run, or ask its operator; if it is gone, its lock is taken over ' +
        `once its lease expires, or remove it now with \`resil ${run.rb.kind === 'failover' ? 'failover' : 'cutover'} --force-unlock ${r.holder.runId}\`.`,
    );
  }
  o.journal.append('lock', {
    action: 'acquired',
    store: lock.where,
    key: lock.key,
    leaseSeconds: Math.round(lock.leaseMs / 1000),
  });
  await o.io.emit({
    type: 'note',
    level: 'info',
    text: `Took the shared lock on ${lock.key} (${lock.where}); its ${Math.round(lock.leaseMs / 1000)} s lease is renewed while the run works.`,
  });
}

/**
 * 5. One step: re-read its live state (skip it when done, only wait when in progress), confirm,
 * execute, verify. `known` is a state read just before (the first step's, from phase 2).
 */
async function runStep(run: Run, i: number, known: StepState | undefined): Promise<void> {
  const { o, total } = run;
  const s = run.rb.steps[i]!;
  const view = run.views[i]!;
  throwIfInterrupted(run, s);
  const state = known ?? (await readStepState(run, s));
  if (s.postCheck) stopRtoClock(run, s);
  if (state.warning) await warn(run, s.id, state.warning);
  if (state.status === 'done') {
    run.ctx.verifiedAt[s.id] ??= o.clock.now();
    o.journal.append('step-skipped', { step: s.id, observed: state.observed });
    await o.io.emit({
      type: 'step-end',
      index: i,
      total,
      step: view,
      outcome: 'skipped',
      message: `already done: ${state.observed}`,
    });
    return;
  }
  // Ask first (the prompt names the step), then show the step as running.
  if (state.status === 'todo' && s.execute && s.mutating) await confirmStep(run, i);
  await o.io.emit({ type: 'step-start', index: i, total, step: view });
  const stepStart = o.clock.now();
  o.journal.append('step-start', { step: s.id, status: state.status, observed: state.observed });
  if (state.status === 'in-progress') await joinInProgress(run, s, state);
  else if (s.execute) await executeStep(run, i);
  if (s.verify) await verifyStep(run, i);
  const elapsedMs = o.clock.now() - stepStart;
  o.journal.append('step-end', { step: s.id, elapsedMs });
  await o.io.emit({
    type: 'step-end',
    index: i,
    total,
    step: view,
    outcome: 'done',
    message: 'done',
    elapsedMs,
  });
}

function throwIfInterrupted(run: Run, s: Step): void {
  if (run.o.signal.aborted) throw new RunEnd(stopStatus(run), 'Interrupted before step', s.id);
}

async function readStepState(run: Run, s: Step): Promise<StepState> {
  try {
    return await s.isDone(run.ctx);
  } catch (err) {
    throw new RunEnd(
      stopStatus(run),
      `Could not read the state of "${s.title}": ${(err as Error).message}`,
      s.id,
    );
  }
}

/** The first post-check starts: the change is complete and verified, so the RTO clock stops. */
function stopRtoClock(run: Run, s: Step): void {
  if (run.rtoEndAt !== undefined) return;
  run.rtoEndAt = run.o.clock.now();
  if (run.firstMutationAt !== undefined && run.o.prior?.rtoSeconds === undefined)
    run.o.journal.append('rto', { rtoSeconds: measuredRto(run), before: s.id });
}

/** Started already (by an earlier attempt, or by anyone): never started again, only waited for. */
async function joinInProgress(run: Run, s: Step, state: StepState): Promise<void> {
  if (!s.mutating) return;
  run.changed = true;
  await run.o.io.emit({
    type: 'note',
    level: 'info',
    text: `${s.title}: already in progress (${state.observed}); waiting for it, not starting it again.`,
  });
}

/** The step's call (a mutating one is journaled as started first); its result is journaled after. */
async function executeStep(run: Run, i: number): Promise<void> {
  const { o, ctx } = run;
  const s = run.rb.steps[i]!;
  throwIfInterrupted(run, s);
  if (s.mutating) {
    o.journal.append('mutation-start', { step: s.id, calls: run.views[i]!.calls });
    run.firstMutationAt ??= o.clock.now();
  }
  let result: Record<string, unknown> | undefined;
  try {
    result = await s.execute!(ctx);
  } catch (err) {
    await afterFailedCall(run, i, err);
  }
  if (s.mutating) run.changed = true;
  if (result) {
    ctx.results[s.id] = result;
    if (typeof result['rpoSeconds'] === 'number') run.rpoSeconds = result['rpoSeconds'];
    o.journal.append('step-executed', { step: s.id, result });
  }
}

/**
 * The call returned an error. Did it take effect anyway (a timeout or a 5xx after AWS accepted it;
 * an SDK retry answered "already in progress")? Re-read: never send it again. Returns when it took
 * effect (the step goes on to verify); otherwise stops the run.
 */
async function afterFailedCall(run: Run, i: number, err: unknown): Promise<void> {
  const { o } = run;
  const s = run.rb.steps[i]!;
  const msg = (err as Error).message;
  let after: StepState | undefined;
  let readError: string | undefined;
  try {
    after = await s.isDone(run.ctx);
  } catch (e2) {
    readError = (e2 as Error).message;
  }
  if (s.mutating && after && after.status !== 'todo') {
    // It took effect: like a kill between the call and its journal line, its answer is lost.
    run.changed = true;
    run.unrecorded.add(s.id);
    await warn(
      run,
      s.id,
      `${s.title}: the call returned an error (${msg}), but the live state shows that it took effect ` +
        `(${after.observed}); it is not sent again: resil waits for it.`,
    );
    return;
  }
  // Its effect cannot be read: assume it may have been applied (exit 5); a resume re-reads and never sends it twice.
  if (s.mutating && !after) run.changed = true;
  o.journal.append('step-failed', {
    step: s.id,
    error: msg,
    observed: after?.observed ?? `could not be read (${readError})`,
  });
  await o.io.emit({
    type: 'step-end',
    index: i,
    total: run.total,
    step: run.views[i]!,
    outcome: 'failed',
    message: msg,
  });
  throw new RunEnd(
    stopStatus(run),
    after
      ? `${s.title} failed: ${msg}`
      : `${s.title} failed: ${msg}. Whether AWS applied it could not be read (${readError}): it may have. ` +
          'The resume command re-reads the live state and never sends it twice.',
    s.id,
  );
}

/** Polls the step's check until it holds; a timeout, a fatal observation or an interrupt stops the run. */
async function verifyStep(run: Run, i: number): Promise<void> {
  const { o, total } = run;
  const s = run.rb.steps[i]!;
  const view = run.views[i]!;
  const verify = s.verify!;
  let last = '';
  // A failed read while waiting (throttling, a network blip) is reported and polled again until the timeout.
  const check = async () => {
    try {
      return await verify.check(run.ctx);
    } catch (err) {
      const observed = `could not read the state (${(err as Error).message})`;
      // Waiting cannot fix a denied or expired credential: stop now rather than poll until the timeout.
      if (isPermanent(err))
        return {
          ok: false,
          observed,
          fatal: 'waiting cannot fix this error (permissions or credentials): fix them, then resume',
        };
      return { ok: false, observed: `${observed}; retrying` };
    }
  };
  const w = await waitUntil(check, {
    timeoutMs: verify.timeoutMs,
    timing: o.timing,
    clock: o.clock,
    signal: o.signal,
    onObserve: (observed, elapsedMs) => {
      if (observed !== last) o.journal.append('observed', { step: s.id, elapsedMs, observed });
      last = observed;
      void o.io.emit({ type: 'step-wait', index: i, total, step: view, elapsedMs, observed });
    },
  });
  if (!w.ok) {
    const status = run.changed || s.mutating ? 'stopped-after-change' : 'stopped-before-change';
    o.journal.append(w.reason === 'interrupted' ? 'interrupted' : 'step-failed', {
      step: s.id,
      reason: w.reason,
      observed: w.observed,
      elapsedMs: w.elapsedMs,
    });
    const waited = formatDuration(w.elapsedMs);
    const msg =
      w.reason === 'interrupted'
        ? `Interrupted while waiting for "${s.title}" after ${waited} (last seen: ${w.observed}). Nothing was undone.`
        : w.reason === 'fatal'
          ? `${s.title}: ${w.fatal} (last seen: ${w.observed}).`
          : `Timed out after ${waited} waiting for "${s.title}" (last seen: ${w.observed}).` +
            `${verify.onTimeout ? ` ${verify.onTimeout}` : ''} Check: ${verify.whatToCheck}`;
    await o.io.emit({ type: 'step-end', index: i, total, step: view, outcome: 'failed', message: msg });
    throw new RunEnd(status, msg, s.id);
  }
  run.ctx.verifiedAt[s.id] ??= o.clock.now();
  o.journal.append('step-verified', { step: s.id, observed: w.observed, elapsedMs: w.elapsedMs });
  if (s.postCheck) await o.io.emit({ type: 'note', level: 'info', text: `${s.title}: ${w.observed}` });
}

/** A mutating step is confirmed before it runs: y/N, or the typed token for a data-loss step. */
async function confirmStep(run: Run, i: number): Promise<void> {
  const { rb, o } = run;
  const s = rb.steps[i]!;
  const status = stopStatus(run);
  const head = `Step ${i + 1}/${rb.steps.length}: ${s.title}${s.change ? `\n${s.change}` : ''}`;
  if (s.canLoseData) {
    if (o.yes && o.allowDataLoss) {
      o.journal.append('confirmed', { step: s.id, how: '--yes --allow-data-loss' });
      return;
    }
    const ok = await o.io.confirmTyped(
      `${head}\nThis step CAN LOSE DATA. Type ${rb.confirmToken} to proceed:`,
      rb.confirmToken,
    );
    o.journal.append(ok ? 'confirmed' : 'declined', { step: s.id, how: 'typed' });
    if (!ok) throw new RunEnd(status, `Not confirmed: "${s.title}" was not run.`, s.id);
    return;
  }
  if (o.yes) {
    o.journal.append('confirmed', { step: s.id, how: '--yes' });
    return;
  }
  const ok = await o.io.confirm(`${head}\nProceed?`);
  o.journal.append(ok ? 'confirmed' : 'declined', { step: s.id, how: 'prompt' });
  if (!ok) throw new RunEnd(status, `Declined: "${s.title}" was not run.`, s.id);
}

/** 6. The end: exit code, live state (after a change), RTO/RPO, next steps; journaled, then emitted. */
async function finish(
  run: Run,
  status: RunOutcome['status'],
  message: string,
  stepId?: string,
): Promise<RunOutcome> {
  const { rb, o } = run;
  const exitCode =
    status === 'completed' || status === 'dry-run'
      ? ExitCode.OK
      : status === 'refused'
        ? ExitCode.USAGE
        : status === 'stopped-after-change'
          ? ExitCode.STOPPED_AFTER_CHANGE
          : ExitCode.STOPPED_BEFORE_CHANGE;
  let liveState: string | undefined;
  if (status === 'stopped-after-change') {
    try {
      liveState = await rb.liveState(run.ctx);
    } catch (err) {
      liveState = `could not be read (${(err as Error).message})`;
    }
  }
  if (status === 'completed') run.rtoEndAt ??= o.clock.now();
  // A post-check that stops the run comes after the RTO clock stopped: the RTO is still measured.
  const rtoSeconds =
    status === 'completed' || status === 'stopped-after-change' ? measuredRto(run) : undefined;
  const next = status === 'completed' || run.rtoEndAt !== undefined ? rb.next : undefined;
  const outcome: RunOutcome = {
    runId: o.runId,
    status,
    exitCode,
    message,
    ...(stepId ? { stoppedAt: stepId } : {}),
    ...(liveState ? { liveState } : {}),
    ...(status === 'stopped-after-change' || (status === 'stopped-before-change' && stepId)
      ? { resumeCommand: rb.resumeCommand(o.resumeRef ?? o.runId) }
      : {}),
    ...(rtoSeconds !== undefined ? { rtoSeconds } : {}),
    ...(run.rpoSeconds !== undefined ? { rpoSeconds: run.rpoSeconds } : {}),
    ...(run.warnings.length ? { warnings: [...run.warnings] } : {}),
    ...(next?.length ? { next } : {}),
    journalPath: o.journal.path,
  };
  o.journal.append('end', { ...outcome });
  await o.io.emit({ type: 'result', outcome });
  return outcome;
}

/** For wiring: a gateway observer that journals every AWS call (buffered until the journal exists). */
export function callRecorder(): {
  observer: (e: import('../aws/gateway/types.js').CallEvent) => void;
  attach(j: Journal): void;
} {
  let journal: Journal | undefined;
  const buffer: Array<Record<string, unknown>> = [];
  return {
    observer: (e) => {
      const rec = { ...e } as Record<string, unknown>;
      if (journal) journal.append('call', rec);
      else buffer.push(rec);
    },
    attach(j) {
      journal = j;
      for (const rec of buffer.splice(0)) j.append('call', rec);
    },
  };
}
export type { Gateway };
