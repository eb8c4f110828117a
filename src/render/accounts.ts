/**
 * Helpers for reports of several accounts (result.accounts present): labels, verdict words, the
 * findings of one account, and the per-check roll-up across accounts. Pure.
 */
import { SEVERITY_RANK, type Finding, type Severity } from '../checks/define.js';
import type { AuditResult } from '../engine/audit.js';
import type { AccountAudit, AccountVerdict } from '../engine/org-audit.js';
import { plural } from '../util/text.js';

export const VERDICT_WORD: Record<AccountVerdict, string> = {
  failed: 'FAILED',
  'not-captured': 'NOT CAPTURED',
  incomplete: 'INCOMPLETE',
  ok: 'OK',
};

/** "111122223333 (prod)", or the id alone. */
export function accountLabel(a: Pick<AccountAudit, 'id' | 'name'>): string {
  return a.name ? `${a.id} (${a.name})` : a.id;
}

/** What an account's verdict means, in a few words: "2 failing at or above high", "AccessDenied assuming the role". */
export function verdictDetail(a: AccountAudit, short = false): string {
  const s = a.summary;
  if (a.verdict === 'not-captured') {
    if (!a.error) return 'no snapshot';
    const what = a.error.stage === 'assume-role' ? 'assuming the role' : 'collecting';
    return short ? `${a.error.code} ${what}` : `${a.error.code} ${what}: ${a.error.message}`;
  }
  if (a.verdict === 'failed') return `${plural(s.gating, 'failing finding')} at or above ${s.failOn}`;
  if (a.verdict === 'incomplete') return 'some data could not be collected; checks that need it were skipped';
  return '';
}

/** Each account's findings, in the result's order. */
export function findingsByAccount(result: AuditResult): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>((result.accounts ?? []).map((a) => [a.id, []]));
  for (const f of result.findings) {
    const list = out.get(f.account ?? '');
    if (list) list.push(f);
  }
  return out;
}

export interface CheckRollup {
  checkId: string;
  severity: Severity;
  /** Accounts with an unsuppressed fail or warn of this check. */
  accounts: string[];
  fail: number;
  warn: number;
}

/** Checks with unsuppressed fail or warn findings: most severe first, then most accounts, then id. */
export function rollupByCheck(result: AuditResult): CheckRollup[] {
  const by = new Map<string, CheckRollup>();
  for (const f of result.findings) {
    if (f.suppressed || (f.status !== 'fail' && f.status !== 'warn')) continue;
    const r = by.get(f.checkId) ?? {
      checkId: f.checkId,
      severity: f.severity,
      accounts: [],
      fail: 0,
      warn: 0,
    };
    if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[r.severity]) r.severity = f.severity;
    if (f.account && !r.accounts.includes(f.account)) r.accounts.push(f.account);
    r[f.status]++;
    by.set(f.checkId, r);
  }
  return [...by.values()].sort(
    (a, b) =>
      Number(b.fail > 0) - Number(a.fail > 0) ||
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      b.accounts.length - a.accounts.length ||
      a.checkId.localeCompare(b.checkId),
  );
}

/** The one-line verdict over all accounts, shared by table and markdown. */
export function accountsVerdict(result: AuditResult): string {
  const accounts = result.accounts ?? [];
  const n = (v: AccountVerdict) => accounts.filter((a) => a.verdict === v).length;
  const parts = [
    n('failed') ? `${n('failed')} failing` : '',
    n('not-captured') ? `${n('not-captured')} not captured` : '',
    n('incomplete') ? `${n('incomplete')} incomplete` : '',
    n('ok') ? `${n('ok')} ok` : '',
  ].filter(Boolean);
  return `${plural(accounts.length, 'account')}: ${parts.join(', ') || 'none'}`;
}
