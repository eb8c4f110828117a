import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertWritable, colorEnabled, writeFileAtomic } from '../../src/cli/output.js';
import { ResilError } from '../../src/util/errors.js';

test('colour: NO_COLOR wins, then FORCE_COLOR, then the terminal', () => {
  assert.equal(colorEnabled({ isTTY: true }, {}), true);
  assert.equal(colorEnabled({ isTTY: false }, {}), false);
  assert.equal(colorEnabled({ isTTY: true }, { NO_COLOR: '1' }), false);
  assert.equal(colorEnabled({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' }), false);
  assert.equal(
    colorEnabled({ isTTY: true }, { NO_COLOR: '' }),
    true,
    'an empty NO_COLOR is unset (no-color.org)',
  );
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
      (e: unknown) =>
        e instanceof ResilError && e.exitCode === 2 && /the directory does not exist/.test(e.message),
    );
    assert.deepEqual(readdirSync(dir), ['r.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('assertWritable: an empty path, a missing directory, a directory as the file; a good path passes and creates nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'resil-out-'));
  const usage = (re: RegExp) => (e: unknown) =>
    e instanceof ResilError && e.exitCode === 2 && re.test(e.message);
  try {
    mkdirSync(join(dir, 'sub'));
    await assertWritable(join(dir, 'r.json'));
    assert.deepEqual(readdirSync(dir), ['sub']);
    await assert.rejects(assertWritable(''), usage(/--output needs a file name/));
    await assert.rejects(assertWritable(' ', '--out'), usage(/--out needs a file name/));
    await assert.rejects(
      assertWritable(join(dir, 'missing', 'r.json')),
      usage(/the directory .*missing does not exist/),
    );
    await assert.rejects(assertWritable(join(dir, 'sub')), usage(/it is a directory/));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFileAtomic: mode applies to a new file (snapshots are 0600)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'resil-out-'));
  try {
    await writeFileAtomic(join(dir, 's.json'), '{}', { mode: 0o600 });
    assert.equal(statSync(join(dir, 's.json')).mode & 0o777, 0o600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
