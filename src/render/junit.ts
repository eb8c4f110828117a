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
import { CATEGORIES, type Finding } from '../checks/define.js';
import type { AuditResult } from '../engine/audit.js';
import { resourceLabel } from './common.js';
import type { RenderContext, Renderer } from './types.js';
import { safeRenderer } from './safe.js';
import { xmlAttr, xmlText } from './xml.js';
import { renderAccountsJunit } from './accounts-junit.js';

interface Counts {
  tests: number;
  failures: number;
  skipped: number;
}

export function count(findings: Finding[]): Counts {
  return {
    tests: findings.length,
    failures: findings.filter((f) => f.status === 'fail' && !f.suppressed).length,
    skipped: findings.filter((f) => f.status === 'skipped' || f.suppressed).length,
  };
}

export function testcase(f: Finding): string {
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

function renderJunitUnsafe(result: AuditResult, ctx: RenderContext): string {
  if (result.accounts) return renderAccountsJunit(result, ctx);
  const time = (ctx.durationMs / 1000).toFixed(3);
  const present = new Set([
    ...result.checks.map((c) => c.category),
    ...result.findings.map((f) => f.category),
  ]);
  const suites = CATEGORIES.filter((c) => present.has(c)).map((category) => {
    const findings = result.findings
      .filter((f) => f.category === category)
      .sort(
        (a, b) =>
          a.checkId.localeCompare(b.checkId) ||
          resourceLabel(a.resource).localeCompare(resourceLabel(b.resource)),
      );
    const body = findings.map(testcase).join('\n');
    const open = `  <testsuite name="${xmlAttr(category)}" ${attrs(count(findings))} time="0" timestamp="${xmlAttr(ctx.startedAt)}"`;
    return findings.length === 0 ? `${open}/>` : `${open}>\n${body}\n  </testsuite>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(`${ctx.tool.name} audit ${result.accountId}`)}" ${attrs(count(result.findings))} time="${time}" timestamp="${xmlAttr(ctx.startedAt)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/** Every string from the account or the config is made safe first (./safe.ts). */
export const renderJunit: Renderer = safeRenderer(renderJunitUnsafe);
