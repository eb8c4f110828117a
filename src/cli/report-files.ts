/**
 * Where `resil audit` writes its reports: one format to stdout or --output FILE, or several formats
 * to --output-dir DIR, one file per format under a fixed name (documented in the README).
 */
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fsReason } from '../inventory/load.js';
import type { Format } from '../render/types.js';
import { usageError } from '../util/errors.js';
import { isStdout } from './output.js';

/** The file each format is written to under --output-dir. */
export const REPORT_FILE: Readonly<Record<Format, string>> = {
  table: 'resil.txt',
  json: 'resil.json',
  junit: 'resil.xml',
  sarif: 'resil.sarif',
  markdown: 'resil.md',
};

/**
 * `--output table`: a format name given where a file name belongs. Such a value (a bare word equal
 * to a format, no directory, no extension) is almost always a slip for --format; `./table` still
 * writes a file of that name.
 */
export function assertOutputIsNotAFormat(output: string | undefined, formats: readonly string[]): void {
  if (output === undefined) return;
  const word = output.trim();
  const hit = formats.find((f) => f.toLowerCase() === word.toLowerCase());
  if (hit) {
    throw usageError(
      `--output ${word} names a file, and ${word} looks like a format.`,
      `Use --format ${hit} to choose the format (the report goes to stdout), or --output ./${word} to write a file named ${word}.`,
    );
  }
}

/** Resolves --format (possibly several), --json, --output and --output-dir into what to write where. */
export function planReports(opts: {
  formats: readonly Format[] | undefined;
  json: boolean;
  output: string | undefined;
  outputDir: string | undefined;
  stdoutIsTty: boolean;
}): { formats: Format[]; file?: string; dir?: string } {
  const given = [...new Set(opts.formats ?? [])];
  if (opts.json && given.some((f) => f !== 'json')) {
    const other = given.filter((f) => f !== 'json').join(',');
    throw usageError(
      `--json asks for the json format, --format for ${other}.`,
      `Give one of them: --json, or --format ${other}.`,
    );
  }
  // `--output -` is stdout: the same default format and colour as no --output at all.
  const file = opts.output !== undefined && !isStdout(opts.output) ? opts.output : undefined;
  const formats: Format[] = opts.json
    ? ['json']
    : given.length
      ? given
      : [!file && !opts.outputDir && opts.stdoutIsTty ? 'table' : 'json'];
  if (formats.length > 1 && !opts.outputDir) {
    throw usageError(
      `--format ${formats.join(',')} asks for ${formats.length} reports; stdout and --output take one.`,
      `Add --output-dir DIR to write one file per format (${formats.map((f) => REPORT_FILE[f]).join(', ')}).`,
    );
  }
  return {
    formats,
    ...(file !== undefined ? { file } : {}),
    ...(opts.outputDir !== undefined ? { dir: opts.outputDir } : {}),
  };
}

/** Creates --output-dir if needed (before any slow work); a file in the way is a usage error. */
export async function prepareOutputDir(dir: string): Promise<void> {
  if (dir.trim() === '')
    throw usageError('--output-dir needs a directory name (it is empty).', 'Give --output-dir a path.');
  try {
    await mkdir(dir, { recursive: true });
    if (!(await stat(dir)).isDirectory())
      throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw usageError(
      `Cannot use ${dir} as --output-dir: ${code === 'EEXIST' || code === 'ENOTDIR' ? 'it is not a directory' : fsReason(err)}.`,
      'Give --output-dir a directory (it is created when missing).',
    );
  }
}

export function reportPath(dir: string, format: Format): string {
  return join(dir, REPORT_FILE[format]);
}
