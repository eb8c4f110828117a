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
import type { RenderContext, Renderer, StreamRenderer } from './types.js';
import { joined, safeStreamRenderer } from './safe.js';
import { accountsMarkdownLines } from './accounts-markdown.js';

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

/** A table of findings, a line at a time. */
export function* findingsTable(findings: Iterable<Finding>, withStatus = false): Generator<string> {
  yield withStatus
    ? '| Status | Severity | Check | Resource | Finding |'
    : '| Severity | Check | Resource | Finding |';
  yield withStatus ? '| --- | --- | --- | --- | --- |' : '| --- | --- | --- | --- |';
  for (const f of findings) {
    yield (
      `| ${withStatus ? `${f.status} | ` : ''}${SEVERITY_BADGE[f.severity]} | ${code(f.checkId)} | ` +
      `${md(resourceLabel(f.resource))} | ${md(displayMessage(f))} |`
    );
  }
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

export function* section(title: string, findings: readonly Finding[], heading = '###'): Generator<string> {
  if (findings.length === 0) return;
  yield `${heading} ${title} (${findings.length})`;
  yield '';
  yield* findingsTable(findings);
  yield '';
}

export function* details(summary: string, body: Iterable<string>): Generator<string> {
  yield '<details>';
  yield `<summary>${summary}</summary>`;
  yield '';
  yield* body;
  yield '';
  yield '</details>';
  yield '';
}

/**
 * The text `${[...lines].join('\n').trimEnd()}\n`, as chunks, without holding the lines: trailing
 * whitespace is held back until something visible follows it.
 */
export function* joinLines(lines: Iterable<string>): Generator<string> {
  let held = '';
  let first = true;
  for (const line of lines) {
    const piece = first ? line : `\n${line}`;
    first = false;
    const visible = piece.trimEnd();
    if (visible === '') {
      held += piece;
      continue;
    }
    yield held + visible;
    held = piece.slice(visible.length);
  }
  yield '\n';
}

/** The lines of the report of one account. */
function* markdownLines(result: AuditResult, ctx: RenderContext): Generator<string> {
  const s = result.summary;
  const { mustFix, shouldFix, warnings, skipped, passed, suppressed } = bySection(
    sortBySeverity(result.findings),
  );

  yield* [`## ${md(ctx.tool.name)} audit of account ${md(result.accountId)}`, ''];
  const verdict =
    s.gating > 0
      ? `❌ **Failed:** ${md(gatingSentence(result))}`
      : s.incomplete
        ? `⚠️ **Incomplete:** ${md(gatingSentence(result))}, but some data could not be collected, so the checks that need it were skipped`
        : `✅ **Passed:** ${md(gatingSentence(result))}`;
  yield* [verdict, ''];
  if (s.incomplete && s.gating > 0)
    yield* ['⚠️ The audit is incomplete: some data could not be collected (see *Collection errors*).', ''];
  yield* [
    `Regions ${result.regions.map(code).join(', ') || '(none)'} · captured ${md(result.capturedAt)} · ` +
      `${plural(s.checks, 'check')} · ${plural(s.findings, 'finding')} · ${md(ctx.tool.name)} ${md(ctx.tool.version)}`,
    '',
  ];

  // ---- counts by category
  const { rows, total } = countsByCategory(result);
  yield* [
    '| Category | ❌ Fail | ⚠️ Warn | ⏭️ Skipped | ✅ Pass | 🔕 Suppressed |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [category, c] of rows)
    yield `| ${category} | ${c.fail} | ${c.warn} | ${c.skipped} | ${c.pass} | ${c.suppressed} |`;
  yield* [
    `| **Total** | **${total.fail}** | **${total.warn}** | **${total.skipped}** | **${total.pass}** | **${total.suppressed}** |`,
    '',
  ];

  // ---- what to do
  yield* section('Must fix', mustFix);
  yield* section('Should fix', shouldFix);
  yield* section('Warnings', warnings);

  if (skipped.length > 0) yield* details(`Skipped (${skipped.length})`, findingsTable(skipped));

  const idle = checksWithoutFindings(result);
  if (passed.length > 0 || idle.length > 0) {
    const nothingToJudge =
      idle.length > 0 ? ['', `Nothing to judge (no matching resources): ${idle.map(code).join(', ')}`] : [];
    yield* details(
      `Passed (${passed.length})`,
      concat(passed.length > 0 ? findingsTable(passed) : [], nothingToJudge),
    );
  }

  if (suppressed.length > 0) {
    yield* details(`Suppressed (${suppressed.length})`, suppressedTable(suppressed));
  }

  const stale = result.suppressions.filter((x) => x.status !== 'active');
  if (stale.length > 0) {
    yield* [`### Suppressions to review (${stale.length})`, ''];
    for (const x of stale) {
      const what =
        x.status === 'expired'
          ? `expired ${md(x.expires ?? '')}: no longer suppresses ${plural(x.matched, 'finding')}`
          : 'matched no finding: remove it or fix its globs';
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
      '| Service | Region | Operation | Error | IAM action |',
      '| --- | --- | --- | --- | --- |',
    ];
    for (const e of errors)
      yield (
        `| ${md(e.service)} | ${md(e.region)} | ${md(e.operation)} | ${md(e.error?.code ?? 'error')} | ` +
        `${code(e.error?.action ?? `${e.service}:${e.operation}`)} |`
      );
    yield '';
  }
}

function* suppressedTable(suppressed: Iterable<Finding>): Generator<string> {
  yield '| Status | Severity | Check | Resource | Finding | Reason | Until |';
  yield '| --- | --- | --- | --- | --- | --- | --- |';
  for (const f of suppressed)
    yield (
      `| ${f.status} | ${SEVERITY_BADGE[f.severity]} | ${code(f.checkId)} | ${md(resourceLabel(f.resource))} | ` +
      `${md(f.message)} | ${md(f.suppressed!.reason)} | ${f.suppressed!.expires ? md(f.suppressed!.expires) : '—'} |`
    );
}

function* concat<T>(...parts: Iterable<T>[]): Generator<T> {
  for (const part of parts) yield* part;
}

/**
 * The report as chunks: the findings are taken (each made safe, ./safe.ts) once, then the report is
 * written a line at a time, never as one string.
 */
function* markdownChunks(
  rest: Omit<AuditResult, 'findings'>,
  findings: Iterable<Finding>,
  ctx: RenderContext,
): Generator<string> {
  const result: AuditResult = { ...rest, findings: [...findings] };
  yield* joinLines(result.accounts ? accountsMarkdownLines(result, ctx) : markdownLines(result, ctx));
}

/** The Markdown report as a stream of chunks; every string from the account or the config is made safe first. */
export const renderMarkdownStream: StreamRenderer = safeStreamRenderer(markdownChunks);

/** The Markdown report as one string: the stream's chunks joined (the same bytes). */
export const renderMarkdown: Renderer = joined(renderMarkdownStream);
