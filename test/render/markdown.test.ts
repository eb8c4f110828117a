import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../src/checks/define.js';
import { summarize, type AuditResult } from '../../src/engine/audit.js';
import { md, renderMarkdown } from '../../src/render/markdown.js';
import { CONTEXT, FIXTURE } from './fixture.js';

const out = renderMarkdown(FIXTURE, CONTEXT);
const lines = out.split('\n');

/** Cells of a GFM table row, splitting on unescaped pipes only. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

function withFindings(findings: Finding[], failOn: 'high' | 'never' = 'high'): AuditResult {
  return {
    ...FIXTURE,
    findings,
    collection: [],
    suppressions: [],
    summary: summarize(FIXTURE.checks, findings, failOn),
  };
}

describe('markdown renderer', () => {
  it('has a title, the verdict with gating count and --fail-on, and the incomplete note', () => {
    assert.equal(lines[0], '## resil audit of account 123456789012');
    assert.equal(lines[2], '❌ **Failed:** 2 failing findings at or above high (--fail-on high; exit 1)');
    assert.match(out, /⚠️ The audit is incomplete/);
  });

  it('summarises status counts per category, with totals that add up', () => {
    const head = lines.findIndex((l) => l.startsWith('| Category |'));
    const rows = lines.slice(head + 2, lines.indexOf('', head)).map(cells);
    assert.deepEqual(
      rows.map((r) => r[0]),
      ['multi-az', 'health-check', 'scaling', 'replication', 'dns', 'dr', 'data-protection', '**Total**'],
    );
    assert.deepEqual(rows[0], ['multi-az', '1', '0', '0', '2', '1']);
    const total = rows
      .at(-1)!
      .slice(1)
      .map((c) => Number(c.replace(/\*/g, '')));
    assert.deepEqual(total, [4, 2, 2, 5, 1]);
    assert.equal(
      total.reduce((a, b) => a + b),
      FIXTURE.findings.length,
    );
  });

  it('orders sections Must fix, Should fix, Warnings, then collapsed Skipped/Passed/Suppressed', () => {
    const order = [
      '### Must fix (2)',
      '### Should fix (2)',
      '### Warnings (2)',
      '<summary>Skipped (2)</summary>',
      '<summary>Passed (5)</summary>',
      '<summary>Suppressed (1)</summary>',
      '### Suppressions to review (2)',
      '### Collection errors (1)',
    ];
    const at = order.map((h) => lines.indexOf(h));
    assert.ok(
      at.every((i) => i >= 0),
      `missing section: ${order[at.indexOf(-1)]}`,
    );
    assert.deepEqual(
      [...at].sort((a, b) => a - b),
      at,
    );
    const must = lines.slice(at[0]! + 4, at[1]! - 1).map(cells);
    assert.deepEqual(
      must.map((r) => r[1]),
      ['`aurora.global-lag`', '`asg.multi-az`'],
    );
  });

  it('escapes pipes, Markdown and HTML in messages so every row keeps its columns', () => {
    const tables = out.split('\n\n').filter((b) => b.startsWith('| '));
    for (const t of tables) {
      const rows = t.split('\n').filter((r) => r !== '');
      const width = cells(rows[0]!).length;
      for (const r of rows)
        assert.equal(
          cells(r).length,
          width,
          `row has the wrong number of cells: ${r}\n${JSON.stringify(cells(r))}`,
        );
    }
    assert.match(
      out,
      /Record \\`shop\.example\.com\.\\` \\\| TTL 120 s &gt; 60 s: \\\*failover\\\* waits for \\\[resolver\\\] caches/,
    );
    assert.match(out, /writes &lt; 42\.7 s old &amp; "committed" would be lost/);
    assert.match(out, /Reporting DB \\\| rebuilt nightly, owner &lt;data-team&gt;/);
  });

  it('cannot be broken out of by a message', () => {
    assert.equal(md('</details><script>x</script>'), '&lt;/details&gt;&lt;script&gt;x&lt;/script&gt;');
    assert.equal(md('a\nb'), 'a<br>b');
    assert.equal(md('costs $5 and $6'), 'costs \\$5 and \\$6');
    assert.equal(md('~~x~~ _y_ \\z'), '\\~\\~x\\~\\~ \\_y\\_ \\\\z');
    assert.equal(md('bell\u0007'), 'bell');
  });

  it('says ✅ when nothing gates and the audit is complete, ⚠️ when incomplete', () => {
    const passing = FIXTURE.findings.filter((f) => f.status === 'pass');
    const ok = renderMarkdown(withFindings(passing), CONTEXT);
    assert.match(ok, /^✅ \*\*Passed:\*\* no failing finding at or above high \(--fail-on high; exit 0\)$/m);
    assert.doesNotMatch(ok, /Must fix|Collection errors|<summary>Suppressed|Suppressions to review/);
    const skippedOnly = FIXTURE.findings.filter((f) => f.status === 'skipped' || f.status === 'pass');
    const incomplete = renderMarkdown(
      { ...withFindings(skippedOnly), collection: FIXTURE.collection },
      CONTEXT,
    );
    assert.match(incomplete, /^⚠️ \*\*Incomplete:\*\*/m);
    assert.match(incomplete, /### Collection errors \(1\)/);
  });
});
