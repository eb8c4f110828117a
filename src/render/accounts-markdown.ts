/**
 * Markdown for an audit of several accounts (a CI job summary, a PR comment): the verdict, a table
 * per account (worst first), a table per check across accounts, then one section per account that
 * needs attention (Must fix / Should fix / Warnings open, Skipped collapsed), the accounts that
 * passed collapsed, suppressions to review and collection errors. Text from AWS or the config is
 * escaped with md() as in the one-account report.
 */
import type { AuditResult } from '../engine/audit.js';
import type { AccountAudit, AccountVerdict } from '../engine/org-audit.js';
import { appendAll } from '../util/array.js';
import { plural } from '../util/text.js';
import { accountsVerdict, findingsByAccount, rollupByCheck, verdictDetail } from './accounts.js';
import { gatingSentence, sortBySeverity } from './common.js';
import { SEVERITY_BADGE, bySection, code, details, findingsTable, md, section } from './markdown.js';
import type { RenderContext } from './types.js';

const VERDICT_BADGE: Record<AccountVerdict, string> = {
  failed: '❌ failed',
  'not-captured': '⚠️ not captured',
  incomplete: '⚠️ incomplete',
  ok: '✅ ok',
};

function label(a: AccountAudit): string {
  return a.name ? `${code(a.id)} ${md(a.name)}` : code(a.id);
}

export function renderAccountsMarkdown(result: AuditResult, ctx: RenderContext): string {
  const s = result.summary;
  const accounts = result.accounts ?? [];
  const out: string[] = [];
  const org = result.organization?.id ? ` of organisation ${code(result.organization.id)}` : '';
  out.push(`## ${md(ctx.tool.name)} audit of ${plural(accounts.length, 'account')}${org}`, '');
  const verdict =
    s.gating > 0
      ? `❌ **Failed:** ${md(gatingSentence(result))}`
      : s.incomplete
        ? `⚠️ **Incomplete:** ${md(gatingSentence(result))}, but some accounts or data could not be captured, so the checks that need them were skipped`
        : `✅ **Passed:** ${md(gatingSentence(result))}`;
  out.push(verdict, '');
  out.push(
    `${md(accountsVerdict(result))} · regions ${result.regions.map(code).join(', ') || '(none)'} · captured from ${md(result.capturedAt)} · ` +
      `${plural(s.checks, 'check')} · ${plural(s.findings, 'finding')} · ${md(ctx.tool.name)} ${md(ctx.tool.version)}`,
    '',
  );

  // ---- per account
  out.push(
    '### Accounts, worst first',
    '',
    '| Account | Verdict | ❌ Fail | ⚠️ Warn | ⏭️ Skipped | ✅ Pass | 🔕 Suppressed |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const a of accounts) {
    const detail = verdictDetail(a, true);
    const v = `${VERDICT_BADGE[a.verdict]}${detail ? `: ${md(detail)}` : ''}${a.drPair ? ` (DR pair ${md(a.drPair)})` : ''}`;
    const n = (x: number) => (a.verdict === 'not-captured' ? '—' : String(x));
    const c = a.summary;
    out.push(
      `| ${label(a)} | ${v} | ${n(c.fail)} | ${n(c.warn)} | ${n(c.skipped)} | ${n(c.pass)} | ${n(c.suppressed)} |`,
    );
  }
  out.push('');

  // ---- per check
  const checks = rollupByCheck(result);
  if (checks.length > 0) {
    out.push(
      '### Checks that fail or warn, across accounts',
      '',
      '| Severity | Check | Accounts | ❌ Fail | ⚠️ Warn |',
      '| --- | --- | ---: | ---: | ---: |',
      ...checks.map(
        (c) =>
          `| ${SEVERITY_BADGE[c.severity]} | ${code(c.checkId)} | ${c.accounts.length} | ${c.fail} | ${c.warn} |`,
      ),
      '',
    );
  }

  // ---- each account that needs attention; the others collapsed
  const byAccount = findingsByAccount(result);
  const passing: AccountAudit[] = [];
  for (const a of accounts) {
    const { mustFix, shouldFix, warnings, skipped, passed } = bySection(
      sortBySeverity(byAccount.get(a.id) ?? []),
    );
    const open = mustFix.length + shouldFix.length + warnings.length + skipped.length;
    if (a.verdict !== 'not-captured' && open === 0) {
      passing.push(a);
      continue;
    }
    out.push(`### ${label(a)}: ${VERDICT_BADGE[a.verdict]}`, '');
    if (a.verdict === 'not-captured') {
      out.push(`Not captured: ${md(verdictDetail(a))}`, '');
      continue;
    }
    appendAll(out, section('Must fix', mustFix, '####'));
    appendAll(out, section('Should fix', shouldFix, '####'));
    appendAll(out, section('Warnings', warnings, '####'));
    if (skipped.length > 0) appendAll(out, details(`Skipped (${skipped.length})`, findingsTable(skipped)));
    if (passed.length > 0)
      out.push(`${plural(passed.length, 'passing finding')} not shown (see the JSON report).`, '');
  }
  if (passing.length > 0) {
    appendAll(
      out,
      details(`Accounts with nothing open (${passing.length})`, [
        '| Account | ✅ Pass | 🔕 Suppressed |',
        '| --- | ---: | ---: |',
        ...passing.map((a) => `| ${label(a)} | ${a.summary.pass} | ${a.summary.suppressed} |`),
      ]),
    );
  }

  const stale = result.suppressions.filter((x) => x.status !== 'active');
  if (stale.length > 0) {
    out.push(`### Suppressions to review (${stale.length})`, '');
    for (const x of stale) {
      const what =
        x.status === 'expired'
          ? `expired ${md(x.expires ?? '')}: no longer suppresses ${plural(x.matched, 'finding')}`
          : 'matched no finding in any account: remove it or fix its globs';
      out.push(`- **${x.status}** ${code(x.check)} on ${code(x.resource)}, ${what}. Reason: ${md(x.reason)}`);
    }
    out.push('');
  }

  const errors = result.collection.filter((c) => c.status === 'error');
  if (errors.length > 0) {
    out.push(
      `### Collection errors (${errors.length})`,
      '',
      'The checks that need this data were skipped, not passed.',
      '',
      '| Account | Service | Region | Operation | Error | IAM action |',
      '| --- | --- | --- | --- | --- | --- |',
      ...errors.map(
        (e) =>
          `| ${code(e.account ?? '')} | ${md(e.service)} | ${md(e.region)} | ${md(e.operation)} | ${md(e.error?.code ?? 'error')} | ` +
          `${code(e.error?.action ?? `${e.service}:${e.operation}`)} |`,
      ),
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}
