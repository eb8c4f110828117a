import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CATEGORIES } from '../../src/checks/define.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { runAudit } from '../../src/engine/audit.js';
import { parseSnapshot } from '../../src/inventory/load.js';
import { EXAMPLE_PATH, exampleText } from '../../scripts/gen-example.js';

test('examples/shop.snapshot.json is up to date with scripts/gen-example.ts (run npm run example)', () => {
  assert.equal(readFileSync(EXAMPLE_PATH, 'utf8'), exampleText());
});

test('the bundled example fails something in every category and passes many checks', () => {
  const snapshot = parseSnapshot(JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')), 'example');
  const result = runAudit(snapshot.inventory, ALL_CHECKS, { config: {}, failOn: 'high' });
  for (const category of CATEGORIES) {
    if (!ALL_CHECKS.some((c) => c.category === category)) continue;
    const bad = result.findings.filter(
      (f) => f.category === category && (f.status === 'fail' || f.status === 'warn'),
    );
    assert.ok(bad.length > 0, `expected a fail or warn in ${category}`);
    const good = result.findings.filter((f) => f.category === category && f.status === 'pass');
    assert.ok(good.length > 0, `expected a pass in ${category}`);
  }
  assert.equal(result.summary.incomplete, false);
  assert.equal(result.summary.exitCode, 1, 'the example has high-severity failures, so a CI gate would fail');
  assert.ok(result.checks.length >= 35);
});
