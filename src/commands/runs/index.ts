import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base.js';
import { listRuns, runsDir } from '../../runbooks/journal.js';
import { shortCaller } from '../../runbooks/operator.js';
import { safeDeep } from '../../util/text.js';
import { padEnd, widthOf } from '../../render/text.js';

export default class Runs extends BaseCommand {
  static override summary = 'List runbook runs recorded on this machine (newest first).';
  static override examples = ['<%= config.bin %> runs', '<%= config.bin %> runs --json'];
  static override flags = {
    json: Flags.boolean({ summary: 'Print the list as JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Runs);
    const runs = safeDeep(listRuns());
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
      return;
    }
    if (runs.length === 0) {
      this.note(`No runs recorded under ${runsDir()}.`);
      return;
    }
    const rows = runs.map((r) => [
      r.runId,
      r.kind,
      r.subject ?? '',
      r.target ?? '',
      r.status,
      r.exitCode === undefined ? '' : String(r.exitCode),
      r.rtoSeconds === undefined ? '' : `${r.rtoSeconds}s`,
      shortCaller(r.operator) ?? '',
    ]);
    const head = ['RUN', 'KIND', 'SUBJECT', 'TO', 'STATUS', 'EXIT', 'RTO', 'BY'];
    const widths = head.map((h, i) => Math.max(widthOf(h), ...rows.map((r) => widthOf(r[i]!))));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => padEnd(c, widths[i]!))
        .join('  ')
        .trimEnd();
    process.stdout.write(`${[line(head), ...rows.map(line)].join('\n')}\n`);
  }
}
