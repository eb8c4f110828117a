import { Flags } from '@oclif/core';
import picomatch from 'picomatch';
import { DEFAULT_HISTORY_DAYS } from '../aws/collect/defaults.js';
import { collectionErrorKind } from '../aws/collect/context.js';
import { ALL_CHECKS } from '../checks/index.js';
import { SEVERITIES, type Category, type Severity } from '../checks/define.js';
import { awsFlags, roleOptions } from '../cli/aws-flags.js';
import { terminalWidth } from '../render/text.js';
import { BaseCommand } from '../cli/base.js';
import { selectionFlags } from '../cli/selection-flags.js';
import { assertWritable, colorEnabled, writeFileAtomic } from '../cli/output.js';
import { assertOutputIsNotAFormat, planReports, prepareOutputDir, reportPath } from '../cli/report-files.js';
import { loadConfig } from '../config/load.js';
import { relative, sep } from 'node:path';
import { runAudit, type AuditResult } from '../engine/audit.js';
import { applyMinSeverity, selectChecks } from '../engine/select.js';
import type { Inventory } from '../inventory/schema.js';
import { loadSnapshot, parseSnapshot } from '../inventory/load.js';
import { resolveAuditInputs, type AuditInputs } from '../org/inputs.js';
import { accountsIncompleteNote, auditAccounts } from '../cli/org-audit.js';
import { RENDERERS, STREAM_RENDERERS } from '../render/index.js';
import { FORMATS, type Format } from '../render/types.js';
import { usageError } from '../util/errors.js';
import { parseEndpointUrl } from '../util/url.js';
import { TOOL } from '../util/version.js';

/**
 * The stderr line for an incomplete audit: which checks were skipped, which operations failed where
 * (the IAM action, or the operation, and the error code), and what to do about each kind of failure:
 * grant a permission for access errors, retry later (or lower --concurrency) when AWS throttled the
 * requests or answered with server errors until the retries ran out.
 */
export function incompleteNote(result: AuditResult): string {
  const skipped = result.findings.filter(
    (f) =>
      f.status === 'skipped' &&
      !f.suppressed &&
      (f.evidence as { reason?: string }).reason === 'collection-error',
  );
  const checks = new Set(skipped.map((f) => f.checkId));
  const where = new Map<string, string[]>();
  const kinds = new Set<ReturnType<typeof collectionErrorKind>>();
  for (const r of result.collection) {
    if (r.status !== 'error') continue;
    const code = r.error?.code ?? 'error';
    kinds.add(collectionErrorKind(code));
    const what = `${r.error?.action ?? `${r.service}:${r.operation}`} (${code})`;
    where.set(what, [...(where.get(what) ?? []), r.region]);
  }
  const failed = [...where].map(([what, regions]) => `${what} in ${regions.join(', ')}`);
  const advice: string[] = [];
  if (kinds.has('access'))
    advice.push(
      "Grant the missing permissions (`resil checks explain ID` lists each check's) or suppress the skipped findings.",
    );
  if (kinds.has('throttling'))
    advice.push(
      'AWS throttled the requests and the retries (--max-attempts) ran out: retry later, or lower --concurrency.',
    );
  if (kinds.has('server'))
    advice.push('AWS answered with server errors (5xx) until the retries ran out: retry later.');
  if (kinds.has('other') || advice.length === 0)
    advice.push('Read the errors above (or in the report), fix what they name, and run the audit again.');
  return (
    `Audit incomplete: ${checks.size} check(s) skipped, in part or whole, because data could not be collected: ` +
    `${failed.join('; ')}. ${advice.join(' ')}`
  );
}

/** Flags that only make sense for a live audit. */
const LIVE_ONLY = ['region', 'all-regions', 'endpoint-url', 'role-arn', 'external-id'];

export default class Audit extends BaseCommand {
  static override summary =
    'Audit an account (or a saved snapshot) for what breaks when an AZ or a Region fails.';
  static override description = `Runs every resilience check (or the selected ones) and reports pass, fail, warn and skipped findings.

Exit codes, whatever the format: 0 nothing failed at or above --fail-on; 1 a finding failed at or above it; \
2 usage error or bad input (flags, snapshot, config); 3 the audit is incomplete (some data could not be \
collected) and nothing reached --fail-on.

The format defaults to table when stdout is a terminal and to json otherwise (a pipe, a file, or --output). \
Several formats (--format json,sarif) need --output-dir DIR: one file per format, named resil.json, resil.sarif, \
resil.xml (junit), resil.md (markdown) and resil.txt (table).`;

