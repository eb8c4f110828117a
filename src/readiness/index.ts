/**
 * The readiness report (`resil readiness`): "if we lose an AZ, or the whole primary region, at the
 * event's peak, do we survive — and how long does recovery take?" Pure: built from an inventory, the
 * audit of it, the config, and the promotion times measured by earlier runbook journals.
 *
 *   const report = buildReadiness({ inventory, audit, config, drills, options });
 *
 * Sections (src/readiness/*): verdict; losing one AZ at peak (capacity.ts); losing the region
 * (capacity.ts, database.ts); quota headroom (quotas.ts); reservations (reservations.ts); the failover
 * time budget (failover.ts); actions (actions.ts); and what changed since a baseline (baseline.ts).
 * docs/readiness.md explains every number for people.
 */
import { DEMAND_SOURCES, type DemandSource } from '../capacity/index.js';
import { isServingTier } from '../capacity/tiers.js';
import { capacityModelFor } from '../checks/capacity.js';
import type { Finding } from '../checks/define.js';
import { databaseReplicated } from '../checks/failover-paths.js';
import { checkById } from '../checks/index.js';
import type { ResilConfig } from '../config/schema.js';
import { resolveThresholds, type AuditResult } from '../engine/audit.js';
import { fargatePurchase } from '../inventory/quotas.js';
import type { EcsService, Inventory } from '../inventory/schema.js';
import { ExitCode } from '../util/errors.js';
import { buildActions } from './actions.js';
import { compareWithBaseline, type Baseline } from './baseline.js';
import { azLossTier, azLossTiers, regionLossTier, type TierContext } from './capacity.js';
import { databaseReadiness } from './database.js';
import type { DrillMeasurement } from './drills.js';
import { failoverSection, promotionEvidence } from './failover.js';
import { QUOTA_RED_PERCENT, quotaRows } from './quotas.js';
import { ecsCapacityKind, reservationSection, type EventWindowMs } from './reservations.js';
import {
  READINESS_SCHEMA_VERSION,
  type Issue,
  type ItemStatus,
  type ReadinessReport,
  type Section,
  type VerdictStatus,
} from './types.js';
import { DAY_MS, STATUS_RANK, dayStart, issue } from './util.js';

export * from './types.js';
export { BaselineSchema, type Baseline } from './baseline.js';
export { promotionFromJournal, type DrillMeasurement } from './drills.js';

export const DEFAULT_PEAK_FACTOR = 1.5;
export const DEFAULT_HISTORY_HOURS = 14 * 24;

export interface ReadinessOptions {
  tool: { name: string; version: string };
  generatedAt: string;
  /** YYYY-MM-DD; falls back to the config's eventDate. */
  eventDate?: string;
  /** YYYY-MM-DD (inclusive); defaults to the event date. */
  eventEnd?: string;
  peakFactor: number;
  /** The history window the lag is judged over, in hours, ending at the capture time. */
  historyHours: number;
  /** AT RISK exits 1, like NOT READY. */
  strict: boolean;
  baseline?: Baseline;
}

export interface ReadinessInput {
  inventory: Inventory;
  /** The audit of the same inventory with the same config (all checks). */
  audit: AuditResult;
  config: ResilConfig;
  drills: DrillMeasurement[];
  options: ReadinessOptions;
}

/** Checks whose verdicts the readiness sections recompute at the forecast peak (their findings are not repeated). */
export const RECOMPUTED_CHECKS = new Set([
  'asg.static-stability',
  'tier.static-stability',
  'asg.max-size-headroom',
  'asg.event-scale-up',
  'dr.standby-capacity',
  'dr.rto-budget',
  'agd.replication-lag',
]);

const SECTION_ORDER: Record<Section, number> = {
  'region-loss': 0,
  'az-loss': 1,
  database: 2,
  quotas: 3,
  failover: 4,
  reservations: 5,
  audit: 6,
};

/** Where a setting's value comes from: the check's own config, the top level, or the default. */
function settingSource(config: ResilConfig, checkId: string, key: string): string {
  const own = (config.checks?.[checkId] as Record<string, unknown> | undefined)?.[key];
  if (own !== undefined) return `.resil.yml checks.${checkId}.${key}`;
  if ((config as Record<string, unknown>)[key] !== undefined) return `.resil.yml ${key}`;
  return 'default';
}

