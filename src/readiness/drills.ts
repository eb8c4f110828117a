/**
 * Measured database promotion times from earlier runbook journals (~/.resil/runs/*.jsonl): in a
 * completed `resil failover` run, from the mutation of the Aurora step (switchover, failover or
 * detach) to the verified "target cluster available" step — the promotion alone, without the DNS
 * steps the same run may have made. Pure: the command reads the files and passes the records.
 */
import type { JournalRecord } from '../runbooks/journal.js';

export interface DrillMeasurement {
  runId: string;
  /** The Aurora global cluster the run promoted within. */
  globalClusterId: string | null;
  kind: 'switchover' | 'failover' | 'detach';
  startedAt: string;
  seconds: number;
}

const PROMOTION_STEPS: Record<string, DrillMeasurement['kind']> = {
  'agd-switchover': 'switchover',
  'agd-failover': 'failover',
  'agd-detach': 'detach',
};

/** The promotion a completed, non-dry failover journal measured; undefined otherwise. */
export function promotionFromJournal(records: readonly JournalRecord[]): DrillMeasurement | undefined {
  const run = records.find((r) => r.type === 'run');
  if (!run || run['kind'] !== 'failover' || run['dryRun'] === true) return undefined;
  const end = [...records].reverse().find((r) => r.type === 'end');
  if (!end || end['status'] !== 'completed') return undefined;
  const start = records.find(
    (r) => r.type === 'mutation-start' && typeof r['step'] === 'string' && r['step'] in PROMOTION_STEPS,
  );
  if (!start) return undefined;
  const step = String(start['step']);
  const done =
    records.find((r) => r.type === 'step-verified' && r['step'] === 'agd-target-available') ??
    records.find((r) => r.type === 'step-verified' && r['step'] === step);
  if (!done) return undefined;
  const seconds = Math.round((Date.parse(done.t) - Date.parse(start.t)) / 1000);
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  const params = (run['params'] ?? {}) as Record<string, unknown>;
  const plan = (records.find((r) => r.type === 'plan')?.['data'] ?? {}) as Record<string, unknown>;
  const gid = plan['globalClusterId'] ?? params['globalCluster'];
  return {
    runId: String(run['runId'] ?? ''),
    globalClusterId: typeof gid === 'string' ? gid : null,
    kind: PROMOTION_STEPS[step]!,
    startedAt: run.t,
    seconds,
  };
}
