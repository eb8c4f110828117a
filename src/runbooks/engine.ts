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
import type { PreconditionResult, Runbook, Step, StepContext, StepState } from './types.js';

export interface EngineOptions {
  io: IoHost;
  journal: Journal;
  gw: Gateway;
  runId: string;
  yes: boolean;
  allowDataLoss: boolean;
  force: boolean;
  dryRun: boolean;
  signal: AbortSignal;
  clock: Clock;
  timing: PollTiming;
  /** From the journal of an earlier attempt of this run (resume). */
  prior?: PriorAttempt;
}

export interface PriorAttempt {
  results: Record<string, Record<string, unknown>>;
  /** When the first mutating call of the run was made (ms since epoch). */
  firstMutationAt?: number;
  /** Steps with a `mutation-start` line and no `step-executed` line after it (killed or failed in between). */
  unrecorded?: string[];
  /** The RTO an earlier attempt already measured (an `rto` line, or a completed `end`): kept, not re-measured. */
  rtoSeconds?: number;
}

export function stepView(s: Step): StepView {
  return {
    id: s.id,
    title: s.title,
    mutating: s.mutating,
    canLoseData: s.canLoseData,
    ...(s.postCheck ? { postCheck: true } : {}),
    calls: s.describe(),
  };
}

/** Collects what an earlier attempt recorded: executed step results and the first mutation time. */
export function priorFromJournal(records: Array<Record<string, unknown>>): PriorAttempt {
  const results: Record<string, Record<string, unknown>> = {};
  let firstMutationAt: number | undefined;
  let rtoSeconds: number | undefined;
  const unrecorded = new Set<string>();
  for (const r of records) {
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
  };
}

/** AWS errors that polling again cannot clear: permissions and credentials. */
const PERMANENT =
  /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|UnauthorizedAccess|NotAuthorized|AuthFailure|InvalidClientTokenId|UnrecognizedClientException|ExpiredToken|ExpiredTokenException|SignatureDoesNotMatch|CredentialsProviderError)$/;

function isPermanent(err: unknown): boolean {
  const e = err as { code?: unknown; name?: unknown };
  return PERMANENT.test(typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : '');
}

class Stop extends Error {
  constructor(
    readonly status: RunOutcome['status'],
    message: string,
    readonly stepId?: string,
  ) {
    super(message);
  }
}

