/**
 * Evaluation: runs the selected checks over an inventory (pure), applies config thresholds and
 * suppressions, and summarises. The result is the one findings model every renderer reads.
 */
import picomatch from 'picomatch';
import {
  GLOBAL_SETTINGS,
  SEVERITY_RANK,
  type Category,
  type Check,
  type CheckContext,
  type Finding,
  type Severity,
  type Thresholds,
  type Verdict,
} from '../checks/define.js';
import { CHECK_SETTING_KEYS, inScope, scopeFor } from './scope.js';
import { ref } from '../inventory/query.js';
import { dict, type CollectionRecord, type Inventory } from '../inventory/schema.js';
import type { ResilConfig, SuppressionConfig } from '../config/schema.js';
import { ExitCode } from '../util/errors.js';
import { appendAll } from '../util/array.js';
import type { AccountAudit } from './org-audit.js';

export interface CheckMeta {
  id: string;
  title: string;
  category: Category;
  severity: Severity;
}

export interface SuppressionReport {
  check: string;
  resource: string;
  reason: string;
  expires?: string;
  /** active: applies; expired: past its date, no longer suppresses; unused: matched nothing. */
  status: 'active' | 'expired' | 'unused';
  matched: number;
}

export interface AuditSummary {
  checks: number;
  findings: number;
  pass: number;
  fail: number;
  warn: number;
  skipped: number;
  suppressed: number;
  /** Unsuppressed failing findings by severity. */
  failBySeverity: Record<Severity, number>;
  /** The --fail-on threshold this result was judged against. */
  failOn: Severity | 'never';
  /** Unsuppressed `fail` findings at or above failOn. */
  gating: number;
  /** Some data could not be collected: at least one check was skipped for it. */
  incomplete: boolean;
  exitCode: number;
}

export interface AuditResult {
  accountId: string;
  regions: string[];
  capturedAt: string;
  checks: CheckMeta[];
  findings: Finding[];
  /** In an audit of several accounts each record also names its `account`. */
  collection: Array<CollectionRecord & { account?: string }>;
  suppressions: SuppressionReport[];
  summary: AuditSummary;
  /** Present only for an audit of several accounts (src/engine/org-audit.ts): one entry each, worst first. */
  accounts?: AccountAudit[];
  /** The organisation the accounts belong to, when the index files name it. */
  organization?: { id?: string; managementAccountId?: string };
}

export interface AuditOptions {
  config: ResilConfig;
  failOn: Severity | 'never';
  /** "now" for suppression expiry; defaults to the inventory's capture time. */
  now?: Date;
}

/** Resolves one check's thresholds: check config > top-level setting > default. */
export function resolveThresholds(check: Check, config: ResilConfig): Thresholds {
  const out: Thresholds = { ...check.thresholds };
  for (const name of GLOBAL_SETTINGS) {
    const v = config[name];
    if (name in out && v !== undefined) out[name] = v;
  }
  const own = config.checks?.[check.id];
  if (own)
    for (const [k, v] of Object.entries(own))
      if (!(CHECK_SETTING_KEYS as readonly string[]).includes(k)) out[k] = v as Thresholds[string];
  return out;
}

function requirementKey(r: CollectionRecord): string {
  return `${r.service}:${r.operation}`;
}

function describeError(r: CollectionRecord): string {
  const what = r.error?.action ?? requirementKey(r);
  const code = r.error?.code ?? 'error';
  return `${code} on ${what} in ${r.region}`;
}

/** Removes the given regions from an inventory view (the checks then evaluate the rest). */
function withoutRegions(inv: Inventory, drop: Set<string>): Inventory {
  if (drop.size === 0) return inv;
  return {
    ...inv,
    regions: dict(Object.fromEntries(Object.entries(inv.regions).filter(([r]) => !drop.has(r)))),
  };
}

/** A finding as evaluateCheck returns it: it may still carry its check's root-cause hint. */
export type EvaluatedFinding = Finding & { rootCause?: Verdict['rootCause'] };

/**
 * Evaluates one check. Regions where a required operation failed get one `skipped` finding each,
 * naming the failed operation; a failure of a global operation (Route 53) skips the whole check.
 * Checks that compare regions (category dr, replication, dns) are skipped whole on any failure,
 * since a partial view could make them pass wrongly. Findings on resources out of the check's scope
 * (config `scope`, see src/engine/scope.ts) are dropped.
 */
