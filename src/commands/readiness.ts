import { Flags } from '@oclif/core';
import { readFile, readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { ALL_CHECKS } from '../checks/index.js';
import { awsFlags, roleOptions } from '../cli/aws-flags.js';
import { BaseCommand } from '../cli/base.js';
import { assertWritable, isStdout, writeFileAtomic } from '../cli/output.js';
import { assertOutputIsNotAFormat } from '../cli/report-files.js';
import { loadConfig } from '../config/load.js';
import { runAudit } from '../engine/audit.js';
import { formatIssues, fsReason, loadSnapshot } from '../inventory/load.js';
import type { Inventory } from '../inventory/schema.js';
import {
  BaselineSchema,
  DEFAULT_HISTORY_HOURS,
  DEFAULT_PEAK_FACTOR,
  buildReadiness,
  promotionFromJournal,
  type Baseline,
  type DrillMeasurement,
  type ReadinessReport,
} from '../readiness/index.js';
import { renderReadinessMarkdown } from '../render/readiness/markdown.js';
import { readJournal, runsDir } from '../runbooks/journal.js';
import { usageError } from '../util/errors.js';
import { safeDeep } from '../util/text.js';
import { TOOL } from '../util/version.js';

export const READINESS_FORMATS = ['html', 'markdown', 'json'] as const;
type ReadinessFormat = (typeof READINESS_FORMATS)[number];

/** Flags that only make sense for a live collection. */
const LIVE_ONLY = ['region', 'all-regions', 'endpoint-url', 'role-arn', 'external-id'];

/** YYYY-MM-DD that is a real calendar day. */
export function parseDay(value: string, flag: string): string {
  const t = new Date(`${value}T00:00:00Z`).getTime();
  const ok =
    /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(t) && new Date(t).toISOString().startsWith(value);
  if (!ok)
    throw usageError(`${flag} "${value}" is not a date.`, `Give it as YYYY-MM-DD, e.g. ${flag} 2026-11-27.`);
  return value;
}

/** "14d", "36h", "14" (days) → hours, within 1 hour and 90 days. */
export function parseHistory(value: string): number {
  const m = /^(\d+)\s*([dh]?)$/i.exec(value.trim());
  const hours = m ? Number(m[1]) * (m[2]?.toLowerCase() === 'h' ? 1 : 24) : NaN;
  if (!m || !Number.isFinite(hours) || hours < 1 || hours > 90 * 24)
    throw usageError(
      `--history "${value}" is not a window between 1h and 90d.`,
      'Give days or hours, e.g. --history 14d or --history 36h.',
    );
  return hours;
}

export function parsePeakFactor(value: string): number {
  const f = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(f) || f <= 0 || f > 100)
    throw usageError(
      `--peak-factor "${value}" is not a positive number (up to 100).`,
      'Give the multiple of the usual peak the event brings, e.g. --peak-factor 1.5 (1 for a peak you already declared for the event).',
    );
  return f;
}

/** The format: the flag, else the --output extension, else markdown on a terminal and json otherwise. */
export function pickFormat(
  flag: string | undefined,
  output: string | undefined,
  tty: boolean,
): ReadinessFormat {
  if (flag) return flag as ReadinessFormat;
  const ext = output ? extname(output).toLowerCase() : '';
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  if (ext === '.json') return 'json';
  return (!output || isStdout(output)) && tty ? 'markdown' : 'json';
}

async function loadBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw usageError(
      `Cannot read the baseline ${file}: ${fsReason(err)}.`,
      'Give --baseline a readiness report written with --format json.',
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw usageError(
      `The baseline ${file} is not JSON.`,
      'Give --baseline a readiness report written with --format json.',
    );
  }
  const parsed = BaselineSchema.safeParse(doc);
  if (!parsed.success)
    throw usageError(
      `The baseline ${file} is not a resil readiness report: ${formatIssues(parsed.error, 3).join('; ')}.`,
      'Give --baseline a report written by `resil readiness --format json`.',
    );
  return parsed.data;
}

/** Promotion times measured by earlier `resil failover` runs on this machine (unreadable journals are skipped). */
async function readDrills(): Promise<DrillMeasurement[]> {
  const dir = runsDir();
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl'));
  } catch {
    return [];
  }
  const out: DrillMeasurement[] = [];
  for (const f of files) {
    try {
      const m = promotionFromJournal(readJournal(join(dir, f)));
      if (m) out.push(m);
    } catch {
      // not a journal we can read: ignore it
    }
  }
  return out;
}

