/**
 * resil needs Node.js 20 or newer. bin/run.js says so, with exit code 2 (bad environment, before any
 * AWS call), before it loads the bundle: oclif's own engine warning cannot run from inside the bundle
 * (it looks for its package.json next to its module), and the bundle targets Node 20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertBuilt } from './run-cli.js';

/** Runs bin/run.js with process.versions.node set to `version` before it starts. */
function runAs(version: string, args: string[]) {
  const preload = `Object.defineProperty(process.versions, 'node', { value: ${JSON.stringify(version)} });`;
  return spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(preload)}`, 'bin/run.js', ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
}

test('on Node.js 18, resil says it needs Node.js 20 or newer and exits 2, loading nothing else', () => {
  const r = runAs('18.19.0', ['audit', '--snapshot', 'examples/shop.snapshot.json']);
  assert.equal(r.status, 2, r.stderr);
  assert.equal(
    r.stderr,
    'Error: resil needs Node.js 20 or newer, and this is Node.js 18.19.0. Install Node.js 20 or newer (https://nodejs.org) and run resil with it.\n',
  );
  assert.equal(r.stdout, '');
});

test('on Node.js 20.0.0 the check lets resil run', () => {
  assertBuilt();
  const r = runAs('20.0.0', ['--version']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^resil\//);
});

test('the version bin/run.js requires is the one package.json "engines" declares', () => {
  const engines = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }
  ).engines.node;
  const required = /const REQUIRED_NODE_MAJOR = (\d+);/.exec(
    readFileSync(join(ROOT, 'bin/run.js'), 'utf8'),
  )?.[1];
  assert.equal(engines, `>=${required}`);
});
