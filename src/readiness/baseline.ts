/**
 * What changed since a previous readiness report (--baseline PREVIOUS.json): the verdict, and the
 * items that appeared, were resolved, or changed status (matched by their stable key).
 */
import * as z from 'zod';
import type { BaselineChanges, Issue, ReadinessReport } from './types.js';

const IssueSchema = z.object({
  key: z.string(),
  section: z.string(),
  status: z.enum(['ok', 'at-risk', 'not-ready', 'unknown']),
  subject: z.string(),
  summary: z.string(),
});

/** The part of a previous report the comparison reads (validated: a baseline is user input). */
export const BaselineSchema = z.object({
  kind: z.literal('resil-readiness-report'),
  schemaVersion: z.string(),
  generatedAt: z.string(),
  verdict: z.object({ status: z.enum(['READY', 'AT RISK', 'NOT READY']) }),
  issues: z.array(IssueSchema),
});
export type Baseline = z.infer<typeof BaselineSchema>;

export function compareWithBaseline(
  now: Pick<ReadinessReport, 'verdict' | 'issues'>,
  base: Baseline,
): BaselineChanges {
  const before = new Map(base.issues.map((i) => [i.key, i]));
  const after = new Map(now.issues.map((i) => [i.key, i]));
  const appeared: Issue[] = now.issues.filter((i) => !before.has(i.key));
  const resolved: Issue[] = base.issues
    .filter((i) => !after.has(i.key))
    .map((i) => ({ ...i, section: i.section as Issue['section'] }));
  const changed = now.issues
    .filter((i) => before.has(i.key) && before.get(i.key)!.status !== i.status)
    .map((i) => ({
      key: i.key,
      subject: i.subject,
      from: before.get(i.key)!.status,
      to: i.status,
      summary: i.summary,
    }));
  return {
    baselineGeneratedAt: base.generatedAt,
    baselineVerdict: base.verdict.status,
    verdictChanged: base.verdict.status !== now.verdict.status,
    appeared,
    resolved,
    changed,
  };
}