/**
 * The readiness report's output boundary: every AWS- or user-supplied string (names, messages,
 * evidence) is made safe once here, for every format (as src/render/safe.ts does for the audit).
 */
export async function renderReadiness(unsafe: ReadinessReport, format: ReadinessFormat): Promise<string> {
  const report = safeDeep(unsafe);
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'markdown') return renderReadinessMarkdown(report);
  // The charting library is loaded only for HTML.
  const { renderReadinessHtml } = await import('../render/readiness/html.js');
  return renderReadinessHtml(report);
}

export default class Readiness extends BaseCommand {
  static override summary =
    'Before a peak event: would we survive losing an AZ, or the primary region, at the peak, and how long would recovery take?';
  static override description = `Builds the readiness report: the verdict (READY, AT RISK, NOT READY) with the three things that matter most; \
losing one AZ at the forecast peak, tier by tier; losing the region (standby tiers, the database, replication lag against the RPO); \
quota headroom; capacity reservations; the failover time budget against the RTO; and the actions, each due before or after the event. \
Every capacity number names where its demand comes from (declared, measured, policy target or assumed): an assumed demand can make \
a tier AT RISK, never READY; data that could not be read is unknown, never passed.

Exit codes, whatever the format: 0 READY (or AT RISK without --strict); 1 NOT READY (or AT RISK with --strict); 2 bad input \
(flags, snapshot, config, baseline); 3 some data could not be read and nothing is NOT READY.

The format defaults to the --output file's extension (.html, .md, .json), else markdown on a terminal and json otherwise.`;

  static override examples = [
    {
      description: 'The bundled example, as a self-contained HTML report to attach to a ticket:',
      command:
        '<%= config.bin %> readiness --snapshot examples/shop.snapshot.json --event-date 2026-11-27 --event-end 2026-11-30 --format html --output report.html',
    },
    {
      description: 'The live account, two regions, Black Friday to Cyber Monday, twice the usual peak:',
      command:
        '<%= config.bin %> readiness --region us-east-1,us-west-2 --event-date 2026-11-27 --event-end 2026-11-30 --peak-factor 2 -o readiness.md',
    },
    {
      description: 'What changed since last week, failing CI on AT RISK too:',
      command:
        '<%= config.bin %> readiness --snapshot snap.json --baseline last-week.json --strict --format json --output this-week.json',
    },
  ];

