/**
 * `resil audit --snapshot` reads a file: it must not load what only a live audit needs (the
 * collectors and their AWS SDK clients, the listr2 progress display) nor the YAML parser when there
 * is no config file. Each of those is a visible part of the start-up time (docs/performance.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertBuilt, tempDir } from './run-cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the built CLI with every module it loads recorded: its exit status and the modules. */
function modulesLoadedBy(args: string[]): { status: number | null; stderr: string; loaded: string[] } {
  const tmp = tempDir();
  const record = tmp.file('modules.txt', '');
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      fileURLToPath(new URL('../support/record-modules.mjs', import.meta.url)),
      'bin/run.js',
      ...args,
    ],
    { cwd: root, env: { ...process.env, RESIL_RECORD_MODULES: record }, encoding: 'utf8' },
  );
  return {
    status: r.status,
    stderr: r.stderr,
    loaded: readFileSync(record, 'utf8').split('\n').filter(Boolean),
  };
}

const LIVE_ONLY =
  /node_modules\/@aws-sdk\/|node_modules\/@smithy\/|node_modules\/listr2\/|node_modules\/yaml\/|\/dist\/aws\/collect\/index\.js/;

test('an offline audit of the example loads no AWS SDK, collector, listr2 or YAML module', () => {
  assertBuilt();
  const r = modulesLoadedBy([
    'audit',
    '--snapshot',
    'examples/shop.snapshot.json',
    '--format',
    'json',
    '--quiet',
  ]);
  assert.equal(r.status, 1, r.stderr); // the example has high-severity failures
  assert.ok(
    r.loaded.some((m) => m.includes('/dist/checks/')),
    'the recorder saw the checks load',
  );
  assert.deepEqual(
    r.loaded.filter((m) => LIVE_ONLY.test(m)),
    [],
  );
});

test('a readiness report from a snapshot loads no AWS SDK, collector, listr2 or YAML module either', () => {
  assertBuilt();
  const r = modulesLoadedBy([
    'readiness',
    '--snapshot',
    'examples/shop.snapshot.json',
    '--format',
    'markdown',
    '--output',
    '-',
    '--quiet',
  ]);
  assert.equal(r.status, 1, r.stderr); // the example is NOT READY
  assert.ok(
    r.loaded.some((m) => m.includes('/dist/capacity/')),
    'the recorder saw the capacity model load',
  );
  assert.deepEqual(
    r.loaded.filter((m) => LIVE_ONLY.test(m)),
    [],
  );
});

test('resil init from a snapshot loads no AWS SDK, collector or listr2 module', () => {
  assertBuilt();
  const config = join(tempDir().dir, 'resil.yml');
  const r = modulesLoadedBy(['init', '--snapshot', 'examples/shop.snapshot.json', '--config', config]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(config), 'init wrote the config');
  assert.ok(
    r.loaded.some((m) => m.includes('/dist/config/init.js')),
    'the recorder saw init load',
  );
  assert.deepEqual(
    r.loaded.filter((m) => LIVE_ONLY.test(m) && !m.includes('node_modules/yaml/')),
    [],
  );
});

test('a runbook imports the SDK package of a service when it first calls it: a run that stops at its first RDS call loaded no EC2, ELB, Route 53, S3 or DynamoDB client', () => {
  assertBuilt();
  const tmp = tempDir();
  const record = tmp.file('modules.txt', '');
  // A shared lock is configured: its store (DynamoDB) is made, but not reached before the run stops.
  tmp.file(
    '.resil.yml',
    'runbooks:\n  lock:\n    dynamodb:\n      table: resil-locks\n      region: us-east-1\n',
  );
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      fileURLToPath(new URL('../support/record-modules.mjs', import.meta.url)),
      join(root, 'bin/run.js'),
      'failover',
      '--to',
      'us-west-2',
      '--yes',
      // Nothing listens on port 9: the first call fails, and the run stops before any change.
      '--endpoint-url',
      'http://127.0.0.1:9',
      '--max-attempts',
      '1',
    ],
    {
      cwd: tmp.dir,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: tmp.dir,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_CONFIG_FILE: join(tmp.dir, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(tmp.dir, 'no-credentials'),
        RESIL_RECORD_MODULES: record,
        NO_COLOR: '1',
      },
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /Cannot reach the AWS endpoint/);
  const clients = new Set(
    readFileSync(record, 'utf8')
      .split('\n')
      .flatMap((m) => /node_modules\/@aws-sdk\/(client-[a-z0-9-]+)\//.exec(m)?.[1] ?? []),
  );
  assert.deepEqual([...clients].sort(), ['client-rds']);
});
