/**
 * Reads one side of `resil diff`: a snapshot (audited here, with the config in effect) or a JSON
 * report of `resil audit --format json`. Every failure is a usage error (exit 2) naming the file.
 */
import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { CATEGORIES, SEVERITIES, STATUSES, type Check } from '../checks/define.js';
import type { ResilConfig } from '../config/schema.js';
import { formatIssues, fsReason, parseSnapshot } from '../inventory/load.js';
import { REPORT_SCHEMA_VERSION } from '../render/json.js';
import { usageError } from '../util/errors.js';
import { parseJsonText } from '../util/json.js';
import { runAudit } from './audit.js';
import type { DiffSide } from './diff.js';

/** The fields of a JSON report that a diff reads (schemas/audit-report.schema.json has them all). */
const ReportSchema = z.object({
  schemaVersion: z.string(),
  account: z.string(),
  capturedAt: z.string(),
  checks: z.array(z.object({ id: z.string() })),
  findings: z.array(
    z.object({
      checkId: z.string(),
      category: z.enum(CATEGORIES),
      severity: z.enum(SEVERITIES),
      status: z.enum(STATUSES),
      resource: z.object({
        type: z.string(),
        id: z.string(),
        name: z.string().optional(),
        arn: z.string().optional(),
        region: z.string().optional(),
        az: z.string().optional(),
      }),
      message: z.string(),
      suppressed: z.unknown().optional(),
    }),
  ),
});

const WHAT = 'a resil snapshot (resil snapshot --output FILE) or JSON report (resil audit --format json)';

export interface DiffReadOptions {
  checks: readonly Check[];
  config: ResilConfig;
}

/** Decides what a decoded document is, and turns it into findings. */
export function diffSideOf(doc: unknown, file: string, opts: DiffReadOptions): DiffSide {
  const o = doc as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null || Array.isArray(o)) {
    throw usageError(`${file} is not ${WHAT}: expected a JSON object at the top level.`);
  }
  if ('inventory' in o) {
    const inv = parseSnapshot(o, file).inventory;
    // Judged with the config in effect, against the snapshot's own capture time: the diff is
    // about the account, not about today's date.
    const result = runAudit(inv, opts.checks, { config: opts.config, failOn: 'never' });
    return {
      file,
      kind: 'snapshot',
      account: result.accountId,
      capturedAt: result.capturedAt,
      checks: result.checks.map((c) => c.id),
      findings: result.findings,
    };
  }
  if ('findings' in o) {
    const version = typeof o['schemaVersion'] === 'string' ? o['schemaVersion'] : '';
    const major = REPORT_SCHEMA_VERSION.split('.')[0];
    if (version.split('.')[0] !== major) {
      throw usageError(
        `${file} is a report with schemaVersion ${version || '(none)'}; this resil reads reports ${major}.x.`,
        'Run both audits with the same major version of resil, or diff the snapshots instead.',
      );
    }
    const parsed = ReportSchema.safeParse(o);
    if (!parsed.success) {
      throw usageError(
        `${file} is not a valid resil report:\n  ${formatIssues(parsed.error).join('\n  ')}`,
        'Give the unmodified output of resil audit --format json (or --json).',
      );
    }
    const r = parsed.data;
    return {
      file,
      kind: 'report',
      account: r.account,
      capturedAt: r.capturedAt,
      checks: r.checks.map((c) => c.id),
      findings: r.findings,
    };
  }
  throw usageError(
    `${file} is not ${WHAT}: it has neither "inventory" nor "findings".`,
    'Diff two snapshots, two reports, or one of each.',
  );
}

export async function readDiffSide(file: string, opts: DiffReadOptions): Promise<DiffSide> {
  if (file.trim() === '') throw usageError('resil diff needs two file names (one is empty).');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw usageError(`Cannot read ${file}: ${fsReason(err)}.`, 'Check the path.');
  }
  let doc: unknown;
  try {
    doc = parseJsonText(text);
  } catch (err) {
    throw usageError(`${file} is not valid JSON: ${(err as Error).message}.`, `Give ${WHAT}.`);
  }
  return diffSideOf(doc, file, opts);
}
