import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertWritable, colorEnabled, isStdout, writeFileAtomic } from '../../src/cli/output.js';
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

// ---------------------------------------------------------------- issue 9, item 1: never clobber a device
const usageErr = (re: RegExp) => (e: unknown) =>
  e instanceof ResilError && e.exitCode === 2 && re.test(e.message);

/** mknod needs CAP_MKNOD (root in most containers): the device cases run where it is allowed. */
function tryMknodNull(path: string): boolean {
  try {
    execFileSync('mknod', [path, 'c', '1', '3'], { stdio: 'ignore' });
    return statSync(path).isCharacterDevice();
  } catch {
    return false;
  }
}

test('writeFileAtomic: a character device is written into, never replaced by a regular file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'resil-out-'));
  try {
    const dev = join(dir, 'null');
    if (!tryMknodNull(dev)) return t.skip('mknod is not permitted here');
    await assertWritable(dev);
    await writeFileAtomic(dev, 'report');
    assert.ok(lstatSync(dev).isCharacterDevice(), 'still a character device');
    assert.deepEqual(readdirSync(dir), ['null'], 'no temp file left');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFileAtomic: a FIFO is written into (a reader gets the report) and stays a FIFO', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'resil-out-'));
  try {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    await assertWritable(fifo);
    const reader = new Promise<string>((res, rej) =>
      execFile('cat', [fifo], (err, out) => (err ? rej(err) : res(out))),
    );
    await writeFileAtomic(fifo, 'the report\n');
    assert.equal(await reader, 'the report\n');
    assert.ok(lstatSync(fifo).isFIFO(), 'still a FIFO');
    assert.deepEqual(readdirSync(dir), ['pipe']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('assertWritable / writeFileAtomic: a socket is refused with exit 2 and left alone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'resil-out-'));
  const sock = join(dir, 's.sock');
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(sock, r));
  try {
    await assert.rejects(assertWritable(sock), usageErr(/is a socket/));
    await assert.rejects(writeFileAtomic(sock, 'x'), usageErr(/is a socket/));
    assert.ok(lstatSync(sock).isSocket());
  } finally {
    await new Promise<void>((r) => srv.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFileAtomic: replacing an existing file keeps its mode (a 0600 report stays 0600)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'resil-out-'));
  try {
    for (const mode of [0o600, 0o640]) {
      const file = join(dir, `r-${mode.toString(8)}.json`);
      writeFileSync(file, 'old');
      chmodSync(file, mode);
      await writeFileAtomic(file, 'new');
      assert.equal(readFileSync(file, 'utf8'), 'new');
      assert.equal(statSync(file).mode & 0o777, mode, `mode ${mode.toString(8)} kept`);
    }
    // A snapshot (new-file mode 0600) over an existing 0644 file keeps 0644: the owner chose it.
    const shared = join(dir, 'shared.json');
    writeFileSync(shared, 'old');
    chmodSync(shared, 0o644);
    await writeFileAtomic(shared, 'new', { mode: 0o600 });
    assert.equal(statSync(shared).mode & 0o777, 0o644);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFileAtomic: a symlink to a file stays a symlink; the file it points to is replaced', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'resil-out-'));
  try {
    const real = join(dir, 'real.json');
    writeFileSync(real, 'old');
    const link = join(dir, 'link.json');
    symlinkSync(real, link);
    await writeFileAtomic(link, 'new');
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readFileSync(real, 'utf8'), 'new');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('"-" means stdout: assertWritable accepts it and isStdout says so', async () => {
  await assertWritable('-');
  assert.equal(isStdout('-'), true);
  assert.equal(isStdout('/dev/stdout'), true);
  assert.equal(isStdout('./-'), false);
});

test('writeFileAtomic: a stream of chunks (sync or async) is written as it comes, to a file and into a FIFO', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'resil-out-'));
  try {
    const file = join(dir, 'r.json');
    // More than one write batch (1 MiB), so the batching joins and splits chunks.
    const chunks = Array.from(
      { length: 3000 },
      (_, i) => `${String(i).padStart(4, '0')}${'x'.repeat(996)}\n`,
    );
    await writeFileAtomic(file, chunks.values());
    assert.equal(readFileSync(file, 'utf8'), chunks.join(''));
    async function* slow() {
      yield 'a';
      await new Promise((r) => setImmediate(r));
      yield 'b\n';
    }
    await writeFileAtomic(file, slow());
    assert.equal(readFileSync(file, 'utf8'), 'ab\n');
    await writeFileAtomic(file, [].values());
    assert.equal(readFileSync(file, 'utf8'), '', 'no chunks: an empty file');
    assert.deepEqual(readdirSync(dir), ['r.json']);

    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = new Promise<string>((res, rej) =>
      execFile('cat', [fifo], (err, out) => (err ? rej(err) : res(out))),
    );
    await writeFileAtomic(fifo, ['the ', 'report\n'].values());
    assert.equal(await reader, 'the report\n');
    assert.ok(lstatSync(fifo).isFIFO(), 'still a FIFO');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFileAtomic: a stream that fails leaves the old file, no temp file, and its own error (not a write error)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'resil-out-'));
  try {
    const file = join(dir, 'r.json');
    writeFileSync(file, 'old');
    const boom = new Error('renderer bug');
    function* failing() {
      yield 'x'.repeat(2 << 20); // a first batch is already on disk when it fails
      throw boom;
    }
    await assert.rejects(writeFileAtomic(file, failing()), (e: unknown) => e === boom);
    assert.equal(readFileSync(file, 'utf8'), 'old');
    assert.deepEqual(readdirSync(dir), ['r.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
