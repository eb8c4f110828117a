/**
 * The terminal report: for a person at a TTY and for a readiness review. Non-passing findings
 * grouped by severity (critical → low; fail → warn → skipped within a group), passing findings as a
 * count per category, then suppressed findings, suppressions to review, collection errors and the
 * verdict. Colour only when ctx.color (a fixed chalk level, so output does not depend on the
 * environment); widths follow the content within ctx.width (default 100) columns.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Finding, Severity, Status } from '../checks/define.js';
import type { AuditResult } from '../engine/audit.js';
import {
  checksWithoutFindings,
  describeCollectionError,
  gatingSentence,
  passedByCategory,
  displayMessage,
  resourceLabel,
  sortBySeverity,
} from './common.js';
import { plural } from '../util/text.js';
import { columns, measureRows, wrap, type Row } from './text.js';
import type { RenderContext, Renderer } from './types.js';
import { safeRenderer } from './safe.js';
import { appendAll } from '../util/array.js';
import { renderAccountsTable } from './accounts-table.js';

export const STATUS_LABEL: Record<Status, string> = {
  fail: 'FAIL',
  warn: 'WARN',
  skipped: 'SKIP',
  pass: 'PASS',
};
export const CAPS = [4, 30, 34];

export function palette(c: ChalkInstance) {
  return {
    severity: { critical: c.bold.red, high: c.red, medium: c.yellow, low: c.cyan } satisfies Record<
      Severity,
      ChalkInstance
    >,
    status: { fail: c.red, warn: c.yellow, skipped: c.gray, pass: c.green } satisfies Record<
      Status,
      ChalkInstance
    >,
    heading: c.bold,
    dim: c.dim,
    good: c.green,
    bad: c.bold.red,
    caution: c.yellow,
  };
}

/** Row styles of a finding's row, per status: the status cell coloured (one function per status, not per row). */
export function rowStyles(p: ReturnType<typeof palette>): Record<Status, NonNullable<Row['style']>> {
  const of = (s: Status) => (c: number, seg: string) => (c === 0 ? p.status[s](seg) : seg);
  return { fail: of('fail'), warn: of('warn'), skipped: of('skipped'), pass: of('pass') };
}

/** "2 fail, 1 skipped": the non-passing statuses among `findings` (one pass). */
export function statusCounts(findings: readonly Finding[]): string {
  const n = { fail: 0, warn: 0, skipped: 0, pass: 0 };
  for (const f of findings) n[f.status]++;
  const parts: string[] = [];
  for (const s of ['fail', 'warn', 'skipped'] as const) if (n[s]) parts.push(`${n[s]} ${s}`);
  return parts.join(', ');
}

/**
 * Findings sorted by `bySeverity`, cut into their severity groups (consecutive in that order), in
 * SEVERITIES order, empty groups left out: `start`/`end` index the sorted list.
 */
