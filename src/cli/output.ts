/**
 * Where command output goes: stdout, or a file written atomically (a temp file in the same
 * directory, then a rename), so a CI step never reads a half-written report.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { usageError } from '../util/errors.js';

export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const target = resolve(file);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, content, { mode: 0o644 });
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    throw usageError(
      `Cannot write ${file}: ${code === 'ENOENT' ? 'the directory does not exist' : code === 'EISDIR' ? 'it is a directory' : (code ?? String(err))}`,
      'Check the path given to --output.',
    );
  }
}

/**
 * Colour policy: NO_COLOR (set and not empty) always wins; then FORCE_COLOR (other than 0/false);
 * otherwise colour only when the stream is a terminal.
 */
export function colorEnabled(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return !!stream.isTTY;
}
