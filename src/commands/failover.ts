import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { dnsSpecFor } from '../runbooks/config.js';
import { crossZoneError, distinctConfiguredZones, type DnsTargetSpec } from '../runbooks/dns.js';
import {
  buildFailover,
  MODES,
  type FailoverData,
  type FailoverParams,
  type Mode,
} from '../runbooks/failover.js';
import {
  loadRunbooksConfig,
  forceUnlock,
  makeSession,
  refuseWithForceUnlock,
  chooseGlobalCluster,
  planning,
  refuseResumeConflicts,
  runbookFlags,
} from '../runbooks/cli-support.js';
import { loadRun, resumeRun, startRun } from '../runbooks/session.js';
import { ExitCode, ResilError, usageError } from '../util/errors.js';
import { readJournal } from '../runbooks/journal.js';

export default class Failover extends BaseCommand {
  static override summary =
    'Move the writer of an Aurora global database to another region, then cut Route 53 over.';
  static override description = `Computes the whole plan with reads only and prints it, runs the preflight checks, then asks before each step that changes AWS (y/N, default No).
Every step is journaled; an interrupted run is resumed with --resume RUN_ID and never repeats a change.

Modes:
  switchover (default)  SwitchoverGlobalCluster: no data loss; needs the primary region to answer.
  failover              FailoverGlobalCluster with AllowDataLoss, for a regional outage; needs --allow-data-loss;
                        makes no call to the failed primary region.
  detach                RemoveFromGlobalCluster of the target: last resort; needs --allow-data-loss.

Exit codes: 0 completed and verified · 2 bad input · 4 stopped before any change · 5 stopped after a change (see the resume command).`;

  static override examples = [
    '<%= config.bin %> failover --to us-west-2 --dry-run',
    '<%= config.bin %> failover --to us-west-2 --zone example.com --record api.example.com',
    '<%= config.bin %> failover --to us-west-2 --mode failover --allow-data-loss',
    '<%= config.bin %> failover --resume 20261126T170000Z-failover-3fa2 --yes',
  ];

  static override flags = {
    to: Flags.string({ summary: 'Target region: the secondary that becomes the writer.' }),
    'global-cluster': Flags.string({
      summary: 'Aurora global database id (optional when the account has exactly one).',
    }),
    mode: Flags.string({
      summary:
        'switchover (no data loss), failover (regional outage, may lose data) or detach (last resort).',
      options: [...MODES],
      default: 'switchover',
    }),
    'max-lag': Flags.integer({
      summary:
        'Refuse when the target lags more than this many seconds (default: runbooks.maxLagSeconds, rpoSeconds, or 15).',
      min: 0,
    }),
    'load-balancer': Flags.string({
      summary: 'Load balancer in the target region that must have healthy targets in ≥ 2 AZs.',
    }),
    zone: Flags.string({
      summary: 'Route 53 hosted zone (name or id) of the record to cut over.',
      dependsOn: ['record'],
    }),
    record: Flags.string({
      summary: 'Record name to cut over (weighted, failover or simple).',
      dependsOn: ['zone'],
    }),
    type: Flags.string({ summary: 'Record type, when the name has several (e.g. CNAME, A).' }),
    value: Flags.string({
      summary: 'New value for a simple record (repeat or comma-separate).',
      multiple: true,
      delimiter: ',',
    }),
    'skip-dns': Flags.boolean({
      summary: 'Do not cut over the DNS records configured in .resil.yml.',
      default: false,
    }),
    timeout: Flags.integer({
      summary: 'Minutes to wait for the switchover/failover to complete.',
      min: 1,
      max: 240,
    }),
    'resync-timeout': Flags.integer({
      summary:
        'Switchover post-check: minutes to wait for the old primary to be a connected secondary again (default 5).',
      min: 1,
      max: 240,
    }),
    ...runbookFlags,
  };

