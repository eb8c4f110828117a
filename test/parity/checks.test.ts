/**
 * The ESLint model: every check is one file in src/checks/rules/, registered once in the sorted
 * index, tested in test/checks/<id>.test.ts and documented in docs/checks.md, with complete metadata.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CATEGORIES, SEVERITIES, type Check } from '../../src/checks/define.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { ROOT } from '../../scripts/gen-docs.js';

const RULES = join(ROOT, 'src/checks/rules');
const SERVICES = [
  'ec2',
  'autoscaling',
  'elasticloadbalancing',
  'rds',
  'route53',
  'cloudwatch',
  'elasticache',
  'ecs',
  'application-autoscaling',
  'dynamodb',
  'sqs',
  'elasticfilesystem',
];
const files = readdirSync(RULES)
  .filter((f) => f.endsWith('.ts'))
  .sort();
const ids = ALL_CHECKS.map((c) => c.id);

test('parity: every file in src/checks/rules/ is registered in ALL_CHECKS, and nothing else is', () => {
  const fileIds = files.map((f) => f.replace(/\.ts$/, ''));
  assert.deepEqual(
    fileIds.filter((id) => !ids.includes(id)),
    [],
    'files not registered in src/checks/index.ts',
  );
  assert.deepEqual(
    ids.filter((id) => !fileIds.includes(id)),
    [],
    'registered checks without a file of that name in src/checks/rules/',
  );
});

test('parity: each rule file default-exports the check whose id is its file name', async () => {
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(RULES, f)).href)) as { default?: Check };
    assert.ok(mod.default, `${f} has no default export`);
    assert.equal(mod.default.id, f.replace(/\.ts$/, ''), `${f} exports check ${mod.default.id}`);
    assert.ok(
      ALL_CHECKS.includes(mod.default),
      `${f}: the registered object is not this file's default export`,
    );
  }
});

test('parity: ids are unique, well-formed, and the index is sorted by id', () => {
  assert.equal(
    new Set(ids).size,
    ids.length,
    `duplicate ids: ${ids.filter((id, i) => ids.indexOf(id) !== i).join(', ')}`,
  );
  for (const id of ids)
    assert.match(id, /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, `id ${id}: use lowercase words joined by . and -`);
  assert.deepEqual(
    ids,
    [...ids].sort((a, b) => a.localeCompare(b)),
    'ALL_CHECKS is not sorted by id',
  );
});

test('parity: every check has test/checks/<id>.test.ts', () => {
  const missing = ids.filter((id) => !existsSync(join(ROOT, 'test/checks', `${id}.test.ts`)));
  assert.deepEqual(missing, [], 'checks without tests');
});

test('parity: every check is documented in docs/checks.md', () => {
  const docs = readFileSync(join(ROOT, 'docs/checks.md'), 'utf8');
  const missing = ids.filter((id) => !docs.includes(`<a id="${id}"></a>`));
  assert.deepEqual(missing, [], 'checks missing from docs/checks.md: run npm run docs');
});

for (const c of ALL_CHECKS) {
  test(`parity: ${c.id} has complete metadata`, () => {
    assert.ok((CATEGORIES as readonly string[]).includes(c.category), `category ${c.category}`);
    assert.ok((SEVERITIES as readonly string[]).includes(c.severity), `severity ${c.severity}`);
    assert.ok(c.title.trim().length > 0, 'title is empty');
    assert.ok(c.rationale.trim().length > 0, 'rationale is empty');
    for (const k of ['text', 'cli', 'terraform'] as const)
      assert.ok(c.remediation[k]?.trim().length > 0, `remediation.${k} is empty`);
    assert.match(
      c.remediation.cli,
      /(^|\n)\s*aws [a-z0-9-]+ /,
      'remediation.cli should hold an AWS CLI command',
    );
    const docs = (c.thresholdDocs ?? {}) as Record<string, string | undefined>;
    for (const name of Object.keys(c.thresholds))
      assert.ok(docs[name]?.trim(), `threshold ${name} has no thresholdDocs entry`);
    for (const name of Object.keys(docs))
      assert.ok(name in c.thresholds, `thresholdDocs.${name} documents no threshold`);
    assert.ok(c.requires.length > 0, 'requires is empty');
    for (const r of c.requires) {
      const m = /^([a-z0-9-]+):([A-Z][A-Za-z]+)$/.exec(r);
      assert.ok(m, `requires entry ${r} is not service:Operation`);
      assert.ok(
        SERVICES.includes(m[1]!),
        `requires entry ${r}: unknown service prefix ${m[1]} (known: ${SERVICES.join(', ')})`,
      );
    }
    assert.equal(typeof c.evaluate, 'function');
  });
}

test('parity: at least 35 checks', () => {
  assert.ok(
    ALL_CHECKS.length >= 35,
    `only ${ALL_CHECKS.length} checks are registered; issue 2 asks for at least 35`,
  );
});

test('parity: every category has at least one check', () => {
  const empty = CATEGORIES.filter((cat) => !ALL_CHECKS.some((c) => c.category === cat));
  assert.deepEqual(empty, []);
});
