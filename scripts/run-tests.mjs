#!/usr/bin/env node
// Runs the test tiers with Node's built-in test runner (through tsx, so tests import src/ directly).
// Usage: node scripts/run-tests.mjs [unit|integration|all] [extra files...]
// Tiers by file suffix: *.test.ts is unit (checks, renderers, planners, CLI on snapshots);
// *.itest.ts is integration (the built CLI against the moto server).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

const tier = process.argv[2] ?? 'all';
const suffixes = { unit: ['.test.ts'], integration: ['.itest.ts'], all: ['.test.ts', '.itest.ts'] }[tier];
if (!suffixes) {
  console.error(`unknown tier ${tier}: use unit, integration or all`);
  process.exit(2);
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

// Longest first, so the pool never ends waiting on one long file: the integration files (a moto
// server each, the built CLI run many times), then the CLI subprocess files, then the rest.
const weight = (f) => (f.endsWith('.itest.ts') ? 0 : f.startsWith(join('test', 'cli')) ? 1 : 2);
const files = walk('test')
  .filter((f) => suffixes.some((s) => f.endsWith(s)))
  .sort((a, b) => weight(a) - weight(b) || (a < b ? -1 : a > b ? 1 : 0));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
mkdirSync('.tmp', { recursive: true });
const tap = join('.tmp', `test-${tier}.tap`);
// Files run in parallel: most of a file's time is spent waiting on the CLI subprocesses it starts
// and on the emulator, so one more file than there are cores keeps them busy (Node's default is
// cores - 1, which on a 2-core CI machine runs the files one after another). RESIL_TEST_CONCURRENCY
// overrides it (1: one file at a time, to read the output of a failing run in order).
const concurrency = Number(process.env.RESIL_TEST_CONCURRENCY) || availableParallelism() + 1;
const args = [
  '--import',
  'tsx',
  '--test',
  `--test-concurrency=${concurrency}`,
  '--test-reporter',
  'spec',
  '--test-reporter-destination',
  'stdout',
  '--test-reporter',
  'tap',
  '--test-reporter-destination',
  tap,
  ...files,
];
const res = spawnSync(process.execPath, args, {
  stdio: 'inherit',
  env: { ...process.env, NODE_NO_WARNINGS: '1' },
});
// One plain closing line that any CI can read.
const text = readFileSync(tap, 'utf8');
const count = (k) => Number(new RegExp(`^# ${k} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
const failed = count('fail') + count('cancelled');
console.log(`${count('pass')} passed, ${failed} failed, ${count('skipped') + count('todo')} skipped`);
process.exit(res.status ?? 1);
