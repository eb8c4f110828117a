/**
 * JUnit XML for an audit of several accounts: one <testsuite> per account (worst first, named
 * "<id> (<name>)"), its findings as test cases exactly as in the one-account report (classname =
 * check id, name = resource). An account that could not be captured is one skipped test case
 * ("account captured") whose message says why, so the gap shows in every CI test view.
 */
import type { AuditResult } from '../engine/audit.js';
import { accountLabel, findingsByAccount, verdictDetail } from './accounts.js';
import { attrs, count, testsuite } from './junit.js';
import type { RenderContext } from './types.js';
import { xmlAttr } from './xml.js';

/** The report of several accounts as chunks, a test case at a time. */
export function* accountsJunitChunks(result: AuditResult, ctx: RenderContext): Generator<string> {
  const time = (ctx.durationMs / 1000).toFixed(3);
  const accounts = result.accounts ?? [];
  const byAccount = findingsByAccount(result);
  const notCaptured = accounts.filter((a) => a.verdict === 'not-captured').length;
  const total = count(result.findings);
  total.tests += notCaptured;
  total.skipped += notCaptured;
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="${xmlAttr(`${ctx.tool.name} audit of ${accounts.length} accounts`)}" ${attrs(total)} time="${time}" timestamp="${xmlAttr(ctx.startedAt)}">\n`;
  for (const a of accounts) {
    if (a.verdict === 'not-captured') {
      yield (
        `  <testsuite name="${xmlAttr(accountLabel(a))}" tests="1" failures="0" errors="0" skipped="1" time="0" timestamp="${xmlAttr(ctx.startedAt)}">\n` +
        `    <testcase classname="${xmlAttr(a.id)}" name="account captured" time="0">\n` +
        `      <skipped message="${xmlAttr(`not captured: ${verdictDetail(a)}`)}"/>\n    </testcase>\n  </testsuite>\n`
      );
      continue;
    }
    yield* testsuite(accountLabel(a), byAccount.get(a.id) ?? [], ctx.startedAt, true);
  }
  yield '</testsuites>\n';
}
