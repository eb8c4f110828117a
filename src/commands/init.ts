import { Flags } from '@oclif/core';
import { existsSync } from 'node:fs';
import { ALL_CHECKS } from '../checks/index.js';
import { awsFlags, roleOptions } from '../cli/aws-flags.js';
import { BaseCommand } from '../cli/base.js';
import { FileExistsError, writeNewFile } from '../cli/write-new.js';
import { guessConfig, initConfigText } from '../config/init.js';
import { DEFAULT_CONFIG_FILE } from '../config/load.js';
import type { Inventory } from '../inventory/schema.js';
import { loadSnapshot } from '../inventory/load.js';
import { usageError } from '../util/errors.js';
import { TOOL } from '../util/version.js';

/** Flags that only make sense when reading the live account. */
const LIVE_ONLY = ['region', 'all-regions', 'endpoint-url', 'role-arn', 'external-id'];

function exists(file: string): Error {
  return usageError(
    `${file} already exists; resil init never overwrites a config.`,
    `Review or edit it as it is, move it away and run resil init again, or write elsewhere with --config FILE.`,
  );
}

export default class Init extends BaseCommand {
  static override summary = 'Write a commented .resil.yml for an account (or a snapshot of one).';
  static override description = `Reads the account (read-only, the same calls as resil audit) or a snapshot, and writes a \
config to review: the regions that hold resources, the primary and standby regions from the Aurora global database, \
the global cluster for resil failover, the load balancers and DNS records a failover could cut over, the Auto \
Scaling groups it can pair across the two regions, and every objective with its default — what it could not \
decide is left as a comment.

It never overwrites a file: when the config exists, it exits 2 and changes nothing.`;

  static override examples = [
    {
      description: 'Write .resil.yml for the live account (two regions):',
      command: '<%= config.bin %> init --region us-east-1,us-west-2',
    },
    {
      description: 'From a snapshot, to another file:',
      command: '<%= config.bin %> init --snapshot shop.snapshot.json --config shop.resil.yml',
    },
  ];

  static override flags = {
    snapshot: Flags.string({
      summary: 'Read a saved snapshot file instead of the live account.',
      helpValue: 'FILE',
      exclusive: LIVE_ONLY,
    }),
    config: Flags.string({
      char: 'c',
      summary: `The config file to write. Default: ${DEFAULT_CONFIG_FILE} in the working directory. Never overwritten.`,
      helpValue: 'FILE',
      default: DEFAULT_CONFIG_FILE,
    }),
    quiet: Flags.boolean({ char: 'q', summary: 'Print nothing on stderr but errors.', default: false }),
    ...awsFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Init);
    const file = flags.config;
    if (file.trim() === '') throw usageError('--config needs a file name (it is empty).');
    // Before any (slow) collection: an existing config is never replaced.
    if (existsSync(file)) throw exists(file);

    const role = roleOptions(flags, 'init');
    let inventory: Inventory;
    let from: string;
    if (flags.snapshot !== undefined) {
      inventory = (await loadSnapshot(flags.snapshot)).inventory;
      from = `snapshot ${flags.snapshot}`;
    } else {
      const regions = flags.region ?? [];
      // Loaded only when reading a live account: a snapshot needs no SDK client or listr2.
      const { createProgressReporter } = await import('../aws/collect/progress.js');
      const { collectInventory } = await import('../aws/collect/index.js');
      const reporter = createProgressReporter({ regions, quiet: flags.quiet });
      try {
        inventory = (
          await collectInventory({
            regions,
            allRegions: flags['all-regions'] ?? false,
            ...(flags.profile ? { profile: flags.profile } : {}),
            ...(flags['endpoint-url'] ? { endpointUrl: flags['endpoint-url'] } : {}),
            ...role,
            concurrency: flags.concurrency,
            maxAttempts: flags['max-attempts'],
            lagWindowSeconds: 600,
            progress: reporter.progress,
          })
        ).inventory;
      } finally {
        await reporter.finish();
      }
      from = 'the live account';
    }

    const text = initConfigText(inventory, ALL_CHECKS, { tool: TOOL, from });
    try {
      await writeNewFile(file, text);
    } catch (err) {
      if (err instanceof FileExistsError) throw exists(file);
      throw err;
    }
    if (!flags.quiet) {
      const g = guessConfig(inventory);
      const parts = [
        g.primary && g.standby
          ? `primary ${g.primary}, standby ${g.standby}`
          : 'no primary/standby (see the comments)',
        g.globalCluster ? `global cluster ${g.globalCluster.id}` : '',
        g.tiers.length ? `${g.tiers.length} tier pair(s)` : '',
      ].filter(Boolean);
      this.note(`Wrote ${file} for account ${inventory.accountId}: ${parts.join('; ')}.`);
      const args = [
        ...(flags.snapshot ? ['--snapshot', flags.snapshot] : []),
        ...(file !== DEFAULT_CONFIG_FILE ? ['--config', file] : []),
      ];
      this.note(`Review it, then run: ${[this.config.bin, 'audit', ...args].join(' ')}`);
    }
  }
}
