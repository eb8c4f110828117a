/**
 * Route 53 cutover, planned and executed: weighted records (shift all weight to the target
 * region), failover records (swap PRIMARY/SECONDARY), or a simple record repointed to a new value.
 * The old record sets are snapshotted in the plan (journaled): that is what rollback restores.
 * All changes go in ONE ChangeResourceRecordSets batch, then GetChange is polled until INSYNC,
 * the old TTL is waited out, and the answer is checked with TestDNSAnswer where available.
 *
 * A failover run may cut over several records of ONE hosted zone: each record has its own DnsPlan,
 * and the steps take them all (`DnsPlans`): one batch (Route 53 applies it atomically), one INSYNC
 * wait, the largest old TTL, and each record's answer verified. A journaled plan of one record is a
 * DnsPlan object; of several, an array (older journals, and one-record runs, keep the object form).
 */
import {
  changeBatchRequest,
  fqdn,
  type DnsRecord,
  type Gateway,
  type HostedZoneView,
} from '../aws/gateway/types.js';
import { usageError } from '../util/errors.js';
import type { PreconditionResult, Step, StepContext, StepState, VerifyResult } from './types.js';

export interface DnsTargetSpec {
  /** Hosted zone name (example.com) or id (Z123...). */
  zone: string;
  record: string;
  type?: string;
  /** For a simple record: the new values (CNAME target, A addresses). */
  value?: string[];
  /** For a simple alias record: the new alias target. */
  alias?: { dnsName: string; hostedZoneId: string; evaluateTargetHealth?: boolean };
}

export interface DnsPlan {
  zoneId: string;
  zoneName: string;
  record: string;
  type: string;
  kind: 'weighted' | 'failover' | 'simple';
  targetRegion: string;
  /** Snapshot of the record sets before the change (what rollback restores). */
  old: DnsRecord[];
  /** The record sets after the change (same keys as `old`). */
  desired: DnsRecord[];
  /** The longest old TTL: how long resolvers may keep the old answer. */
  oldTtlSeconds: number;
  /** How step titles name the target (default: the region). */
  targetLabel?: string;
}

/** One record's plan, or the plans of several records of the same hosted zone (one batch). */
export type DnsPlans = DnsPlan | DnsPlan[];

/** The plans as a list (a journaled plan may be one object or an array). */
export function plansOf(x: DnsPlans | undefined | null): DnsPlan[] {
  return Array.isArray(x) ? x : x ? [x] : [];
}

/** One plan stays an object (unchanged journal form); several are an array. */
export function packPlans(plans: DnsPlan[]): DnsPlans {
  return plans.length === 1 ? plans[0]! : plans;
}

/** How messages name the records: "api.example.com" or "api.example.com, db.example.com". */
export function recordNames(plans: DnsPlan[]): string {
  return plans.map((p) => p.record).join(', ');
}

const key = (r: DnsRecord) => `${r.type}|${r.setIdentifier ?? ''}`;

