/** Helpers shared by the renderers: ordering, labels and counts over the one findings model. */
import {
  CATEGORIES,
  SEVERITIES,
  type Category,
  type Finding,
  type ResourceRef,
  type Severity,
  type Status,
} from '../checks/define.js';
import type { AuditResult } from '../engine/audit.js';
import { plural } from '../util/text.js';

/** Display order of non-passing statuses within a severity group. */
export const STATUS_RANK: Record<Status, number> = { fail: 0, warn: 1, skipped: 2, pass: 3 };

/** Position of a severity in SEVERITIES (critical first). */
const SEVERITY_ORDER = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;

/** Severity first (critical → low), then fail → warn → skipped → pass, then check id, region, resource id. */
export function bySeverity(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    a.checkId.localeCompare(b.checkId) ||
    (a.resource.region ?? '').localeCompare(b.resource.region ?? '') ||
    a.resource.id.localeCompare(b.resource.id)
  );
}

/**
 * The rank of each distinct string in `localeCompare` order (strings that compare equal share a
 * rank): comparing ranks orders exactly as comparing the strings, with one collation per distinct
 * string's sort instead of one per comparison of a large sort.
 */
export function collationRanks(values: Iterable<string>): Map<string, number> {
  const distinct = [...new Set(values)].sort((a, b) => a.localeCompare(b));
  const ranks = new Map<string, number>();
  let rank = 0;
  for (let i = 0; i < distinct.length; i++) {
    if (i > 0 && distinct[i - 1]!.localeCompare(distinct[i]!) !== 0) rank++;
    ranks.set(distinct[i]!, rank);
  }
  return ranks;
}

/**
 * `[...findings].sort(bySeverity)`, the same order (the sort is stable), with the three string
 * comparisons done once per distinct string (`collationRanks`), not per comparison.
 */
export function sortBySeverity(findings: Iterable<Finding>): Finding[] {
  const keyed: { f: Finding; check: number; region: number; id: number }[] = [];
  const checkIds = new Set<string>();
  const regionNames = new Set<string>();
  const resourceIds = new Set<string>();
  for (const f of findings) {
    keyed.push({ f, check: 0, region: 0, id: 0 });
    checkIds.add(f.checkId);
    regionNames.add(f.resource.region ?? '');
    resourceIds.add(f.resource.id);
  }
  const checks = collationRanks(checkIds);
  const regions = collationRanks(regionNames);
  const ids = collationRanks(resourceIds);
  for (const k of keyed) {
    k.check = checks.get(k.f.checkId)!;
    k.region = regions.get(k.f.resource.region ?? '')!;
    k.id = ids.get(k.f.resource.id)!;
  }
  keyed.sort(
    (a, b) =>
      SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] ||
      STATUS_RANK[a.f.status] - STATUS_RANK[b.f.status] ||
      a.check - b.check ||
      a.region - b.region ||
      a.id - b.id,
  );
  return keyed.map((k) => k.f);
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
  const by = new Map<Category, StatusCounts>();
  for (const c of result.checks) if (!by.has(c.category)) by.set(c.category, emptyCounts());
  const total = emptyCounts();
  for (const f of result.findings) {
    let c = by.get(f.category);
    if (!c) by.set(f.category, (c = emptyCounts()));
    add(c, f);
    add(total, f);
  }
  const rows: [Category, StatusCounts][] = [];
  for (const category of CATEGORIES) {
    const c = by.get(category);
    if (c) rows.push([category, c]);
  }
  return { rows, total };
}

/** Passing findings per category: how many findings, from how many distinct checks (one pass). */
export function passedByCategory(
  result: AuditResult,
): { category: Category; findings: number; checks: number }[] {
  const by = new Map<Category, { findings: number; checks: Set<string> }>();
  for (const f of result.findings) {
    if (f.status !== 'pass' || f.suppressed) continue;
    let c = by.get(f.category);
    if (!c) by.set(f.category, (c = { findings: 0, checks: new Set() }));
    c.findings++;
    c.checks.add(f.checkId);
  }
  const out: { category: Category; findings: number; checks: number }[] = [];
  for (const category of CATEGORIES) {
    const c = by.get(category);
    if (c) out.push({ category, findings: c.findings, checks: c.checks.size });
  }
  return out;
}

/** Ids of selected checks that produced no finding at all (nothing of their kind in the account). */
export function checksWithoutFindings(result: AuditResult): string[] {
  const seen = new Set<string>();
  for (const f of result.findings) seen.add(f.checkId);
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
