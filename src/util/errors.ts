/**
 * Exit codes are a public contract (README "Exit codes"): CI pipelines branch on them.
 */
export const ExitCode = {
  /** Audit: nothing at or above --fail-on. Runbook: completed and verified. */
  OK: 0,
  /** Audit: at least one finding at or above --fail-on. */
  FINDINGS: 1,
  /** Usage error or bad input (flags, snapshot, config, unknown region/cluster/zone). */
  USAGE: 2,
  /** Audit incomplete: some data could not be collected and nothing reached the threshold. */
  INCOMPLETE: 3,
  /** Runbook stopped before any change (precondition failed, operator declined). */
  STOPPED_BEFORE_CHANGE: 4,
  /** Runbook stopped after a change: the journal and the message say where, and how to resume. */
  STOPPED_AFTER_CHANGE: 5,
  /** An internal error (a bug): sysexits' EX_SOFTWARE. Never Node's or oclif's default 1 ("findings"). */
  INTERNAL: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An expected failure: printed as one clear message (plus what to do next), never as a stack trace
 * unless --debug is given.
 */
export class ResilError extends Error {
  readonly exitCode: number;
  readonly suggestions: string[];
  constructor(message: string, opts: { exitCode?: number; suggestions?: string[]; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ResilError';
    this.exitCode = opts.exitCode ?? ExitCode.USAGE;
    this.suggestions = opts.suggestions ?? [];
  }
}

/** Bad input: exit code 2. */
export function usageError(message: string, ...suggestions: string[]): ResilError {
  return new ResilError(message, { exitCode: ExitCode.USAGE, suggestions });
}
