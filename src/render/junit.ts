/**
 * JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure DevOps, GitHub test
 * reporters). One <testsuite> per category (with at least one selected check), one <testcase> per
 * finding, i.e. per check × resource: classname = check id, name = resource name (or id) and where it
 * lives.
 *
 * Mapping of statuses:
 * - fail    → <failure message="…" type="<severity>">, body: message, resource, evidence.
 * - warn    → a passing test case with a <system-out> "WARN …" note: a warning never fails the build
 *             here, as it never gates the exit code.
 * - skipped → <skipped message="…"/>.
 * - any suppressed finding → <skipped message="suppressed: <reason> (until <date>)"/>.
 * - pass    → an empty test case.
 * Checks with nothing to judge have no test case. `errors` is always 0: collection errors show as
 * skipped test cases (the engine turns them into skipped findings). Only elements and attributes of
 * the common JUnit schema are used, so strict parsers accept the file.
 */
import { CATEGORIES, type Category, type Finding } from '../checks/define.js';
import type { AuditResult } from '../engine/audit.js';
import { collationRanks, resourceLabel } from './common.js';
import type { RenderContext, Renderer, StreamRenderer } from './types.js';
import { joined, safeStreamRenderer } from './safe.js';
import { xmlAttr, xmlText } from './xml.js';
import { accountsJunitChunks } from './accounts-junit.js';

interface Counts {
  tests: number;
  failures: number;
  skipped: number;
}

/** Adds one finding to the counts. */
export function tally(c: Counts, f: Finding): void {
  c.tests++;
  if (f.suppressed || f.status === 'skipped') c.skipped++;
  else if (f.status === 'fail') c.failures++;
}

/** Test, failure and skipped counts of a list of findings (one pass). */
export function count(findings: Iterable<Finding>): Counts {
  const c: Counts = { tests: 0, failures: 0, skipped: 0 };
  for (const f of findings) tally(c, f);
  return c;
}

/**
 * Findings in test-case order: by category (when `withCategory`), check id, then resource label, each
 * compared with localeCompare (as ranks of its distinct values, ./common.ts `collationRanks`); stable.
 * Each finding's label is made once, not once per comparison.
 */
export function inCaseOrder(findings: readonly Finding[], withCategory: boolean): Finding[] {
  const labels = findings.map((f) => resourceLabel(f.resource));
  const categories = withCategory ? collationRanks(findings.map((f) => f.category)) : undefined;
  const checks = collationRanks(findings.map((f) => f.checkId));
  const labelRanks = collationRanks(labels);
  const keyed = findings.map((f, i) => ({
    f,
    category: categories ? categories.get(f.category)! : 0,
    check: checks.get(f.checkId)!,
    label: labelRanks.get(labels[i]!)!,
  }));
  keyed.sort((a, b) => a.category - b.category || a.check - b.check || a.label - b.label);
  return keyed.map((k) => k.f);
}

function testcase(f: Finding): string {
  const open = `    <testcase classname="${xmlAttr(f.checkId)}" name="${xmlAttr(resourceLabel(f.resource))}" time="0"`;
  if (f.suppressed) {
    const until = f.suppressed.expires ? ` (until ${f.suppressed.expires})` : '';
    return (
      `${open}>\n      <skipped message="${xmlAttr(`suppressed: ${f.suppressed.reason}${until}`)}"/>\n` +
      `      <system-out>${xmlText(`${f.status.toUpperCase()} (suppressed): ${f.message}`)}</system-out>\n    </testcase>`
    );
  }
  switch (f.status) {
    case 'pass':
      return `${open}/>`;
    case 'skipped':
      return `${open}>\n      <skipped message="${xmlAttr(f.message)}"/>\n    </testcase>`;
    case 'warn':
      return `${open}>\n      <system-out>${xmlText(`WARN [${f.severity}]: ${f.message}`)}</system-out>\n    </testcase>`;
    case 'fail': {
      const body = [
        f.message,
        '',
        `severity: ${f.severity}`,
        `resource: ${f.resource.type} ${f.resource.arn ?? f.resource.id}`,
        `evidence: ${JSON.stringify(f.evidence)}`,
      ].join('\n');
      return `${open}>\n      <failure message="${xmlAttr(f.message)}" type="${xmlAttr(f.severity)}">${xmlText(body)}</failure>\n    </testcase>`;
    }
  }
}

export function attrs(c: Counts): string {
  return `tests="${c.tests}" failures="${c.failures}" errors="0" skipped="${c.skipped}"`;
}

/**
 * The report as chunks, a test case at a time: the findings are taken (each made safe, ./safe.ts) and
 * grouped by category in one pass, then each suite is written in test-case order; no whole-report
 * string.
 */
/**
 * One `<testsuite>` named `name` over its findings, self-closing when there are none, a test case at
 * a time (in `inCaseOrder`). Shared by the report of one account (a suite per category) and of
 * several (a suite per account).
 */
export function* testsuite(
  name: string,
  findings: readonly Finding[],
  startedAt: string,
  withCategory: boolean,
): Generator<string> {
  const head = `  <testsuite name="${xmlAttr(name)}" ${attrs(count(findings))} time="0" timestamp="${xmlAttr(startedAt)}"`;
  if (findings.length === 0) {
    yield `${head}/>\n`;
    return;
  }
  yield `${head}>\n`;
  for (const f of inCaseOrder(findings, withCategory)) yield `${testcase(f)}\n`;
  yield '  </testsuite>\n';
}

function* junitChunks(
  result: Omit<AuditResult, 'findings'>,
  findings: Iterable<Finding>,
  ctx: RenderContext,
): Generator<string> {
  if (result.accounts) {
    yield* accountsJunitChunks({ ...result, findings: [...findings] }, ctx);
    return;
  }
  const time = (ctx.durationMs / 1000).toFixed(3);
  // Suites for every category with a selected check or a finding, in CATEGORIES order.
  const byCategory = new Map<Category, Finding[]>();
  for (const c of result.checks) if (!byCategory.has(c.category)) byCategory.set(c.category, []);
  const total: Counts = { tests: 0, failures: 0, skipped: 0 };
  for (const f of findings) {
    let list = byCategory.get(f.category);
    if (!list) byCategory.set(f.category, (list = []));
    list.push(f);
    tally(total, f);
  }
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="${xmlAttr(`${ctx.tool.name} audit ${result.accountId}`)}" ${attrs(total)} time="${time}" timestamp="${xmlAttr(ctx.startedAt)}">\n`;
  for (const category of CATEGORIES) {
    const unsorted = byCategory.get(category);
    if (unsorted) yield* testsuite(category, unsorted, ctx.startedAt, false);
  }
  yield '</testsuites>\n';
}

/** The JUnit report as a stream of chunks; every string from the account or the config is made safe first. */
export const renderJunitStream: StreamRenderer = safeStreamRenderer(junitChunks);

/** The JUnit report as one string: the stream's chunks joined (the same bytes). */
export const renderJunit: Renderer = joined(renderJunitStream);
