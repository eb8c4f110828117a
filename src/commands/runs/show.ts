import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base.js';
import { usageError } from '../../util/errors.js';
import { readJournal, resolveRun, summarizeRun } from '../../runbooks/journal.js';
import { operatorText } from '../../runbooks/operator.js';
import { safeDeep, safeText } from '../../util/text.js';

export default class RunsShow extends BaseCommand {
  static override summary =
    'Show one run: its summary and every journal line (steps, AWS calls with request ids, RTO/RPO).';
  static override examples = [
    '<%= config.bin %> runs show 20261126T170000Z-failover-3fa2',
    '<%= config.bin %> runs show RUN_ID --json',
  ];
  static override args = {
    id: Args.string({ description: 'Run id (from `resil runs`) or a journal path.', required: true }),
  };
  static override flags = {
    json: Flags.boolean({ summary: 'Print the raw journal lines as a JSON array.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(RunsShow);
    const path = resolveRun(args.id);
    const records = readJournal(path);
    if (!records.some((r) => r.type === 'run'))
      throw usageError(
        `${path} is not a resil run journal (no "run" line).`,
        'Run `resil runs` to list the runs and their journals.',
      );
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(safeDeep(records), null, 2)}\n`);
      return;
    }
    const s = summarizeRun(path);
    const out = [
      `Run ${s.runId} (${s.kind})  ${s.status}${s.exitCode !== undefined ? `, exit ${s.exitCode}` : ''}`,
      `Journal: ${path}`,
      `Run by: ${operatorText(s.operator)}`,
      ...records
        .filter((r) => r.type === 'resume' && r['operator'])
        .map((r) => `Resumed ${r.t} by: ${operatorText(r['operator'])}`),
      ...(s.rtoSeconds !== undefined ? [`RTO: ${s.rtoSeconds} s`] : []),
      ...(s.rpoSeconds !== undefined ? [`RPO estimate: ${s.rpoSeconds} s`] : []),
      '',
    ];
    for (const r of records) {
      const { type, t, seq: _seq, v: _v, ...rest } = r;
      let detail: string;
      if (type === 'call')
        detail = `${rest['service']} ${rest['operation']} ${rest['region']} ${rest['ok'] ? 'ok' : `FAILED ${rest['error']}`}${rest['requestId'] ? ` request ${rest['requestId']}` : ''}`;
      else if (type === 'plan')
        detail = `${rest['title']}\n    ${(rest['summary'] as string[]).join('\n    ')}`;
      else if (type === 'preflight')
        detail = (rest['results'] as Array<{ id: string; ok: boolean; message: string; skipped?: string }>)
          .map((p) => `${p.skipped ? '-' : p.ok ? '✓' : '✗'} ${p.id}: ${p.message}`)
          .join('\n    ');
      else detail = JSON.stringify(rest);
      out.push(`${t}  ${type.padEnd(14)} ${detail}`);
    }
    // Journal lines hold what AWS answered: made safe for the terminal.
    process.stdout.write(`${safeText(out.join('\n'))}\n`);
  }
}