export function evaluateCheck(
  check: Check,
  inv: Inventory,
  thresholds: Thresholds,
  context: CheckContext = { config: {} },
): EvaluatedFinding[] {
  const required = new Set(check.requires);
  const failures = inv.collection.filter(
    (r) => r.status === 'error' && required.has(requirementKey(r) as never),
  );
  const meta = { checkId: check.id, category: check.category, severity: check.severity };
  const crossRegion = check.category === 'dr' || check.category === 'replication' || check.category === 'dns';
  if (failures.some((f) => f.region === 'global') || (crossRegion && failures.length > 0)) {
    return [
      {
        ...meta,
        status: 'skipped',
        resource: ref.account(inv),
        message: `Skipped: data could not be collected (${failures.map(describeError).join('; ')})`,
        evidence: { reason: 'collection-error', errors: failures },
      },
    ];
  }
  const failedRegions = new Map<string, CollectionRecord[]>();
  for (const f of failures) failedRegions.set(f.region, [...(failedRegions.get(f.region) ?? []), f]);
  const findings: EvaluatedFinding[] = [];
  for (const [region, errs] of [...failedRegions].sort(([a], [b]) => a.localeCompare(b))) {
    findings.push({
      ...meta,
      status: 'skipped',
      resource: ref.region(region),
      message: `Skipped in ${region}: data could not be collected (${errs.map(describeError).join('; ')})`,
      evidence: { reason: 'collection-error', errors: errs },
    });
  }
  const view = withoutRegions(inv, new Set(failedRegions.keys()));
  const scope = scopeFor(check.id, context.config);
  for (const v of check.evaluate(view, thresholds, context)) {
    if (!inScope(inv, v.resource, scope)) continue;
    findings.push({
      ...meta,
      ...v,
      resource: withAzId(inv, v.resource),
      severity: v.severity ?? check.severity,
    });
  }
  return findings;
}

/**
 * A resource reference with the AZ ID of its AZ (e.g. us-east-1a → use1-az4), from the region's
 * DescribeAvailabilityZones: AZ names map to different physical zones in different accounts.
 * Unchanged when the reference has no AZ or the ID was not collected.
 */
export function withAzId(inv: Inventory, r: Finding['resource']): Finding['resource'] {
  if (!r.az || r.azId || !r.region) return r;
  const azId = inv.regions[r.region]?.availabilityZoneIds[r.az];
  return azId ? { ...r, azId } : r;
}

function findingKey(checkId: string, r: { type: string; id: string; region?: string }): string {
  return `${checkId}|${r.type}|${r.id}|${r.region ?? ''}`;
}

/**
 * One cause, one finding: a finding whose check named a root cause points at it (`relatedTo`) when
 * that root finding failed or warned in the same run; the hint is dropped otherwise.
 */
export function linkRootCauses(findings: EvaluatedFinding[]): Finding[] {
  const roots = new Map<string, Finding>();
  for (const f of findings)
    if (f.status === 'fail' || f.status === 'warn') roots.set(findingKey(f.checkId, f.resource), f);
  return findings.map((evaluated) => {
    // Most findings carry no hint: passed on as they are (a rest copy of each cost a second at 100k).
    if (!Object.hasOwn(evaluated, 'rootCause')) return evaluated;
    const { rootCause, ...f } = evaluated;
    if (!rootCause) return f;
    const target = rootCause.resource ?? f.resource;
    const root = roots.get(findingKey(rootCause.checkId, target));
    if (!root || root === f) return f;
    const { type, id, region } = root.resource;
    return {
      ...f,
      relatedTo: { checkId: root.checkId, resource: { type, id, ...(region ? { region } : {}) } },
    };
  });
}

/** `*` matches any characters, `/` included (bash mode): ELB and Route 53 ARNs contain slashes. */
const RESOURCE_GLOB = { dot: true, bash: true } as const;
const CHECK_GLOB = { bash: true } as const;

/** The strings a suppression's resource glob is matched against: the resource's id, name and ARN. */
function resourceCandidates(f: Finding): string[] {
  return [f.resource.id, f.resource.name, f.resource.arn].filter((x): x is string => !!x);
}

/**
 * Suppressions with their globs compiled once (not once per finding), and, per check id, the
 * suppressions whose check glob matches it, with one regular expression that matches whatever any
 * of their resource globs matches: most findings match no suppression, and that one test says so.
 */
function compileSuppressions(suppressions: SuppressionConfig[]) {
  const compiled = suppressions.map((s) => ({
    check: picomatch(s.check, CHECK_GLOB),
    resource: picomatch(s.resource, RESOURCE_GLOB),
    regex: picomatch.makeRe(s.resource, RESOURCE_GLOB),
    glob: s.resource,
  }));
  const byCheck = new Map<string, { indexes: number[]; any: (c: string) => boolean }>();
  return (checkId: string) => {
    let hit = byCheck.get(checkId);
    if (!hit) {
      const indexes = compiled.flatMap((c, i) => (c.check(checkId) ? [i] : []));
      const globs = new Set(indexes.map((i) => compiled[i]!.glob));
      const flags = new Set(indexes.map((i) => compiled[i]!.regex.flags));
      // picomatch matches a string equal to the glob, or one its regular expression matches.
      let any: (c: string) => boolean = (c) => indexes.some((i) => compiled[i]!.resource(c));
      if (indexes.length > 1 && flags.size === 1) {
        try {
          const re = new RegExp(
            indexes.map((i) => `(?:${compiled[i]!.regex.source})`).join('|'),
            [...flags][0],
          );
          any = (c) => c !== '' && (globs.has(c) || re.test(c));
        } catch {
          // keep the one-by-one test
        }
      }
      hit = { indexes, any };
      byCheck.set(checkId, hit);
    }
    return { indexes: hit.indexes, any: hit.any, compiled };
  };
}