  async run(): Promise<void> {
    const { flags, metadata } = await this.parse(Failover);
    // Reads before any change; no credentials or no endpoint is a usage error, as for resil audit.
    const where = { endpointUrl: flags['endpoint-url'], profile: flags.profile };
    const plan = <T>(fn: () => Promise<T>) => planning(fn, where);
    const { runbooks, rpoSeconds } = await loadRunbooksConfig(flags.config);
    if (flags['force-unlock'] !== undefined) {
      refuseWithForceUnlock(flags, ['to', 'global-cluster', 'zone', 'record']);
      const { io, dispose } = makeSession(flags, undefined, 'failover');
      try {
        await forceUnlock(flags['force-unlock'], runbooks.lock, flags, io, (l) => this.note(l));
      } finally {
        dispose();
      }
      return;
    }
    const mode = flags.mode as Mode;
    if (!flags.resume && !flags.to)
      throw usageError('Missing --to REGION.', 'Example: resil failover --to us-west-2 --dry-run');
    if (!flags.resume && mode !== 'switchover' && !flags['allow-data-loss']) {
      throw usageError(
        `--mode ${mode} can lose data: it requires --allow-data-loss.`,
        'Use --mode switchover (the default) when the primary region answers: it loses no data.',
      );
    }
    if (flags.json && !flags.yes && !flags['dry-run'])
      throw usageError('--json never prompts: pass --yes (after reviewing with --dry-run).');

    const { session, io, dispose } = makeSession(flags, runbooks.lock, 'failover');
    try {
      let outcome;
      if (flags.resume) {
        const info = loadRun(flags.resume);
        if (info.kind !== 'failover')
          throw usageError(
            `Run ${info.runId} is a ${info.kind} run.`,
            `Resume it with \`resil cutover --resume ${info.ref}\`.`,
          );
        const jp = info.params as unknown as Partial<FailoverParams>;
        refuseResumeConflicts(
          info.runId,
          'failover',
          {
            to: jp.to,
            'global-cluster':
              String(info.planData?.['globalClusterId'] ?? jp.globalCluster ?? '') || undefined,
            mode: jp.mode,
            ...journaledDns(jp.dns),
          },
          {
            to: flags.to,
            'global-cluster': flags['global-cluster'],
            mode: metadata.flags['mode']?.setFromDefault ? undefined : flags.mode,
            zone: flags.zone,
            record: flags.record,
          },
        );
        // Timeouts given on the resume command line replace the journaled ones (e.g. to keep waiting longer).
        const p = {
          ...(info.params as unknown as FailoverParams),
          ...(flags.timeout ? { agdTimeoutMs: flags.timeout * 60_000 } : {}),
          ...(flags['dns-timeout'] ? { dnsTimeoutMs: flags['dns-timeout'] * 60_000 } : {}),
          ...(flags['resync-timeout'] ? { resyncTimeoutMs: flags['resync-timeout'] * 60_000 } : {}),
        };
        if (p.mode !== 'switchover' && !flags['allow-data-loss'] && !flags['dry-run']) {
          const resumeCmd = `resil failover --resume ${info.ref} --allow-data-loss`;
          // Exit 2 promises "nothing was changed": after an earlier attempt changed AWS, this is exit 5.
          const changed = readJournal(info.path).some((r) => r.type === 'mutation-start');
          throw changed
            ? new ResilError(
                `Run ${info.runId} is a ${p.mode} that has already changed AWS (stopped after a change); it can lose data, so resuming it needs --allow-data-loss.`,
                {
                  exitCode: ExitCode.STOPPED_AFTER_CHANGE,
                  suggestions: [
                    `Resume it with \`${resumeCmd}\`.`,
                    `\`resil runs show ${info.ref}\` shows where it stopped.`,
                  ],
                },
              )
            : usageError(
                `Run ${info.runId} is a ${p.mode}, which can lose data: pass --allow-data-loss to resume it.`,
                `Resume it with \`${resumeCmd}\`.`,
              );
        }
        outcome = await plan(() =>
          resumeRun(
            info,
            (gw, id, data) => buildFailover(gw, p, id, data as unknown as FailoverData | undefined),
            session,
          ),
        );
      } else {
        const to = flags.to!;
        let dns: DnsTargetSpec | DnsTargetSpec[] | undefined;
        if (flags.zone && flags.record) {
          dns = {
            zone: flags.zone,
            record: flags.record,
            ...(flags.type ? { type: flags.type } : {}),
            ...(flags.value?.length ? { value: flags.value } : {}),
          };
        } else if (!flags['skip-dns'] && runbooks.dns?.length) {
          if (runbooks.dns.length > 1) {
            // Several records (of one hosted zone: checked against the live zones while planning) change in one batch.
            if (flags.value?.length) {
              throw usageError(
                `--value would apply to all ${runbooks.dns.length} DNS records of .resil.yml (${runbooks.dns.map((d) => d.record).join(', ')}).`,
                "Set each record's value under runbooks.dns[].targets in .resil.yml, or pass --zone and --record to cut over one record.",
              );
            }
            const zones = distinctConfiguredZones(runbooks.dns);
            if (zones) throw crossZoneError(zones, to);
            dns = runbooks.dns.map((d) => dnsSpecFor(d, to));
          } else {
            dns = dnsSpecFor(runbooks.dns[0]!, to, flags.value);
          }
        }
        const lb = flags['load-balancer'] ?? runbooks.loadBalancers?.[to];
        const chosen =
          flags['global-cluster'] ??
          runbooks.globalCluster ??
          (await plan(() =>
            chooseGlobalCluster(session, to, { prompt: io.interactive && !flags.yes && !flags.json }),
          ));
        const params: FailoverParams = {
          to,
          mode,
          maxLagSeconds: flags['max-lag'] ?? runbooks.maxLagSeconds ?? rpoSeconds ?? 15,
          waitTtl: flags['wait-ttl'],
          agdTimeoutMs: (flags.timeout ?? runbooks.switchoverTimeoutMinutes ?? 30) * 60_000,
          dnsTimeoutMs: (flags['dns-timeout'] ?? runbooks.dnsTimeoutMinutes ?? 5) * 60_000,
          resyncTimeoutMs: (flags['resync-timeout'] ?? runbooks.resyncTimeoutMinutes ?? 5) * 60_000,
          ...(chosen ? { globalCluster: chosen } : {}),
          ...(lb ? { loadBalancer: lb } : {}),
          ...(dns ? { dns } : {}),
        };
        outcome = await plan(() =>
          startRun(
            'failover',
            params as unknown as Record<string, unknown>,
            (gw, id) => buildFailover(gw, params, id),
            session,
          ),
        );
      }
      this.exit(outcome.exitCode);
    } finally {
      dispose();
    }
  }
}

/** The zone and record(s) a journaled run cuts over, to compare with --zone/--record on a resume. */
function journaledDns(dns: DnsTargetSpec | DnsTargetSpec[] | undefined): {
  zone?: string | undefined;
  record?: string | undefined;
} {
  const specs = Array.isArray(dns) ? dns : dns ? [dns] : [];
  if (specs.length === 0) return {};
  return { zone: specs[0]!.zone, record: specs.map((d) => d.record).join(', ') };
}
