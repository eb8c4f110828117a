/**
 * `resil cutover --zone ZONE --record NAME --to REGION` (Route 53 only), and
 * `resil cutover --rollback RUN_ID`, which restores the record sets journaled by a cutover or
 * failover run.
 */
import type { Gateway } from '../aws/gateway/types.js';
import { usageError } from '../util/errors.js';
import {
  dnsBatchPreconditions,
  dnsBatchSummary,
  dnsLiveState,
  dnsPreconditions,
  dnsSteps,
  findZone,
  planDnsChange,
  plansOf,
  recordNames,
  rollbackPlans,
  type DnsPlans,
  type DnsTargetSpec,
} from './dns.js';
import type { Runbook } from './types.js';

export interface CutoverParams {
  to: string;
  dns: DnsTargetSpec;
  waitTtl: boolean;
  dnsTimeoutMs: number;
}

function runbookFor(
  kind: Runbook['kind'],
  title: string,
  plan: DnsPlans,
  pre: Runbook['preconditions'],
  o: { waitTtl: boolean; dnsTimeoutMs: number; runId: string },
  extra: Record<string, unknown> = {},
): Runbook {
  return {
    kind,
    title,
    lockKey: `dns-${plansOf(plan)[0]!.zoneId}-${recordNames(plansOf(plan))}`,
    // Route 53's control plane answers in us-east-1: the run depends on it already.
    callerRegion: 'us-east-1',
    confirmToken: recordNames(plansOf(plan)),
    summary: dnsBatchSummary(plan),
    data: { dns: plan, ...extra },
    preconditions: pre,
    steps: dnsSteps(plan, { waitTtl: o.waitTtl, insyncTimeoutMs: o.dnsTimeoutMs, runId: o.runId }),
    liveState: async (ctx) => dnsLiveState(ctx.gw, plan),
    resumeCommand: (id) => `resil cutover --resume ${id}`,
  };
}

export async function buildCutover(
  gw: Gateway,
  p: CutoverParams,
  runId: string,
  prior?: DnsPlans,
): Promise<Runbook> {
  let plan = prior;
  if (!plan) {
    const zone = findZone(await gw.listHostedZones(), p.dns.zone);
    plan = planDnsChange(zone, await gw.listRecordSets(zone.id, p.dns.record), p.dns, p.to);
  }
  const pre = Array.isArray(plan)
    ? await dnsBatchPreconditions(gw, plan, 'dns-change')
    : await dnsPreconditions(gw, plan, 'dns-change');
  return runbookFor('cutover', `cutover of ${recordNames(plansOf(plan))} to ${p.to}`, plan, pre, {
    ...p,
    runId,
  });
}

/** Restores the snapshot from another run's plan (a cutover, or a failover with DNS steps). */
export async function buildRollback(
  gw: Gateway,
  fromPlanData: Record<string, unknown>,
  fromRunId: string,
  o: { waitTtl: boolean; dnsTimeoutMs: number },
  runId: string,
  prior?: DnsPlans,
): Promise<Runbook> {
  // One record (an object) or several of one zone (an array, from a failover run): all restored in one batch.
  const dns = fromPlanData['dns'] as DnsPlans | undefined;
  if (plansOf(dns).length === 0 && !prior)
    throw usageError(`Run ${fromRunId} changed no DNS records: there is nothing to roll back.`);
  const plan = prior ?? rollbackPlans(dns!, fromRunId);
  // Rollback restores a known-good snapshot: only the existence of health checks is checked.
  const pre = (await dnsBatchPreconditions(gw, plan, 'dns-change')).filter(
    (x) => x.id !== 'dns.target-healthy',
  );
  return runbookFor(
    'cutover-rollback',
    `rollback of ${recordNames(plansOf(plan))} to ${Array.isArray(plan) ? 'their' : 'its'} records before run ${fromRunId}`,
    plan,
    pre,
    { ...o, runId },
    { rollbackOf: fromRunId },
  );
}
