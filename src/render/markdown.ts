/**
 * Markdown, for a pull-request comment or a readiness note (GitHub-flavoured: tables, <details>).
 * Sections: title, verdict, counts per category, Must fix (fail, critical/high), Should fix (fail,
 * medium/low), Warnings, then collapsed: Skipped, Passed, Suppressed; suppressions to review;
 * collection errors. Everything taken from AWS or the config is escaped (pipes, Markdown and HTML).
 */
import type { Finding } from '../checks/define.js';
import type { AuditResult } from '../engine/audit.js';
import {
  bySeverity,
  checksWithoutFindings,
  countsByCategory,
  gatingSentence,
  displayMessage,
  resourceLabel,
} from './common.js';
import { plural } from '../util/text.js';
import type { RenderContext, Renderer } from './types.js';
import { safeRenderer } from './safe.js';
import { appendAll } from '../util/array.js';
import { renderAccountsMarkdown } from './accounts-markdown.js';

/**
 * Escapes text for a GFM table cell or paragraph: HTML-significant characters become entities (no
 * tag, comment or </details> can be injected); the characters that act inline (\ ` * _ [ ] | ~ $,
 * the last for GitHub's math) are backslash-escaped; newlines become <br>; control characters are
 * dropped. Text is never placed at the start of a line, so #, -, + and digits need no escaping.
 */
export function md(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_[\]|~$]/g, (c) => `\\${c}`)
      .replace(/\r?\n/g, '<br>')
  );
}

/** Inline code for identifiers (check ids, globs); backticks in the value fall back to escaped text. */
export function code(s: string): string {
  return s.includes('`') || s.includes('|') || /[\r\n]/.test(s) ? md(s) : `\`${s}\``;
}

export const SEVERITY_BADGE = {
  critical: '🔴 critical',
  high: '🟠 high',
  medium: '🟡 medium',
  low: '🔵 low',
} as const;

export function findingsTable(findings: Finding[], withStatus = false): string[] {
  const head = withStatus
    ? '| Status | Severity | Check | Resource | Finding |'
    : '| Severity | Check | Resource | Finding |';
  const sep = withStatus ? '| --- | --- | --- | --- | --- |' : '| --- | --- | --- | --- |';
  return [
    head,
    sep,
    ...findings.map((f) => {
      const cells = [
        SEVERITY_BADGE[f.severity],
        code(f.checkId),
        md(resourceLabel(f.resource)),
        md(displayMessage(f)),
      ];
      if (withStatus) cells.unshift(f.status);
      return `| ${cells.join(' | ')} |`;
    }),
  ];
}

export function section(title: string, findings: Finding[]): string[] {
  if (findings.length === 0) return [];
  return [`### ${title} (${findings.length})`, '', ...findingsTable(findings), ''];
}

export function details(summary: string, body: string[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}

function renderMarkdownUnsafe(result: AuditResult, ctx: RenderContext): string {
  if (result.accounts) return renderAccountsMarkdown(result, ctx);
  const s = result.summary;
  const out: string[] = [];
  const sorted = [...result.findings].sort(bySeverity);
  const open = sorted.filter((f) => !f.suppressed);
  const high = new Set(['critical', 'high']);

  out.push(`## ${md(ctx.tool.name)} audit of account ${md(result.accountId)}`, '');
  const verdict =
    s.gating > 0
      ? `❌ **Failed:** ${md(gatingSentence(result))}`
      : s.incomplete
        ? `⚠️ **Incomplete:** ${md(gatingSentence(result))}, but some data could not be collected, so the checks that need it were skipped`
        : `✅ **Passed:** ${md(gatingSentence(result))}`;
  out.push(verdict, '');
  if (s.incomplete && s.gating > 0)
    out.push('⚠️ The audit is incomplete: some data could not be collected (see *Collection errors*).', '');
  out.push(
    `Regions ${result.regions.map(code).join(', ') || '(none)'} · captured ${md(result.capturedAt)} · ` +
      `${plural(s.checks, 'check')} · ${plural(s.findings, 'finding')} · ${md(ctx.tool.name)} ${md(ctx.tool.version)}`,
    '',
  );

  // ---- counts by category
  const { rows, total } = countsByCategory(result);
  out.push(
    '| Category | ❌ Fail | ⚠️ Warn | ⏭️ Skipped | ✅ Pass | 🔕 Suppressed |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const [category, c] of rows)
    out.push(`| ${category} | ${c.fail} | ${c.warn} | ${c.skipped} | ${c.pass} | ${c.suppressed} |`);
  out.push(
    `| **Total** | **${total.fail}** | **${total.warn}** | **${total.skipped}** | **${total.pass}** | **${total.suppressed}** |`,
    '',
  );

  // ---- what to do
  out.push(
    ...section(
      'Must fix',
      open.filter((f) => f.status === 'fail' && high.has(f.severity)),
    ),
  );
  out.push(
    ...section(
      'Should fix',
      open.filter((f) => f.status === 'fail' && !high.has(f.severity)),
    ),
  );
  out.push(
    ...section(
      'Warnings',
      open.filter((f) => f.status === 'warn'),
    ),
  );

  const skipped = open.filter((f) => f.status === 'skipped');
  if (skipped.length > 0) appendAll(out, details(`Skipped (${skipped.length})`, findingsTable(skipped)));

  const passed = open.filter((f) => f.status === 'pass');
  const idle = checksWithoutFindings(result);
  if (passed.length > 0 || idle.length > 0) {
    const body = passed.length > 0 ? findingsTable(passed) : [];
    if (idle.length > 0)
      body.push('', `Nothing to judge (no matching resources): ${idle.map(code).join(', ')}`);
    appendAll(out, details(`Passed (${passed.length})`, body));
  }

  const suppressed = sorted.filter((f) => f.suppressed);
  if (suppressed.length > 0) {
    out.push(
      ...details(`Suppressed (${suppressed.length})`, [
        '| Status | Severity | Check | Resource | Finding | Reason | Until |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        ...suppressed.map(
          (f) =>
            `| ${f.status} | ${SEVERITY_BADGE[f.severity]} | ${code(f.checkId)} | ${md(resourceLabel(f.resource))} | ` +
            `${md(f.message)} | ${md(f.suppressed!.reason)} | ${f.suppressed!.expires ? md(f.suppressed!.expires) : '—'} |`,
        ),
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
          : 'matched no finding: remove it or fix its globs';
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
      '| Service | Region | Operation | Error | IAM action |',
      '| --- | --- | --- | --- | --- |',
      ...errors.map(
        (e) =>
          `| ${md(e.service)} | ${md(e.region)} | ${md(e.operation)} | ${md(e.error?.code ?? 'error')} | ` +
          `${code(e.error?.action ?? `${e.service}:${e.operation}`)} |`,
      ),
      '',
    );
  }

  return `${out.join('\n').trimEnd()}\n`;
}

/** Every string from the account or the config is made safe first (./safe.ts). */
export const renderMarkdown: Renderer = safeRenderer(renderMarkdownUnsafe);