export async function runRunbook(rb: Runbook, o: EngineOptions): Promise<RunOutcome> {
  const { io, journal } = o;
  const total = rb.steps.length;
  const views = rb.steps.map(stepView);
  const resumed = o.prior !== undefined;
  const unrecorded = new Set(o.prior?.unrecorded ?? []);
  const ctx: StepContext = {
    gw: o.gw,
    runId: o.runId,
    results: { ...(o.prior?.results ?? {}) },
    unrecorded,
    dnsMarginMs: o.timing.dnsMarginMs ?? DEFAULT_DNS_MARGIN_MS,
    now: () => o.clock.now(),
  };
  let firstMutationAt = o.prior?.firstMutationAt;
  /** When the change was complete and verified (the first post-check starts, or the run completes). */
  let rtoEndAt: number | undefined;
  const warnings: string[] = [];
  const warn = async (stepId: string, text: string) => {
    if (warnings.includes(text)) return;
    warnings.push(text);
    journal.append('warning', { step: stepId, text });
    await io.emit({ type: 'note', level: 'warn', text });
  };
  let changed = firstMutationAt !== undefined;
  /** The RTO: measured by an earlier attempt of this run (kept), or first mutation → change verified. */
  const measuredRto = (): number | undefined =>
    o.prior?.rtoSeconds ??
    (firstMutationAt !== undefined && rtoEndAt !== undefined
      ? Math.round((rtoEndAt - firstMutationAt) / 1000)
      : undefined);
  let rpoSeconds: number | undefined;
  const resumeCommand = rb.resumeCommand(o.runId);

  const finish = async (
    status: RunOutcome['status'],
    message: string,
    stepId?: string,
  ): Promise<RunOutcome> => {
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
        liveState = await rb.liveState(ctx);
      } catch (err) {
        liveState = `could not be read (${(err as Error).message})`;
      }
    }
    if (status === 'completed') rtoEndAt ??= o.clock.now();
    // A post-check that stops the run comes after the RTO clock stopped: the RTO is still measured.
    const rtoSeconds =
      status === 'completed' || status === 'stopped-after-change' ? measuredRto() : undefined;
    const next = status === 'completed' || rtoEndAt !== undefined ? rb.next : undefined;
    const outcome: RunOutcome = {
      runId: o.runId,
      status,
      exitCode,
      message,
      ...(stepId ? { stoppedAt: stepId } : {}),
      ...(liveState ? { liveState } : {}),
      ...(status === 'stopped-after-change' || (status === 'stopped-before-change' && stepId)
        ? { resumeCommand }
        : {}),
      ...(rtoSeconds !== undefined ? { rtoSeconds } : {}),
      ...(rpoSeconds !== undefined ? { rpoSeconds } : {}),
      ...(warnings.length ? { warnings: [...warnings] } : {}),
      ...(next?.length ? { next } : {}),
      journalPath: journal.path,
    };
    journal.append('end', { ...outcome });
    await io.emit({ type: 'result', outcome });
    return outcome;
  };

  // 1. The plan (already computed with reads only by the runbook builder).
  journal.append('plan', { title: rb.title, summary: rb.summary, data: rb.data, steps: views, resumed });
  await io.emit({
    type: 'plan',
    runId: o.runId,
    title: rb.title,
    summary: rb.summary,
    steps: views,
    resumed,
  });

  // 2. Live status of every step (reads): what is done, in progress, to do.
  const states: StepState[] = [];
  try {
    for (const s of rb.steps) states.push(await s.isDone(ctx));
  } catch (err) {
    return finish(
      changed ? 'stopped-after-change' : 'stopped-before-change',
      `Could not read the live state of the steps: ${(err as Error).message}`,
    );
  }
  journal.append('step-states', { states: rb.steps.map((s, i) => ({ step: s.id, ...states[i] })) });
  const started = states.some((s) => s.status !== 'todo');
  if (started) changed = changed || rb.steps.some((s, i) => s.mutating && states[i]!.status !== 'todo');
  if (started) {
    const lines = rb.steps.map((s, i) => `${s.id}: ${states[i]!.status} (${states[i]!.observed})`);
    await io.emit({ type: 'note', level: 'info', text: `Live state of the steps:\n  ${lines.join('\n  ')}` });
  }

  // 3. Preflight: preconditions guarding steps still to do.
  const todo = new Set(rb.steps.filter((_, i) => states[i]!.status === 'todo').map((s) => s.id));
  const evaluated: Array<PreconditionResult & { skipped?: string }> = rb.preconditions.map((p) =>
    todo.has(p.before)
      ? p
      : {
          ...p,
          skipped: `step ${p.before} already ${states[rb.steps.findIndex((s) => s.id === p.before)]?.status ?? 'done'}`,
        },
  );
  const failed = evaluated.filter((p) => !p.skipped && !p.ok);
  const forced = o.force ? failed.filter((p) => p.forcible).map((p) => p.id) : [];
  const blocking = failed.filter((p) => !forced.includes(p.id));
  journal.append('preflight', { results: evaluated, forced });
  await io.emit({ type: 'preflight', results: evaluated, forced });

  const mutatingTodo = rb.steps.filter((s, i) => s.mutating && states[i]!.status === 'todo');

  if (o.dryRun) {
    if (blocking.length) {
      return finish(
        'stopped-before-change',
        `Dry run: would stop before any change: ${blocking.map((p) => `${p.id} (${p.message})`).join('; ')}.`,
      );
    }
    return finish(
      'dry-run',
      `Dry run: preflight passed${forced.length ? ` (forced: ${forced.join(', ')})` : ''}; ${mutatingTodo.length} mutating step(s) would run. Nothing was changed.`,
    );
  }
  if (blocking.length) {
    const canForce = blocking.every((p) => p.forcible);
    return finish(
      changed ? 'stopped-after-change' : 'stopped-before-change',
      `Preflight failed: ${blocking.map((p) => `${p.id}: ${p.message}`).join('; ')}.` +
        (canForce ? ' These cannot lose data: --force overrides them.' : ''),
    );
  }

  // 4. Non-interactive without --yes: refuse before touching anything. A resume of a run that already
  // changed AWS is still "stopped after a change" (exit 5, with the live state), not a usage error.
  const refuse = (message: string) =>
    changed ? finish('stopped-after-change', message, mutatingTodo[0]?.id) : finish('refused', message);
  if (mutatingTodo.length && !o.yes && !io.interactive) {
    return refuse(
      'stdin is not a terminal, so resil cannot ask for confirmation. Review the plan (--dry-run), then pass --yes' +
        (mutatingTodo.some((s) => s.canLoseData) ? ' --allow-data-loss' : '') +
        ' to run it non-interactively.',
    );
  }
  if (mutatingTodo.some((s) => s.canLoseData) && o.yes && !o.allowDataLoss) {
    return refuse(
      'This run includes a step that can lose data: --yes alone does not approve it; pass --yes --allow-data-loss, or run interactively and type the confirmation.',
    );
  }

  // 5. Steps.
  try {
    for (let i = 0; i < total; i++) {
      const s = rb.steps[i]!;
      const view = views[i]!;
      if (o.signal.aborted)
        throw new Stop(
          changed ? 'stopped-after-change' : 'stopped-before-change',
          'Interrupted before step',
          s.id,
        );
      let state: StepState;
      try {
        state = i === 0 ? states[0]! : await s.isDone(ctx);
      } catch (err) {
        throw new Stop(
          changed ? 'stopped-after-change' : 'stopped-before-change',
          `Could not read the state of "${s.title}": ${(err as Error).message}`,
          s.id,
        );
      }
      if (s.postCheck && rtoEndAt === undefined) {
        rtoEndAt = o.clock.now();
        if (firstMutationAt !== undefined && o.prior?.rtoSeconds === undefined)
          journal.append('rto', { rtoSeconds: measuredRto(), before: s.id });
      }
      if (state.warning) await warn(s.id, state.warning);
      if (state.status === 'done') {
        journal.append('step-skipped', { step: s.id, observed: state.observed });
        await io.emit({
          type: 'step-end',
          index: i,
          total,
          step: view,
          outcome: 'skipped',
          message: `already done: ${state.observed}`,
        });
        continue;
      }
      // Ask first (the prompt names the step), then show the step as running.
      if (state.status === 'todo' && s.execute && s.mutating) await confirmStep(rb, s, i, o, changed);
      await io.emit({ type: 'step-start', index: i, total, step: view });
      const stepStart = o.clock.now();
      journal.append('step-start', { step: s.id, status: state.status, observed: state.observed });
      if (state.status === 'in-progress') {
        if (s.mutating) {
          changed = true;
          await io.emit({
            type: 'note',
            level: 'info',
            text: `${s.title}: already in progress (${state.observed}); waiting for it, not starting it again.`,
          });
        }
      } else if (s.execute) {
        if (o.signal.aborted)
          throw new Stop(
            changed ? 'stopped-after-change' : 'stopped-before-change',
            'Interrupted before step',
            s.id,
          );
        if (s.mutating) {
          journal.append('mutation-start', { step: s.id, calls: view.calls });
          firstMutationAt ??= o.clock.now();
        }
        let result: Record<string, unknown> | undefined;
        try {
          result = await s.execute(ctx);
        } catch (err) {
          // Did the call take effect anyway (a timeout or a 5xx after AWS accepted it; an SDK retry
          // answered "already in progress")? Re-read: never send it again.
          const msg = (err as Error).message;
          let after: StepState | undefined;
          let readError: string | undefined;
          try {
            after = await s.isDone(ctx);
          } catch (e2) {
            readError = (e2 as Error).message;
          }
          if (s.mutating && after && after.status !== 'todo') {
            // It took effect: like a kill between the call and its journal line, its answer is lost.
            changed = true;
            unrecorded.add(s.id);
            await warn(
              s.id,
              `${s.title}: the call returned an error (${msg}), but the live state shows that it took effect ` +
                `(${after.observed}); it is not sent again: resil waits for it.`,
            );
          } else {
            // Its effect cannot be read: assume it may have been applied (exit 5); a resume re-reads and never sends it twice.
            if (s.mutating && !after) changed = true;
            journal.append('step-failed', {
              step: s.id,
              error: msg,
              observed: after?.observed ?? `could not be read (${readError})`,
            });
            await io.emit({ type: 'step-end', index: i, total, step: view, outcome: 'failed', message: msg });
            throw new Stop(
              changed ? 'stopped-after-change' : 'stopped-before-change',
              after
                ? `${s.title} failed: ${msg}`
                : `${s.title} failed: ${msg}. Whether AWS applied it could not be read (${readError}): it may have. ` +
                    'The resume command re-reads the live state and never sends it twice.',
              s.id,
            );
          }
        }
        if (s.mutating) changed = true;
        if (result) {
          ctx.results[s.id] = result;
          if (typeof result['rpoSeconds'] === 'number') rpoSeconds = result['rpoSeconds'];
          journal.append('step-executed', { step: s.id, result });
        }
      }
      if (s.verify) {
        let last = '';
        // A failed read while waiting (throttling, a network blip) is reported and polled again until the timeout.
        const check = async () => {
          try {
            return await s.verify!.check(ctx);
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
          timeoutMs: s.verify.timeoutMs,
          timing: o.timing,
          clock: o.clock,
          signal: o.signal,
          onObserve: (observed, elapsedMs) => {
            if (observed !== last) journal.append('observed', { step: s.id, elapsedMs, observed });
            last = observed;
            void io.emit({ type: 'step-wait', index: i, total, step: view, elapsedMs, observed });
          },
        });
        if (!w.ok) {
          const after = changed || s.mutating ? 'stopped-after-change' : 'stopped-before-change';
          journal.append(w.reason === 'interrupted' ? 'interrupted' : 'step-failed', {
            step: s.id,
            reason: w.reason,
            observed: w.observed,
            elapsedMs: w.elapsedMs,
          });
          const msg =
            w.reason === 'interrupted'
              ? `Interrupted while waiting for "${s.title}" after ${formatDuration(w.elapsedMs)} (last seen: ${w.observed}). Nothing was undone.`
              : w.reason === 'fatal'
                ? `${s.title}: ${w.fatal} (last seen: ${w.observed}).`
                : `Timed out after ${formatDuration(w.elapsedMs)} waiting for "${s.title}" (last seen: ${w.observed}).` +
                  `${s.verify.onTimeout ? ` ${s.verify.onTimeout}` : ''} Check: ${s.verify.whatToCheck}`;
          await io.emit({ type: 'step-end', index: i, total, step: view, outcome: 'failed', message: msg });
          throw new Stop(after, msg, s.id);
        }
        journal.append('step-verified', { step: s.id, observed: w.observed, elapsedMs: w.elapsedMs });
        if (s.postCheck) await io.emit({ type: 'note', level: 'info', text: `${s.title}: ${w.observed}` });
      }
      const elapsedMs = o.clock.now() - stepStart;
      journal.append('step-end', { step: s.id, elapsedMs });
      await io.emit({
        type: 'step-end',
        index: i,
        total,
        step: view,
        outcome: 'done',
        message: 'done',
        elapsedMs,
      });
    }
  } catch (err) {
    if (err instanceof Stop) return finish(err.status, err.message, err.stepId);
    throw err;
  }
  rtoEndAt ??= o.clock.now();
  const rtoS = measuredRto();
  const rto = rtoS !== undefined ? ` RTO ${formatDuration(rtoS * 1000)}` : '';
  return finish(
    'completed',
    `${rb.title}: completed and verified.${rto}${rpoSeconds !== undefined ? `, estimated RPO ${rpoSeconds} s` : ''}`,
  );
}

async function confirmStep(
  rb: Runbook,
  s: Step,
  i: number,
  o: EngineOptions,
  changed: boolean,
): Promise<void> {
  const stopStatus = changed ? 'stopped-after-change' : 'stopped-before-change';
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
    if (!ok) throw new Stop(stopStatus, `Not confirmed: "${s.title}" was not run.`, s.id);
    return;
  }
  if (o.yes) {
    o.journal.append('confirmed', { step: s.id, how: '--yes' });
    return;
  }
  const ok = await o.io.confirm(`${head}\nProceed?`);
  o.journal.append(ok ? 'confirmed' : 'declined', { step: s.id, how: 'prompt' });
  if (!ok) throw new Stop(stopStatus, `Declined: "${s.title}" was not run.`, s.id);
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
