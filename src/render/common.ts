/** Helpers shared by the renderers: ordering, labels and counts over the one findings model. */
import {
  CATEGORIES,
  SEVERITIES,
  type Category,
  type Finding,
  type ResourceRef,
  type Status,
} from '../checks/define.js';
import type { AuditResult } from '../engine/audit.js';
import { plural } from '../util/text.js';

/** Display order of non-passing statuses within a severity group. */
export const STATUS_RANK: Record<Status, number> = { fail: 0, warn: 1, skipped: 2, pass: 3 };

/** Severity first (critical → low), then fail → warn → skipped → pass, then check id, region, resource id. */
export function bySeverity(a: Finding, b: Finding): number {
  return (
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    a.checkId.localeCompare(b.checkId) ||
    (a.resource.region ?? '').localeCompare(b.resource.region ?? '') ||
    a.resource.id.localeCompare(b.resource.id)
  );
}

/** Where a resource lives: "us-east-1", "us-east-1a (use1-az4)", "global"; empty when unknown. */
export function whereOf(r: ResourceRef): string {
  if (r.az) return r.azId ? `${r.az} (${r.azId})` : r.az;
  return r.region ?? '';
}

/** "web-asg (us-east-1)": the resource's name (or id) and where it lives. */
export function resourceLabel(r: ResourceRef): string {
  const name = r.name ?? r.id;
  const where = whereOf(r);
  if (!where || where === name) return name;
  return `${name} (${where})`;
}

/**
 * The message as people read it: with a pointer to the root-cause finding when it has one
 * ("… (follows from asg.multi-az on shop-worker)").
 */
export function displayMessage(f: Finding): string {
  if (!f.relatedTo) return f.message;
  return `${f.message} (follows from ${f.relatedTo.checkId} on ${f.relatedTo.resource.id})`;
}

/** A stable key for one resource: its ARN, else region/type/id. */
export function resourceKey(r: ResourceRef): string {
  return r.arn ?? `${r.region ?? 'global'}/${r.type}/${r.id}`;
}

export interface StatusCounts {
  pass: number;
  fail: number;
  warn: number;
  skipped: number;
  /** Suppressed findings are counted here only, not under their status. */
  suppressed: number;
  total: number;
}

export function emptyCounts(): StatusCounts {
  return { pass: 0, fail: 0, warn: 0, skipped: 0, suppressed: 0, total: 0 };
}

function add(c: StatusCounts, f: Finding): void {
  c.total++;
  if (f.suppressed) c.suppressed++;
  else c[f.status]++;
}

/** Counts per category (categories with at least one selected check, in the canonical order) and in total. */
export function countsByCategory(result: AuditResult): {
  rows: [Category, StatusCounts][];
  total: StatusCounts;
} {
  const present = new Set<Category>([
    ...result.checks.map((c) => c.category),
    ...result.findings.map((f) => f.category),
  ]);
  const map = new Map<Category, StatusCounts>(
    CATEGORIES.filter((c) => present.has(c)).map((c) => [c, emptyCounts()]),
  );
  const total = emptyCounts();
  for (const f of result.findings) {
    add(map.get(f.category)!, f);
    add(total, f);
  }
  return { rows: [...map], total };
}

/** Passing findings per category: how many findings, from how many distinct checks. */
export function passedByCategory(
  result: AuditResult,
): { category: Category; findings: number; checks: number }[] {
  const out: { category: Category; findings: number; checks: number }[] = [];
  for (const category of CATEGORIES) {
    const passing = result.findings.filter(
      (f) => f.category === category && f.status === 'pass' && !f.suppressed,
    );
    if (passing.length === 0) continue;
    out.push({ category, findings: passing.length, checks: new Set(passing.map((f) => f.checkId)).size });
  }
  return out;
}

/** Ids of selected checks that produced no finding at all (nothing of their kind in the account). */
export function checksWithoutFindings(result: AuditResult): string[] {
  const seen = new Set(result.findings.map((f) => f.checkId));
  return result.checks.filter((c) => !seen.has(c.id)).map((c) => c.id);
}

/** "Gating: …" sentence shared by table and markdown. */
export function gatingSentence(result: AuditResult): string {
  const s = result.summary;
  if (s.failOn === 'never') return `--fail-on never: findings do not set the exit code (exit ${s.exitCode})`;
  if (s.gating === 0)
    return `no failing finding at or above ${s.failOn} (--fail-on ${s.failOn}; exit ${s.exitCode})`;
  return `${plural(s.gating, 'failing finding')} at or above ${s.failOn} (--fail-on ${s.failOn}; exit ${s.exitCode})`;
}

/** One line for a collection error: "AccessDenied on rds:DescribeDBInstances". */
export function describeCollectionError(c: AuditResult['collection'][number]): string {
  const code = c.error?.code ?? 'error';
  const action = c.error?.action ?? `${c.service}:${c.operation}`;
  return `${code} on ${action}`;
}
