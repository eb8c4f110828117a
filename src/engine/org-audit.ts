/**
 * An audit of several accounts (`resil audit --snapshot DIR`, issue 14): each account's inventory is
 * audited on its own with `runAudit`, one account in memory at a time; DR pairs that span accounts
 * (`accounts.drPairs` in .resil.yml) get their `dr` checks judged on a view that joins the primary
 * account's primary region to the standby account's standby region. Findings carry their `account`;
 * the result lists every account (worst first), including those that could not be captured.
 *
 * The exit code follows the worst account: 1 when any finding gates, else 3 when any account is
 * incomplete (not captured, data missing, a shard missing), else 0.
 */
import { SEVERITY_RANK, type Check, type Finding, type Severity } from '../checks/define.js';
import { pairLabel, type DrPair } from '../config/accounts.js';
import type { Inventory } from '../inventory/schema.js';
import type { AccountError } from '../org/index-file.js';
import { appendAll } from '../util/array.js';
import { ExitCode } from '../util/errors.js';
import {
  applySuppressions,
  runAudit,
  sortFindings,
  summarize,
  type AuditOptions,
  type AuditResult,
  type AuditSummary,
  type CheckMeta,
  type SuppressionReport,
} from './audit.js';

export interface AccountSource {
  id: string;
  name?: string;
  /** Where the account's data came from (a snapshot file), for messages. */
  source?: string;
  /** Loads the account's inventory; absent when the account was not captured. */
  load?: () => Promise<Inventory>;
  /** Why the account was not captured. */
  error?: AccountError;
}

/** failed: a finding gates; not-captured: no data at all; incomplete: some data missing; ok. */
export type AccountVerdict = 'failed' | 'not-captured' | 'incomplete' | 'ok';

export interface AccountAudit {
  id: string;
  name?: string;
  source?: string;
  verdict: AccountVerdict;
  capturedAt?: string;
  regions: string[];
  error?: AccountError;
  /** The DR pair (its label) whose dr checks include this account. */
  drPair?: string;
  /** Over this account's findings; exitCode is the account's own (1, 3 or 0). */
  summary: AuditSummary;
}

export interface OrgAuditOptions extends AuditOptions {
  organization?: { id?: string; managementAccountId?: string };
  /** Shards of the capture that no index covers ("2/4"): their accounts are unknown, so the audit is incomplete. */
  missingShards?: string[];
  /** Keep only findings at or above this severity (as applyMinSeverity does for one account). */
  minSeverity?: Severity;
}

const VERDICT_RANK: Record<AccountVerdict, number> = { failed: 0, 'not-captured': 1, incomplete: 2, ok: 3 };

/** Worst first: failing (most gating findings first), not captured, incomplete, ok; then by id. */
export function byWorstAccount(a: AccountAudit, b: AccountAudit): number {
  return (
    VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] ||
    b.summary.gating - a.summary.gating ||
    b.summary.fail - a.summary.fail ||
    b.summary.warn - a.summary.warn ||
    b.summary.skipped - a.summary.skipped ||
    a.id.localeCompare(b.id)
  );
}

function activeChecks(checks: readonly Check[], opts: AuditOptions): Check[] {
  const disabled = new Set(
    Object.entries(opts.config.checks ?? {})
      .filter(([, v]) => v && (v as { enabled?: boolean }).enabled === false)
      .map(([k]) => k),
  );
  return checks.filter((c) => !disabled.has(c.id));
}

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const t of items) if (!seen.has(key(t))) seen.set(key(t), t);
  return [...seen.values()];
}

/**
 * The inventory a cross-account DR pair is judged on: the primary account's primary region and the
 * standby account's standby region, both accounts' Route 53 zones and health checks and Aurora
 * global clusters, and the collection records of those regions (and of global services).
 */
