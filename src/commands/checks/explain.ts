import { Args, Flags } from '@oclif/core';
import { relative } from 'node:path';
import chalk from 'chalk';
import { ALL_CHECKS, checkById } from '../../checks/index.js';
import { BaseCommand } from '../../cli/base.js';
import { checkInfo, formatValue } from '../../cli/check-docs.js';
import { loadConfig } from '../../config/load.js';
import { resolveThresholds } from '../../engine/audit.js';
import { usageError } from '../../util/errors.js';
import { closest } from '../../util/suggest.js';
import { safeDeep, safeText } from '../../util/text.js';
import { terminalWidth, wrap as layout, wrapIndented } from '../../render/text.js';

/** Word-wraps prose to the terminal width (at most 96 columns), indented. */
function wrap(text: string, by = '  '): string {
  const width = Math.min(96, terminalWidth(process.stdout, 96)!);
  return text
    .trim()
    .split(/\n+/)
    .map((para) =>
      layout(para.replace(/\s+/g, ' '), width - by.length)
        .map((l) => by + l)
        .join('\n'),
    )
    .join('\n');
}

/** Indents code as is. */
function indent(text: string, by = '  '): string {
  return text
    .trim()
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}

export default class ChecksExplain extends BaseCommand {
  static override summary =
    'Explain one check: why it matters, its thresholds, how to fix it, what it needs to read.';
  static override examples = [
    '<%= config.bin %> checks explain tg.detection-time',
    '<%= config.bin %> checks explain tg.detection-time --config ci/.resil.yml',
  ];

  static override args = {
    id: Args.string({ description: 'Check id (see `resil checks`).', required: true }),
  };

  static override flags = {
    config: Flags.string({
      char: 'c',
      summary:
        'Config file whose threshold values to show. Default: .resil.yml in the working directory, if present.',
      helpValue: 'FILE',
    }),
    json: Flags.boolean({
      summary: 'Print the check as JSON (as in `checks --json`, plus the values in effect).',
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ChecksExplain);
    const check = checkById(args.id);
    if (!check) {
      const ids = ALL_CHECKS.map((c) => c.id);
      const guess = closest(args.id, ids);
      const prefixed = ids.filter((id) => id.startsWith(args.id)).slice(0, 5);
      const hint = guess
        ? ` Did you mean ${guess}?`
        : prefixed.length === 1
          ? ` Did you mean ${prefixed[0]}?`
          : prefixed.length
            ? ` Did you mean one of: ${prefixed.join(', ')}?`
            : '';
      throw usageError(
        `Unknown check ${args.id}.${hint}`,
        `Run \`${this.config.bin} checks\` to list the check ids.`,
      );
    }
    const loaded = await loadConfig(flags.config, ALL_CHECKS);
    const config = loaded.config;
    // The config path and threshold values are the user's: made safe for the terminal.
    const path = loaded.path ? safeText(relative(process.cwd(), loaded.path) || loaded.path) : undefined;
    const effective = safeDeep(resolveThresholds(check, config));
    const disabled = (config.checks?.[check.id] as { enabled?: unknown } | undefined)?.enabled === false;
    const info = checkInfo(check);
    if (flags.json) {
      process.stdout.write(
        `${JSON.stringify({ ...info, effective, enabled: !disabled, config: path ?? null }, null, 2)}\n`,
      );
      return;
    }

    const out: string[] = [];
    out.push(`${chalk.bold(check.id)} — ${check.title}`);
    out.push(
      `Category: ${check.category}   Severity: ${check.severity}${disabled ? chalk.yellow(`   (disabled in ${path})`) : ''}`,
    );
    out.push('', chalk.bold('Why it matters'), wrap(info.rationale));
    const names = Object.keys(info.thresholds);
    out.push('', chalk.bold('Thresholds'));
    if (names.length === 0) out.push('  (none)');
    for (const name of names) {
      const t = info.thresholds[name]!;
      const eff = effective[name];
      const changed = JSON.stringify(eff) !== JSON.stringify(t.default);
      out.push(
        `  ${name} = ${formatValue(eff)}${changed ? chalk.cyan(`  (from ${path}; default ${formatValue(t.default)})`) : '  (default)'}`,
      );
      if (t.description) out.push(`      ${t.description}`);
      if (t.globalSetting)
        out.push(chalk.dim(`      Also set by the top-level \`${t.globalSetting}\` in .resil.yml.`));
    }
    out.push(chalk.dim(`  Override in .resil.yml:  checks: { ${check.id}: { <name>: <value> } }`));
    out.push('', chalk.bold('Remediation'), wrap(check.remediation.text));
    out.push('', '  AWS CLI:', indent(check.remediation.cli, '    '));
    out.push('', '  Terraform:', indent(check.remediation.terraform, '    '));
    if (check.source) out.push('', `${chalk.bold('Source:')} ${check.source}`);
    out.push('', `${chalk.bold('Needs (IAM):')} ${check.requires.join(', ')}`);
    const width = terminalWidth(process.stdout);
    const text = out.join('\n');
    process.stdout.write(`${width ? wrapIndented(text, width, 2) : text}\n`);
  }
}
