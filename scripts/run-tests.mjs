#!/usr/bin/env node
// Runs the test tiers with Node's built-in test runner (through tsx, so tests import src/ directly).
// Usage: node scripts/run-tests.mjs [unit|integration|all] [extra files...]
// Tiers by file suffix: *.test.ts is unit (checks, renderers, planners, CLI on snapshots);
// *.itest.ts is integration (the built CLI against the moto server).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
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

const files = walk('test')
  .filter((f) => suffixes.some((s) => f.endsWith(s)))
  .sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
mkdirSync('.tmp', { recursive: true });
const tap = join('.tmp', `test-${tier}.tap`);
const args = [
  '--import',
  'tsx',
  '--test',
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
