/**
 * A run of one of resil's own commands does not load oclif's core plugins (help, autocomplete):
 * src/cli/main.ts loadOptions. Anything that may need them — `resil help`, `resil autocomplete`,
 * help flags, an unknown command, no command — loads them as before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadOptions, runsOwnCommand } from '../../src/cli/main.js';
import { ROOT, assertBuilt, cli, tempDir } from './run-cli.js';

test('runsOwnCommand: a command file or topic index of ours, and no help flag', () => {
  const tmp = tempDir();
  try {
    const dir = join(tmp.dir, 'commands');
    mkdirSync(join(dir, 'checks'), { recursive: true });
    mkdirSync(join(dir, 'iam-policy'), { recursive: true });
    for (const f of ['audit.js', 'checks/index.js', 'checks/explain.js', 'iam-policy/audit.js'])
      writeFileSync(join(dir, f), '');
    const own = (...argv: string[]) => runsOwnCommand(argv, dir);
    assert.ok(own('audit', '--snapshot', 'x.json'));
    assert.ok(own('checks'));
    assert.ok(own('checks', 'explain', 'tg.detection-time'));
    assert.ok(own('iam-policy', 'audit'));
    assert.ok(own('audit', '--', '--help'), 'after --, --help is an argument');
    assert.ok(!own(), 'no command: the root help');
    assert.ok(!own('help', 'audit'));
    assert.ok(!own('autocomplete'));
    assert.ok(!own('audit', '--help'));
    assert.ok(!own('audit', '-h'));
    assert.ok(!own('--version'));
    assert.ok(!own('-v'));
    assert.ok(!own('nosuch'), 'unknown: the suggestion lists every command');
    assert.ok(!own('iam-policy'), 'a topic without a command of its own');
    assert.ok(!own('iam-policy', 'nosuch'));
    assert.ok(!own('../commands/audit'));
  } finally {
    tmp.cleanup();
  }
});

test('loadOptions: the package.json without oclif.plugins for an own command, else the path as before', () => {
  const dir = pathToFileURL(join(ROOT, 'bin', 'run.js')).href;
  const own = loadOptions(['audit', '--snapshot', 'x.json'], dir);
  assert.equal(typeof own, 'object');
  const { root, pjson } = own as { root: string; pjson: { name: string; oclif: Record<string, unknown> } };
  assert.equal(root, ROOT);
  assert.equal(pjson.name, 'resil');
  assert.equal(pjson.oclif['plugins'], undefined);
  assert.equal(pjson.oclif['commands'], './dist/commands');
  assert.deepEqual(pjson.oclif['hooks'], { command_not_found: './dist/hooks/not-found.js' });
  assert.equal(loadOptions(['help', 'audit'], dir), dir);
  assert.equal(loadOptions(['audit', '--help'], dir), dir);
  assert.equal(loadOptions([], dir), dir);
});

test('an audit loads no core plugin; resil help does', async () => {
  assertBuilt();
  const env = { DEBUG: 'oclif:config' };
  const loads = /loading plugins \[.*@oclif\/plugin-help/;
  const [audit, help] = await Promise.all([
    cli(['audit', '--snapshot', 'examples/shop.snapshot.json', '--format', 'json', '--fail-on', 'never'], {
      cwd: ROOT,
      env,
    }),
    cli(['help', 'audit'], { cwd: ROOT, env }),
  ]);
  assert.equal(audit.code, 0, audit.stderr);
  assert.doesNotMatch(audit.stderr, loads);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stderr, loads, 'the probe sees the plugins load');
  assert.match(help.stdout, /\$ resil audit/);
});
