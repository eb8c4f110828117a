import { Flags } from '@oclif/core';
import chalk from 'chalk';
import { ALL_CHECKS } from '../../checks/index.js';
import { CATEGORIES, type Severity } from '../../checks/define.js';
import { BaseCommand } from '../../cli/base.js';
import { checkInfo } from '../../cli/check-docs.js';

const SEVERITY_COLOR: Record<Severity, (s: string) => string> = {
  critical: (s) => chalk.bold.red(s),
  high: (s) => chalk.red(s),
  medium: (s) => chalk.yellow(s),
  low: (s) => chalk.dim(s),
};

export default class Checks extends BaseCommand {
  static override summary = 'List every resilience check: id, category, severity and title.';
  static override description =
    'With --json, prints a stable array (id, title, category, severity, rationale, thresholds, remediation, source, requires) for tooling.';
  static override examples = [
    '<%= config.bin %> checks',
    '<%= config.bin %> checks --category dns,dr',
    '<%= config.bin %> checks --json | jq -r \'.[] | select(.severity == "critical") | .id\'',
    '<%= config.bin %> checks explain tg.detection-time',
  ];

  static override flags = {
    category: Flags.string({
      summary: 'Only the checks in these categories (repeat or comma-separate).',
      options: [...CATEGORIES],
      multiple: true,
      delimiter: ',',
    }),
    json: Flags.boolean({ summary: 'Print the checks as a JSON array.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Checks);
    const wanted = flags.category?.length ? new Set(flags.category) : undefined;
    const checks = [...ALL_CHECKS]
      .filter((c) => !wanted || wanted.has(c.category))
      .sort((a, b) => a.id.localeCompare(b.id));
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(checks.map(checkInfo), null, 2)}\n`);
      return;
    }
    const rows = checks.map((c) => [c.id, c.category, c.severity, c.title] as const);
    const w = [2, 8, 8].map((min, i) => Math.max(min, ...rows.map((r) => r[i]!.length)));
    const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length));
    const lines = [
      chalk.bold(`${pad('ID', w[0]!)}  ${pad('CATEGORY', w[1]!)}  ${pad('SEVERITY', w[2]!)}  TITLE`),
    ];
    for (const c of checks) {
      lines.push(
        `${pad(c.id, w[0]!)}  ${pad(c.category, w[1]!)}  ${SEVERITY_COLOR[c.severity](pad(c.severity, w[2]!))}  ${c.title}`,
      );
    }
    lines.push(
      '',
      chalk.dim(
        `${checks.length} check(s). \`${this.config.bin} checks explain ID\` for rationale, thresholds and remediation.`,
      ),
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