function norm(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** Does this record point at the given region (latency region, set identifier, alias or value naming it)? */
export function recordRegion(r: DnsRecord, region: string): boolean {
  if (r.region) return r.region === region;
  const hay = [r.setIdentifier ?? '', r.aliasTarget?.dnsName ?? '', ...r.values].map((s) => s.toLowerCase());
  return hay.some((s) => s.includes(region));
}

export function describeRecord(r: DnsRecord): string {
  const target = r.aliasTarget ? `alias ${norm(r.aliasTarget.dnsName)}` : r.values.join(', ');
  const routing = r.failover ? `${r.failover} ` : r.weight !== undefined ? `weight ${r.weight} ` : '';
  return `${r.setIdentifier ? `[${r.setIdentifier}] ` : ''}${routing}→ ${target}${r.aliasTarget ? '' : ` (TTL ${r.ttl ?? '?'} s)`}${r.healthCheckId ? ` health check ${r.healthCheckId}` : ''}`;
}

export function sameRecord(a: DnsRecord, b: DnsRecord): boolean {
  const vals = (r: DnsRecord) => [...r.values].map(norm).sort().join(',');
  return (
    key(a) === key(b) &&
    (a.weight ?? null) === (b.weight ?? null) &&
    (a.failover ?? null) === (b.failover ?? null) &&
    vals(a) === vals(b) &&
    norm(a.aliasTarget?.dnsName ?? '') === norm(b.aliasTarget?.dnsName ?? '') &&
    (a.healthCheckId ?? null) === (b.healthCheckId ?? null) &&
    (a.aliasTarget ? true : (a.ttl ?? null) === (b.ttl ?? null))
  );
}

export function findZone(zones: HostedZoneView[], zone: string): HostedZoneView {
  const byId = zones.find((z) => z.id === zone.replace(/^\/hostedzone\//, ''));
  if (byId) return byId;
  const matches = zones.filter((z) => fqdn(z.name) === fqdn(zone));
  if (matches.length === 1) return matches[0]!;
  const list = zones.map((z) => `${z.name} (${z.id}${z.private ? ', private' : ''})`).join(', ') || 'none';
  if (matches.length > 1) {
    throw usageError(
      `Several hosted zones are named ${fqdn(zone)}: ${matches.map((z) => z.id).join(', ')}.`,
      'Pass the zone id to --zone.',
    );
  }
  throw usageError(`Unknown hosted zone ${zone}.`, `Hosted zones: ${list}.`);
}

/** Computes the cutover from the live record sets (pure). Throws a usage error naming what exists. */
export function planDnsChange(
  zone: HostedZoneView,
  records: DnsRecord[],
  spec: DnsTargetSpec,
  targetRegion: string,
): DnsPlan {
  const name = fqdn(spec.record);
  if (records.length === 0) {
    throw usageError(
      `No record named ${name} in hosted zone ${zone.name} (${zone.id}).`,
      'Check --record (list them with `aws route53 list-resource-record-sets`).',
    );
  }
  const types = [...new Set(records.map((r) => r.type))].sort();
  const type = spec.type?.toUpperCase() ?? (types.length === 1 ? types[0]! : undefined);
  if (!type) throw usageError(`${name} has records of several types (${types.join(', ')}).`, 'Pass --type.');
  const set = records.filter((r) => r.type === type);
  if (set.length === 0) throw usageError(`${name} has no ${type} record; it has: ${types.join(', ')}.`);
  const unsupported = set.find(
    (r) => r.unsupportedRouting || (r.region && r.weight === undefined && !r.failover),
  );
  if (unsupported) {
    throw usageError(
      `${name} ${type} uses ${unsupported.unsupportedRouting ?? 'latency'} routing, which resil cutover does not change.`,
      'Supported: weighted, failover, and simple records.',
    );
  }
  const base = { zoneId: zone.id, zoneName: zone.name, record: name, type, targetRegion, old: set };
  const oldTtlSeconds = Math.max(...set.map((r) => (r.aliasTarget ? 60 : (r.ttl ?? 60))));
  const listed = set.map((r) => r.setIdentifier ?? '(no set id)').join(', ');

  if (set.some((r) => r.failover)) {
    const primary = set.find((r) => r.failover === 'PRIMARY');
    const secondary = set.find((r) => r.failover === 'SECONDARY');
    if (!primary || !secondary)
      throw usageError(
        `${name} ${type} has failover records but not both PRIMARY and SECONDARY (${listed}).`,
      );
    const targetIsPrimary = recordRegion(primary, targetRegion);
    const targetIsSecondary = recordRegion(secondary, targetRegion);
    if (targetIsPrimary === targetIsSecondary) {
      throw usageError(
        `Cannot tell which failover record of ${name} points at ${targetRegion} (${set.map(describeRecord).join('; ')}).`,
        'Name the region in the set identifier (e.g. "us-west-2"), or use an alias/value that contains it.',
      );
    }
    const desired = targetIsPrimary
      ? set
      : set.map((r) =>
          r === primary
            ? { ...r, failover: 'SECONDARY' as const }
            : r === secondary
              ? { ...r, failover: 'PRIMARY' as const }
              : r,
        );
    return { ...base, kind: 'failover', desired, oldTtlSeconds };
  }
  if (set.some((r) => r.weight !== undefined)) {
    const targets = set.filter((r) => recordRegion(r, targetRegion));
    if (targets.length !== 1) {
      throw usageError(
        `${targets.length === 0 ? 'No' : 'Several'} weighted record(s) of ${name} point at ${targetRegion} (records: ${listed}).`,
        'Name the region in the set identifier (e.g. "us-west-2"), or use an alias/value that contains it.',
      );
    }
    const total = set.reduce((n, r) => n + (r.weight ?? 0), 0);
    const desired = set.map((r) => ({
      ...r,
      weight: r === targets[0] ? (total > 0 ? Math.min(255, total) : 100) : 0,
    }));
    return { ...base, kind: 'weighted', desired, oldTtlSeconds };
  }
  if (set.length !== 1)
    throw usageError(`${name} ${type} has ${set.length} records without routing policy; expected one.`);
  const old = set[0]!;
  let next: DnsRecord;
  if (old.aliasTarget) {
    if (!spec.alias)
      throw usageError(
        `${name} is a simple alias record: resil needs the new alias target for ${targetRegion}.`,
        `Set runbooks.dns[].targets.${targetRegion} to { aliasDnsName, aliasHostedZoneId } in .resil.yml.`,
      );
    next = {
      ...old,
      aliasTarget: {
        dnsName: spec.alias.dnsName,
        hostedZoneId: spec.alias.hostedZoneId,
        evaluateTargetHealth: spec.alias.evaluateTargetHealth ?? old.aliasTarget.evaluateTargetHealth,
      },
    };
  } else {
    if (!spec.value?.length)
      throw usageError(
        `${name} is a simple ${type} record: resil needs its new value for ${targetRegion}.`,
        `Pass --value, or set runbooks.dns[].targets.${targetRegion} in .resil.yml.`,
      );
    next = { ...old, values: spec.value };
  }
  return { ...base, kind: 'simple', desired: [next], oldTtlSeconds };
}

/** The records of the batch: those whose desired state differs from the snapshot. */
export function dnsChanges(p: DnsPlan): DnsRecord[] {
  return p.desired.filter((d) => !p.old.some((o) => sameRecord(o, d)));
}

export function dnsSummary(p: DnsPlan): string[] {
  const lines = [`Route 53 ${p.record} ${p.type} (${p.kind}) in ${p.zoneName} (${p.zoneId}):`];
  for (const d of p.desired) {
    const o = p.old.find((x) => key(x) === key(d));
    lines.push(
      o && sameRecord(o, d)
        ? `  ${describeRecord(d)}  (unchanged)`
        : `  ${o ? describeRecord(o) : '(new)'}\n    ⇒ ${describeRecord(d)}`,
    );
  }
  lines.push(`  Old TTL: ${p.oldTtlSeconds} s (resolvers may keep the old answer that long after INSYNC).`);
  return lines;
}

/** Every change of every plan (same zone), as UPSERTs, in plan order. */
function batchChanges(plans: DnsPlan[]) {
  return plans.flatMap((p) => dnsChanges(p).map((record) => ({ action: 'UPSERT' as const, record })));
}

export function changeBatchParams(p: DnsPlans, comment: string): Record<string, unknown> {
  const plans = plansOf(p);
  return changeBatchRequest(plans[0]!.zoneId, batchChanges(plans), comment);
}

/** The largest old TTL of the plans: how long resolvers may keep some old answer. */
export function maxOldTtl(plans: DnsPlan[]): number {
  return Math.max(...plans.map((p) => p.oldTtlSeconds));
}

/** The plan lines of every record; with several, a closing line on the one batch and the TTL waited. */
export function dnsBatchSummary(p: DnsPlans): string[] {
  const plans = plansOf(p);
  const lines = plans.flatMap(dnsSummary);
  if (plans.length > 1) {
    lines.push(
      `Route 53: the ${plans.length} records above change in ONE batch (applied atomically); resil waits out the largest old TTL, ${maxOldTtl(plans)} s.`,
    );
  }
  return lines;
}

/**
 * The usage error for DNS records of several hosted zones (exit 2): one batch is atomic within one
 * zone only, so a failover run never splits a cutover into several batches that can fail alone.
 */
export function crossZoneError(
  byZone: Array<{ zone: string; records: string[]; zoneArg?: string }>,
  to: string,
) {
  return usageError(
    `The DNS records to cut over are in ${byZone.length} hosted zones: ${byZone.map((z) => `${z.zone}: ${z.records.join(', ')}`).join('; ')}. ` +
      'A failover run cuts over the records of ONE hosted zone, in one atomic change batch.',
    `Run \`resil failover --to ${to} --skip-dns\`, then \`resil cutover --zone ZONE --record NAME --to ${to}\` for the records of each zone: ` +
      byZone
        .map((z) => z.records.map((r) => `--zone ${z.zoneArg ?? z.zone} --record ${r}`).join(', '))
        .join('; ') +
      '.',
    'Or pass --zone and --record to cut over one record in the failover run.',
  );
}

/**
 * Zones named differently in the config (two names, or two ids) are different zones: refused before
 * any AWS call. A name and an id may be the same zone: that is decided after ListHostedZones.
 */
export function distinctConfiguredZones(
  entries: Array<{ zone: string; record: string }>,
): Array<{ zone: string; records: string[] }> | undefined {
  const isId = (z: string) => /^(\/hostedzone\/)?Z[A-Z0-9]+$/.test(z);
  const keyOf = (z: string) => (isId(z) ? `id:${z.replace(/^\/hostedzone\//, '')}` : `name:${fqdn(z)}`);
  const groups = new Map<string, { zone: string; records: string[] }>();
  for (const e of entries) {
    const k = keyOf(e.zone);
    const g = groups.get(k) ?? {
      zone: isId(e.zone) ? e.zone.replace(/^\/hostedzone\//, '') : fqdn(e.zone),
      records: [],
    };
    g.records.push(e.record);
    groups.set(k, g);
  }
  const keys = [...groups.keys()];
  const names = keys.filter((k) => k.startsWith('name:')).length;
  const ids = keys.length - names;
  return names > 1 || ids > 1 ? [...groups.values()] : undefined;
}

/**
 * Checks the plans of one batch (pure, after the reads): one hosted zone, and no record twice
 * (Route 53 rejects a batch that changes one record set twice).
 */
export function checkBatch(plans: DnsPlan[]): void {
  const zones = [...new Set(plans.map((p) => p.zoneId))];
  if (zones.length > 1)
    throw usageError(
      `The records are in ${zones.length} hosted zones (${zones.join(', ')}); one change batch covers one zone.`,
    );
  const seen = new Set<string>();
  for (const p of plans) {
    const k = `${p.record}|${p.type}`;
    if (seen.has(k))
      throw usageError(
        `${p.record} ${p.type} is listed twice.`,
        'List each record once under runbooks.dns in .resil.yml.',
      );
    seen.add(k);
  }
}

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
    out.push({
      id: 'dns.primary-health-check',
      title: 'The new PRIMARY record has a health check',
      before,
      forcible: false,
      ok,
      message: ok
        ? `new PRIMARY [${newPrimary.setIdentifier}] ${newPrimary.healthCheckId ? `uses health check ${newPrimary.healthCheckId}` : 'is an alias'}`
        : `new PRIMARY [${newPrimary.setIdentifier}] is not an alias and has no health check: Route 53 rejects this ("A non-alias primary ResourceRecordSet must have an associated health check")`,
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
async function batchMatches(gw: Gateway, plans: DnsPlan[]): Promise<{ done: boolean; observed: string }> {
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
async function driftSincePlan(gw: Gateway, p: DnsPlan): Promise<string[]> {
  const live = (await gw.listRecordSets(p.zoneId, p.record)).filter((r) => r.type === p.type);
  const out: string[] = [];
  for (const l of live) {
    const o = p.old.find((x) => key(x) === key(l));
    const d = p.desired.find((x) => key(x) === key(l));
    if (!o && !d) out.push(`new record ${describeRecord(l)}`);
    else if (!(o && sameRecord(o, l)) && !(d && sameRecord(d, l)))
      out.push(`now ${describeRecord(l)} (planned from ${o ? describeRecord(o) : '(none)'})`);
  }
  for (const o of p.old) if (!live.some((l) => key(l) === key(o))) out.push(`deleted ${describeRecord(o)}`);
  return out;
}

export interface DnsStepOptions {
  waitTtl: boolean;
  insyncTimeoutMs: number;
  /** Used in the change batch comment and step ids. */
  runId: string;
}

/**
 * Was the change batch sent by an earlier attempt of this run whose answer (the change id) was never
 * journaled? (A kill -9 between ChangeResourceRecordSets succeeding and its journal line.) Then the
 * records are as planned but there is no change id to poll: INSYNC cannot be confirmed.
 */
function changeIdLost(ctx: StepContext): boolean {
  return ctx.unrecorded.has('dns-change') && typeof ctx.results['dns-change']?.['changeId'] !== 'string';
}

/** Route 53 limits a change batch comment to 256 characters. */
function batchComment(runId: string, plans: DnsPlan[]): string {
  const names = recordNames(plans);
  const c = `resil run ${runId}: cutover of ${names} to ${plans[0]!.targetRegion}`;
  return c.length <= 256
    ? c
    : `resil run ${runId}: cutover of ${plans.length} records to ${plans[0]!.targetRegion}`;
}

export function dnsSteps(plans: DnsPlans, o: DnsStepOptions): Step[] {
  const all = plansOf(plans);
  if (all.length === 0) throw new Error('dnsSteps: no DNS plan');
  checkBatch(all);
  // `p` names the batch in titles; one-record runs read exactly as before.
  const p = { ...all[0]!, record: recordNames(all), oldTtlSeconds: maxOldTtl(all) };
  const comment = batchComment(o.runId, all);
  // Propagation allowance when INSYNC cannot be confirmed: the margin, never more than --dns-timeout.
  const marginMs = (ctx: StepContext) => Math.min(ctx.dnsMarginMs, o.insyncTimeoutMs);
  const change: Step = {
    id: 'dns-change',
    title: `Route 53: point ${p.record} at ${p.targetLabel ?? p.targetRegion} (one change batch)`,
    mutating: true,
    canLoseData: false,
    change: dnsBatchSummary(all).join('\n'),
    describe: () => [
      {
        service: 'route53',
        region: 'us-east-1',
        operation: 'ChangeResourceRecordSets',
        params: changeBatchParams(all, comment),
      },
    ],
    isDone: async (ctx) => {
      const m = await batchMatches(ctx.gw, all);
      if (m.done && changeIdLost(ctx)) {
        return {
          status: 'done',
          observed: `${p.record} already as planned: the batch sent by an earlier attempt of this run took effect (its answer was lost); not sent again`,
        };
      }
      return { status: m.done ? 'done' : 'todo', observed: m.observed };
    },
    execute: async (ctx) => {
      // UPSERT overwrites whatever is there: re-read just before sending (the prompt may have waited
      // minutes), and never send over a change this plan did not see.
      // Every record of the batch is re-read: a change to any of them stops the whole batch.
      const drifted: string[] = [];
      for (const q of all) {
        const drift = await driftSincePlan(ctx.gw, q);
        if (drift.length) drifted.push(`${q.record} ${q.type}: ${drift.join('; ')}`);
      }
      if (drifted.length) {
        const what =
          all.length === 1
            ? `the records of ${all[0]!.record} ${all[0]!.type} changed since the plan (by someone else?): ${drifted[0]!.slice(`${all[0]!.record} ${all[0]!.type}: `.length)}`
            : `records of the batch changed since the plan (by someone else?): ${drifted.join(' | ')}`;
        throw new Error(
          `${what}. The change batch was NOT sent${all.length > 1 ? ' (none of its records was changed)' : ''}: ` +
            'resil does not overwrite a change it did not plan. Review the records, then start a new run.',
        );
      }
      const res = await ctx.gw.changeRecordSets(p.zoneId, batchChanges(all), comment);
      return {
        changeId: res.change.id,
        status: res.change.status,
        submittedAt: ctx.now(),
        ...(res.requestId ? { requestId: res.requestId } : {}),
      };
    },
  };
  const insync: Step = {
    id: 'dns-insync',
    title: 'Route 53: wait until the change is INSYNC',
    mutating: false,
    canLoseData: false,
    describe: () => [
      {
        service: 'route53',
        region: 'us-east-1',
        operation: 'GetChange',
        params: { Id: '<ChangeInfo.Id from dns-change>' },
      },
    ],
    isDone: async (ctx): Promise<StepState> => {
      const id = ctx.results['dns-change']?.['changeId'];
      if (typeof id !== 'string') {
        const m = await batchMatches(ctx.gw, all);
        if (m.done && changeIdLost(ctx)) {
          const margin = Math.round(marginMs(ctx) / 1000);
          return {
            status: 'todo',
            observed: 'change id lost: INSYNC cannot be confirmed',
            warning:
              `The Route 53 change batch was sent by an earlier attempt of this run, which stopped before journaling its change id. ` +
              `The records are as planned, so the batch is NOT sent again. With no change id, INSYNC cannot be confirmed: resil waits ${margin} s ` +
              `for propagation instead (bounded by --dns-timeout)${o.waitTtl ? `, then the old TTL (${p.oldTtlSeconds} s)` : ' (--no-wait-ttl: not the old TTL)'}, ` +
              'then verifies the answer (TestDNSAnswer where available).',
          };
        }
        return m.done
          ? { status: 'done', observed: 'records as planned; no change id recorded to poll' }
          : { status: 'todo', observed: 'change not made yet' };
      }
      const c = await ctx.gw.getChange(id);
      return { status: c.status === 'INSYNC' ? 'done' : 'in-progress', observed: `change ${id} ${c.status}` };
    },
    verify: {
      timeoutMs: o.insyncTimeoutMs,
      whatToCheck:
        'the change in the Route 53 console or `aws route53 get-change --id <id>`; Route 53 usually reaches INSYNC within 60–120 s.',
      check: async (ctx) => {
        const id = ctx.results['dns-change']?.['changeId'];
        if (typeof id !== 'string' && changeIdLost(ctx)) {
          // No id to poll: wait the propagation margin from the first check (from now: the batch may have been sent just before the kill).
          const prev = ctx.results['dns-insync'] ?? {};
          const from = typeof prev['marginFrom'] === 'number' ? prev['marginFrom'] : ctx.now();
          const left = marginMs(ctx) - (ctx.now() - from);
          ctx.results['dns-insync'] = {
            changeIdLost: true,
            marginFrom: from,
            ...(left <= 0 ? { propagatedAt: ctx.now() } : {}),
          };
          return left <= 0
            ? {
                ok: true,
                observed: `change id lost: INSYNC not confirmed; waited ${Math.round(marginMs(ctx) / 1000)} s for propagation instead`,
              }
            : {
                ok: false,
                observed: `change id lost: INSYNC cannot be confirmed; ${Math.ceil(left / 1000)} s of propagation margin left`,
              };
        }
        if (typeof id !== 'string') return { ok: true, observed: 'no change id to poll' };
        const c = await ctx.gw.getChange(id);
        return { ok: c.status === 'INSYNC', observed: `change ${id} ${c.status}` };
      },
    },
  };
  const ttlMs = p.oldTtlSeconds * 1000;
  const since = (ctx: StepContext) => {
    // From the submission, or (change id lost) from the end of the propagation margin.
    const t = ctx.results['dns-change']?.['submittedAt'] ?? ctx.results['dns-insync']?.['propagatedAt'];
    return typeof t === 'number' ? t : undefined;
  };
  const ttl: Step = {
    id: 'dns-ttl',
    title: `Wait out the ${all.length > 1 ? 'largest ' : ''}old TTL (${p.oldTtlSeconds} s)`,
    mutating: false,
    canLoseData: false,
    describe: () => [],
    isDone: async (ctx) => {
      const t = since(ctx);
      if (t === undefined) return { status: 'todo', observed: 'change not made by this run yet' };
      const left = ttlMs - (ctx.now() - t);
      return left <= 0
        ? { status: 'done', observed: 'old TTL elapsed' }
        : { status: 'todo', observed: `${Math.ceil(left / 1000)} s of TTL left` };
    },
    verify: {
      timeoutMs: ttlMs + 60_000,
      whatToCheck: 'nothing: this only waits for resolvers to drop the old answer.',
      check: async (ctx) => {
        let t = since(ctx);
        if (t === undefined) {
          // Change made by an earlier attempt that was killed before journaling: wait a full TTL from now.
          ctx.results['dns-change'] = { ...(ctx.results['dns-change'] ?? {}), submittedAt: ctx.now() };
          t = ctx.now();
        }
        const left = ttlMs - (ctx.now() - t);
        return {
          ok: left <= 0,
          observed: left <= 0 ? 'old TTL elapsed' : `${Math.ceil(left / 1000)} s of old TTL left`,
        };
      },
    },
  };
  // What a resolver should get: the PRIMARY (failover), the heaviest record (weighted), or the one record.
  const expectedOf = (q: DnsPlan) =>
    q.kind === 'failover'
      ? q.desired.find((r) => r.failover === 'PRIMARY')!
      : [...q.desired].sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0))[0]!;
  const checkAnswer = async (ctx: StepContext, q: DnsPlan): Promise<VerifyResult> => {
    const a = await ctx.gw.testDnsAnswer(q.zoneId, q.record, q.type);
    if (!a) {
      return {
        ok: true,
        observed: changeIdLost(ctx)
          ? `TestDNSAnswer not available on this endpoint: relied on the propagation margin${o.waitTtl ? ' and the old TTL' : ''} (INSYNC not confirmed: change id lost)`
          : `TestDNSAnswer not available on this endpoint: relied on INSYNC${o.waitTtl ? ' and the TTL' : ''}`,
      };
    }
    if (a.responseCode !== 'NOERROR') return { ok: false, observed: `TestDNSAnswer ${a.responseCode}` };
    const expected = expectedOf(q);
    if (expected.aliasTarget || expected.values.length === 0)
      return { ok: true, observed: `TestDNSAnswer NOERROR (${a.answers.join(', ') || 'alias'})` };
    const want = expected.values.map(norm).sort().join(',');
    const got = a.answers.map(norm).sort().join(',');
    return {
      ok: want === got,
      observed: `TestDNSAnswer ${got || '(empty)'}${want === got ? '' : ` (want ${want})`}`,
    };
  };
  const verify: Step = {
    id: 'dns-verify',
    title: `Verify Route 53 answers ${p.record} with the ${p.targetLabel ?? p.targetRegion} target`,
    mutating: false,
    canLoseData: false,
    describe: () =>
      all.map((q) => ({
        service: 'route53',
        region: 'us-east-1',
        operation: 'TestDNSAnswer',
        params: { HostedZoneId: q.zoneId, RecordName: q.record, RecordType: q.type },
      })),
    isDone: async () => ({ status: 'todo', observed: 'not verified yet' }),
    verify: {
      timeoutMs: o.insyncTimeoutMs,
      whatToCheck: `${all.map((q) => `\`aws route53 test-dns-answer --hosted-zone-id ${q.zoneId} --record-name ${q.record} --record-type ${q.type}\``).join(', ')} and the target's health check.`,
      check: async (ctx) => {
        if (all.length === 1) return checkAnswer(ctx, all[0]!);
        // Each record answered on its own; the step holds when every one does.
        const rs: VerifyResult[] = [];
        for (const q of all) rs.push(await checkAnswer(ctx, q));
        return {
          ok: rs.every((r) => r.ok),
          observed: all.map((q, i) => `${q.record}: ${rs[i]!.observed}`).join('; '),
        };
      },
    },
  };
  return o.waitTtl ? [change, insync, ttl, verify] : [change, insync, verify];
}

/** The rollback plan: restore the snapshot (desired := old, old := what the cutover set). */
export function rollbackPlan(p: DnsPlan, fromRunId: string): DnsPlan {
  return {
    ...p,
    old: p.desired,
    desired: p.old,
    targetRegion: '',
    targetLabel: `the records saved by run ${fromRunId}`,
  };
}

/** The rollback of every record of a journaled plan (one object or an array): one batch again. */
export function rollbackPlans(p: DnsPlans, fromRunId: string): DnsPlans {
  return Array.isArray(p) ? p.map((q) => rollbackPlan(q, fromRunId)) : rollbackPlan(p, fromRunId);
}