/** Applies suppressions. An expired suppression no longer suppresses and is reported as expired. */
export function applySuppressions(
  findings: Finding[],
  suppressions: SuppressionConfig[],
  now: Date,
): { findings: Finding[]; report: SuppressionReport[] } {
  const report: SuppressionReport[] = suppressions.map((s) => ({
    check: s.check,
    resource: s.resource,
    reason: s.reason,
    ...(s.expires ? { expires: s.expires } : {}),
    status: s.expires && new Date(`${s.expires}T23:59:59.999Z`) < now ? 'expired' : 'active',
    matched: 0,
  }));
  const forCheck = compileSuppressions(suppressions);
  const out = findings.map((f) => {
    if (f.status === 'pass' || suppressions.length === 0) return f;
    const { indexes, any, compiled } = forCheck(f.checkId);
    if (indexes.length === 0) return f;
    const candidates = resourceCandidates(f);
    if (!candidates.some(any)) return f;
    for (const i of indexes) {
      const s = suppressions[i]!;
      const isMatch = compiled[i]!.resource;
      if (!candidates.some((c) => isMatch(c))) continue;
      const rep = report[i]!;
      rep.matched++;
      if (rep.status === 'expired') continue;
      return {
        ...f,
        suppressed: { reason: s.reason, resource: s.resource, ...(s.expires ? { expires: s.expires } : {}) },
      };
    }
    return f;
  });
  for (const r of report) if (r.status === 'active' && r.matched === 0) r.status = 'unused';
  return { findings: out, report };
}

const STATUS_ORDER = { fail: 0, warn: 1, skipped: 2, pass: 3 } as const;

/**
 * `a.localeCompare(b)`, exactly (a collator with the default locale and options is what
 * `localeCompare` uses), without building the comparison anew for every pair.
 */
const compareText = new Intl.Collator().compare;

/** Stable order: worst status, then severity, then check id, then region and resource id. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      (a.checkId === b.checkId ? 0 : compareText(a.checkId, b.checkId)) ||
      compareText(a.resource.region ?? '', b.resource.region ?? '') ||
      compareText(a.resource.id, b.resource.id),
  );
}

export function summarize(
  checks: CheckMeta[],
  findings: Finding[],
  failOn: Severity | 'never',
): AuditSummary {
  const s: AuditSummary = {
    checks: checks.length,
    findings: findings.length,
    pass: 0,
    fail: 0,
    warn: 0,
    skipped: 0,
    suppressed: 0,
    failBySeverity: { critical: 0, high: 0, medium: 0, low: 0 },
    failOn,
    gating: 0,
    incomplete: false,
    exitCode: ExitCode.OK,
  };
  for (const f of findings) {
    s[f.status]++;
    if (f.suppressed) {
      s.suppressed++;
      continue;
    }
    if (f.status === 'fail') {
      s.failBySeverity[f.severity]++;
      if (failOn !== 'never' && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]) s.gating++;
    }
    if (f.status === 'skipped' && (f.evidence as { reason?: string }).reason === 'collection-error')
      s.incomplete = true;
  }
  s.exitCode = s.gating > 0 ? ExitCode.FINDINGS : s.incomplete ? ExitCode.INCOMPLETE : ExitCode.OK;
  return s;
}

/** Runs the given checks (already selected) over the inventory. Pure. */
export function runAudit(inv: Inventory, checks: readonly Check[], opts: AuditOptions): AuditResult {
  const disabled = new Set(
    Object.entries(opts.config.checks ?? {})
      .filter(([, v]) => v && (v as { enabled?: boolean }).enabled === false)
      .map(([k]) => k),
  );
  const active = checks.filter((c) => !disabled.has(c.id));
  const evaluated: EvaluatedFinding[] = [];
  const context: CheckContext = { config: opts.config };
  for (const check of active)
    appendAll(evaluated, evaluateCheck(check, inv, resolveThresholds(check, opts.config), context));
  let findings = linkRootCauses(evaluated);
  const now = opts.now ?? new Date(inv.capturedAt);
  const applied = applySuppressions(findings, opts.config.suppressions ?? [], now);
  findings = sortFindings(applied.findings);
  const metas: CheckMeta[] = active.map((c) => ({
    id: c.id,
    title: c.title,
    category: c.category,
    severity: c.severity,
  }));
  return {
    accountId: inv.accountId,
    regions: Object.keys(inv.regions).sort(),
    capturedAt: inv.capturedAt,
    checks: metas,
    findings,
    collection: inv.collection,
    suppressions: applied.report,
    summary: summarize(metas, findings, opts.failOn),
  };
}
