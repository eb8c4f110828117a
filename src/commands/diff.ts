import { Args, Flags } from '@oclif/core';
import { ALL_CHECKS } from '../checks/index.js';
import { SEVERITIES, type Severity } from '../checks/define.js';
import { terminalWidth } from '../render/text.js';
import { BaseCommand } from '../cli/base.js';
import { assertWritable, colorEnabled, writeFileAtomic } from '../cli/output.js';
import { assertOutputIsNotAFormat } from '../cli/report-files.js';
import { loadConfig } from '../config/load.js';
import { diffAudits } from '../engine/diff.js';
import { readDiffSide } from '../engine/diff-input.js';
import { DIFF_FORMATS, renderDiffJson, renderDiffTable, type DiffFormat } from '../render/diff.js';
import { usageError } from '../util/errors.js';
import { TOOL } from '../util/version.js';

export default class Diff extends BaseCommand {
  static override summary =
    'Compare two audits: new, fixed and changed findings (snapshots or JSON reports).';
  static override description = `OLD and NEW are each a snapshot (resil snapshot; audited here with the config in effect) \
or a JSON report (resil audit --format json). A finding is identified by its check and resource; only the checks \
that ran on both sides are compared.

New: a fail, warn or skipped finding in NEW that was absent, passing or suppressed in OLD. Fixed: the reverse. \
Changed: open on both sides with another status, severity or message.

Exit codes: 0 no regression; 1 a regression — a finding that fails at or above --fail-on in NEW and did not in \
OLD (new, or worse); 2 usage error or bad input (a file that is missing, not JSON, or neither a snapshot nor a report). \
So a CI job can gate on what a change made worse, not on what was already there.`;

  static override examples = [
    {
      description: "Gate a pull request on regressions only (the main branch's report against this one):",
      command: '<%= config.bin %> diff main.json pr.json --fail-on high',
    },
    {
      description: 'What changed in the account since last week, as JSON:',
      command: '<%= config.bin %> diff last-week.snapshot.json today.snapshot.json --format json',
    },
  ];

  static override args = {
    old: Args.string({ description: 'The earlier snapshot or JSON report.', required: true }),
    new: Args.string({ description: 'The later snapshot or JSON report.', required: true }),
  };

  static override flags = {
    format: Flags.string({
      char: 'f',
      summary: 'Output format. Default: table on a terminal, json otherwise.',
      options: [...DIFF_FORMATS],
    }),
    json: Flags.boolean({ summary: 'Print the JSON document: the same as --format json.', default: false }),
    output: Flags.string({
      char: 'o',
      summary: 'Write the diff to this file (atomically) instead of stdout.',
      helpValue: 'FILE',
    }),
    'fail-on': Flags.string({
      summary: 'Exit 1 when a finding newly fails at or above this severity (never: do not gate).',
      options: [...SEVERITIES, 'never'],
      default: 'high',
    }),
    config: Flags.string({
      char: 'c',
      summary:
        'Config for auditing snapshot inputs. Default: .resil.yml in the working directory, if present.',
      helpValue: 'FILE',
    }),
    quiet: Flags.boolean({ char: 'q', summary: 'Print nothing on stderr but errors.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Diff);
    if (flags.json && flags.format !== undefined && flags.format !== 'json') {
      throw usageError(
        `--json asks for the json format, --format for ${flags.format}.`,
        `Give one of them: --json, or --format ${flags.format}.`,
      );
    }
    const format: DiffFormat = flags.json
      ? 'json'
      : ((flags.format as DiffFormat | undefined) ??
        (!flags.output && process.stdout.isTTY ? 'table' : 'json'));
    assertOutputIsNotAFormat(flags.output, DIFF_FORMATS);
    if (flags.output !== undefined) await assertWritable(flags.output);
    const { config } = await loadConfig(flags.config, ALL_CHECKS);
    const opts = { checks: ALL_CHECKS, config };
    const [oldSide, newSide] = await Promise.all([
      readDiffSide(args.old, opts),
      readDiffSide(args.new, opts),
    ]);
    const result = diffAudits(oldSide, newSide, flags['fail-on'] as Severity | 'never');

    const out =
      format === 'json'
        ? renderDiffJson(result, TOOL)
        : renderDiffTable(result, {
            color: !flags.output && colorEnabled(process.stdout),
            width: terminalWidth(process.stdout),
          });
    if (flags.output) {
      await writeFileAtomic(flags.output, out);
      if (!flags.quiet) this.note(`Wrote the ${format} diff to ${flags.output}`);
    } else {
      process.stdout.write(out);
    }
    if (!flags.quiet && oldSide.account !== newSide.account)
      this.note(
        `Note: ${args.old} is account ${oldSide.account}, ${args.new} is account ${newSide.account}.`,
      );
    process.exitCode = result.summary.exitCode;
  }
}
