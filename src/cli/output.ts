/**
 * Where command output goes: stdout, or a file written atomically (a temp file in the same
 * directory, then a rename), so a CI step never reads a half-written report.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fsReason } from '../inventory/load.js';
import { usageError } from '../util/errors.js';

function writeError(file: string, reason: string, flag: string) {
  return usageError(
    `Cannot write ${file}: ${reason}.`,
    `Check the path given to ${flag} (the directory must exist and be writable).`,
  );
}

/**
 * Checks, before any slow work (a live collection takes minutes), that `file` can be written the
 * way writeFileAtomic will write it: a non-empty path, an existing writable directory, and not a
 * directory itself. Throws a usage error (exit 2) naming the problem.
 */
export async function assertWritable(file: string, flag = '--output'): Promise<void> {
  if (file.trim() === '')
    throw usageError(
      `${flag} needs a file name (it is empty).`,
      `Give ${flag} a path, or leave the flag out to write to stdout.`,
    );
  const target = resolve(file);
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
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw writeError(file, 'it is a directory', flag);
  try {
    await access(dir, constants.W_OK);
  } catch (err) {
    throw writeError(file, `cannot create files in ${dir} (${fsReason(err)})`, flag);
  }
}

/**
 * Writes `content` to `file` through a temp file in the same directory and a rename. `mode` is
 * that of a new file (snapshots, which describe an account, are written 0600).
 */
export async function writeFileAtomic(
  file: string,
  content: string,
  opts: { mode?: number; flag?: string } = {},
): Promise<void> {
  const flag = opts.flag ?? '--output';
  if (file.trim() === '')
    throw usageError(`${flag} needs a file name (it is empty).`, `Give ${flag} a path.`);
  const target = resolve(file);
  const tmp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(tmp, content, { mode: opts.mode ?? 0o644 });
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
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
