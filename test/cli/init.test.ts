/**
 * `resil init` as a subprocess: writes .resil.yml from a snapshot, which `resil audit` then uses;
 * never overwrites (exit 2, file unchanged); bad input is exit 2.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { parseConfig } from '../../src/config/load.js';
import { assertBuilt, cli, ROOT, STACK, tempDir } from './run-cli.js';

const tmp = tempDir();
const EXAMPLE = join(ROOT, 'examples', 'shop.snapshot.json');
after(() => tmp.cleanup());

function dir(name: string): string {
  const d = join(tmp.dir, name);
  mkdirSync(d);
  return d;
}

describe('resil init (subprocess)', { concurrency: 3 }, () => {
  test('writes a valid .resil.yml from a snapshot, which resil audit then reads', async () => {
    assertBuilt();
    const cwd = dir('fresh');
    const r = await cli(['init', '--snapshot', EXAMPLE], { cwd });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      /^Wrote \.resil\.yml for account 111122223333: primary us-east-1, standby us-west-2; global cluster shop-global; 2 tier pair\(s\)\.\nReview it, then run: resil audit --snapshot /,
    );
    const text = readFileSync(join(cwd, '.resil.yml'), 'utf8');
    const config = parseConfig(text, '.resil.yml', ALL_CHECKS);
    assert.equal(config.primaryRegion, 'us-east-1');
    assert.deepEqual(readdirSync(cwd), ['.resil.yml'], 'no temp file left behind');
    const audit = await cli(['audit', '--snapshot', EXAMPLE, '--format', 'json', '--fail-on', 'never'], {
      cwd,
    });
    assert.equal(audit.code, 0, audit.stderr);
    assert.match(audit.stderr, /Using config .*\.resil\.yml/);
  });

  test('never overwrites: an existing config is exit 2 and left as it was', async () => {
    const cwd = dir('existing');
    writeFileSync(join(cwd, '.resil.yml'), 'rpoSeconds: 5\n');
    writeFileSync(join(cwd, 'other.yml'), '# mine\n');
    const [dflt, named] = await Promise.all([
      cli(['init', '--snapshot', EXAMPLE], { cwd }),
      cli(['init', '--snapshot', EXAMPLE, '--config', 'other.yml'], { cwd }),
    ]);
    for (const [r, file] of [
      [dflt, '.resil.yml'],
      [named, 'other.yml'],
    ] as const) {
      assert.equal(r.code, 2, r.stderr);
      assert.match(
        r.stderr,
        new RegExp(
          `^Error: ${file.replace('.', '\\.')} already exists; resil init never overwrites a config\\.`,
        ),
      );
      assert.match(r.stderr, /write elsewhere with --config FILE/);
      assert.doesNotMatch(r.stderr, STACK);
    }
    assert.equal(readFileSync(join(cwd, '.resil.yml'), 'utf8'), 'rpoSeconds: 5\n');
    assert.equal(readFileSync(join(cwd, 'other.yml'), 'utf8'), '# mine\n');
  });

  test('--config elsewhere; bad input is exit 2 with nothing written', async () => {
    const cwd = dir('elsewhere');
    const [ok, missing, noDir] = await Promise.all([
      cli(['init', '--snapshot', EXAMPLE, '--config', 'shop.resil.yml', '--quiet'], { cwd }),
      cli(['init', '--snapshot', 'nope.json', '--config', 'x.yml'], { cwd }),
      cli(['init', '--snapshot', EXAMPLE, '--config', 'no/such/dir.yml'], { cwd }),
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stderr, '');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Snapshot file not found: nope\.json/);
    assert.equal(noDir.code, 2);
    assert.match(noDir.stderr, /Cannot write no\/such\/dir\.yml: the directory does not exist/);
    assert.deepEqual(readdirSync(cwd), ['shop.resil.yml']);
  });
});