function auditIssues(audit: AuditResult): { issues: Issue[]; feeding: Finding[] } {
  const feeding = audit.findings.filter((f) => !RECOMPUTED_CHECKS.has(f.checkId) && !f.suppressed);
  const issues: Issue[] = [];
  for (const f of feeding) {
    const where = f.resource.region ? ` (${f.resource.region})` : '';
    const subject = `${f.resource.name ?? f.resource.id}${where}`;
    const key = `audit:${f.checkId}:${f.resource.region ?? 'global'}:${f.resource.id}`;
    if (f.status === 'fail' && (f.severity === 'critical' || f.severity === 'high'))
      issues.push(
        issue(
          key,
          'audit',
          f.severity === 'critical' ? 'not-ready' : 'at-risk',
          subject,
          `${f.checkId}: ${f.message}`,
        ),
      );
    else if (f.status === 'skipped' && (f.evidence as { reason?: string }).reason === 'collection-error')
      issues.push(issue(key, 'audit', 'unknown', subject, `${f.checkId}: ${f.message}`));
  }
  return { issues, feeding };
}

/**
 * The verdict and exit code from the item counts: any NOT READY item → NOT READY (exit 1); else any
 * at-risk or unknown item → AT RISK (exit 1 with --strict); unknown items make the report incomplete
 * (exit 3 when nothing else sets 1); else READY (exit 0). Unknown is never counted as passed.
 */
export function verdictOf(
  counts: Record<ItemStatus, number>,
  strict: boolean,
): { status: VerdictStatus; incomplete: boolean; exitCode: number } {
  const status: VerdictStatus =
    counts['not-ready'] > 0 ? 'NOT READY' : counts['at-risk'] + counts.unknown > 0 ? 'AT RISK' : 'READY';
  const incomplete = counts.unknown > 0;
  const exitCode =
    status === 'NOT READY' || (status === 'AT RISK' && strict)
      ? ExitCode.FINDINGS
      : incomplete
        ? ExitCode.INCOMPLETE
        : ExitCode.OK;
  return { status, incomplete, exitCode };
}

/**
 * The three issues that matter most: the worst first, one per section while there are others as bad
 * (three "no standby" tiers say less than one each of region loss, AZ loss and quota).
 */
export function topThree(sorted: Issue[]): Issue[] {
  const out: Issue[] = [];
  const worst = sorted[0]?.status;
  for (const i of sorted) {
    if (out.length === 3) break;
    if (i.status === worst && out.some((o) => o.section === i.section)) continue;
    out.push(i);
  }
  for (const i of sorted) if (out.length < 3 && !out.includes(i)) out.push(i);
  return out.sort(
    (a, b) =>
      STATUS_RANK[a.status] - STATUS_RANK[b.status] || SECTION_ORDER[a.section] - SECTION_ORDER[b.section],
  );
}

