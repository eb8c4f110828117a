/**
 * `resil audit --snapshot` reads a file: it must not load what only a live audit needs (the
 * collectors and their AWS SDK clients, the listr2 progress display) nor the YAML parser when there
 * is no config file. Each of those is a visible part of the start-up time (docs/performance.md).
 *
 * The CLI is bundled (scripts/bundle.mjs): the files it loads are bundle chunks, and each bundled
 * module is marked in them by esbuild's `// src/…` or `// node_modules/…` comment. The modules an
 * audit loaded are the modules of the chunks it loaded, plus what it imported from node_modules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertBuilt, tempDir } from './run-cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist') + sep;

/** Runs the built CLI with a preload (`node --import`) that writes what it saw into a file. */
function runWith(
  preload: string,
  envName: string,
  args: string[],
): { status: number | null; seen: string[] } {
  assertBuilt();
  const tmp = tempDir();
  try {
    const record = tmp.file('seen.txt', '');
    const r = spawnSync(
      process.execPath,
      ['--import', fileURLToPath(new URL(`../support/${preload}`, import.meta.url)), 'bin/run.js', ...args],
      { cwd: root, env: { ...process.env, [envName]: record }, encoding: 'utf8' },
    );
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    return { status: r.status, seen: readFileSync(record, 'utf8').split('\n').filter(Boolean) };
  } finally {
    tmp.cleanup();
  }
}

const offlineAudit = (format: string, extra: string[] = []) =>
  runWith('record-modules.mjs', 'RESIL_RECORD_MODULES', [
    'audit',
    '--snapshot',
    'examples/shop.snapshot.json',
    '--format',
    format,
    '--quiet',
    ...extra,
  ]);

/** The files loaded (paths) and the modules in them: bundled ones by their esbuild path comment. */
function modulesOf(loaded: string[]): { files: string[]; modules: string[] } {
  const files = [
    ...new Set(
      loaded.filter((m) => !m.startsWith('node:')).map((m) => (m.startsWith('file:') ? fileURLToPath(m) : m)),
    ),
  ];
  const modules = new Set<string>();
  for (const file of files) {
    if (!file.startsWith(dist)) {
      modules.add(relative(root, file).split(sep).join('/'));
      continue;
    }
    for (const m of readFileSync(file, 'utf8').matchAll(/^\/\/ ((?:src|node_modules)\/\S+)$/gm))
      modules.add(m[1]!);
  }
  return { files, modules: [...modules] };
}

/** What only a live run loads: the SDK, the collectors, the progress display, the YAML parser. */
const LIVE_ONLY = /^node_modules\/(@aws-sdk|@smithy|listr2|yaml)\/|^src\/aws\/collect\/index\.ts$/;

test('an offline audit of the example loads no AWS SDK, collector, listr2 or YAML module', () => {
  const r = offlineAudit('json');
  assert.equal(r.status, 1); // the example has high-severity failures
  const { modules } = modulesOf(r.seen);
  assert.ok(
    modules.some((m) => m.startsWith('src/checks/')),
    'the recorder saw the checks load',
  );
  assert.deepEqual(
    modules.filter((m) => LIVE_ONLY.test(m)),
    [],
  );
});

test('an offline audit loads its code from a few bundled files', () => {
  const { files } = modulesOf(offlineAudit('json').seen);
  // Unbundled, it was ≈ 420 files (docs/performance.md); bundled, ≈ 30.
  assert.ok(files.length < 60, `${files.length} files:\n${files.join('\n')}`);
});

test('of zod, an offline audit loads only the English messages', () => {
  const { modules } = modulesOf(offlineAudit('json').seen);
  assert.ok(modules.includes('node_modules/zod/v4/locales/en.js'), 'zod is bundled');
  // `import * as z` lets the bundler leave out what is not used: zod's ≈ 40 other locales.
  assert.deepEqual(
    modules.filter((m) => m.startsWith('node_modules/zod/v4/locales/') && !m.endsWith('/en.js')),
    [],
  );
});

test('string-width initialises only when text is measured: not for a JSON report, but for a table with wide text', () => {
  // string-width builds an Intl.Segmenter (and Unicode emoji expressions) when it loads: ≈ 15 % of an
  // offline audit's start-up, for nothing when no terminal text is laid out (scripts/bundle.mjs LAZY).
  // The table measures plain ASCII itself (src/render/text.ts NARROW), so the table's case needs a
  // name with a character outside it: the example with one record set identifier renamed.
  const tmp = tempDir();
  try {
    const json = runWith('count-segmenters.mjs', 'RESIL_COUNT_SEGMENTERS', [
      'audit',
      '--snapshot',
      'examples/shop.snapshot.json',
      '--format',
      'json',
      '--quiet',
    ]);
    assert.deepEqual(json.seen, ['0']);
    const example = readFileSync(join(root, 'examples/shop.snapshot.json'), 'utf8');
    assert.ok(example.includes('"api-west"'));
    const wide = tmp.file('wide.snapshot.json', example.replaceAll('"api-west"', '"api-wést-東"'));
    const report = join(tmp.dir, 'report.txt');
    const table = runWith('count-segmenters.mjs', 'RESIL_COUNT_SEGMENTERS', [
      'audit',
      '--snapshot',
      wide,
      '--format',
      'table',
      '--output',
      report,
      '--quiet',
    ]);
    assert.match(readFileSync(report, 'utf8'), /api-wést-東/);
    assert.notDeepEqual(table.seen, ['0'], 'the table measures wide text with string-width');
  } finally {
    tmp.cleanup();
  }
});

test('a readiness report from a snapshot loads no AWS SDK, collector, listr2 or YAML module either', () => {
  const r = runWith('record-modules.mjs', 'RESIL_RECORD_MODULES', [
    'readiness',
    '--snapshot',
    'examples/shop.snapshot.json',
    '--format',
    'markdown',
    '--output',
    '-',
    '--quiet',
  ]);
  assert.equal(r.status, 1); // the example is NOT READY
  const { modules } = modulesOf(r.seen);
  assert.ok(
    modules.some((m) => m.startsWith('src/capacity/')),
    'the recorder saw the capacity model load',
  );
  assert.deepEqual(
    modules.filter((m) => LIVE_ONLY.test(m)),
    [],
  );
});

test('resil init from a snapshot loads no AWS SDK, collector or listr2 module', () => {
  const config = join(tempDir().dir, 'resil.yml');
  const r = runWith('record-modules.mjs', 'RESIL_RECORD_MODULES', [
    'init',
    '--snapshot',
    'examples/shop.snapshot.json',
    '--config',
    config,
  ]);
  assert.equal(r.status, 0);
  assert.ok(existsSync(config), 'init wrote the config');
  const { modules } = modulesOf(r.seen);
  assert.ok(modules.includes('src/config/init.ts'), 'the recorder saw init load');
  assert.deepEqual(
    modules.filter((m) => LIVE_ONLY.test(m) && !m.startsWith('node_modules/yaml/')),
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
