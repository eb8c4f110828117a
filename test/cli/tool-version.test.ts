/**
 * The report's `tool` (name and version) comes from package.json, found from wherever the module
 * that reads it ends up: src/util/ when run from the sources, a bundle chunk under dist/ when built
 * (scripts/bundle.mjs decides which file holds it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOOL } from '../../src/util/version.js';
import { ROOT, assertBuilt, cli } from './run-cli.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

test('TOOL is the name and version of package.json, from the sources', () => {
  assert.deepEqual(TOOL, { name: pkg.name, version: pkg.version });
});

test('the built CLI reports the name and version of package.json in its JSON report', async () => {
  assertBuilt();
  const r = await cli(
    ['audit', '--snapshot', 'examples/shop.snapshot.json', '--format', 'json', '--fail-on', 'never'],
    {
      cwd: ROOT,
    },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((JSON.parse(r.stdout) as { tool: unknown }).tool, {
    name: pkg.name,
    version: pkg.version,
  });
});
