import { Flags } from '@oclif/core';
import { writeFile } from 'node:fs/promises';
import { ALL_CHECKS } from '../checks/index.js';
import { SEVERITIES, type Severity } from '../checks/define.js';
import { BaseCommand } from '../cli/base.js';
import { loadConfig } from '../config/load.js';
import { runAudit } from '../engine/audit.js';
import { loadSnapshot } from '../inventory/load.js';
import { RENDERERS } from '../render/index.js';
import { FORMATS, type Format } from '../render/types.js';
import { usageError } from '../util/errors.js';
import { TOOL } from '../util/version.js';

export default class Audit extends BaseCommand {
  static override summary = 'Audit an account (or a saved snapshot) for what breaks when an AZ or a Region fails.';
  static override examples = ['<%= config.bin %> audit --snapshot examples/shop.snapshot.json'];

  static override flags = {
    snapshot: Flags.string({ summary: 'Audit a saved snapshot file instead of a live account.' }),
    format: Flags.string({ summary: 'Output format.', options: [...FORMATS] }),
    output: Flags.string({ char: 'o', summary: 'Write the report to this file instead of stdout.' }),
    'fail-on': Flags.string({
      summary: 'Exit 1 when a failing finding is at or above this severity.',
      options: [...SEVERITIES, 'never'],
      default: 'high',
    }),
    config: Flags.string({ summary: 'Config file (default: .resil.yml in the working directory, if present).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Audit);
    const startedAt = new Date();
    if (!flags.snapshot) throw usageError('Live audit is not available yet.', 'Pass --snapshot FILE.');
    const { config } = await loadConfig(flags.config, ALL_CHECKS);
    const snapshot = await loadSnapshot(flags.snapshot);
    const result = runAudit(snapshot.inventory, ALL_CHECKS, { config, failOn: flags['fail-on'] as Severity | 'never' });
    const format = (flags.format ?? (process.stdout.isTTY ? 'table' : 'json')) as Format;
    const render = RENDERERS[format];
    if (!render) throw usageError(`Format ${format} is not available yet.`);
    const out = render(result, {
      tool: TOOL,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      color: !process.env['NO_COLOR'] && !!process.stdout.isTTY,
    });
    if (flags.output) await writeFile(flags.output, out);
    else process.stdout.write(out);
    this.exit(result.summary.exitCode);
  }
}
