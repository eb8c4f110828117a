import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { colorEnabled, writeFileAtomic } from '../../src/cli/output.js';
import { ResilError } from '../../src/util/errors.js';

test('colour: NO_COLOR wins, then FORCE_COLOR, then the terminal', () => {
  assert.equal(colorEnabled({ isTTY: true }, {}), true);
  assert.equal(colorEnabled({ isTTY: false }, {}), false);
  assert.equal(colorEnabled({ isTTY: true }, { NO_COLOR: '1' }), false);
  assert.equal(colorEnabled({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' }), false);
  assert.equal(colorEnabled({ isTTY: true }, { NO_COLOR: '' }), true, 'an empty NO_COLOR is unset (no-color.org)');
  assert.equal(colorEnabled({ isTTY: false }, { FORCE_COLOR: '1' }), true);
  assert.equal(colorEnabled({ isTTY: true }, { FORCE_COLOR: '0' }), false);
});

test('writeFileAtomic: replaces the file and leaves no temp file; a bad directory is a usage error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'resil-out-'));
  try {
    const file = join(dir, 'r.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    assert.equal(readFileSync(file, 'utf8'), 'two');
    assert.deepEqual(readdirSync(dir), ['r.json']);
    await assert.rejects(
      writeFileAtomic(join(dir, 'missing', 'r.json'), 'x'),
      (e: unknown) => e instanceof ResilError && e.exitCode === 2 && /the directory does not exist/.test(e.message),
    );
    assert.deepEqual(readdirSync(dir), ['r.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
