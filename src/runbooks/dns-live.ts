/**
 * What the Route 53 cutover reads from live state: the preconditions of the plan (health checks),
 * whether the records are as planned (a step's `isDone`), what changed since the plan (drift, checked
 * before the batch is sent), and the one-line live state shown when a run stops after a change.
 */
import type { Gateway } from '../aws/gateway/types.js';
import {
  describeRecord,
  plansOf,
  recordKey,
  recordNames,
  recordRegion,
  sameRecord,
  type DnsPlan,
  type DnsPlans,
} from './dns-plan.js';
import type { PreconditionResult } from './types.js';

/** The preconditions of every record; with several, each title and message names its record. */
export async function dnsBatchPreconditions(
  gw: Gateway,
  p: DnsPlans,
  before: string,
): Promise<PreconditionResult[]> {
  const plans = plansOf(p);
  if (plans.length === 1) return dnsPreconditions(gw, plans[0]!, before);
  const out: PreconditionResult[] = [];
  for (const plan of plans)
    for (const r of await dnsPreconditions(gw, plan, before))
      out.push({ ...r, title: `${plan.record}: ${r.title}`, message: `${plan.record}: ${r.message}` });
  return out;
}

export async function dnsPreconditions(
  gw: Gateway,
  p: DnsPlan,
  before: string,
): Promise<PreconditionResult[]> {
  const out: PreconditionResult[] = [];
  const hcIds = [...new Set(p.desired.map((r) => r.healthCheckId).filter((x): x is string => !!x))];
  const missing: string[] = [];
  const unhealthy: string[] = [];
  for (const id of hcIds) {
    const hc = await gw.healthCheckStatus(id);
    if (!hc.exists) missing.push(id);
    const rec = p.desired.find((r) => r.healthCheckId === id);
    const pointsAtTarget = rec ? recordRegion(rec, p.targetRegion) : false;
    if (hc.exists && pointsAtTarget && hc.status === 'unhealthy') unhealthy.push(id);
  }
  out.push({
    id: 'dns.health-checks-exist',
    title: 'The health checks the records use exist',
    before,
    forcible: true,
    ok: missing.length === 0,
    message: missing.length
      ? `health check(s) ${missing.join(', ')} referenced by ${p.record} no longer exist`
      : hcIds.length
        ? `${hcIds.length} health check(s) found`
        : 'the records use no health check',
  });
  out.push({
    id: 'dns.target-healthy',
    title: `The ${p.targetRegion} record's health check is healthy`,
    before,
    forcible: true,
    ok: unhealthy.length === 0,
    message: unhealthy.length
      ? `health check ${unhealthy.join(', ')} for the ${p.targetRegion} record reports unhealthy`
      : 'no unhealthy health check on the target record',
  });
  if (p.kind === 'failover') {
    const newPrimary = p.desired.find((r) => r.failover === 'PRIMARY')!;
    const ok = !!newPrimary.aliasTarget || !!newPrimary.healthCheckId;
    const what = `new PRIMARY [${newPrimary.setIdentifier}]`;
    out.push({
      id: 'dns.primary-health-check',
      title: 'The new PRIMARY record has a health check',
      before,
      forcible: false,
      ok,
      message: ok
        ? `${what} ${newPrimary.healthCheckId ? `uses health check ${newPrimary.healthCheckId}` : 'is an alias'}`
        : `${what} is not an alias and has no health check: Route 53 rejects this ` +
          '("A non-alias primary ResourceRecordSet must have an associated health check")',
    });
  }
  return out;
}

/** One line on where the records are (for a stop after a change). */
export async function dnsLiveState(gw: Gateway, plans: DnsPlans): Promise<string> {
  const parts: string[] = [];
  for (const p of plansOf(plans)) parts.push(await dnsLiveStateOf(gw, p));
  return parts.join(' · ');
}

async function dnsLiveStateOf(gw: Gateway, p: DnsPlan): Promise<string> {
  try {
    const m = await liveMatches(gw, p);
    return m.done
      ? `${p.record}: records as planned`
      : `${p.record}: ${m.observed.replace(` of ${p.record}`, '')}`;
  } catch (err) {
    return `${p.record}: records could not be read (${(err as Error).message})`;
  }
}

/** All the records as planned? (Several: one read per record; observed names those not yet as planned.) */
export async function batchMatches(
  gw: Gateway,
  plans: DnsPlan[],
): Promise<{ done: boolean; observed: string }> {
  if (plans.length === 1) return liveMatches(gw, plans[0]!);
  const ms = [];
  for (const p of plans) ms.push(await liveMatches(gw, p));
  const pending = ms.filter((m) => !m.done);
  return pending.length === 0
    ? { done: true, observed: `${recordNames(plans)} already as planned` }
    : { done: false, observed: pending.map((m) => m.observed).join('; ') };
}

async function liveMatches(gw: Gateway, p: DnsPlan): Promise<{ done: boolean; observed: string }> {
  const live = (await gw.listRecordSets(p.zoneId, p.record)).filter((r) => r.type === p.type);
  const pending = p.desired.filter((d) => !live.some((l) => sameRecord(l, d)));
  return pending.length === 0
    ? { done: true, observed: `${p.record} already as planned` }
    : { done: false, observed: `${pending.length} record set(s) of ${p.record} not yet as planned` };
}

/** Live records of the plan's name and type that are neither as snapshotted nor as planned (or are missing, or new). */
export async function driftSincePlan(gw: Gateway, p: DnsPlan): Promise<string[]> {
  const live = (await gw.listRecordSets(p.zoneId, p.record)).filter((r) => r.type === p.type);
  const out: string[] = [];
  for (const l of live) {
    const o = p.old.find((x) => recordKey(x) === recordKey(l));
    const d = p.desired.find((x) => recordKey(x) === recordKey(l));
    if (!o && !d) out.push(`new record ${describeRecord(l)}`);
    else if (!(o && sameRecord(o, l)) && !(d && sameRecord(d, l)))
      out.push(`now ${describeRecord(l)} (planned from ${o ? describeRecord(o) : '(none)'})`);
  }
  for (const o of p.old)
    if (!live.some((l) => recordKey(l) === recordKey(o))) out.push(`deleted ${describeRecord(o)}`);
  return out;
}
