/**
 * `resil cutover --zone ZONE --record NAME --to REGION` (Route 53 only), and
 * `resil cutover --rollback RUN_ID`, which restores the record sets journaled by a cutover or
 * failover run.
 */
import type { Gateway } from '../aws/gateway/types.js';
import { usageError } from '../util/errors.js';
import { dnsPreconditions, dnsSteps, dnsSummary, findZone, planDnsChange, rollbackPlan, sameRecord, type DnsPlan, type DnsTargetSpec } from './dns.js';
import type { Runbook } from './types.js';

export interface CutoverParams {
  to: string;
  dns: DnsTargetSpec;
  waitTtl: boolean;
  dnsTimeoutMs: number;
}

function runbookFor(kind: Runbook['kind'], title: string, plan: DnsPlan, pre: Runbook['preconditions'], o: { waitTtl: boolean; dnsTimeoutMs: number; runId: string }, extra: Record<string, unknown> = {}): Runbook {
  return {
    kind,
    title,
    lockKey: `dns-${plan.zoneId}-${plan.record}`,
    confirmToken: plan.record,
    summary: dnsSummary(plan),
    data: { dns: plan, ...extra },
    preconditions: pre,
    steps: dnsSteps(plan, { waitTtl: o.waitTtl, insyncTimeoutMs: o.dnsTimeoutMs, runId: o.runId }),
    liveState: async (ctx) => {
      const live = (await ctx.gw.listRecordSets(plan.zoneId, plan.record)).filter((r) => r.type === plan.type);
      const pending = plan.desired.filter((d) => !live.some((l) => sameRecord(l, d))).length;
      return pending ? `${pending} record set(s) of ${plan.record} not as planned` : `${plan.record} records as planned`;
    },
    resumeCommand: (id) => `resil cutover --resume ${id}`,
  };
}

export async function buildCutover(gw: Gateway, p: CutoverParams, runId: string, prior?: DnsPlan): Promise<Runbook> {
  let plan = prior;
  if (!plan) {
    const zone = findZone(await gw.listHostedZones(), p.dns.zone);
    plan = planDnsChange(zone, await gw.listRecordSets(zone.id, p.dns.record), p.dns, p.to);
  }
  const pre = await dnsPreconditions(gw, plan, 'dns-change');
  return runbookFor('cutover', `cutover of ${plan.record} to ${p.to}`, plan, pre, { ...p, runId });
}

/** Restores the snapshot from another run's plan (a cutover, or a failover with DNS steps). */
export async function buildRollback(gw: Gateway, fromPlanData: Record<string, unknown>, fromRunId: string, o: { waitTtl: boolean; dnsTimeoutMs: number }, runId: string, prior?: DnsPlan): Promise<Runbook> {
  const dns = fromPlanData['dns'] as DnsPlan | undefined;
  if (!dns && !prior) throw usageError(`Run ${fromRunId} changed no DNS records: there is nothing to roll back.`);
  const plan = prior ?? rollbackPlan(dns!, fromRunId);
  // Rollback restores a known-good snapshot: only the existence of health checks is checked.
  const pre = (await dnsPreconditions(gw, plan, 'dns-change')).filter((x) => x.id !== 'dns.target-healthy');
  return runbookFor('cutover-rollback', `rollback of ${plan.record} to its records before run ${fromRunId}`, plan, pre,
    { ...o, runId }, { rollbackOf: fromRunId });
}
