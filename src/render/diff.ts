/**
 * `resil diff` output: a table for a person (new, fixed and changed findings, regressions first)
 * and a JSON document for CI (schemas/diff.schema.json). Pure.
 */
import { Chalk } from 'chalk';
import type { Status } from '../checks/define.js';
import type { DiffEntry, DiffResult, FindingState } from '../engine/diff.js';
import { plural } from '../util/text.js';
import { resourceLabel } from './common.js';
import { wrap } from './text.js';
import { safeText as sanitize } from '../util/text.js';

/** Version of the diff JSON contract (schemas/diff.schema.json); the same rules as the report's. */
export const DIFF_SCHEMA_VERSION = '1.0';

export const DIFF_FORMATS = ['table', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

const LABEL: Record<Status, string> = { fail: 'FAIL', warn: 'WARN', skipped: 'SKIP', pass: 'PASS' };

export function toDiffJson(result: DiffResult, tool: { name: string; version: string }) {
  const entry = (e: DiffEntry) => ({
    checkId: e.checkId,
    category: e.category,
    resource: {
      type: e.resource.type,
      id: e.resource.id,
      ...(e.resource.name !== undefined ? { name: e.resource.name } : {}),
      ...(e.resource.arn !== undefined ? { arn: e.resource.arn } : {}),
      ...(e.resource.region !== undefined ? { region: e.resource.region } : {}),
      ...(e.resource.az !== undefined ? { az: e.resource.az } : {}),
    },
    ...(e.before ? { before: e.before } : {}),
    ...(e.after ? { after: e.after } : {}),
    regression: e.regression,
  });
  return {
    schemaVersion: DIFF_SCHEMA_VERSION,
    tool: { name: tool.name, version: tool.version },
    inputs: result.inputs,
    checks: result.checks,
    new: result.new.map(entry),
    fixed: result.fixed.map(entry),
    changed: result.changed.map(entry),
    summary: result.summary,
  };
}

export function renderDiffJson(result: DiffResult, tool: { name: string; version: string }): string {
  return `${JSON.stringify(toDiffJson(result, tool), null, 2)}\n`;
}

export function renderDiffTable(result: DiffResult, opts: { color: boolean; width?: number }): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const width = Math.max(60, opts.width ?? 100);
  const statusColor = { fail: c.red, warn: c.yellow, skipped: c.gray, pass: c.green };
  const { old: o, new: n } = result.inputs;
  const out: string[] = [];
  const side = (s: typeof o) => `${sanitize(s.file)} (${s.kind}, captured ${s.capturedAt})`;
  out.push(c.bold(`resil diff: ${side(o)} → ${side(n)}`));
  out.push(
    `Account ${sanitize(n.account)}${o.account !== n.account ? c.yellow(` (OLD is account ${sanitize(o.account)})`) : ''}; ${plural(result.checks.compared, 'check')} compared`,
  );
  if (result.checks.onlyInOld.length || result.checks.onlyInNew.length) {
    const parts = [
      ...(result.checks.onlyInNew.length ? [`only in NEW: ${result.checks.onlyInNew.join(', ')}`] : []),
      ...(result.checks.onlyInOld.length ? [`only in OLD: ${result.checks.onlyInOld.join(', ')}`] : []),
    ];
    for (const l of wrap(`Not compared (${parts.join('; ')})`, width)) out.push(c.dim(l));
  }

  const indent = '    ';
  const body = (text: string) => wrap(sanitize(text), width - indent.length).map((l) => indent + l);
  const tag = (st: FindingState) => statusColor[st.status](`${LABEL[st.status]} ${st.severity}`);
  const section = (title: string, entries: DiffEntry[], show: (e: DiffEntry) => string[]) => {
    out.push('', c.bold(`${title} (${entries.length})`));
    if (!entries.length) out.push(c.dim('  none'));
    for (const e of entries) {
      // The state that matters: what is open now (new, changed), or what was open (fixed).
      const mark = e.regression ? c.bold.red('✗') : ' ';
      out.push(
        `${mark} ${tag((title === 'Fixed' ? e.before : e.after)!)}  ${e.checkId}  ${sanitize(resourceLabel(e.resource))}`,
      );
      out.push(...show(e));
    }
  };
  const was = (st: FindingState | undefined) =>
    !st ? 'absent' : st.suppressed ? 'suppressed' : `${LABEL[st.status]} ${st.severity}`;
  section('New', result.new, (e) => [
    ...body(e.after!.message),
    ...(e.before ? body(`(was ${was(e.before)})`) : []),
  ]);
  section('Fixed', result.fixed, (e) => [
    ...body(e.before!.message),
    ...body(e.after ? `(now ${was(e.after)})` : '(now gone: the resource or the finding no longer exists)'),
  ]);
  section('Changed', result.changed, (e) => [
    ...body(`was ${was(e.before)}: ${e.before!.message}`),
    ...body(`now ${was(e.after)}: ${e.after!.message}`),
  ]);

  const s = result.summary;
  const gate =
    s.failOn === 'never'
      ? 'not gating (--fail-on never)'
      : s.regressions
        ? c.bold.red(`${plural(s.regressions, 'regression')} at or above ${s.failOn}`)
        : c.green(`no regression at or above ${s.failOn}`);
  out.push('', `${s.new} new, ${s.fixed} fixed, ${s.changed} changed, ${s.unchanged} unchanged: ${gate}.`);
  return `${out.join('\n')}\n`;
}
