import { Flags } from '@oclif/core';
import chalk from 'chalk';
import { columns, terminalWidth, widthOf, wrap, wrapIndented, type Row } from '../../render/text.js';
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
    const head: Row = { cells: ['ID', 'CATEGORY', 'SEVERITY', 'TITLE'], style: (_c, seg) => chalk.bold(seg) };
    const rows: Row[] = checks.map((c) => ({
      cells: [c.id, c.category, c.severity, c.title],
      style: (col, seg) => (col === 2 ? SEVERITY_COLOR[c.severity](seg) : seg),
    }));
    // Titles wrap at the terminal width, under their column (or under the id when too narrow).
    const width = terminalWidth(process.stdout) ?? Number.MAX_SAFE_INTEGER;
    const caps = [0, 1, 2].map((i) => Math.max(...[head, ...rows].map((r) => widthOf(r.cells[i]!))));
    const used = caps.reduce((a, b) => a + b + 2, 0);
    const lines =
      width - used >= 24
        ? columns([head, ...rows], { width, indent: 0, caps, minLast: 24 })
        : // Too narrow for four columns: each check on its own line, its title wrapped below it.
          checks.flatMap((c) => [
            `${chalk.bold(c.id)}  ${c.category}, ${SEVERITY_COLOR[c.severity](c.severity)}`,
            ...wrap(c.title, width - 4).map((l) => `    ${l}`),
          ]);
    lines.push(
      '',
      chalk.dim(
        `${checks.length} check(s). \`${this.config.bin} checks explain ID\` for rationale, thresholds and remediation.`,
      ),
    );
    process.stdout.write(`${wrapIndented(lines.join('\n'), width)}\n`);
  }
}