export function buildReadiness(input: ReadinessInput): ReadinessReport {
  const { inventory: inv, audit, config, options: o } = input;
  const rtoT = resolveThresholds(checkById('dr.rto-budget')!, config);
  const lagT = resolveThresholds(checkById('agd.replication-lag')!, config);
  const capT = resolveThresholds(checkById('dr.standby-capacity')!, config);
  const model = capacityModelFor(inv, capT, { config });
  const capturedAtMs = new Date(inv.capturedAt).getTime();

  const eventDate =
    o.eventDate ?? (typeof config.eventDate === 'string' ? config.eventDate : undefined) ?? null;
  const eventEnd = o.eventEnd ?? eventDate;
  const eventStartMs = eventDate ? dayStart(eventDate) : null;
  const eventEndMs = eventEnd ? dayStart(eventEnd) + DAY_MS : null;
  const window: EventWindowMs =
    eventStartMs !== null && eventEndMs !== null
      ? {
          start: eventStartMs,
          end: eventEndMs,
          label: `across the event (${eventDate}${eventEnd !== eventDate ? ` to ${eventEnd}` : ''})`,
        }
      : { start: capturedAtMs, end: capturedAtMs, label: 'now (no event date given)' };
  const history = { start: capturedAtMs - o.historyHours * 3_600_000, end: capturedAtMs };
  const ctx: TierContext = { peakFactor: o.peakFactor, eventStartMs, capturedAtMs };

  const regions = model.regions;
  const notes: string[] = [];
  const regionIssues: Issue[] = [];
  if (!regions.known) {
    regionIssues.push(
      issue(
        'region-loss:regions',
        'region-loss',
        'unknown',
        'primary and standby regions',
        `which region is the primary and which the standby is unknown (${regions.reason}): losing the region is not judged; set primaryRegion and standbyRegion in .resil.yml`,
      ),
    );
  }
  for (const p of model.problems) notes.push(`tiers: ${p}`);

  // 2. Losing one AZ at peak.
  const azLoss = azLossTiers(model, isServingTier).map((t) => azLossTier(t, ctx));
  // 3. Losing the region: tiers, then databases.
  const pairs = model.pairs.map((p) => regionLossTier(p, ctx));
  const rpoSeconds = Number(lagT['rpoSeconds']);
  const databases = regions.known
    ? inv.globalClusters
        .map((g) => databaseReadiness(inv, g, regions.primary, regions.standby, rpoSeconds, history))
        .filter((d): d is NonNullable<typeof d> => !!d)
    : [];
  const scopeRegions = regions.known ? [regions.primary, regions.standby] : Object.keys(inv.regions).sort();
  // 4. Quotas.
  const quotas = quotaRows(inv, { model, regions: scopeRegions, azLoss, regionLoss: pairs, databases });
  // 5. Reservations.
  const reservations = reservationSection(inv, {
    model,
    regions: scopeRegions,
    window,
    azLoss,
    regionLoss: pairs,
  });
  // 6. The failover time budget.
  const replicated = regions.known ? databaseReplicated(inv, regions.primary, regions.standby) : false;
  const promotion = promotionEvidence(
    regions.known ? regions.globalCluster?.id : undefined,
    replicated,
    input.drills,
    { dbPromotionSeconds: Number(rtoT['dbPromotionSeconds']) },
  );
  const rtoSeconds = Number(rtoT['rtoSeconds']);
  const failover = regions.known
    ? failoverSection(inv, model, promotion, {
        rtoSeconds,
        warnFraction: Number(rtoT['warnFraction']),
        dnsPropagationSeconds: Number(rtoT['dnsPropagationSeconds']),
        scaleOutSeconds: Number(rtoT['scaleOutSeconds']),
        dbPromotionSeconds: Number(rtoT['dbPromotionSeconds']),
        peakFactor: o.peakFactor,
      })
    : [];

  // The audit's other findings.
  const fromAudit = auditIssues(audit);

  // Issues: every item that is not ok.
  const items: Array<{
    key: string;
    status: ItemStatus;
    section: Section;
    subject: string;
    summary: string;
    demandSource?: DemandSource;
  }> = [
    ...azLoss.map((a) => ({
      key: a.key,
      status: a.status,
      section: 'az-loss' as const,
      subject: `${a.tier.name} (${a.tier.region})`,
      summary: a.reasons[0] ?? '',
      demandSource: a.demand.source,
    })),
    ...pairs.map((p) => ({
      key: p.key,
      status: p.status,
      section: 'region-loss' as const,
      subject: `${p.primary.name} (${p.primary.region}) → ${p.standby ? `${p.standby.name} (${p.standby.region})` : 'no standby'}`,
      summary: p.reasons[0] ?? '',
      demandSource: p.demand.source,
    })),
    ...databases.map((d) => ({
      key: d.key,
      status: d.status,
      section: 'database' as const,
      subject: `${d.secondary.cluster} (${d.secondary.region})`,
      summary: d.reasons
        .filter((r) => d.status === 'ok' || !/within the RPO|≥ the primary/.test(r))
        .join('; '),
    })),
    ...quotas.map((q) => ({
      key: q.key,
      status: q.status,
      section: 'quotas' as const,
      subject: `${q.name} (${q.region})`,
      summary: q.reasons[0] ?? '',
    })),
    ...reservations.capacity.map((c) => ({
      key: c.key,
      status: c.status,
      section: 'reservations' as const,
      subject: `${c.id} (${c.region})`,
      summary: c.reasons.join('; '),
    })),
    ...reservations.loadBalancers.map((l) => ({
      key: l.key,
      status: l.status,
      section: 'reservations' as const,
      subject: `${l.loadBalancer} (${l.region})`,
      summary: l.reasons.join('; '),
    })),
    ...reservations.unknown.map((u) => ({
      key: u.key,
      status: 'unknown' as const,
      section: 'reservations' as const,
      subject: `${u.what} (${u.region})`,
      summary: `unknown: ${u.why}`,
    })),
    ...failover.map((f) => ({
      key: f.key,
      status: f.status,
      section: 'failover' as const,
      subject: f.record,
      summary: f.reasons[0] ?? '',
    })),
  ];
  const counts: Record<ItemStatus, number> = { ok: 0, 'at-risk': 0, 'not-ready': 0, unknown: 0 };
  const issues: Issue[] = [...regionIssues, ...fromAudit.issues];
  // Unknowns with one cause (e.g. "not in this snapshot") are one issue per section, naming every item.
  const unknownGroups = new Map<string, Issue>();
  for (const it of items) {
    if (it.status === 'ok') continue;
    if (it.status === 'unknown') {
      const k = `${it.section}|${it.summary}`;
      const g = unknownGroups.get(k);
      if (g) {
        g.subject = `${g.subject}; ${it.subject}`;
        continue;
      }
      const first = issue(it.key, it.section, it.status, it.subject, it.summary);
      unknownGroups.set(k, first);
      issues.push(first);
      continue;
    }
    issues.push(issue(it.key, it.section, it.status, it.subject, it.summary, it.demandSource));
  }
  for (const it of items) counts[it.status]++;
  for (const i of [...regionIssues, ...fromAudit.issues]) counts[i.status]++;
  issues.sort(
    (a, b) =>
      STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
      SECTION_ORDER[a.section] - SECTION_ORDER[b.section] ||
      a.key.localeCompare(b.key),
  );

  const { status, incomplete, exitCode } = verdictOf(counts, o.strict);
  const forEvent = eventDate
    ? ` of the event on ${eventDate}${eventEnd !== eventDate ? ` to ${eventEnd}` : ''}`
    : '';
  const n = (k: ItemStatus) => counts[k];
  const plural = (k: ItemStatus) => (n(k) === 1 ? '' : 's');
  const headline =
    status === 'NOT READY'
      ? `${n('not-ready')} item${plural('not-ready')} would fail at the forecast peak (× ${o.peakFactor})${forEvent}; ${n('at-risk')} more at risk, ${n('unknown')} unknown.`
      : status === 'AT RISK'
        ? `Nothing fails outright at the forecast peak (× ${o.peakFactor})${forEvent}, but ${n('at-risk')} item${plural('at-risk')} rely on scaling or on guesses, and ${n('unknown')} could not be read.`
        : `Every tier survives losing an AZ, and the region, at the forecast peak (× ${o.peakFactor})${forEvent}, within the RTO and RPO.`;

  const demandSources = Object.fromEntries(DEMAND_SOURCES.map((s) => [s, 0])) as Record<DemandSource, number>;
  const judged = new Map<string, DemandSource>();
  for (const a of azLoss) judged.set(a.tier.id, a.demand.source);
  for (const p of pairs) judged.set(p.primary.id, p.demand.source);
  for (const source of judged.values()) demandSources[source]++;

  const actions = buildActions(
    {
      azLoss,
      regionLoss: pairs,
      databases,
      quotas,
      capacity: reservations.capacity,
      loadBalancers: reservations.loadBalancers,
      unknown: reservations.unknown,
      failover,
      findings: fromAudit.feeding,
      quotaRedPercent: QUOTA_RED_PERCENT,
      eventEnd,
      tiers: new Map(model.tiers.map((t) => [t.id, t])),
    },
    { eventDate, eventEnd },
  );

  const failBy: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  let warnCount = 0;
  let skipped = 0;
  for (const f of audit.findings) {
    if (f.suppressed) continue;
    if (f.status === 'fail') failBy[f.severity] = (failBy[f.severity] ?? 0) + 1;
    if (f.status === 'warn') warnCount++;
    if (f.status === 'skipped') skipped++;
  }

  notes.push(
    `Forecast peak = each tier's demand (declared, measured, policy target or assumed) × peak factor ${o.peakFactor}; a tier may run at ${Number(capT['safeUtilizationPercent'])} % of its capacity (safeUtilizationPercent).`,
  );
  if (regions.known)
    notes.push(`Primary ${regions.primary}, standby ${regions.standby} (from ${regions.source}).`);
  // ECS services that must add tasks: Fargate On-Demand tasks are counted in the quota section; say
  // what is not (tasks on EC2 capacity, Fargate Spot tasks).
  const ecsScaling = [
    ...azLoss
      .filter((a) => a.tier.kind === 'ecs-service' && (a.target?.addInstances ?? 0) > 0)
      .map((a) => a.tier.id),
    ...pairs
      .filter((p) => p.standby?.kind === 'ecs-service' && p.scaleOutInstances > 0)
      .map((p) => p.standby!.id),
  ];
  const scalingOn = (on: (s: EcsService) => boolean) => [
    ...new Set(
      ecsScaling
        .map((id) => model.tiers.find((t) => t.id === id))
        .filter((t) => t?.ecs && on(t.ecs))
        .map((t) => t!.name),
    ),
  ];
  const onEc2 = scalingOn((s) => ecsCapacityKind(s) === 'ec2');
  if (onEc2.length)
    notes.push(
      `Quota headroom does not count the tasks ECS services on EC2 capacity add (${onEc2.join(', ')}): on EC2 capacity, only the container instances running now are counted.`,
    );
  const onSpot = scalingOn((s) => fargatePurchase(s) === 'spot');
  if (onSpot.length)
    notes.push(
      `The tasks Fargate Spot services add (${onSpot.join(', ')}) count against the Fargate Spot vCPU quota (L-36FBB829), which this report does not read.`,
    );

  const report: ReadinessReport = {
    schemaVersion: READINESS_SCHEMA_VERSION,
    kind: 'resil-readiness-report',
    tool: o.tool,
    generatedAt: o.generatedAt,
    account: { id: inv.accountId, capturedAt: inv.capturedAt, regions: Object.keys(inv.regions).sort() },
    event: {
      date: eventDate,
      end: eventEnd,
      daysUntil: eventStartMs !== null ? Math.floor((eventStartMs - capturedAtMs) / DAY_MS) : null,
      peakFactor: o.peakFactor,
      history: {
        start: new Date(history.start).toISOString(),
        end: new Date(history.end).toISOString(),
        days: Math.round((o.historyHours / 24) * 10) / 10,
      },
    },
    regions: regions.known
      ? { known: true, primary: regions.primary, standby: regions.standby, how: regions.source }
      : { known: false, primary: null, standby: null, how: regions.reason },
    objectives: {
      rtoSeconds,
      rtoSource: settingSource(config, 'dr.rto-budget', 'rtoSeconds'),
      rpoSeconds,
      rpoSource: settingSource(config, 'agd.replication-lag', 'rpoSeconds'),
      safeUtilizationPercent: Number(capT['safeUtilizationPercent']),
      quotaRedPercent: QUOTA_RED_PERCENT,
    },
    verdict: {
      status,
      exitCode,
      strict: o.strict,
      incomplete,
      headline,
      top: topThree(issues),
      counts,
      demandSources,
    },
    changes: null,
    azLoss,
    regionLoss: {
      pairs,
      unpairedStandby: model.unpairedStandby.filter(isServingTier).map((t) => `${t.name} (${t.region})`),
      databases,
    },
    quotas: { rows: quotas },
    reservations,
    failover: { promotion, paths: failover },
    actions,
    issues,
    audit: { fail: failBy, warn: warnCount, skipped },
    notes,
  };
  if (o.baseline) report.changes = compareWithBaseline(report, o.baseline);
  return report;
}
