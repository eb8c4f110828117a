/**
 * The Route 53 cutover plan (pure: no AWS call here). From the live record sets it computes the
 * change: weighted records (shift all weight to the target region), failover records (swap
 * PRIMARY/SECONDARY), or a simple record repointed to a new value. The old record sets are kept in
 * the plan (journaled): that is what rollback restores. Several records of ONE hosted zone are one
 * batch (`DnsPlans`), checked here and summarised for the plan.
 */
import { changeBatchRequest, fqdn, type DnsRecord, type HostedZoneView } from '../aws/gateway/types.js';
import { usageError } from '../util/errors.js';

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

/** The identity of a record set within its name: type and set identifier. */
export const recordKey = (r: DnsRecord) => `${r.type}|${r.setIdentifier ?? ''}`;

/** A DNS name compared loosely: lower case, no trailing dot. */
export function norm(name: string): string {
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
  const setId = r.setIdentifier ? `[${r.setIdentifier}] ` : '';
  const ttl = r.aliasTarget ? '' : ` (TTL ${r.ttl ?? '?'} s)`;
  const hc = r.healthCheckId ? ` health check ${r.healthCheckId}` : '';
  return `${setId}${routing}→ ${target}${ttl}${hc}`;
}

export function sameRecord(a: DnsRecord, b: DnsRecord): boolean {
  const vals = (r: DnsRecord) => [...r.values].map(norm).sort().join(',');
  return (
    recordKey(a) === recordKey(b) &&
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
  const { type, set } = recordSetToChange(zone, records, spec, name);
  const base = { zoneId: zone.id, zoneName: zone.name, record: name, type, targetRegion, old: set };
  const oldTtlSeconds = Math.max(...set.map((r) => (r.aliasTarget ? 60 : (r.ttl ?? 60))));
  if (set.some((r) => r.failover)) {
    return { ...base, kind: 'failover', desired: swapFailover(set, name, type, targetRegion), oldTtlSeconds };
  }
  if (set.some((r) => r.weight !== undefined)) {
    return { ...base, kind: 'weighted', desired: shiftWeight(set, name, targetRegion), oldTtlSeconds };
  }
  return { ...base, kind: 'simple', desired: [repoint(set, name, type, spec, targetRegion)], oldTtlSeconds };
}

/** The record sets of the name and type to change (the type may be implied); refuses routing resil does not change. */
function recordSetToChange(
  zone: HostedZoneView,
  records: DnsRecord[],
  spec: DnsTargetSpec,
  name: string,
): { type: string; set: DnsRecord[] } {
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
  return { type, set };
}

function listed(set: DnsRecord[]): string {
  return set.map((r) => r.setIdentifier ?? '(no set id)').join(', ');
}

/** Failover records: the record pointing at the target region becomes PRIMARY, the other SECONDARY. */
function swapFailover(set: DnsRecord[], name: string, type: string, targetRegion: string): DnsRecord[] {
  const primary = set.find((r) => r.failover === 'PRIMARY');
  const secondary = set.find((r) => r.failover === 'SECONDARY');
  if (!primary || !secondary)
    throw usageError(
      `${name} ${type} has failover records but not both PRIMARY and SECONDARY (${listed(set)}).`,
    );
  const targetIsPrimary = recordRegion(primary, targetRegion);
  const targetIsSecondary = recordRegion(secondary, targetRegion);
  if (targetIsPrimary === targetIsSecondary) {
    throw usageError(
      `Cannot tell which failover record of ${name} points at ${targetRegion} (${set.map(describeRecord).join('; ')}).`,
      'Name the region in the set identifier (e.g. "us-west-2"), or use an alias/value that contains it.',
    );
  }
  return targetIsPrimary
    ? set
    : set.map((r) =>
        r === primary
          ? { ...r, failover: 'SECONDARY' as const }
          : r === secondary
            ? { ...r, failover: 'PRIMARY' as const }
            : r,
      );
}

/** Weighted records: all the weight (the old total, at most 255; 100 if it was 0) to the target region's record. */
function shiftWeight(set: DnsRecord[], name: string, targetRegion: string): DnsRecord[] {
  const targets = set.filter((r) => recordRegion(r, targetRegion));
  if (targets.length !== 1) {
    throw usageError(
      `${targets.length === 0 ? 'No' : 'Several'} weighted record(s) of ${name} point at ${targetRegion} ` +
        `(records: ${listed(set)}).`,
      'Name the region in the set identifier (e.g. "us-west-2"), or use an alias/value that contains it.',
    );
  }
  const total = set.reduce((n, r) => n + (r.weight ?? 0), 0);
  return set.map((r) => ({
    ...r,
    weight: r === targets[0] ? (total > 0 ? Math.min(255, total) : 100) : 0,
  }));
}

/** A simple record: the one record repointed to the configured value or alias target of the region. */
function repoint(
  set: DnsRecord[],
  name: string,
  type: string,
  spec: DnsTargetSpec,
  targetRegion: string,
): DnsRecord {
  if (set.length !== 1)
    throw usageError(`${name} ${type} has ${set.length} records without routing policy; expected one.`);
  const old = set[0]!;
  if (old.aliasTarget) {
    if (!spec.alias)
      throw usageError(
        `${name} is a simple alias record: resil needs the new alias target for ${targetRegion}.`,
        `Set runbooks.dns[].targets.${targetRegion} to { aliasDnsName, aliasHostedZoneId } in .resil.yml.`,
      );
    return {
      ...old,
      aliasTarget: {
        dnsName: spec.alias.dnsName,
        hostedZoneId: spec.alias.hostedZoneId,
        evaluateTargetHealth: spec.alias.evaluateTargetHealth ?? old.aliasTarget.evaluateTargetHealth,
      },
    };
  }
  if (!spec.value?.length)
    throw usageError(
      `${name} is a simple ${type} record: resil needs its new value for ${targetRegion}.`,
      `Pass --value, or set runbooks.dns[].targets.${targetRegion} in .resil.yml.`,
    );
  return { ...old, values: spec.value };
}

/** The records of the batch: those whose desired state differs from the snapshot. */
export function dnsChanges(p: DnsPlan): DnsRecord[] {
  return p.desired.filter((d) => !p.old.some((o) => sameRecord(o, d)));
}

export function dnsSummary(p: DnsPlan): string[] {
  const lines = [`Route 53 ${p.record} ${p.type} (${p.kind}) in ${p.zoneName} (${p.zoneId}):`];
  for (const d of p.desired) {
    const o = p.old.find((x) => recordKey(x) === recordKey(d));
    lines.push(
      o && sameRecord(o, d)
        ? `  ${describeRecord(d)}  (unchanged)`
        : `  ${o ? describeRecord(o) : '(new)'}\n    ⇒ ${describeRecord(d)}`,
    );
  }
  lines.push(
    dnsChanges(p).length
      ? `  Old TTL: ${p.oldTtlSeconds} s (resolvers may keep the old answer that long after INSYNC).`
      : `  Already as planned: nothing to send for it; ${NO_TTL}.`,
  );
  return lines;
}

/** Why a run that changes no record does not wait out the old TTL (plan and journal say it). */
export const NO_TTL = 'no record changed: no TTL to wait out';

/** The plans whose records change (the others are already as planned). */
export function changedPlans(plans: DnsPlan[]): DnsPlan[] {
  return plans.filter((p) => dnsChanges(p).length > 0);
}

/** Every change of every plan (same zone), as UPSERTs, in plan order. */
export function batchChanges(plans: DnsPlan[]) {
  return plans.flatMap((p) => dnsChanges(p).map((record) => ({ action: 'UPSERT' as const, record })));
}

export function changeBatchParams(p: DnsPlans, comment: string): Record<string, unknown> {
  const plans = plansOf(p);
  return changeBatchRequest(plans[0]!.zoneId, batchChanges(plans), comment);
}

/**
 * The largest old TTL of the records that change: how long resolvers may keep some old answer. A
 * record already as planned has no old answer to wait out; with none changing, the largest of all.
 */
export function maxOldTtl(plans: DnsPlan[]): number {
  const changed = changedPlans(plans);
  return Math.max(...(changed.length ? changed : plans).map((p) => p.oldTtlSeconds));
}

/** The plan lines of every record; with several, a closing line on the one batch and the TTL waited. */
export function dnsBatchSummary(p: DnsPlans): string[] {
  const plans = plansOf(p);
  const lines = plans.flatMap(dnsSummary);
  const changed = changedPlans(plans);
  if (changed.length === 0) {
    lines.push(
      `Route 53: ${plans.length > 1 ? 'every record above already points' : 'the records already point'} ` +
        `where they should: the change batch is empty and nothing is sent (${NO_TTL}).`,
    );
  } else if (plans.length > 1) {
    const which =
      changed.length === plans.length
        ? `the ${plans.length} records above change in ONE batch`
        : `only ${recordNames(changed)} ${changed.length === 1 ? 'changes' : 'change'} ` +
          '(the others are already as planned), in ONE batch';
    lines.push(
      `Route 53: ${which} (applied atomically); ` +
        `resil waits out the largest old TTL${changed.length < plans.length ? ' of what changes' : ''}, ${maxOldTtl(plans)} s.`,
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
    `The DNS records to cut over are in ${byZone.length} hosted zones: ` +
      `${byZone.map((z) => `${z.zone}: ${z.records.join(', ')}`).join('; ')}. ` +
      'A failover run cuts over the records of ONE hosted zone, in one atomic change batch.',
    `Run \`resil failover --to ${to} --skip-dns\`, ` +
      `then \`resil cutover --zone ZONE --record NAME --to ${to}\` for the records of each zone: ` +
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
