/**
 * The renderers are linear in the number of findings, shown without timing: each reads the findings
 * list a bounded number of times whatever the number of categories, severities or accounts (no
 * filter over all findings per group), and the sorts that replaced per-comparison collation order
 * exactly as the comparators they replaced.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATEGORIES, type Finding } from '../../src/checks/define.js';
import type { AuditResult } from '../../src/engine/audit.js';
import { bySeverity, collationRanks, resourceLabel, sortBySeverity } from '../../src/render/common.js';
import { RENDERERS } from '../../src/render/index.js';
import { inCaseOrder } from '../../src/render/junit.js';
import { FORMATS } from '../../src/render/types.js';
import { ACCOUNTS_FIXTURE } from './accounts-fixture.js';
import { CONTEXT, FIXTURE } from './fixture.js';

/** The result's findings repeated `copies` times (own ids), spread over every category. */
function spread(result: AuditResult, copies: number): AuditResult {
  const findings: Finding[] = [];
  for (let i = 0; i < copies; i++)
    result.findings.forEach((f, j) =>
      findings.push({
        ...f,
        category: CATEGORIES[(i + j) % CATEGORIES.length]!,
        resource: { ...f.resource, id: `${f.resource.id}-${i}` },
      }),
    );
  return { ...result, findings };
}

/** The findings behind a proxy that counts how many elements are read. */
function counted(result: AuditResult): { result: AuditResult; reads: () => number } {
  let reads = 0;
  const findings = new Proxy(result.findings, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { result: { ...result, findings }, reads: () => reads };
}

describe('linear renderers', () => {
  it('every format reads the findings list at most 4 times (the output boundary included), for one account or several', () => {
    for (const [name, base] of [
      ['one account', FIXTURE],
      ['accounts', ACCOUNTS_FIXTURE],
    ] as const) {
      const input = spread(base, 40);
      const n = input.findings.length;
      assert.ok(new Set(input.findings.map((f) => f.category)).size === CATEGORIES.length);
      for (const format of FORMATS) {
        const { result, reads } = counted(input);
        const out = RENDERERS[format](result, CONTEXT);
        assert.equal(out, RENDERERS[format](input, CONTEXT), `${name} ${format}: the proxy changes nothing`);
        const passes = reads() / n;
        // Before: the table filtered all findings once per category (7), JUnit once per category present.
        assert.ok(passes >= 1 && passes <= 4, `${name} ${format}: ${passes} passes over ${n} findings`);
      }
    }
  });

  it('sortBySeverity orders exactly as sorting with bySeverity (localeCompare), ties in input order', () => {
    // Strings that collate unlike code units: case, accents, digits, punctuation, an ignorable character.
    const ids = ['a', 'A', 'b', 'B', 'é', 'e', 'f', 'x10', 'x9', 'a-b', 'ab', 'a\u00adb', 'Z', '_z', '1'];
    const regions = [undefined, '', 'us-east-1', 'eu-west-1', 'US-EAST-1'];
    const checks = ['asg.multi-az', 'ASG.multi-az', 'rds.multi-az', 'rds.multi_az', 'tg.detection-time'];
    let seed = 7;
    const pick = <T>(xs: readonly T[]): T => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return xs[seed % xs.length]!;
    };
    const base = FIXTURE.findings[0]!;
    const findings: Finding[] = Array.from({ length: 2000 }, (_, i) => ({
      ...base,
      checkId: pick(checks),
      severity: pick(['critical', 'high', 'medium', 'low'] as const),
      status: pick(['fail', 'warn', 'skipped', 'pass'] as const),
      resource: { type: 'x', id: pick(ids), ...(pick([0, 1]) ? { region: pick(regions) } : {}) },
      message: `#${i}`,
    }));
    const expected = [...findings].sort(bySeverity);
    const actual = sortBySeverity(findings);
    assert.deepEqual(
      actual.map((f) => f.message),
      expected.map((f) => f.message),
    );
    // JUnit's order: category, check id, resource label.
    const byCase = (x: Finding, y: Finding) =>
      x.category.localeCompare(y.category) ||
      x.checkId.localeCompare(y.checkId) ||
      resourceLabel(x.resource).localeCompare(resourceLabel(y.resource));
    const withCategories = findings.map((f, i) => ({ ...f, category: CATEGORIES[i % CATEGORIES.length]! }));
    assert.deepEqual(
      inCaseOrder(withCategories, true).map((f) => f.message),
      [...withCategories].sort(byCase).map((f) => f.message),
    );
  });

  it('collationRanks: equal ranks exactly for strings localeCompare calls equal', () => {
    const values = ['b', 'a', 'a\u00adb', 'ab', 'B', 'a', 'é', 'e\u0301'];
    const ranks = collationRanks(values);
    for (const x of values)
      for (const y of values)
        assert.equal(Math.sign(ranks.get(x)! - ranks.get(y)!), Math.sign(x.localeCompare(y)), `${x} ${y}`);
  });
});
