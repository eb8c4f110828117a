/**
 * Where command output goes: stdout (no --output, or `-`), a file written atomically (a temp file in
 * the same directory, then a rename) so a CI step never reads a half-written report, or a special
 * file written in place: a character device (/dev/null, a terminal) or a FIFO is never replaced by a
 * regular file, even as root. Other special files (sockets, block devices) are refused (exit 2).
 */
import { randomBytes } from 'node:crypto';
import { constants, createWriteStream, type Stats } from 'node:fs';
import { access, chmod, chown, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fsReason } from '../inventory/load.js';
import { usageError } from '../util/errors.js';

function writeError(file: string, reason: string, flag: string) {
  return usageError(
    `Cannot write ${file}: ${reason}.`,
    `Check the path given to ${flag} (the directory must exist and be writable).`,
  );
}

/** `-` (and /dev/stdout) means standard output. */
export function isStdout(file: string): boolean {
  return file === '-' || file === '/dev/stdout';
}

/** How a path is written: atomically (a regular file, or a new path), or in place (a device or FIFO). */
type Kind = 'atomic' | 'in-place';

/** What an existing special file is, in words; undefined for what resil writes (regular, char device, FIFO). */
function refusedKind(s: Stats): string | undefined {
  if (s.isDirectory()) return 'it is a directory';
  if (s.isSocket()) return 'it is a socket';
  if (s.isBlockDevice()) return 'it is a block device';
  return undefined;
}

const SPECIAL_HINT =
  'resil writes to a regular file (replaced atomically), a character device such as /dev/null, a FIFO, or - for stdout.';

/**
 * The kind of write `file` needs, or a usage error: a directory, a socket or a block device is never
 * written; /dev/fd/N-style paths and character devices and FIFOs are written in place.
 */
async function classify(
  file: string,
  flag: string,
): Promise<{ kind: Kind; target: string; existing?: Stats }> {
  const target = resolve(file);
  let existing: Stats | undefined;
  try {
    existing = await stat(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw writeError(file, fsReason(err), flag);
  }
  if (existing) {
    const refused = refusedKind(existing);
    if (refused) throw usageError(`Cannot write ${file}: ${refused}.`, SPECIAL_HINT);
    // /dev/stderr, /dev/fd/1, /proc/self/fd/1 may resolve to a regular file the shell opened: write
    // through the descriptor (a rename would swap the file under the shell's redirection).
    if (!existing.isFile() || /^\/(dev|proc)\//.test(target)) return { kind: 'in-place', target, existing };
    // Replace the file a symlink points to, not the symlink.
    return { kind: 'atomic', target: await realpath(target), existing };
  }
  return { kind: 'atomic', target };
}

/**
 * Checks, before any slow work (a live collection takes minutes), that `file` can be written the
 * way writeFileAtomic will write it: a non-empty path; `-`; an existing character device or FIFO; or
 * a regular (or new) file in an existing writable directory. Throws a usage error (exit 2) naming the
 * problem.
 */
export async function assertWritable(file: string, flag = '--output'): Promise<void> {
  if (file.trim() === '')
    throw usageError(
      `${flag} needs a file name (it is empty).`,
      `Give ${flag} a path (or - for stdout), or leave the flag out to write to stdout.`,
    );
  if (isStdout(file)) return;
  const { kind, target } = await classify(file, flag);
  if (kind === 'in-place') {
    try {
      await access(target, constants.W_OK);
    } catch (err) {
      throw writeError(file, fsReason(err), flag);
    }
    return;
  }
  const dir = dirname(target);
  try {
    if (!(await stat(dir)).isDirectory()) throw writeError(file, `${dir} is not a directory`, flag);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw writeError(file, `the directory ${dir} does not exist`, flag);
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR')
      throw writeError(file, `${dir} is not a directory`, flag);
    throw err;
  }
  try {
    await access(dir, constants.W_OK);
  } catch (err) {
    throw writeError(file, `cannot create files in ${dir} (${fsReason(err)})`, flag);
  }
}

/**
 * A report: one string, or its chunks (a streamed renderer, src/render/stream.ts), iterated once
 * while the file is written.
 */
export type Content = string | Iterable<string> | AsyncIterable<string>;

/** An error thrown by the content's own iterator (a renderer), not by the file system. */
class SourceError extends Error {
  constructor(readonly inner: unknown) {
    super('the content failed');
  }
}

/** Chunks of about 1 MiB: few writes, and never the whole report in memory. */
const BATCH = 1 << 20;

async function* batched(content: Content): AsyncGenerator<string> {
  if (typeof content === 'string') {
    yield content;
    return;
  }
  let buf = '';
  try {
    for await (const chunk of content) {
      buf += chunk;
      if (buf.length >= BATCH) {
        const out = buf;
        buf = '';
        yield out;
      }
    }
  } catch (err) {
    throw new SourceError(err);
  }
  if (buf !== '') yield buf;
}

/** Writes the content to a file stream, ending (and closing) it. */
async function writeTo(content: Content, out: Writable): Promise<void> {
  await pipeline(Readable.from(batched(content)), out);
}

/** Writes the content to stdout, which is never ended; waits for each batch to be taken. */
async function writeStdout(content: Content): Promise<void> {
  const write = (chunk: string) =>
    new Promise<void>((res, rej) => process.stdout.write(chunk, (err) => (err ? rej(err) : res())));
  try {
    for await (const chunk of batched(content)) await write(chunk);
  } catch (err) {
    throw err instanceof SourceError ? err.inner : err;
  }
}

/**
 * Writes `content` to `file`: stdout for `-`; in place for a character device or a FIFO; otherwise
 * through a temp file in the same directory and a rename. `content` may be a stream of chunks, which
 * is written as it comes (the temp file is removed, and the target left as it was, if the stream
 * fails; its error is rethrown as it is). `mode` is that of a new file (snapshots, which describe an
 * account, are written 0600); an existing file keeps its mode (and, as root, its owner).
 */
export async function writeFileAtomic(
  file: string,
  content: Content,
  opts: { mode?: number; flag?: string } = {},
): Promise<void> {
  const flag = opts.flag ?? '--output';
  if (file.trim() === '')
    throw usageError(`${flag} needs a file name (it is empty).`, `Give ${flag} a path.`);
  if (isStdout(file)) return writeStdout(content);
  const { kind, target, existing } = await classify(file, flag);
  if (kind === 'in-place') {
    try {
      // 'w' on a device or FIFO opens it for writing (a FIFO waits for its reader); nothing is created.
      await writeTo(content, createWriteStream(target, { flags: 'w' }));
    } catch (err) {
      if (err instanceof SourceError) throw err.inner;
      throw writeError(file, fsReason(err), flag);
    }
    return;
  }
  const tmp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeTo(content, createWriteStream(tmp, { mode: opts.mode ?? 0o644, flags: 'wx' }));
    if (existing) {
      await chmod(tmp, existing.mode & 0o7777);
      if (process.getuid?.() === 0) await chown(tmp, existing.uid, existing.gid).catch(() => undefined);
    }
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    if (err instanceof SourceError) throw err.inner;
    const code = (err as NodeJS.ErrnoException).code;
    throw writeError(file, code === 'ENOENT' ? 'the directory does not exist' : fsReason(err), flag);
  }
}

/**
 * Colour policy: NO_COLOR (set and not empty) always wins; then FORCE_COLOR (other than 0/false);
 * otherwise colour only when the stream is a terminal.
 */
export function colorEnabled(
  stream: { isTTY?: boolean } = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return !!stream.isTTY;
}
