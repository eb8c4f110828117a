/**
 * The process entry (bin/run.js): runs oclif and makes sure the exit code is one of the documented
 * ones (README "Exit codes"). oclif would exit 1 — the "findings" code — for an error it did not
 * expect, and Node exits 1 for an uncaught exception or an unhandled rejection (bin/run.js routes
 * those here): both become 70 (an internal error: a bug), with one line and what to do.
 */
import { flush, run } from '@oclif/core';
import chalk from 'chalk';
import { ExitCode } from '../util/errors.js';
import { safeText } from '../util/text.js';

function debugEnabled(): boolean {
  return process.argv.includes('--debug') || process.env['RESIL_DEBUG'] === '1';
}

/** Prints an unexpected error (its stack with --debug) and returns the internal-error exit code. */
export function reportInternalError(
  err: unknown,
  write: (s: string) => void = (s) => process.stderr.write(s),
): number {
  const e = err as Error | undefined;
  write(
    `${chalk.red('Error:')} internal error: ${safeText(e?.message ?? String(err))}\n` +
      `${chalk.dim('→')} Run again with --debug for details, and report it if it persists.\n`,
  );
  if (debugEnabled() && e?.stack) write(`${e.stack}\n`);
  return ExitCode.INTERNAL;
}

/**
 * The exit code for what oclif's run threw: a command's own exit passes through; an oclif usage error
 * raised outside our commands (`resil help nosuch`, from the help plugin) is printed as one line with
 * its own code (2); anything else is 70.
 */
export function exitCodeFor(
  err: unknown,
  write: (s: string) => void = (s) => process.stderr.write(s),
): number | undefined {
  const e = err as { oclif?: { exit?: number }; code?: string; message?: string } | undefined;
  if (typeof e?.oclif?.exit !== 'number') return undefined;
  if (e.code !== 'EEXIT') write(`${chalk.red('Error:')} ${safeText(e.message ?? '')}\n`);
  return e.oclif.exit;
}

/** Runs the CLI. bin/run.js has already made an uncaught exception or rejection exit 70. */
export async function main(dir: string): Promise<void> {
  try {
    await run(process.argv.slice(2), dir);
    await flush();
  } catch (err) {
    const code = exitCodeFor(err);
    process.exitCode = code ?? reportInternalError(err);
  }
}