export function severityGroups(
  sorted: readonly Finding[],
): { severity: Severity; start: number; end: number }[] {
  const groups: { severity: Severity; start: number; end: number }[] = [];
  for (let i = 0; i < sorted.length;) {
    const severity = sorted[i]!.severity;
    let end = i + 1;
    while (end < sorted.length && sorted[end]!.severity === severity) end++;
    groups.push({ severity, start: i, end });
    i = end;
  }
  return groups;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function renderTableUnsafe(result: AuditResult, ctx: RenderContext): string {
  if (result.accounts) return renderAccountsTable(result, ctx);
  const p = palette(new Chalk({ level: ctx.color ? 1 : 0 }));
  const width = Math.max(60, ctx.width ?? 100);
  const s = result.summary;
  const out: string[] = [];
  const para = (text: string, style: (x: string) => string = (x) => x) => {
    for (const l of wrap(text, width)) out.push(style(l));
  };

  // ---- header
  para(
    `${ctx.tool.name} ${ctx.tool.version} · account ${result.accountId} · ` +
      `regions ${result.regions.join(', ') || '(none)'} · ${plural(s.checks, 'check')} run`,
    p.heading,
  );
  para(`Captured ${result.capturedAt} · started ${ctx.startedAt} (${seconds(ctx.durationMs)})`, p.dim);

  // ---- one pass: the open findings, the suppressed ones, and the counts of the verdict
  const unsortedOpen: Finding[] = [];
  const unsortedSuppressed: Finding[] = [];
  const counts = { pass: 0, fail: 0, warn: 0, skipped: 0, suppressed: 0 };
  for (const f of result.findings) {
    if (f.suppressed) {
      counts.suppressed++;
      unsortedSuppressed.push(f);
    } else {
      counts[f.status]++;
      if (f.status !== 'pass') unsortedOpen.push(f);
    }
  }
  const open = sortBySeverity(unsortedOpen);
  const suppressed = sortBySeverity(unsortedSuppressed);

  // ---- non-passing findings by severity
  const statusStyle = rowStyles(p);
  const openRows = open.map((f): Row => ({
    cells: [STATUS_LABEL[f.status], f.checkId, resourceLabel(f.resource), displayMessage(f)],
    style: statusStyle[f.status],
  }));
  // Every group is laid out in the same columns: measured once over all of them.
  const measure = measureRows(openRows);
  if (open.length === 0) {
    out.push('', p.good('No failing, warning or skipped findings.'));
  }
  for (const { severity, start, end } of severityGroups(open)) {
    const group = open.slice(start, end);
    out.push('', `${p.severity[severity](severity.toUpperCase())}  ${p.dim(statusCounts(group))}`);
    appendAll(out, columns(openRows.slice(start, end), { width, caps: CAPS, measure }));
  }

  // ---- passed: one line per category
  const passed = passedByCategory(result);
  const idle = checksWithoutFindings(result);
  if (passed.length > 0 || idle.length > 0) {
    out.push('', p.heading('Passed'));
    out.push(
      ...columns(
        passed.map((x) => ({
          cells: [x.category, `${plural(x.findings, 'finding')} across ${plural(x.checks, 'check')}`],
          style: (c, seg) => (c === 1 ? p.good(seg) : seg),
        })),
        { width, caps: [20] },
      ),
    );
    if (idle.length > 0) {
      for (const l of wrap(`Nothing to judge (no matching resources): ${idle.join(', ')}`, width - 2))
        out.push(`  ${p.dim(l)}`);
    }
  }

  // ---- suppressed findings, dim
  if (suppressed.length > 0) {
    out.push('', p.dim(`Suppressed (${suppressed.length})`));
    appendAll(
      out,
      columns(
        suppressed.map((f) => {
          const until = f.suppressed!.expires ? ` until ${f.suppressed!.expires}` : '';
          return {
            cells: [
              STATUS_LABEL[f.status],
              f.checkId,
              resourceLabel(f.resource),
              `${f.message}\nsuppressed${until}: ${f.suppressed!.reason}`,
            ],
            style: (_c: number, seg: string) => p.dim(seg),
          };
        }),
        { width, caps: CAPS },
      ),
    );
  }

  // ---- suppressions that need attention
  const stale = result.suppressions.filter((x) => x.status !== 'active');
  if (stale.length > 0) {
    out.push('', p.heading(`Suppressions to review (${stale.length})`));
    out.push(
      ...columns(
        stale.map((x) => ({
          cells: [
            x.status.toUpperCase(),
            x.check,
            x.resource,
            x.status === 'expired'
              ? `expired ${x.expires}; no longer suppresses ${plural(x.matched, 'finding')}: ${x.reason}`
              : `matched no finding: ${x.reason}`,
          ],
          style: (c: number, seg: string) => (c === 0 ? p.caution(seg) : seg),
        })),
        { width, caps: [7, 30, 34] },
      ),
    );
  }

  // ---- collection errors
  const errors = result.collection.filter((c) => c.status === 'error');
  if (errors.length > 0) {
    out.push('', p.heading(`Collection errors (${errors.length}): checks that need this data were skipped`));
    const header: Row = {
      cells: ['SERVICE', 'REGION', 'OPERATION', 'ERROR', 'IAM ACTION'],
      style: (_c, seg) => p.dim(seg),
    };
    out.push(
      ...columns(
        [
          header,
          ...errors.map((e) => ({
            cells: [
              e.service,
              e.region,
              e.operation,
              e.error?.code ?? 'error',
              e.error?.action ?? `${e.service}:${e.operation}`,
            ],
          })),
        ],
        { width, caps: [22, 16, 34, 28], minLast: 20 },
      ),
    );
  }

  // ---- verdict
  out.push('');
  para(
    `${plural(s.findings, 'finding')} from ${plural(s.checks, 'check')}: ${counts.fail} fail · ${counts.warn} warn · ` +
      `${counts.skipped} skipped · ${counts.pass} pass · ${counts.suppressed} suppressed`,
  );
  // The word matches the exit code: FAILED (1), INCOMPLETE (3), OK (0).
  const word = s.gating > 0 ? 'FAILED' : s.incomplete ? 'INCOMPLETE' : 'OK';
  para(`${word}: ${gatingSentence(result)}`, s.gating > 0 ? p.bad : s.incomplete ? p.caution : p.good);
  if (s.incomplete) {
    para(
      `Audit incomplete: ${plural(errors.length, 'collection error')}; the checks that need that data were skipped, not passed.`,
      p.caution,
    );
  }
  if (errors.length > 0 && !s.incomplete) {
    // Errors that no selected check needed: worth knowing, but the audit is complete.
    para(
      `Note: ${errors.map(describeCollectionError).join('; ')} (no selected check needed this data).`,
      p.dim,
    );
  }
  return `${out.join('\n')}\n`;
}

/** Every string from the account or the config is made safe first (./safe.ts). */
export const renderTable: Renderer = safeRenderer(renderTableUnsafe);
