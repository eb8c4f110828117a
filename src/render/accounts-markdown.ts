/**
 * Markdown for an audit of several accounts (a CI job summary, a PR comment): the verdict, a table
 * per account (worst first), a table per check across accounts, then one section per account that
 * needs attention (Must fix / Should fix / Warnings open, Skipped collapsed), the accounts that
 * passed collapsed, suppressions to review and collection errors. Text from AWS or the config is
 * escaped with md() as in the one-account report.
 */
import type { AuditResult } from '../engine/audit.js';
import type { AccountAudit, AccountVerdict } from '../engine/org-audit.js';
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

/** The lines of the report of several accounts. */
export function* accountsMarkdownLines(result: AuditResult, ctx: RenderContext): Generator<string> {
  const s = result.summary;
  const accounts = result.accounts ?? [];
  const org = result.organization?.id ? ` of organisation ${code(result.organization.id)}` : '';
  yield* [`## ${md(ctx.tool.name)} audit of ${plural(accounts.length, 'account')}${org}`, ''];
  const verdict =
    s.gating > 0
      ? `❌ **Failed:** ${md(gatingSentence(result))}`
      : s.incomplete
        ? `⚠️ **Incomplete:** ${md(gatingSentence(result))}, but some accounts or data could not be captured, so the checks that need them were skipped`
        : `✅ **Passed:** ${md(gatingSentence(result))}`;
  yield* [verdict, ''];
  yield* [
    `${md(accountsVerdict(result))} · regions ${result.regions.map(code).join(', ') || '(none)'} · captured from ${md(result.capturedAt)} · ` +
      `${plural(s.checks, 'check')} · ${plural(s.findings, 'finding')} · ${md(ctx.tool.name)} ${md(ctx.tool.version)}`,
    '',
  ];

  // ---- per account
  yield* [
    '### Accounts, worst first',
    '',
    '| Account | Verdict | ❌ Fail | ⚠️ Warn | ⏭️ Skipped | ✅ Pass | 🔕 Suppressed |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const a of accounts) {
    const detail = verdictDetail(a, true);
    const v = `${VERDICT_BADGE[a.verdict]}${detail ? `: ${md(detail)}` : ''}${a.drPair ? ` (DR pair ${md(a.drPair)})` : ''}`;
    const n = (x: number) => (a.verdict === 'not-captured' ? '—' : String(x));
    const c = a.summary;
    yield `| ${label(a)} | ${v} | ${n(c.fail)} | ${n(c.warn)} | ${n(c.skipped)} | ${n(c.pass)} | ${n(c.suppressed)} |`;
  }
  yield '';

  // ---- per check
  const checks = rollupByCheck(result);
  if (checks.length > 0) {
    yield* [
      '### Checks that fail or warn, across accounts',
      '',
      '| Severity | Check | Accounts | ❌ Fail | ⚠️ Warn |',
      '| --- | --- | ---: | ---: | ---: |',
      ...checks.map(
        (c) =>
          `| ${SEVERITY_BADGE[c.severity]} | ${code(c.checkId)} | ${c.accounts.length} | ${c.fail} | ${c.warn} |`,
      ),
      '',
    ];
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
    yield* [`### ${label(a)}: ${VERDICT_BADGE[a.verdict]}`, ''];
    if (a.verdict === 'not-captured') {
      yield* [`Not captured: ${md(verdictDetail(a))}`, ''];
      continue;
    }
    yield* section('Must fix', mustFix, '####');
    yield* section('Should fix', shouldFix, '####');
    yield* section('Warnings', warnings, '####');
    if (skipped.length > 0) yield* details(`Skipped (${skipped.length})`, findingsTable(skipped));
    if (passed.length > 0)
      yield* [`${plural(passed.length, 'passing finding')} not shown (see the JSON report).`, ''];
  }
  if (passing.length > 0) {
    yield* details(`Accounts with nothing open (${passing.length})`, [
      '| Account | ✅ Pass | 🔕 Suppressed |',
      '| --- | ---: | ---: |',
      ...passing.map((a) => `| ${label(a)} | ${a.summary.pass} | ${a.summary.suppressed} |`),
    ]);
  }

  const stale = result.suppressions.filter((x) => x.status !== 'active');
  if (stale.length > 0) {
    yield* [`### Suppressions to review (${stale.length})`, ''];
    for (const x of stale) {
      const what =
        x.status === 'expired'
          ? `expired ${md(x.expires ?? '')}: no longer suppresses ${plural(x.matched, 'finding')}`
          : 'matched no finding in any account: remove it or fix its globs';
      yield `- **${x.status}** ${code(x.check)} on ${code(x.resource)}, ${what}. Reason: ${md(x.reason)}`;
    }
    yield '';
  }

  const errors = result.collection.filter((c) => c.status === 'error');
  if (errors.length > 0) {
    yield* [
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
    ];
  }
}
