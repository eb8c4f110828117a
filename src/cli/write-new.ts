/**
 * Writes a file that must not exist yet (`resil init` never overwrites a config): the content goes
 * to a temp file in the same directory, which is then hard-linked to the name — link() fails when
 * the name exists, so a file created meanwhile is never replaced and a reader never sees half a file.
 */
import { randomBytes } from 'node:crypto';
import { link, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fsReason } from '../inventory/load.js';
import { usageError } from '../util/errors.js';

export class FileExistsError extends Error {
  constructor(readonly file: string) {
    super(`${file} exists`);
  }
}

export async function writeNewFile(file: string, content: string, mode = 0o644): Promise<void> {
  const target = resolve(file);
  const tmp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(tmp, content, { mode, flag: 'wx' });
    await link(tmp, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new FileExistsError(file);
    throw usageError(
      `Cannot write ${file}: ${code === 'ENOENT' ? 'the directory does not exist' : fsReason(err)}.`,
      'Check the path (the directory must exist and be writable).',
    );
  } finally {
    await rm(tmp, { force: true });
  }
}