export function pairInventory(pair: DrPair, primary: Inventory, standby: Inventory): Inventory {
  const pr = pair.primary.region;
  const sr = pair.standby.region;
  const regions: Inventory['regions'] = {};
  if (primary.regions[pr]) regions[pr] = primary.regions[pr];
  if (standby.regions[sr]) regions[sr] = standby.regions[sr];
  return {
    ...primary,
    capturedAt: primary.capturedAt < standby.capturedAt ? primary.capturedAt : standby.capturedAt,
    regions,
    globalClusters: dedupe([...primary.globalClusters, ...standby.globalClusters], (g) => g.arn),
    route53: {
      hostedZones: dedupe([...primary.route53.hostedZones, ...standby.route53.hostedZones], (z) => z.id),
      healthChecks: dedupe([...primary.route53.healthChecks, ...standby.route53.healthChecks], (h) => h.id),
    },
    collection: [
      ...primary.collection.filter((r) => r.region === pr || r.region === 'global'),
      ...(standby === primary ? [] : standby.collection).filter(
        (r) => r.region === sr || r.region === 'global',
      ),
    ],
  };
}

/** The account a pair's finding belongs to: the account in its ARN, else the side whose region it names, else the primary. */
export function pairOwner(f: Finding, pair: DrPair): string {
  const arnAccount = f.resource.arn?.split(':')[4];
  if (arnAccount === pair.primary.account || arnAccount === pair.standby.account) return arnAccount;
  if (f.resource.region === pair.standby.region) return pair.standby.account;
  return pair.primary.account;
}

function pairEvidence(pair: DrPair) {
  return {
    name: pairLabel(pair),
    primary: { account: pair.primary.account, region: pair.primary.region },
    standby: { account: pair.standby.account, region: pair.standby.region },
  };
}

/** Suppression reports of several runs as one: matches add up; expired stays expired; unused when nothing matched. */
function mergeSuppressions(base: SuppressionReport[], runs: SuppressionReport[][]): SuppressionReport[] {
  return base.map((b, i) => {
    const matched = runs.reduce((n, r) => n + (r[i]?.matched ?? 0), 0);
    const status = b.status === 'expired' ? 'expired' : matched > 0 ? 'active' : 'unused';
    return { ...b, matched, status };
  });
}

function emptySummary(metas: CheckMeta[], opts: AuditOptions): AuditSummary {
  return { ...summarize(metas, [], opts.failOn), incomplete: true, exitCode: ExitCode.INCOMPLETE };
}

function verdictOf(s: AuditSummary): AccountVerdict {
  return s.gating > 0 ? 'failed' : s.incomplete ? 'incomplete' : 'ok';
}

