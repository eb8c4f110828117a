/**
 * oclif `command_not_found` hook: an unknown command is a usage error (exit 2) with a suggestion,
 * never a prompt that would run a different command than the one typed.
 */
import type { Hook } from '@oclif/core';
import chalk from 'chalk';
import { closest } from '../util/suggest.js';
import { safeText } from '../util/text.js';

const hook: Hook.CommandNotFound = async function (opts) {
  const typed = safeText(opts.id.replaceAll(':', ' '));
  const ids = opts.config.commandIDs.map((id) => id.replaceAll(':', ' '));
  const guess = closest(typed, ids);
  process.stderr.write(`${chalk.red('Error:')} ${typed} is not a ${opts.config.bin} command.\n`);
  process.stderr.write(
    `${chalk.dim('→')} ${guess ? `Did you mean \`${opts.config.bin} ${guess}\`? ` : ''}Run \`${opts.config.bin} --help\` for the commands.\n`,
  );
  process.exit(2);
};

export default hook;
