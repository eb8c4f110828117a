/**
 * Shared command behaviour: expected failures (ResilError) print one clear message plus what to
 * do next and exit with their code; unexpected ones show a stack trace only with --debug.
 */
import { Command, Flags, type Interfaces } from '@oclif/core';
import chalk from 'chalk';
import { retryModeSetting } from '../aws/retry-mode.js';
import { ResilError, usageError } from '../util/errors.js';
import { safeText } from '../util/text.js';
import { terminalWidth, wrapIndented } from '../render/text.js';
import { reportInternalError } from './main.js';

// oclif's parser types (FlagOutput and ArgOutput are not exported by name).
/* eslint-disable @typescript-eslint/no-explicit-any */
type FlagOutput = { [name: string]: any };
type ArgOutput = { [name: string]: any };
/* eslint-enable @typescript-eslint/no-explicit-any */
type Input<F extends FlagOutput, B extends FlagOutput, A extends ArgOutput> = Interfaces.Input<F, B, A>;
type ParserOutput<F extends FlagOutput, B extends FlagOutput, A extends ArgOutput> = Interfaces.ParserOutput<
  F,
  B,
  A
>;

// chalk honours FORCE_COLOR but not NO_COLOR (https://no-color.org): NO_COLOR wins here.
if (process.env['NO_COLOR']) chalk.level = 0;

/**
 * oclif's parse errors, reduced to what the user needs: no "See more help with --help" (we print our
 * own next step), no "The following error occurred:" preamble, no stray tabs and trailing spaces.
 */
export function parseErrorMessage(message: string): string {
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter(
      (l) =>
        l !== '' && !/^See more help with --help$/.test(l) && !/^The following errors? occurred:$/.test(l),
    );
  return lines.length <= 1 ? (lines[0] ?? message) : lines.join('\n  ');
}

export abstract class BaseCommand extends Command {
  static override baseFlags = {
    debug: Flags.boolean({
      summary: 'Show stack traces and AWS request details for errors.',
      default: false,
      helpGroup: 'GLOBAL',
    }),
  };

  /**
   * oclif's parse, plus one rule for every command: an empty value (`--region "$UNSET"`) is a usage
   * error, never "flag absent" or a default — the command must not quietly do something else.
   */
  protected override async parse<F extends FlagOutput, B extends FlagOutput, A extends ArgOutput>(
    options?: Input<F, B, A>,
    argv: string[] = this.argv,
  ): Promise<ParserOutput<F, B, A>> {
    const out = await super.parse(options, argv);
    for (const token of out.raw) {
      if (token.input.trim() !== '') continue;
      if (token.type === 'flag') {
        const def = (options?.flags as Record<string, { type?: string; helpValue?: string }> | undefined)?.[
          token.flag
        ];
        if (def?.type === 'boolean') continue;
        const what =
          def?.helpValue === 'DIR'
            ? 'a directory name'
            : /^(FILE|DIR)(\|(FILE|DIR))*$/.test(def?.helpValue ?? '')
              ? 'a file name'
              : 'a value';
        throw usageError(
          `--${token.flag} needs ${what} (it is empty).`,
          `Give --${token.flag} ${what}, or leave the flag out.`,
        );
      }
      throw usageError(
        `${token.arg.toUpperCase()} needs a value (it is empty).`,
        `See \`${this.commandLine} --help\`.`,
      );
    }
    // A command that talks to AWS (it takes --max-attempts) reads AWS_RETRY_MODE: a bad value is
    // refused now (exit 2), before any AWS call, rather than deep inside a client.
    if (options?.flags && 'max-attempts' in options.flags) {
      const { note } = retryModeSetting();
      if (note && !(out.flags as { quiet?: boolean }).quiet) this.note(note);
    }
    return out;
  }

  /** `resil checks explain`, as the user types it (oclif ids use `:` between topics). */
  protected get commandLine(): string {
    return [this.config.bin, ...(this.id ? this.id.split(':') : [])].join(' ');
  }

  protected get debugEnabled(): boolean {
    return this.argv.includes('--debug') || process.env['RESIL_DEBUG'] === '1';
  }

  /**
   * Writes to stderr (diagnostics never go to stdout, which carries machine output). Messages carry
   * AWS- and user-supplied strings (resource names, suppression globs): made safe here, once.
   */
  protected note(message: string): void {
    const width = terminalWidth(process.stderr);
    const text = safeText(message);
    process.stderr.write(`${width ? wrapIndented(text, width, 2) : text}\n`);
  }

  protected override async catch(
    err: Error & { exitCode?: number; oclif?: { exit?: number } },
  ): Promise<unknown> {
    if (err instanceof ResilError) {
      process.stderr.write(`${chalk.red('Error:')} ${safeText(err.message)}\n`);
      for (const s of err.suggestions) process.stderr.write(`${chalk.dim('→')} ${safeText(s)}\n`);
      if (this.debugEnabled && err.stack) process.stderr.write(`${err.stack}\n`);
      process.exitCode = err.exitCode;
      return this.exit(err.exitCode);
    }
    // oclif's own parse errors (unknown flag, bad option value) are usage errors: exit 2.
    if (err.oclif?.exit !== undefined && err.oclif.exit !== 0 && err.constructor?.name !== 'ExitError') {
      process.stderr.write(
        `${chalk.red('Error:')} ${safeText(parseErrorMessage(err.message))}\n${chalk.dim('→')} See \`${this.commandLine} --help\`.\n`,
      );
      return this.exit(2);
    }
    if (err.constructor?.name === 'ExitError') throw err;
    // Anything else is a bug: exit 70 (oclif's default would be 1, the "findings" code); --debug adds the stack.
    return this.exit(reportInternalError(err));
  }
}
