/**
 * The runbook model: a runbook is a plan (computed with reads only), a list of preconditions
 * evaluated on freshly read state, and a list of steps declared as data. The engine (engine.ts)
 * walks the steps; it never prints or prompts itself: it talks to an IoHost (io.ts).
 */
import type { Gateway } from '../aws/gateway/types.js';

/** One AWS call a step will make, with its exact parameters. */
export interface PlannedCall {
  service: string;
  region: string;
  operation: string;
  params: Record<string, unknown>;
}

/** A step's live status: done (skip), in-progress (started, by us or anyone: only wait), todo. */
export interface StepState {
  status: 'done' | 'in-progress' | 'todo';
  /** What was observed, in words (journaled and shown). */
  observed: string;
  /** Something the operator must know about this step (shown as a warning, journaled as a `warning` line, repeated in the result). */
  warning?: string;
}

export interface VerifyResult {
  ok: boolean;
  observed: string;
  /** Set when waiting longer cannot help (e.g. the operation was cancelled): stop now. */
  fatal?: string;
  /** When the wait's end is known (a TTL): sleep exactly this long before the next check, not the backoff. */
  retryAfterMs?: number;
}

export interface StepContext {
  gw: Gateway;
  runId: string;
  /** Results of executed steps (this run, and earlier attempts of a resumed run), by step id. */
  results: Record<string, Record<string, unknown>>;
  /**
   * Mutating steps that an earlier attempt of this run started (a `mutation-start` line) without journaling
   * their result: the process died, or the call failed, between the two. Their effect must be read from
   * live state; anything the answer carried (a Route 53 change id) is lost.
   */
  unrecorded: ReadonlySet<string>;
  /**
   * When each step was first seen to hold (verified, or found done at its turn), in ms of the engine's
   * clock; from the journal for earlier attempts. The TTL wait counts from the INSYNC step's time.
   */
  verifiedAt: Record<string, number>;
  /** How long to allow for Route 53 propagation when INSYNC cannot be confirmed (RESIL_DNS_MARGIN_MS; default 120 s). */
  dnsMarginMs: number;
  /** Milliseconds since the epoch (injectable clock). */
  now(): number;
}

export interface Step {
  id: string;
  title: string;
  /** Makes a change in AWS (needs a confirmation). */
  mutating: boolean;
  /** Can lose committed data (needs the typed confirmation, or --yes --allow-data-loss). */
  canLoseData: boolean;
  /** What will change, in words, shown before the confirmation. */
  change?: string;
  /**
   * Nothing to change (e.g. an empty Route 53 change batch: the records already point where they
   * should): the step only verifies. Never mutating, never confirmed, sends nothing.
   */
  noop?: boolean;
  /** The exact API calls the step makes (mutating steps: the mutation; wait steps: the reads they poll). */
  describe(): PlannedCall[];
  /** Re-reads live state: a resumed or repeated run never repeats a mutation. */
  isDone(ctx: StepContext): Promise<StepState>;
  /** The mutation. Returns what to journal (request ids, change ids, estimates). */
  execute?(ctx: StepContext): Promise<Record<string, unknown>>;
  /**
   * A post-check: read-only, runs after the change is complete and verified, so the RTO clock stops
   * before it. A post-check that times out still stops the run with exit 5 (see docs/runbooks.md).
   */
  postCheck?: boolean;
  /** Polled after execute (or when found in progress) until it holds. */
  verify?: {
    timeoutMs: number;
    /** What to check by hand when it times out. */
    whatToCheck: string;
    /** What a timeout means for the operator (e.g. "the data is safe; the DR posture is degraded"). */
    onTimeout?: string;
    check(ctx: StepContext): Promise<VerifyResult>;
  };
}

export interface PreconditionResult {
  id: string;
  title: string;
  ok: boolean;
  message: string;
  /** --force may override it: true only when overriding cannot lose data. */
  forcible: boolean;
  /** The step it guards: not evaluated when that step is already done or in progress (resume). */
  before: string;
  /** The audit check whose verdict this is, when one was reused. */
  check?: string;
}

export interface Runbook {
  kind: 'failover' | 'cutover' | 'cutover-rollback';
  title: string;
  /** One run per key per machine (the global cluster, or the zone + record). */
  lockKey: string;
  /**
   * A region the run already depends on (the target region; us-east-1, Route 53's control plane, for
   * a DNS-only run): where STS GetCallerIdentity is asked who runs it. Never the failed region.
   */
  callerRegion: string;
  /** The token the operator types to confirm a data-loss step. */
  confirmToken: string;
  /** Plan lines shown before anything changes: cluster, writer → target, lag, records old → new. */
  summary: string[];
  /** The plan's data (JSON), journaled: what a resume or a rollback rebuilds from. */
  data: Record<string, unknown>;
  preconditions: PreconditionResult[];
  steps: Step[];
  /** What to do after the run (e.g. how to watch the old primary rejoin, how to fail back): shown with the result. */
  next?: string[];
  /** A one-line description of the live state (for a stop after a change). */
  liveState(ctx: StepContext): Promise<string>;
  /** The command that resumes this run. */
  resumeCommand(runId: string): string;
}