  static override examples = [
    {
      description: 'Audit the bundled example snapshot:',
      command: '<%= config.bin %> audit --snapshot examples/shop.snapshot.json',
    },
    {
      description: 'Audit two regions of the live account:',
      command: '<%= config.bin %> audit --region us-east-1,us-west-2',
    },
    {
      description: 'Gate a deploy on critical findings only, with a SARIF report for code scanning:',
      command:
        '<%= config.bin %> audit --snapshot snap.json --fail-on critical --format sarif --output resil.sarif',
    },
    {
      description:
        'Every account captured by `resil snapshot --org` (the index files in the directory), as Markdown:',
      command: '<%= config.bin %> audit --snapshot snapshots/ --format markdown --output summary.md',
    },
    {
      description: 'Every report CI wants from one audit, one file per format in reports/:',
      command:
        '<%= config.bin %> audit --snapshot snap.json --format json,sarif,junit,markdown --output-dir reports',
    },
    {
      description: 'The JSON report (the same as --format json), for jq or a script:',
      command: '<%= config.bin %> audit --snapshot snap.json --json',
    },
    {
      description: 'Only the DNS and DR checks, medium severity and up:',
      command: '<%= config.bin %> audit --snapshot snap.json --category dns,dr --min-severity medium',
    },
    {
      description: 'Every target-group check except one:',
      command:
        "<%= config.bin %> audit --snapshot snap.json --checks 'tg.*' --exclude-checks tg.detection-time",
    },
  ];

  static override flags = {
    snapshot: Flags.string({
      summary:
        'Audit a saved snapshot file instead of the live account; repeat, or give a directory or index of `snapshot --org`, for several accounts.',
      helpValue: 'FILE|DIR',
      multiple: true,
      exclusive: LIVE_ONLY,
    }),
    format: Flags.string({
      char: 'f',
      summary:
        'Output format; several (comma-separated) with --output-dir. Default: table on a terminal, json otherwise.',
      options: [...FORMATS],
      multiple: true,
      delimiter: ',',
    }),
    json: Flags.boolean({
      summary: 'Print the JSON report: the same as --format json.',
      default: false,
    }),
    output: Flags.string({
      char: 'o',
      summary:
        'Write the report to this file (atomically; a device or FIFO is written in place; - is stdout).',
      helpValue: 'FILE',
      exclusive: ['output-dir'],
    }),
    'output-dir': Flags.string({
      summary:
        'Write one file per --format into this directory (created if missing): resil.json, resil.sarif, resil.xml (junit), resil.md (markdown), resil.txt (table).',
      helpValue: 'DIR',
    }),
    'fail-on': Flags.string({
      summary: 'Exit 1 when a failing finding is at or above this severity (never: do not gate).',
      options: [...SEVERITIES, 'never'],
      default: 'high',
    }),
    config: Flags.string({
      char: 'c',
      summary: 'Config file. Default: .resil.yml in the working directory, if present.',
      helpValue: 'FILE',
    }),
    ...selectionFlags,
    quiet: Flags.boolean({
      char: 'q',
      summary: 'Print nothing on stderr but errors (no progress, no notes on suppressions).',
      default: false,
    }),
    'lag-window': Flags.integer({
      summary: 'Live audit: replication-lag window to read from CloudWatch, in seconds.',
      default: 3600,
      min: 60,
      max: 15 * 24 * 3600,
      helpGroup: 'AWS',
    }),
    history: Flags.integer({
      summary:
        "Live audit: days of Auto Scaling history (hourly CPU and in-service instances) read from CloudWatch to measure each group's peak demand.",
      default: DEFAULT_HISTORY_DAYS,
      min: 1,
      max: 90,
      helpGroup: 'AWS',
    }),
    ...awsFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Audit);
    const startedAt = new Date();

    // Everything that can be wrong with the input is checked before any (slow) collection.
    assertOutputIsNotAFormat(flags.output, FORMATS);
    const plan = planReports({
      formats: flags.format as Format[] | undefined,
      json: flags.json,
      output: flags.output,
      outputDir: flags['output-dir'],
      stdoutIsTty: !!process.stdout.isTTY,
    });
    for (const f of plan.formats) {
      if (!RENDERERS[f]) {
        const available = FORMATS.filter((x) => RENDERERS[x]);
        throw usageError(
          `The ${f} format is not available in this build.`,
          `Use one of: ${available.join(', ')}.`,
        );
      }
    }
    const { config, path: configPath } = await loadConfig(flags.config, ALL_CHECKS);
    const endpointUrl =
      flags['endpoint-url'] !== undefined ? parseEndpointUrl(flags['endpoint-url']) : undefined;
    const role = roleOptions(flags, 'audit');
    const minSeverity = flags['min-severity'] as Severity | undefined;
    const checks = selectChecks(ALL_CHECKS, {
      checks: flags.checks,
      excludeChecks: flags['exclude-checks'],
      categories: flags.category as Category[] | undefined,
      minSeverity,
    });
    const failOn = flags['fail-on'] as Severity | 'never';
    const say = (line: string) => {
      if (!flags.quiet) this.note(line);
    };
    if (configPath) say(`Using config ${configPath}`);
    if (plan.file !== undefined) await assertWritable(plan.file);
    if (plan.dir !== undefined) await prepareOutputDir(plan.dir);

