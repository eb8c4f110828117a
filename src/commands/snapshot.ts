import { Flags } from '@oclif/core';
import { collectInventory, DEFAULT_HISTORY_DAYS, DEFAULT_LAG_WINDOW_SECONDS } from '../aws/collect/index.js';
import { createProgressReporter } from '../aws/collect/progress.js';
import { awsFlags, roleOptions } from '../cli/aws-flags.js';
import { BaseCommand } from '../cli/base.js';
import { assertWritable, isStdout, writeFileAtomic } from '../cli/output.js';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot as SnapshotDoc } from '../inventory/schema.js';
import { assertOrgFlags, orgSnapshotFlags, runOrgSnapshot } from '../cli/org-snapshot.js';
import { ExitCode, usageError } from '../util/errors.js';
import { parseEndpointUrl, redactUrl } from '../util/url.js';
import { TOOL } from '../util/version.js';

export default class SnapshotCommand extends BaseCommand {
  static override summary =
    'Capture a live account (read-only) into a snapshot file to audit, compare or share later.';
  static override description =
    'Collects the regions given (or the default region) and Route 53, and writes the inventory as JSON. ' +
    'Audit it later with `audit --snapshot FILE`: the findings equal those of a live audit at capture time. ' +
    'Exits 3 when some operations could not be collected (the snapshot is still written and records them).\n\n' +
    'With --org, captures every active account of the AWS organisation (or those chosen with --accounts, --ou, ' +
    '--exclude-accounts, --shard) by assuming --role-name in each: one snapshot per account in --output-dir, plus an ' +
    "index file recording each account's snapshot or the error that kept it from being captured (exit 3 when any " +
    'account is incomplete). Audit them all with `audit --snapshot DIR`. See docs/organisations.md.';
  static override examples = [
    '<%= config.bin %> snapshot --region us-east-1,us-west-2 --output shop.snapshot.json',
    '<%= config.bin %> snapshot --all-regions --profile prod --output prod.json',
    'AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing <%= config.bin %> snapshot --endpoint-url http://127.0.0.1:5000 --region us-east-1 -o local.json',
    '<%= config.bin %> snapshot --org --role-name ResilAuditRole --region us-east-1,us-west-2 --output-dir snapshots/',
    '<%= config.bin %> snapshot --org --ou ou-ab12-cd34ef56 --shard 2/4 --region us-east-1 --output-dir snapshots/',
  ];

  static override flags = {
    ...awsFlags,
    output: Flags.string({
      char: 'o',
      summary:
        'Snapshot file to write (replaced atomically; a device or FIFO is written in place; - is stdout). Required, except with --org (--output-dir).',
      helpValue: 'FILE',
    }),
    'lag-window': Flags.integer({
      summary: 'Replication-lag history to collect, in seconds.',
      default: DEFAULT_LAG_WINDOW_SECONDS,
      min: 60,
      max: 1_209_600,
    }),
    history: Flags.integer({
      summary:
        "Days of Auto Scaling history (hourly CPU and in-service instances) to collect, to measure each group's peak demand.",
      default: DEFAULT_HISTORY_DAYS,
      min: 1,
      max: 90,
    }),
    quiet: Flags.boolean({ char: 'q', summary: 'No progress output.', default: false }),
    ...orgSnapshotFlags,
  };

  async run(): Promise<void> {
    const { flags, metadata } = await this.parse(SnapshotCommand);
    assertOrgFlags(flags, metadata);
    if (flags.org) {
      const code = await runOrgSnapshot(flags, (line) => this.note(line));
      if (code) this.exit(code);
      return;
    }
    if (flags.output === undefined)
      throw usageError(
        'resil snapshot needs --output FILE.',
        'Give --output FILE for one account, or --org --output-dir DIR for every account of the organisation.',
      );
    const regions = flags.region ?? [];
    // A bad --output or --endpoint-url fails now, not after a collection that can take minutes.
    const endpointUrl =
      flags['endpoint-url'] !== undefined ? parseEndpointUrl(flags['endpoint-url']) : undefined;
    const role = roleOptions(flags, 'snapshot');
    await assertWritable(flags.output);
    const reporter = createProgressReporter({ regions, quiet: flags.quiet });
    let result;
    try {
      result = await collectInventory({
        regions,
        allRegions: flags['all-regions'],
        concurrency: flags.concurrency,
        maxAttempts: flags['max-attempts'],
        lagWindowSeconds: flags['lag-window'],
        historyDays: flags.history,
        // A snapshot holds everything `resil readiness --snapshot` reads, too.
        readiness: true,
        progress: reporter.progress,
        ...(flags.profile ? { profile: flags.profile } : {}),
        ...(endpointUrl ? { endpointUrl } : {}),
        ...role,
      });
    } finally {
      await reporter.finish();
    }
    const { inventory, stats } = result;
    const snapshot: SnapshotDoc = {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      capture: {
        tool: TOOL,
        source: 'live',
        // Recorded without credentials (http://user:PASS@host → http://host).
        ...(endpointUrl ? { endpointUrl: redactUrl(endpointUrl) } : {}),
        ...(stats.callerArn ? { callerArn: stats.callerArn } : {}),
        durationMs: stats.durationMs,
        apiCalls: stats.apiCalls,
      },
      inventory,
    };
    // 0600: a snapshot maps an account (ARNs, endpoints, topology); share it on purpose, not by umask.
    await writeFileAtomic(flags.output, `${JSON.stringify(snapshot, null, 2)}\n`, { mode: 0o600 });

    const failed = inventory.collection.filter((c) => c.status === 'error');
    if (!flags.quiet) {
      this.note(
        `Wrote ${isStdout(flags.output) ? 'the snapshot to stdout' : flags.output}: account ${inventory.accountId}, ${Object.keys(inventory.regions).join(', ')} + Route 53; ` +
          `${stats.apiCalls} API calls in ${(stats.durationMs / 1000).toFixed(1)} s.`,
      );
      for (const f of failed)
        this.note(
          `  not collected: ${f.error?.action ?? `${f.service}:${f.operation}`} in ${f.region} (${f.error?.code})`,
        );
    }
    if (failed.length) this.exit(ExitCode.INCOMPLETE);
  }
}