  static override flags = {
    snapshot: Flags.string({
      summary: 'Judge a saved snapshot file instead of the live account.',
      helpValue: 'FILE',
      exclusive: LIVE_ONLY,
    }),
    'event-date': Flags.string({
      summary: 'First day of the peak event (UTC), YYYY-MM-DD. Default: eventDate in .resil.yml, else none.',
      helpValue: 'YYYY-MM-DD',
    }),
    'event-end': Flags.string({
      summary: 'Last day of the event (UTC), YYYY-MM-DD. Default: the event date.',
      helpValue: 'YYYY-MM-DD',
    }),
    'peak-factor': Flags.string({
      summary:
        "The event's peak as a multiple of each tier's demand (declared, measured, policy target or assumed).",
      helpValue: 'FACTOR',
      default: String(DEFAULT_PEAK_FACTOR),
    }),
    history: Flags.string({
      summary:
        'History window, in days (14d) or hours (36h): replication lag is judged over it; a live run also reads the groups\u2019 demand over it.',
      helpValue: 'WINDOW',
      default: `${DEFAULT_HISTORY_HOURS / 24}d`,
    }),
    format: Flags.string({
      char: 'f',
      summary:
        'Output format. Default: from the --output extension, else markdown on a terminal, json otherwise.',
      options: [...READINESS_FORMATS],
    }),
    output: Flags.string({
      char: 'o',
      summary: 'Write the report to this file (atomically) instead of stdout.',
      helpValue: 'FILE',
    }),
    baseline: Flags.string({
      summary: 'A previous readiness report (--format json): the report says what changed since.',
      helpValue: 'FILE',
    }),
    strict: Flags.boolean({
      summary: 'Exit 1 on AT RISK too (default: only NOT READY exits 1).',
      default: false,
    }),
    config: Flags.string({
      char: 'c',
      summary: 'Config file. Default: .resil.yml in the working directory, if present.',
      helpValue: 'FILE',
    }),
    quiet: Flags.boolean({
      char: 'q',
      summary: 'Print nothing on stderr but errors.',
      default: false,
    }),
    ...awsFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Readiness);
    const say = (line: string) => {
      if (!flags.quiet) this.note(line);
    };
    // Everything that can be wrong with the input is checked before any (slow) collection.
    assertOutputIsNotAFormat(flags.output, READINESS_FORMATS);
    const format = pickFormat(flags.format, flags.output, !!process.stdout.isTTY);
    const peakFactor = parsePeakFactor(flags['peak-factor']);
    const historyHours = parseHistory(flags.history);
    const { config, path: configPath } = await loadConfig(flags.config, ALL_CHECKS);
    if (configPath) say(`Using config ${configPath}`);
    const configured =
      typeof config.eventDate === 'string' && config.eventDate ? config.eventDate : undefined;
    const eventDate =
      flags['event-date'] !== undefined
        ? parseDay(flags['event-date'], '--event-date')
        : configured
          ? parseDay(configured, 'eventDate in the config')
          : undefined;
    const eventEnd =
      flags['event-end'] !== undefined ? parseDay(flags['event-end'], '--event-end') : undefined;
    if (eventEnd && !eventDate)
      throw usageError(
        '--event-end needs an event start.',
        'Give --event-date too (or eventDate in .resil.yml).',
      );
    if (eventEnd && eventDate && eventEnd < eventDate)
      throw usageError(
        `--event-end ${eventEnd} is before the event date ${eventDate}.`,
        'Give the last day of the event, on or after its first day.',
      );
    const baseline = flags.baseline !== undefined ? await loadBaseline(flags.baseline) : undefined;
    if (flags.output !== undefined) await assertWritable(flags.output);

    const role = roleOptions(flags, 'readiness');
    let inventory: Inventory;
    if (flags.snapshot !== undefined) {
      inventory = (await loadSnapshot(flags.snapshot)).inventory;
    } else {
      const regions = flags.region ?? [];
      // Loaded only for a live report, as for `resil audit`: a snapshot needs no SDK client or listr2.
      const { createProgressReporter } = await import('../aws/collect/progress.js');
      const reporter = createProgressReporter({ regions, quiet: flags.quiet });
      let collected;
      try {
        const { collectInventory } = await import('../aws/collect/index.js');
        collected = await collectInventory({
          regions,
          allRegions: flags['all-regions'] ?? false,
          ...(flags.profile ? { profile: flags.profile } : {}),
          ...(flags['endpoint-url'] ? { endpointUrl: flags['endpoint-url'] } : {}),
          ...role,
          concurrency: flags.concurrency,
          maxAttempts: flags['max-attempts'],
          lagWindowSeconds: 3600,
          historyDays: Math.max(1, Math.ceil(historyHours / 24)),
          readiness: true,
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

    const auditConfig = eventDate ? { ...config, eventDate } : config;
    const audit = runAudit(inventory, ALL_CHECKS, { config: auditConfig, failOn: 'high', now: new Date() });
    const report = buildReadiness({
      inventory,
      audit,
      config: auditConfig,
      drills: await readDrills(),
      options: {
        tool: TOOL,
        generatedAt: new Date().toISOString(),
        ...(eventDate ? { eventDate } : {}),
        ...(eventEnd ? { eventEnd } : {}),
        peakFactor,
        historyHours,
        strict: flags.strict,
        ...(baseline ? { baseline } : {}),
      },
    });
    const out = await renderReadiness(report, format);
    if (flags.output && !isStdout(flags.output)) {
      await writeFileAtomic(flags.output, out);
      say(`Wrote the ${format} readiness report to ${flags.output}`);
    } else {
      process.stdout.write(out);
    }
    say(`${report.verdict.status}: ${report.verdict.headline}`);
    if (report.verdict.incomplete)
      say(
        'Some data could not be read: those items are unknown, not passed (see the report). Grant the missing permissions, or take a new snapshot.',
      );
    process.exitCode = report.verdict.exitCode;
  }
}
