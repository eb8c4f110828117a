import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { dnsSpecFor } from '../runbooks/config.js';
import { buildCutover, buildRollback, type CutoverParams } from '../runbooks/cutover.js';
import type { DnsPlans } from '../runbooks/dns.js';
import {
  loadRunbooksConfig,
  forceUnlock,
  makeSession,
  refuseWithForceUnlock,
  planning,
  refuseResumeConflicts,
  runbookFlags,
} from '../runbooks/cli-support.js';
import { loadRun, resumeRun, startRun } from '../runbooks/session.js';
import { usageError } from '../util/errors.js';

export default class Cutover extends BaseCommand {
  static override summary =
    'Point a Route 53 record at another region (weighted, failover or simple records), or roll a cutover back.';
  static override description = `Snapshots the current record sets into the journal, applies every change in ONE ChangeResourceRecordSets batch,
polls GetChange until INSYNC, waits out the old TTL (--no-wait-ttl skips it), then checks the answer with TestDNSAnswer.
  weighted records: all the weight moves to the record of the target region;
  failover records: PRIMARY and SECONDARY swap;
  simple records:   the value is replaced (--value, or runbooks.dns[].targets in .resil.yml).
--rollback RUN_ID restores the records journaled by that cutover or failover run.

Exit codes: 0 completed and verified · 2 bad input · 4 stopped before any change · 5 stopped after a change (see the resume command).`;

  static override examples = [
    '<%= config.bin %> cutover --zone example.com --record api.example.com --to us-west-2 --dry-run',
    '<%= config.bin %> cutover --zone example.com --record www.example.com --to us-west-2 --value west-alb.us-west-2.elb.amazonaws.com',
    '<%= config.bin %> cutover --rollback 20261126T170000Z-cutover-3fa2',
  ];

  static override flags = {
    to: Flags.string({ summary: 'Target region: the records pointing there get the traffic.' }),
    zone: Flags.string({ summary: 'Route 53 hosted zone (name or id).' }),
    record: Flags.string({ summary: 'Record name to cut over.' }),
    type: Flags.string({ summary: 'Record type, when the name has several (e.g. CNAME, A).' }),
    value: Flags.string({
      summary: 'New value for a simple record (repeat or comma-separate).',
      multiple: true,
      delimiter: ',',
    }),
    rollback: Flags.string({
      summary: 'Restore the records journaled by this run id (a cutover or a failover with DNS).',
      exclusive: ['to', 'resume'],
    }),
    ...runbookFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Cutover);
    // Reads before any change; no credentials or no endpoint is a usage error, as for resil audit.
    const where = { endpointUrl: flags['endpoint-url'], profile: flags.profile };
    const plan = <T>(fn: () => Promise<T>) => planning(fn, where);
    const { runbooks } = await loadRunbooksConfig(flags.config);
    if (flags['force-unlock'] !== undefined) {
      refuseWithForceUnlock(flags, ['to', 'zone', 'record', 'rollback']);
      const { io, dispose } = makeSession(flags, undefined, 'cutover');
      try {
        await forceUnlock(flags['force-unlock'], runbooks.lock, flags, io, (l) => this.note(l));
      } finally {
        dispose();
      }
      return;
    }
    if (flags.json && !flags.yes && !flags['dry-run'])
      throw usageError('--json never prompts: pass --yes (after reviewing with --dry-run).');
    const dnsTimeoutMs = (flags['dns-timeout'] ?? runbooks.dnsTimeoutMinutes ?? 5) * 60_000;
    const { session, dispose } = makeSession(flags, runbooks.lock, 'cutover');
    try {
      let outcome;
      if (flags.resume) {
        const info = loadRun(flags.resume);
        if (info.kind === 'failover')
          throw usageError(
            `Run ${info.runId} is a failover run.`,
            `Resume it with \`resil failover --resume ${info.ref}\`.`,
          );
        const p = info.params as unknown as CutoverParams & { rollbackOf?: string };
        refuseResumeConflicts(
          info.runId,
          'cutover',
          { to: p.to, zone: p.dns?.zone, record: p.dns?.record },
          { to: flags.to, zone: flags.zone, record: flags.record },
        );
        const prior = info.planData?.['dns'] as DnsPlans | undefined;
        outcome = await plan(() =>
          resumeRun(
            info,
            (gw, id) =>
              info.kind === 'cutover-rollback'
                ? buildRollback(
                    gw,
                    {},
                    String(p.rollbackOf),
                    { waitTtl: flags['wait-ttl'], dnsTimeoutMs },
                    id,
                    prior,
                  )
                : buildCutover(gw, p, id, prior),
            session,
          ),
        );
      } else if (flags.rollback) {
        const from = loadRun(flags.rollback);
        const params = { rollbackOf: from.runId, waitTtl: flags['wait-ttl'], dnsTimeoutMs };
        outcome = await plan(() =>
          startRun(
            'cutover-rollback',
            params,
            (gw, id) =>
              buildRollback(
                gw,
                from.planData ?? {},
                from.runId,
                { waitTtl: flags['wait-ttl'], dnsTimeoutMs },
                id,
              ),
            session,
          ),
        );
      } else {
        if (!flags.to)
          throw usageError(
            'Missing --to REGION.',
            'Example: resil cutover --zone example.com --record api.example.com --to us-west-2',
          );
        let entry =
          flags.zone && flags.record
            ? { zone: flags.zone, record: flags.record, ...(flags.type ? { type: flags.type } : {}) }
            : undefined;
        if (!entry && runbooks.dns?.length === 1) entry = runbooks.dns[0]!;
        if (!entry) {
          throw usageError(
            'Which record? Pass --zone and --record.',
            runbooks.dns?.length
              ? `Configured: ${runbooks.dns.map((d) => `${d.record} in ${d.zone}`).join(', ')}.`
              : 'Or list it under runbooks.dns in .resil.yml.',
          );
        }
        const configured = runbooks.dns?.find((d) => d.record === entry!.record && d.zone === entry!.zone);
        const dns = dnsSpecFor({ ...configured, ...entry }, flags.to, flags.value);
        const params: CutoverParams = { to: flags.to, dns, waitTtl: flags['wait-ttl'], dnsTimeoutMs };
        outcome = await plan(() =>
          startRun(
            'cutover',
            params as unknown as Record<string, unknown>,
            (gw, id) => buildCutover(gw, params, id),
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
