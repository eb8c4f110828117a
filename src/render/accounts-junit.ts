/**
 * JUnit XML for an audit of several accounts: one <testsuite> per account (worst first, named
 * "<id> (<name>)"), its findings as test cases exactly as in the one-account report (classname =
 * check id, name = resource). An account that could not be captured is one skipped test case
 * ("account captured") whose message says why, so the gap shows in every CI test view.
 */
import type { AuditResult } from '../engine/audit.js';
import { accountLabel, findingsByAccount, verdictDetail } from './accounts.js';
import { attrs, count, inCaseOrder, testcase } from './junit.js';
import type { RenderContext } from './types.js';
import { xmlAttr } from './xml.js';

export function renderAccountsJunit(result: AuditResult, ctx: RenderContext): string {
  const time = (ctx.durationMs / 1000).toFixed(3);
  const accounts = result.accounts ?? [];
  const byAccount = findingsByAccount(result);
  let notCaptured = 0;
  const suites = accounts.map((a) => {
    const open = `  <testsuite name="${xmlAttr(accountLabel(a))}"`;
    if (a.verdict === 'not-captured') {
      notCaptured++;
      return (
        `${open} tests="1" failures="0" errors="0" skipped="1" time="0" timestamp="${xmlAttr(ctx.startedAt)}">\n` +
        `    <testcase classname="${xmlAttr(a.id)}" name="account captured" time="0">\n` +
        `      <skipped message="${xmlAttr(`not captured: ${verdictDetail(a)}`)}"/>\n    </testcase>\n  </testsuite>`
      );
    }
    const findings = inCaseOrder(byAccount.get(a.id) ?? [], true);
    const head = `${open} ${attrs(count(findings))} time="0" timestamp="${xmlAttr(ctx.startedAt)}"`;
    return findings.length === 0
      ? `${head}/>`
      : `${head}>\n${findings.map(testcase).join('\n')}\n  </testsuite>`;
  });
  const total = count(result.findings);
  total.tests += notCaptured;
  total.skipped += notCaptured;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(`${ctx.tool.name} audit of ${accounts.length} accounts`)}" ${attrs(total)} time="${time}" timestamp="${xmlAttr(ctx.startedAt)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