    let inventory: Inventory | undefined;
    let accounts: { result: AuditResult; missingShards: string[] } | undefined;
    // `--snapshot "$SNAP"` with SNAP unset must not turn into a live audit of whatever account the
    // ambient credentials reach: an empty value is an error, not an absent flag.
    if (flags.snapshot !== undefined) {
      // One snapshot file: the one-account audit. Directories, indexes, several files: every account.
      const inputs = await resolveAuditInputs(flags.snapshot);
      if (inputs.single !== undefined) inventory = await readSingle(inputs, inputs.single);
      else
        accounts = {
          result: await auditAccounts(
            inputs,
            checks,
            { config, failOn, ...(minSeverity ? { minSeverity } : {}) },
            say,
          ),
          missingShards: inputs.missingShards,
        };
    } else {
      const regions = flags.region ?? [];
      // The same progress as `resil snapshot`: a task list on a terminal, a few plain lines otherwise.
      // Loaded only for a live audit, like the collectors: listr2 is not needed to read a snapshot.
      const { createProgressReporter } = await import('../aws/collect/progress.js');
      const reporter = createProgressReporter({ regions, quiet: flags.quiet });
      let collected;
      try {
        // Loaded only for a live audit: the SDK clients take seconds to import, a snapshot needs none.
        const { collectInventory } = await import('../aws/collect/index.js');
        collected = await collectInventory({
          regions,
          allRegions: flags['all-regions'] ?? false,
          ...(flags.profile ? { profile: flags.profile } : {}),
          ...(endpointUrl ? { endpointUrl } : {}),
          ...role,
          concurrency: flags.concurrency,
          maxAttempts: flags['max-attempts'],
          lagWindowSeconds: flags['lag-window'],
          historyDays: flags.history,
          progress: reporter.progress,
        });
      } finally {
        await reporter.finish();
      }
      inventory = collected.inventory;
      say(
        `Collected ${Object.keys(inventory.regions).length} region(s) with ${collected.stats.apiCalls} API calls in ${(collected.stats.durationMs / 1000).toFixed(1)} s`,
      );
    }

    // Suppression expiry is judged against today, not the snapshot's capture time: an expiry date
    // is a promise to look again, and a saved snapshot must not keep it alive.
    const result =
      accounts?.result ??
      applyMinSeverity(runAudit(inventory!, checks, { config, failOn, now: new Date() }), minSeverity);
    this.reportSuppressions(
      result,
      checks.map((c) => c.id),
      say,
    );

    const toFile = plan.file !== undefined || plan.dir !== undefined;
    const ctx = {
      tool: TOOL,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      // SARIF results need a file in the repository to point at: the config that holds the
      // thresholds and suppressions when one was loaded from inside the working directory.
      ...(configPath && !relative(process.cwd(), configPath).startsWith('..')
        ? { artifactUri: relative(process.cwd(), configPath).split(sep).join('/') }
        : {}),
      width: terminalWidth(process.stdout),
    };
    // Every string report is rendered before the first is written, so a failure leaves no mix of old
    // and new; JSON, SARIF, JUnit and Markdown (STREAM_RENDERERS) are streamed as they are written
    // (no whole-report string), into a temp file that replaces the target only when complete.
    const outputs = plan.formats.map((format) => {
      const renderCtx = { ...ctx, color: format === 'table' && !toFile && colorEnabled(process.stdout) };
      const stream = STREAM_RENDERERS[format];
      return {
        format,
        content: stream ? () => stream(result, renderCtx) : constant(RENDERERS[format]!(result, renderCtx)),
      };
    });
    for (const { format, content } of outputs) {
      if (plan.dir !== undefined) {
        const file = reportPath(plan.dir, format);
        await writeFileAtomic(file, content(), { flag: '--output-dir' });
        say(`Wrote ${format} report to ${file}`);
      } else if (plan.file !== undefined) {
        await writeFileAtomic(plan.file, content());
        say(`Wrote ${format} report to ${plan.file}`);
      } else {
        await writeFileAtomic('-', content());
      }
    }
    const s = result.summary;
    if (s.incomplete)
      say(accounts ? accountsIncompleteNote(result, accounts.missingShards) : incompleteNote(result));
    process.exitCode = s.exitCode;
  }

  /** Expired suppressions always deserve a line; unused ones only when their check was selected. */
  private reportSuppressions(result: AuditResult, selectedIds: string[], say: (line: string) => void): void {
    for (const s of result.suppressions) {
      const what = `suppression of ${s.check} for ${s.resource}`;
      if (s.status === 'expired') {
        say(
          `Warning: the ${what} expired on ${s.expires}; it no longer suppresses (${s.matched} finding(s) affected).`,
        );
      } else if (s.status === 'unused' && selectedIds.some((id) => picomatch(s.check, { bash: true })(id))) {
        say(`Note: the ${what} matched no finding; remove it from the config if it is obsolete.`);
      }
    }
  }
}

function constant<T>(value: T): () => T {
  return () => value;
}

/**
 * The inventory of a one-snapshot audit. The decoded document is dropped from `inputs` first: once
 * validated it is garbage, and holding it through the audit kept a second copy of the snapshot.
 */
async function readSingle(inputs: AuditInputs, file: string): Promise<Inventory> {
  const doc = inputs.singleDoc;
  delete inputs.singleDoc;
  return (doc !== undefined ? parseSnapshot(doc, file) : await loadSnapshot(file)).inventory;
}
