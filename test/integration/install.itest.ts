/**
 * Install it like a real tool (issue 13): `npm pack`, then `npm install -g --prefix TMP` from the
 * tarball, then `resil --version`, `resil checks` and an audit of the bundled example from that
 * PATH, in a directory outside the repository, with no dev dependency installed.
 *
 * The install is offline when the npm cache holds the registry metadata of the run-time
 * dependencies; `npm ci` caches their tarballs but not that metadata, so on a machine that never
 * resolved them the first run falls back to --prefer-offline (metadata from the registry, tarballs
 * from the cache) and later runs are offline.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT } from '../emulator/index.js';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
let dir: string;
let prefix: string;
let tarball: string;

function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      cmd,
      args,
      { cwd: opts.cwd, env: opts.env ?? process.env, timeout: opts.timeout ?? 60_000, maxBuffer: 64 << 20 },
      (err, stdout, stderr) =>
        done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** The installed CLI on the PATH, nothing of the repository's node_modules in sight. */
const resil = (args: string[]) =>
  run('resil', args, {
    cwd: dir,
    env: {
      PATH: `${join(prefix, 'bin')}:${process.env['PATH'] ?? ''}`,
      HOME: dir,
      NO_COLOR: '1',
      OCLIF_SKIP_NEW_VERSION_CHECK: 'true',
    },
  });

before(async () => {
  assert.ok(existsSync(join(REPO_ROOT, 'dist', 'commands', 'audit.js')), 'run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'resil-install-'));
  prefix = join(dir, 'prefix');
  const pack = await run('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: REPO_ROOT });
  assert.equal(pack.code, 0, pack.stderr);
  tarball = join(dir, pack.stdout.trim().split('\n').at(-1)!);
  const install = (mode: string) =>
    run('npm', ['install', '-g', '--prefix', prefix, mode, '--no-audit', '--no-fund', tarball], {
      cwd: dir,
      timeout: 300_000,
    });
  let res = await install('--offline');
  if (res.code !== 0 && /ENOTCACHED/.test(res.stderr)) res = await install('--prefer-offline');
  assert.equal(res.code, 0, res.stderr);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('install: the tarball holds the built CLI, its manifest, schemas and the example, and no sources or tests', async () => {
  const list = await run('tar', ['tzf', tarball], { cwd: dir });
  const files = list.stdout.split('\n').filter(Boolean);
  for (const f of [
    'package/bin/run.js',
    'package/dist/commands/audit.js',
    'package/oclif.manifest.json',
    'package/schemas/audit-report.schema.json',
    'package/examples/shop.snapshot.json',
  ])
    assert.ok(files.includes(f), f);
  assert.deepEqual(
    files.filter((f) => /^package\/(src|test|scripts|node_modules)\//.test(f)),
    [],
  );
});

test('install: resil is on the PATH and no dev dependency was installed', async () => {
  assert.ok(existsSync(join(prefix, 'bin', 'resil')));
  const installed = join(prefix, 'lib', 'node_modules', 'resil', 'node_modules');
  const present = new Set(
    readdirSync(installed).flatMap((d) =>
      d.startsWith('@') ? readdirSync(join(installed, d)).map((s) => `${d}/${s}`) : [d],
    ),
  );
  const dev = Object.keys(pkg.devDependencies).filter((d) => present.has(d));
  assert.deepEqual(dev, [], 'no dev dependency (tsx, typescript, oclif, eslint...) at run time');
  for (const d of Object.keys(pkg.dependencies)) assert.ok(present.has(d), `${d} is installed`);
});

test('install: resil --version, resil checks and an audit of the bundled example run from the PATH', async () => {
  const version = await resil(['--version']);
  assert.equal(version.code, 0, version.stderr);
  assert.match(version.stdout, new RegExp(`^resil/${pkg.version.replace(/\./g, '\\.')} `));

  const checks = await resil(['checks', '--json']);
  assert.equal(checks.code, 0, checks.stderr);
  assert.ok((JSON.parse(checks.stdout) as unknown[]).length >= 40);

  const example = join(prefix, 'lib', 'node_modules', 'resil', 'examples', 'shop.snapshot.json');
  const audit = await resil(['audit', '--snapshot', example, '--format', 'json', '--fail-on', 'never']);
  assert.equal(audit.code, 0, audit.stderr);
  const report = JSON.parse(audit.stdout) as { tool: { version: string }; findings: unknown[] };
  assert.equal(report.tool.version, pkg.version);
  assert.ok(report.findings.length > 0);

  const help = await resil(['help', 'audit']);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /\$ resil audit/);
});
