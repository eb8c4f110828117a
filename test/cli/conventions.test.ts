/**
 * The conventions oclif users already know (issue 13): `-h`, `resil help <command>`, `-v`, shell
 * autocompletion (@oclif/plugin-autocomplete), and `--json` on `audit` as an alias of `--format json`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inventory, targetGroup } from '../support/builders.js';
import { assertBuilt, cli, snapshotDoc, STACK, tempDir } from './run-cli.js';

const tmp = tempDir();
let snap: string;

before(() => {
  assertBuilt();
  snap = tmp.file(
    'good.json',
    JSON.stringify(snapshotDoc(inventory({ 'us-east-1': { targetGroups: [targetGroup({ name: 'web' })] } }))),
  );
});
after(() => tmp.cleanup());

const run = (args: string[], env?: Record<string, string>) =>
  cli(args, { cwd: tmp.dir, ...(env ? { env } : {}) });

/** The parts of a JSON report that depend on when it ran. */
function stable(json: string): unknown {
  const { startedAt: _s, durationMs: _d, ...rest } = JSON.parse(json) as Record<string, unknown>;
  return rest;
}

describe('oclif conventions (subprocess)', { concurrency: 3 }, () => {
  test('-h is --help, for the CLI and for a command', async () => {
    const [root, long, cmd] = await Promise.all([run(['-h']), run(['--help']), run(['audit', '-h'])]);
    assert.equal(root.code, 0, root.stderr);
    assert.equal(root.stdout, long.stdout);
    assert.match(root.stdout, /COMMANDS[\s\S]*audit[\s\S]*failover/);
    assert.equal(cmd.code, 0, cmd.stderr);
    assert.match(cmd.stdout, /USAGE\s+\$ resil audit/);
    assert.match(cmd.stdout, /--fail-on/);
  });

  test('resil help <command> is resil <command> --help; an unknown one is exit 2', async () => {
    const [help, flag, nested, unknown] = await Promise.all([
      run(['help', 'audit']),
      run(['audit', '--help']),
      run(['help', 'checks', 'explain']),
      run(['help', 'nosuch']),
    ]);
    assert.equal(help.code, 0, help.stderr);
    assert.equal(help.stdout, flag.stdout);
    assert.equal(nested.code, 0, nested.stderr);
    assert.match(nested.stdout, /\$ resil checks explain ID/);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /nosuch/);
    assert.doesNotMatch(unknown.stderr, STACK);
  });

  test('-v and --version print the version', async () => {
    const [short, long] = await Promise.all([run(['-v']), run(['--version'])]);
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    assert.equal(short.code, 0, short.stderr);
    assert.equal(short.stdout, long.stdout);
    assert.match(short.stdout, new RegExp(`^resil/${version.replace(/\./g, '\\.')} `));
  });

  test('autocomplete: instructions per shell, and a completion cache that knows the commands and flags', async () => {
    const env = { HOME: tmp.dir, XDG_CACHE_HOME: join(tmp.dir, 'cache') };
    const [bash, refresh] = await Promise.all([
      run(['autocomplete', 'bash'], env),
      run(['autocomplete', '--refresh-cache'], env),
    ]);
    assert.equal(bash.code, 0, bash.stderr);
    assert.match(bash.stdout, /resil autocomplete script bash/);
    assert.equal(refresh.code, 0, refresh.stderr);
    const script = readFileSync(
      join(tmp.dir, 'cache', 'resil', 'autocomplete', 'functions', 'bash', 'resil.bash'),
      'utf8',
    );
    const auditLine = /^audit .*$/m.exec(script)?.[0] ?? '';
    for (const flag of ['--fail-on', '--json', '--snapshot']) assert.ok(auditLine.includes(flag), flag);
    assert.match(script, /^failover .*--dry-run/m);
  });

  test('audit --json is --format json; with a conflicting --format it is a usage error', async () => {
    const [json, format, both, conflict] = await Promise.all([
      run(['audit', '--snapshot', snap, '--json']),
      run(['audit', '--snapshot', snap, '--format', 'json']),
      run(['audit', '--snapshot', snap, '--json', '--format', 'json']),
      run(['audit', '--snapshot', snap, '--json', '--format', 'sarif']),
    ]);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(stable(json.stdout), stable(format.stdout));
    assert.equal(both.code, 0, both.stderr);
    assert.deepEqual(stable(both.stdout), stable(format.stdout));
    assert.equal(conflict.code, 2);
    assert.equal(conflict.stdout, '');
    assert.match(conflict.stderr, /^Error: --json asks for the json format, --format for sarif/);
    assert.doesNotMatch(conflict.stderr, STACK);
  });

  test('audit --json with --output writes JSON to the file', async () => {
    const out = join(tmp.dir, 'report.json');
    const r = await run(['audit', '--snapshot', snap, '--json', '--output', out, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { tool: { name: string } }).tool.name, 'resil');
  });
});
