/**
 * Markdown, for a pull-request comment or a readiness note (GitHub-flavoured: tables, <details>).
 * Sections: title, verdict, counts per category, Must fix (fail, critical/high), Should fix (fail,
 * medium/low), Warnings, then collapsed: Skipped, Passed, Suppressed; suppressions to review;
 * collection errors. Everything taken from AWS or the config is escaped (pipes, Markdown and HTML).
 */
import type { Finding, Severity } from '../checks/define.js';
import type { AuditResult } from '../engine/audit.js';
import {
  checksWithoutFindings,
  countsByCategory,
  gatingSentence,
  displayMessage,
  resourceLabel,
  sortBySeverity,
} from './common.js';
import { plural } from '../util/text.js';
import type { RenderContext, Renderer } from './types.js';
import { safeRenderer } from './safe.js';
import { appendAll } from '../util/array.js';
import { renderAccountsMarkdown } from './accounts-markdown.js';

/** Any character `md` changes: text without one is returned as it is. */
// eslint-disable-next-line no-control-regex
const MD_SPECIAL = /[\u0000-\u001f\u007f&<>\\`*_[\]|~$]/;

/**
 * Escapes text for a GFM table cell or paragraph: HTML-significant characters become entities (no
 * tag, comment or </details> can be injected); the characters that act inline (\ ` * _ [ ] | ~ $,
 * the last for GitHub's math) are backslash-escaped; newlines become <br>; control characters are
 * dropped. Text is never placed at the start of a line, so #, -, + and digits need no escaping.
 */
export function md(s: string): string {
  if (!MD_SPECIAL.test(s)) return s;
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

/** Severities whose failing findings are "Must fix". */
export const HIGH: ReadonlySet<Severity> = new Set(['critical', 'high']);

export function findingsTable(findings: readonly Finding[], withStatus = false): string[] {
  const out = [
    withStatus
      ? '| Status | Severity | Check | Resource | Finding |'
      : '| Severity | Check | Resource | Finding |',
    withStatus ? '| --- | --- | --- | --- | --- |' : '| --- | --- | --- | --- |',
  ];
  for (const f of findings) {
    out.push(
      `| ${withStatus ? `${f.status} | ` : ''}${SEVERITY_BADGE[f.severity]} | ${code(f.checkId)} | ` +
        `${md(resourceLabel(f.resource))} | ${md(displayMessage(f))} |`,
    );
  }
  return out;
}

/** The findings of each section of the report, in one pass (each keeps the order of `findings`). */
export function bySection(findings: Iterable<Finding>) {
  const s = {
    mustFix: [] as Finding[],
    shouldFix: [] as Finding[],
    warnings: [] as Finding[],
    skipped: [] as Finding[],
    passed: [] as Finding[],
    suppressed: [] as Finding[],
  };
  for (const f of findings) {
    if (f.suppressed) s.suppressed.push(f);
    else if (f.status === 'fail') (HIGH.has(f.severity) ? s.mustFix : s.shouldFix).push(f);
    else if (f.status === 'warn') s.warnings.push(f);
    else if (f.status === 'skipped') s.skipped.push(f);
    else s.passed.push(f);
  }
  return s;
}

export function section(title: string, findings: readonly Finding[], heading = '###'): string[] {
  if (findings.length === 0) return [];
  const out = [`${heading} ${title} (${findings.length})`, ''];
  appendAll(out, findingsTable(findings));
  out.push('');
  return out;
}

export function details(summary: string, body: readonly string[]): string[] {
  const out = ['<details>', `<summary>${summary}</summary>`, ''];
  appendAll(out, body);
  out.push('', '</details>', '');
  return out;
}

function renderMarkdownUnsafe(result: AuditResult, ctx: RenderContext): string {
  if (result.accounts) return renderAccountsMarkdown(result, ctx);
  const s = result.summary;
  const out: string[] = [];
  const { mustFix, shouldFix, warnings, skipped, passed, suppressed } = bySection(
    sortBySeverity(result.findings),
  );

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
  appendAll(out, section('Must fix', mustFix));
  appendAll(out, section('Should fix', shouldFix));
  appendAll(out, section('Warnings', warnings));

  if (skipped.length > 0) appendAll(out, details(`Skipped (${skipped.length})`, findingsTable(skipped)));

  const idle = checksWithoutFindings(result);
  if (passed.length > 0 || idle.length > 0) {
    const body = passed.length > 0 ? findingsTable(passed) : [];
    if (idle.length > 0)
      body.push('', `Nothing to judge (no matching resources): ${idle.map(code).join(', ')}`);
    appendAll(out, details(`Passed (${passed.length})`, body));
  }

  if (suppressed.length > 0) {
    appendAll(
      out,
      details(`Suppressed (${suppressed.length})`, [
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
