/**
 * The terminal report of an audit of several accounts: a roll-up per account (worst first), then per
 * check (which checks fail or warn, in how many accounts), then each account that needs attention
 * with its non-passing findings by severity, then suppressions, collection errors and the verdict.
 * Accounts that passed are a line in the roll-up, not a section.
 */
import { Chalk } from 'chalk';
import type { Finding } from '../checks/define.js';
import type { AuditResult } from '../engine/audit.js';
import type { AccountAudit, AccountVerdict } from '../engine/org-audit.js';
import { appendAll } from '../util/array.js';
import { plural } from '../util/text.js';
import {
  VERDICT_WORD,
  accountLabel,
  accountsVerdict,
  findingsByAccount,
  rollupByCheck,
  verdictDetail,
} from './accounts.js';
import { gatingSentence, resourceLabel, sortBySeverity } from './common.js';
import { CAPS, STATUS_LABEL, palette, rowStyles, seconds, severityGroups, statusCounts } from './table.js';
import { columns, measureRows, wrap, type Row } from './text.js';
import type { RenderContext } from './types.js';

export function renderAccountsTable(result: AuditResult, ctx: RenderContext): string {
  const p = palette(new Chalk({ level: ctx.color ? 1 : 0 }));
  const width = Math.max(60, ctx.width ?? 100);
  const s = result.summary;
  const accounts = result.accounts ?? [];
  const out: string[] = [];
  const para = (text: string, style: (x: string) => string = (x) => x) => {
    for (const l of wrap(text, width)) out.push(style(l));
  };
  const verdictStyle: Record<AccountVerdict, (x: string) => string> = {
    failed: p.bad,
    'not-captured': p.caution,
    incomplete: p.caution,
    ok: p.good,
  };
  const org = result.organization?.id ? ` of ${result.organization.id}` : '';

  // ---- header
  para(
    `${ctx.tool.name} ${ctx.tool.version} · ${plural(accounts.length, 'account')}${org} · ` +
      `regions ${result.regions.join(', ') || '(none)'} · ${plural(s.checks, 'check')} run`,
    p.heading,
  );
  para(`Captured from ${result.capturedAt} · started ${ctx.startedAt} (${seconds(ctx.durationMs)})`, p.dim);

  // ---- per account, worst first
  out.push('', p.heading('Accounts, worst first'));
  const head: Row = {
    cells: ['ACCOUNT', 'VERDICT', 'FAIL', 'WARN', 'SKIP', 'PASS', 'DETAIL'],
    style: (_c, seg) => p.dim(seg),
  };
  const dash = (a: AccountAudit, n: number) => (a.verdict === 'not-captured' ? '-' : String(n));
  appendAll(
    out,
    columns(
      [
        head,
        ...accounts.map((a) => ({
          cells: [
            accountLabel(a),
            VERDICT_WORD[a.verdict],
            dash(a, a.summary.fail),
            dash(a, a.summary.warn),
            dash(a, a.summary.skipped),
            dash(a, a.summary.pass),
            [verdictDetail(a, true), a.drPair ? `DR pair ${a.drPair}` : ''].filter(Boolean).join('; '),
          ],
          style: (c: number, seg: string) => (c === 1 ? verdictStyle[a.verdict](seg) : seg),
        })),
      ],
      { width, caps: [34, 12, 4, 4, 4, 4], minLast: 24 },
    ),
  );

  // ---- per check, across accounts
  const checks = rollupByCheck(result);
  if (checks.length > 0) {
    out.push('', p.heading('Checks that fail or warn, across accounts'));
    appendAll(
      out,
      columns(
        [
          { cells: ['CHECK', 'SEVERITY', 'ACCOUNTS', 'FAIL', 'WARN'], style: (_c, seg) => p.dim(seg) },
          ...checks.map((c) => ({
            cells: [c.checkId, c.severity, String(c.accounts.length), String(c.fail), String(c.warn)],
            style: (col: number, seg: string) => (col === 1 ? p.severity[c.severity](seg) : seg),
          })),
        ],
        { width, caps: [34, 8, 8, 5], minLast: 4 },
      ),
    );
  }

  // ---- each account that has something open
  const byAccount = findingsByAccount(result);
  // One pass: the open findings (to measure the columns by) and the suppressed ones per account.
  const allOpen: Finding[] = [];
  let suppressed = 0;
  const suppressedIn = new Map<string, number>();
  for (const f of result.findings) {
    if (f.suppressed) {
      suppressed++;
      suppressedIn.set(f.account ?? '', (suppressedIn.get(f.account ?? '') ?? 0) + 1);
    } else if (f.status !== 'pass') allOpen.push(f);
  }
  const statusStyle = rowStyles(p);
  const findingRow = (f: Finding): Row => ({
    cells: [STATUS_LABEL[f.status], f.checkId, resourceLabel(f.resource), f.message],
    style: statusStyle[f.status],
  });
  // Every account's groups are laid out in the same columns: measured once over all open findings.
  const measure = measureRows(allOpen.map(findingRow));
  for (const a of accounts) {
    const open = sortBySeverity(
      (byAccount.get(a.id) ?? []).filter((f) => f.status !== 'pass' && !f.suppressed),
    );
    if (open.length === 0 && a.verdict !== 'not-captured') continue;
    out.push('');
    para(
      `${accountLabel(a)} · ${VERDICT_WORD[a.verdict]}${open.length ? ` · ${statusCounts(open)}` : ''}`,
      (x) => p.heading(verdictStyle[a.verdict](x)),
    );
    if (a.verdict === 'not-captured') {
      for (const l of wrap(`Not captured: ${verdictDetail(a)}`, width - 2)) out.push(`  ${p.caution(l)}`);
      continue;
    }
    for (const { severity, start, end } of severityGroups(open)) {
      const group = open.slice(start, end);
      out.push(`  ${p.severity[severity](severity.toUpperCase())}  ${p.dim(statusCounts(group))}`);
      appendAll(out, columns(group.map(findingRow), { width, indent: 4, caps: CAPS, measure }));
    }
  }

  // ---- suppressed findings, one line per account
  if (suppressed > 0) {
    out.push('');
    para(
      `Suppressed (${suppressed}): ${[...suppressedIn].map(([id, n]) => `${n} in ${id}`).join(', ')} (the JSON report lists them)`,
      p.dim,
    );
  }

  // ---- suppressions that need attention
  const stale = result.suppressions.filter((x) => x.status !== 'active');
  if (stale.length > 0) {
    out.push('', p.heading(`Suppressions to review (${stale.length})`));
    appendAll(
      out,
      columns(
        stale.map((x) => ({
          cells: [
            x.status.toUpperCase(),
            x.check,
            x.resource,
            x.status === 'expired'
              ? `expired ${x.expires}; no longer suppresses ${plural(x.matched, 'finding')}: ${x.reason}`
              : `matched no finding in any account: ${x.reason}`,
          ],
          style: (c: number, seg: string) => (c === 0 ? p.caution(seg) : seg),
        })),
        { width, caps: [7, 30, 34] },
      ),
    );
  }

  // ---- collection errors, with the account
  const errors = result.collection.filter((c) => c.status === 'error');
  if (errors.length > 0) {
    out.push('', p.heading(`Collection errors (${errors.length}): checks that need this data were skipped`));
    appendAll(
      out,
      columns(
        [
          {
            cells: ['ACCOUNT', 'REGION', 'OPERATION', 'ERROR', 'IAM ACTION'],
            style: (_c, seg) => p.dim(seg),
          },
          ...errors.map((e) => ({
            cells: [
              e.account ?? '',
              e.region,
              e.operation,
              e.error?.code ?? 'error',
              e.error?.action ?? `${e.service}:${e.operation}`,
            ],
          })),
        ],
        { width, caps: [12, 16, 34, 28], minLast: 20 },
      ),
    );
  }

  // ---- verdict
  out.push('');
  para(
    `${accountsVerdict(result)} · ${plural(s.findings, 'finding')}: ${s.fail} fail · ${s.warn} warn · ` +
      `${s.skipped} skipped · ${s.pass} pass · ${s.suppressed} suppressed`,
  );
  const word = s.gating > 0 ? 'FAILED' : s.incomplete ? 'INCOMPLETE' : 'OK';
  para(`${word}: ${gatingSentence(result)}`, s.gating > 0 ? p.bad : s.incomplete ? p.caution : p.good);
  if (s.incomplete)
    para(
      'Audit incomplete: some accounts or data could not be captured; the checks that need them were skipped, not passed.',
      p.caution,
    );
  return `${out.join('\n')}\n`;
}
