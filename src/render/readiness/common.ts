/** Labels and small formatters the readiness renderers (Markdown, HTML) share. */
import type { DemandSource } from '../../capacity/index.js';
import type {
  AzLossTier,
  CountNoun,
  ItemStatus,
  ReadinessReport,
  RegionLossTier,
  VerdictStatus,
} from '../../readiness/types.js';

export const STATUS_LABEL: Record<ItemStatus, string> = {
  'not-ready': 'NOT READY',
  'at-risk': 'AT RISK',
  unknown: 'UNKNOWN',
  ok: 'OK',
};

export const STATUS_EMOJI: Record<ItemStatus, string> = {
  'not-ready': '❌',
  'at-risk': '⚠️',
  unknown: '❔',
  ok: '✅',
};

export const VERDICT_EMOJI: Record<VerdictStatus, string> = {
  'NOT READY': '❌',
  'AT RISK': '⚠️',
  READY: '✅',
};

export const SOURCE_LABEL: Record<DemandSource, string> = {
  declared: 'declared',
  measured: 'measured',
  'policy-target': 'policy target',
  assumed: 'assumed',
};

export const SECTION_TITLE = {
  verdict: '1. Verdict',
  azLoss: '2. Losing one AZ at peak',
  regionLoss: '3. Losing the region',
  quotas: '4. Quota headroom',
  reservations: '5. Reservations and pre-warming',
  failover: '6. Failover time budget',
  actions: '7. Actions',
} as const;

/** 7.5 → "7.5", 12 → "12". */
export function n(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/** 750 → "750 s (12 min 30 s)". */
export function seconds(s: number): string {
  if (s < 120) return `${n(s)} s`;
  const m = Math.floor(s / 60);
  const r = Math.round(s - m * 60);
  return `${n(s)} s (${m} min${r ? ` ${r} s` : ''})`;
}

/** "2026-11-20 14:00 UTC" from an ISO time. */
export function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** The meta line under the title: what was judged, when, against what. */
export function metaParts(r: ReadinessReport): string[] {
  const parts = [
    `account ${r.account.id}`,
    `captured ${when(r.account.capturedAt)}`,
    r.regions.known ? `primary ${r.regions.primary}, standby ${r.regions.standby}` : 'regions: unknown',
  ];
  if (r.event.date)
    parts.push(
      `event ${r.event.date}${r.event.end && r.event.end !== r.event.date ? ` to ${r.event.end}` : ''}` +
        (r.event.daysUntil !== null
          ? r.event.daysUntil >= 0
            ? ` (in ${r.event.daysUntil} day${r.event.daysUntil === 1 ? '' : 's'})`
            : ' (started)'
          : ''),
    );
  else parts.push('no event date (judged as of the capture)');
  parts.push(`peak factor × ${r.event.peakFactor}`);
  parts.push(`RTO ${r.objectives.rtoSeconds} s (${r.objectives.rtoSource})`);
  parts.push(`RPO ${r.objectives.rpoSeconds} s (${r.objectives.rpoSource})`);
  return parts;
}

export { periodWords as lagWindowWords } from '../../readiness/util.js';

/** Daily maxima of a lag series (the Markdown table in place of the chart). */
export function dailyMax(points: Array<{ t: string; seconds: number }>): Array<{ day: string; max: number }> {
  const byDay = new Map<string, number>();
  for (const p of points) {
    const day = p.t.slice(0, 10);
    byDay.set(day, Math.max(byDay.get(day) ?? 0, p.seconds));
  }
  return [...byDay].map(([day, max]) => ({ day, max })).sort((a, b) => a.day.localeCompare(b.day));
}

/** "6 instances", "1 task"; short: "6 inst.", "6 tasks" (a tier's members, in its own noun). */
export function members(x: number, noun: CountNoun, short = false): string {
  if (short && noun === 'instances') return `${x} inst.`;
  return `${x} ${x === 1 ? noun.slice(0, -1) : noun}`;
}

/**
 * A tier's upper bound, in its own terms: "MaxSize 6", "MaxCapacity 18" (an ECS service's scalable
 * target), "desired 2, no scalable target", "does not scale" (standalone instances).
 */
export function maxLabel(a: AzLossTier): string {
  switch (a.scaling.scaledBy) {
    case 'auto-scaling-group':
      return `MaxSize ${a.scaling.max}`;
    case 'application-auto-scaling':
      return `MaxCapacity ${a.scaling.max}`;
    default:
      return a.tier.kind === 'ecs-service'
        ? `desired ${a.scaling.desired}, no scalable target`
        : 'does not scale';
  }
}

/** "us-west-2a: 1, us-west-2b: 1", with "(tasks)" when the standby is an ECS service; "—" when none. */
export function healthyPerAz(p: RegionLossTier): string {
  const list = Object.entries(p.standbyHealthyTargetsPerAz)
    .map(([az, c]) => `${az}: ${c}`)
    .join(', ');
  return list ? `${list}${p.countNoun === 'tasks' ? ' (tasks)' : ''}` : '—';
}

/** The "scheduled before the event" cell: ECS services' scheduled actions (Application Auto Scaling) are not read. */
export function scheduledLabel(a: AzLossTier, eventDate: string | null): string | null {
  if (a.scaling.scheduledBeforeEvent) return null;
  if (a.tier.kind === 'ecs-service') return 'not read (Application Auto Scaling scheduled actions)';
  return eventDate ? 'none' : 'no event date';
}