/** Audits every account; `notes` are lines for stderr (pairs that could not be judged). */
export async function runOrgAudit(
  sources: readonly AccountSource[],
  checks: readonly Check[],
  opts: OrgAuditOptions,
): Promise<{ result: AuditResult; notes: string[] }> {
  const now = opts.now ?? new Date();
  const notes: string[] = [];
  const active = activeChecks(checks, opts);
  const metas: CheckMeta[] = active.map((c) => ({
    id: c.id,
    title: c.title,
    category: c.category,
    severity: c.severity,
  }));
  const drChecks = active.filter((c) => c.category === 'dr');
  const pairs = opts.config.accounts?.drPairs ?? [];
  const pairOf = new Map<string, DrPair>();
  for (const p of pairs) for (const id of [p.primary.account, p.standby.account]) pairOf.set(id, p);
  const byId = new Map(sources.map((s) => [s.id, s]));
  const sorted = [...sources].sort((a, b) => a.id.localeCompare(b.id));

  const findings = new Map<string, Finding[]>(sorted.map((s) => [s.id, []]));
  const collection: AuditResult['collection'] = [];
  const runs: SuppressionReport[][] = [];
  const seen = new Map<string, { regions: string[]; capturedAt: string }>();

  // 1. Each account alone (without the dr checks when a pair judges them).
  for (const src of sorted) {
    if (!src.load) continue;
    const inv = await src.load();
    const own = pairOf.has(src.id) ? active.filter((c) => c.category !== 'dr') : active;
    const r = runAudit(inv, own, { config: opts.config, failOn: opts.failOn, now });
    appendAll(
      findings.get(src.id)!,
      r.findings.map((f) => ({ ...f, account: src.id })),
    );
    appendAll(
      collection,
      r.collection.map((c) => ({ ...c, account: src.id })),
    );
    runs.push(r.suppressions);
    seen.set(src.id, { regions: r.regions, capturedAt: r.capturedAt });
  }

  // 2. Each DR pair, on the joined view of its two sides.
  for (const pair of drChecks.length ? pairs : []) {
    const label = pairLabel(pair);
    const sides = [
      { role: 'primary', id: pair.primary.account },
      { role: 'standby', id: pair.standby.account },
    ];
    const present = sides.filter((s) => byId.has(s.id));
    if (present.length === 0) {
      notes.push(`DR pair ${label}: neither account is in this audit; its dr checks were not run.`);
      continue;
    }
    const gaps = sides
      .map((s) => {
        const src = byId.get(s.id);
        if (!src) return `account ${s.id} (${s.role}) is not in this audit`;
        if (!src.load) return `account ${s.id} (${s.role}) was not captured (${src.error?.code ?? 'error'})`;
        return undefined;
      })
      .filter((x): x is string => x !== undefined);
    if (gaps.length) {
      const owner = present[0]!.id;
      for (const c of drChecks) {
        findings.get(owner)!.push({
          checkId: c.id,
          category: c.category,
          severity: c.severity,
          status: 'skipped',
          resource: { type: 'AWS::Account', id: owner },
          message: `Skipped: DR pair ${label} cannot be judged: ${gaps.join('; ')}`,
          evidence: { reason: 'collection-error', errors: [], drPair: pairEvidence(pair) },
          account: owner,
        });
      }
      if (gaps.some((g) => g.includes('not in this audit')))
        notes.push(`DR pair ${label}: ${gaps.join('; ')}; its dr checks were skipped.`);
      continue;
    }
    const primary = await byId.get(pair.primary.account)!.load!();
    const standby =
      pair.standby.account === pair.primary.account ? primary : await byId.get(pair.standby.account)!.load!();
    const r = runAudit(pairInventory(pair, primary, standby), drChecks, {
      config: { ...opts.config, primaryRegion: pair.primary.region, standbyRegion: pair.standby.region },
      failOn: opts.failOn,
      now,
    });
    for (const f of r.findings) {
      const owner = pairOwner(f, pair);
      findings.get(owner)!.push({
        ...f,
        evidence: { ...f.evidence, drPair: pairEvidence(pair) },
        account: owner,
      });
    }
    runs.push(r.suppressions);
  }

  // 3. Per account, then the whole.
  if (opts.minSeverity) {
    const min = SEVERITY_RANK[opts.minSeverity];
    for (const [id, list] of findings)
      findings.set(
        id,
        list.filter((f) => SEVERITY_RANK[f.severity] >= min),
      );
  }
  const accounts: AccountAudit[] = sorted.map((src) => {
    const base = {
      id: src.id,
      ...(src.name ? { name: src.name } : {}),
      ...(src.source ? { source: src.source } : {}),
      ...(pairOf.has(src.id) ? { drPair: pairLabel(pairOf.get(src.id)!) } : {}),
    };
    const info = seen.get(src.id);
    if (!info) {
      return {
        ...base,
        verdict: 'not-captured',
        regions: [],
        ...(src.error ? { error: src.error } : {}),
        summary: emptySummary(metas, opts),
      };
    }
    const summary = summarize(metas, findings.get(src.id)!, opts.failOn);
    return {
      ...base,
      verdict: verdictOf(summary),
      capturedAt: info.capturedAt,
      regions: info.regions,
      summary,
    };
  });
  accounts.sort(byWorstAccount);

  const all: Finding[] = [];
  for (const src of sorted) appendAll(all, findings.get(src.id)!);
  const ordered = sortFindings(all);
  const summary = summarize(metas, ordered, opts.failOn);
  if (accounts.some((a) => a.verdict === 'not-captured') || (opts.missingShards?.length ?? 0) > 0) {
    summary.incomplete = true;
  }
  summary.exitCode =
    summary.gating > 0 ? ExitCode.FINDINGS : summary.incomplete ? ExitCode.INCOMPLETE : ExitCode.OK;
  const captured = [...seen.values()].map((s) => s.capturedAt).sort();
  const base = applySuppressions([], opts.config.suppressions ?? [], now).report;

  return {
    result: {
      accountId: '*',
      regions: [...new Set([...seen.values()].flatMap((s) => s.regions))].sort(),
      capturedAt: captured[0] ?? now.toISOString(),
      checks: metas,
      findings: ordered,
      collection,
      suppressions: mergeSuppressions(base, runs),
      summary,
      accounts,
      ...(opts.organization && (opts.organization.id || opts.organization.managementAccountId)
        ? { organization: opts.organization }
        : {}),
    },
    notes,
  };
}
