/** Labels and small formatters the readiness renderers (Markdown, HTML) share. */
import type { DemandSource } from '../../capacity/index.js';
import type { ItemStatus, ReadinessReport, VerdictStatus } from '../../readiness/types.js';

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
