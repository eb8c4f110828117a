/**
 * `resil audit --snapshot` reads a file: it must not load what only a live audit needs (the
 * collectors and their AWS SDK clients, the listr2 progress display) nor the YAML parser when there
 * is no config file. Each of those is a visible part of the start-up time (docs/performance.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assertBuilt, tempDir } from './run-cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('an offline audit of the example loads no AWS SDK, collector, listr2 or YAML module', () => {
  assertBuilt();
  const tmp = tempDir();
  const record = tmp.file('modules.txt', '');
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      fileURLToPath(new URL('../support/record-modules.mjs', import.meta.url)),
      'bin/run.js',
      'audit',
      '--snapshot',
      'examples/shop.snapshot.json',
      '--format',
      'json',
      '--quiet',
    ],
    { cwd: root, env: { ...process.env, RESIL_RECORD_MODULES: record }, encoding: 'utf8' },
  );
  assert.equal(r.status, 1, r.stderr); // the example has high-severity failures
  const loaded = readFileSync(record, 'utf8').split('\n').filter(Boolean);
  assert.ok(
    loaded.some((m) => m.includes('/dist/checks/')),
    'the recorder saw the checks load',
  );
  const unwanted = loaded.filter((m) =>
    /node_modules\/@aws-sdk\/|node_modules\/@smithy\/|node_modules\/listr2\/|node_modules\/yaml\/|\/dist\/aws\/collect\/index\.js/.test(
      m,
    ),
  );
  assert.deepEqual(unwanted, []);
});
