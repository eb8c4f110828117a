/**
 * The I/O host: everything the engine shows or asks goes through it. The CLI implements it with
 * plain lines or listr2 on stderr and @inquirer prompts; --json streams events; tests record them.
 */
import type { PlannedCall, PreconditionResult } from './types.js';

export interface StepView {
  id: string;
  title: string;
  mutating: boolean;
  canLoseData: boolean;
  /** A read-only post-check, after the RTO clock stopped. */
  postCheck?: boolean;
  /** Nothing to change: the step only verifies (an empty Route 53 change batch). */
  noop?: boolean;
  calls: PlannedCall[];
}

export interface RunOutcome {
  runId: string;
  status: 'completed' | 'dry-run' | 'stopped-before-change' | 'stopped-after-change' | 'refused';
  exitCode: number;
  message: string;
  /** The step where the run stopped. */
  stoppedAt?: string;
  /** Live state when stopped after a change. */
  liveState?: string;
  resumeCommand?: string;
  /** First mutating call → last step verified (writer in target, DNS in sync). */
  rtoSeconds?: number;
  /** Estimated data-loss window: replication lag at the cut (0 for a switchover). */
  rpoSeconds?: number;
  /** Warnings raised during the run (also journaled as `warning` lines). */
  warnings?: string[];
  /** What to do next (e.g. watch the old primary rejoin, how to fail back). */
  next?: string[];
  journalPath: string;
}

export type RunEvent =
  | { type: 'plan'; runId: string; title: string; summary: string[]; steps: StepView[]; resumed: boolean }
  | { type: 'preflight'; results: Array<PreconditionResult & { skipped?: string }>; forced: string[] }
  | { type: 'step-start'; index: number; total: number; step: StepView }
  | { type: 'step-wait'; index: number; total: number; step: StepView; elapsedMs: number; observed: string }
  | {
      type: 'step-end';
      index: number;
      total: number;
      step: StepView;
      outcome: 'done' | 'skipped' | 'failed';
      message: string;
      elapsedMs?: number;
    }
  | { type: 'note'; level: 'info' | 'warn'; text: string }
  | { type: 'result'; outcome: RunOutcome };

export interface IoHost {
  /** Can prompt (stdin and stderr are terminals). */
  readonly interactive: boolean;
  /** May return a promise (e.g. a renderer finishing a step): the engine awaits it. */
  emit(event: RunEvent): void | Promise<void>;
  /** y/N, default No. */
  confirm(message: string): Promise<boolean>;
  /** The operator must type `expected` exactly. */
  confirmTyped(message: string, expected: string): Promise<boolean>;
}
