/**
 * package.json hygiene that a reviewer would not spot in a diff: the project's own scripts never
 * print oclif's "update available" notice, every dependency with an install script is reviewed in
 * `allowScripts` (so `npm ci` installs without the "not yet covered by allowScripts" warning), and
 * nothing the installed CLI needs at run time runs an install script.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/gen-docs.js';

interface PackageJson {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  allowScripts?: Record<string, boolean>;
  files: string[];
  bin: Record<string, string>;
}
interface Lock {
  packages: Record<string, { hasInstallScript?: boolean; dev?: boolean; version?: string }>;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lock;

test('package.json: every script that runs the oclif CLI turns off its update notice', () => {
  const oclif = Object.entries(pkg.scripts).filter(([, s]) => /(^|&&\s*|\s)oclif\s/.test(s));
  assert.ok(oclif.length > 0, 'the build runs `oclif manifest`');
  for (const [name, script] of oclif) {
    const commands = script.split('&&').filter((c) => /(^|\s)oclif\s/.test(c));
    for (const c of commands)
      assert.match(c, /OCLIF_SKIP_NEW_VERSION_CHECK=true\s+oclif\s/, `npm run ${name}: ${c.trim()}`);
  }
});

test('package.json: every dependency with an install script is decided in allowScripts', () => {
  const withScripts = Object.entries(lock.packages)
    .filter(([path, p]) => path !== '' && p.hasInstallScript)
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  const decided = new Set(Object.keys(pkg.allowScripts ?? {}).map((k) => k.replace(/(.)@.*$/, '$1')));
  const undecided = withScripts.filter((name) => !decided.has(name));
  assert.deepEqual(undecided, [], 'run `npm install-scripts ls`, then approve or deny each (and say why)');
  // esbuild (dev only: tsx, and the build's bundler, scripts/bundle.mjs): its postinstall only re-checks
  // the platform binary that npm already installed as an optional dependency; both work without it, so
  // it is denied, not approved.
  assert.equal(pkg.allowScripts?.['esbuild'], false);
});

test('package.json: no run-time dependency runs an install script (npm install -g stays quiet and offline-safe)', () => {
  const runtime = Object.entries(lock.packages).filter(
    ([path, p]) => path.startsWith('node_modules/') && !p.dev && p.hasInstallScript,
  );
  assert.deepEqual(
    runtime.map(([path]) => path),
    [],
  );
});

test('package.json: the published files hold the CLI, its manifest and its schemas', () => {
  assert.deepEqual(pkg.bin, { resil: 'bin/run.js' });
  for (const f of ['bin', 'dist', 'schemas', 'examples', 'oclif.manifest.json'])
    assert.ok(pkg.files.includes(f), `files lists ${f}`);
});
