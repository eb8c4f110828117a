/**
 * The process entry (bin/run.js): runs oclif and makes sure the exit code is one of the documented
 * ones (README "Exit codes"). oclif would exit 1 — the "findings" code — for an error it did not
 * expect, and Node exits 1 for an uncaught exception or an unhandled rejection (bin/run.js routes
 * those here): both become 70 (an internal error: a bug), with one line and what to do.
 */
import { flush, run, type Interfaces } from '@oclif/core';
import chalk from 'chalk';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

const WORD = /^[a-z][a-z0-9-]*$/;

/**
 * Whether `argv` runs one of the commands in `commandsDir` (oclif's layout: `<id>.js`,
 * `<topic>/index.js`, `<topic>/<id>.js`; words separated by spaces), with no help flag (oclif answers
 * those before it finds the command).
 */
export function runsOwnCommand(argv: readonly string[], commandsDir: string): boolean {
  const end = argv.indexOf('--');
  if ((end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h')) return false;
  const [first, second] = argv;
  if (first === undefined || !WORD.test(first)) return false;
  if (second !== undefined && WORD.test(second) && existsSync(join(commandsDir, first, `${second}.js`)))
    return true;
  return existsSync(join(commandsDir, `${first}.js`)) || existsSync(join(commandsDir, first, 'index.js'));
}

/**
 * What oclif loads the CLI from: the directory of bin/run.js (`dir`, its URL), oclif finding the
 * rest. For a run of one of resil's own commands, the package.json read here, without its core
 * plugins (oclif.plugins: help and autocomplete): they add only their own commands and hooks for
 * plugin installs, nothing a resil command uses, and finding and reading them was ≈ 8 % of the
 * start-up of an offline audit (docs/performance.md). `resil help …`, `resil autocomplete`, help
 * flags, an unknown command (whose suggestion lists every command) load them as before.
 */
export function loadOptions(argv: readonly string[], dir: string): string | Interfaces.LoadOptions {
  try {
    const root = dirname(dirname(fileURLToPath(dir)));
    const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Interfaces.PJSON;
    const commands: unknown = pjson.oclif?.commands;
    if (typeof commands !== 'string' || !runsOwnCommand(argv, join(root, commands))) return dir;
    const { plugins: _plugins, ...oclif } = pjson.oclif;
    return { root, pjson: { ...pjson, oclif } };
  } catch {
    return dir;
  }
}

/** Runs the CLI. bin/run.js has already made an uncaught exception or rejection exit 70. */
export async function main(dir: string): Promise<void> {
  try {
    const argv = process.argv.slice(2);
    await run(argv, loadOptions(argv, dir));
    await flush();
  } catch (err) {
    const code = exitCodeFor(err);
    process.exitCode = code ?? reportInternalError(err);
  }
}
