/** Small helpers the readiness model shares: numbers in words, dates, demand scaling. */
import { round2, type Demand } from '../capacity/index.js';
import type { CollectionRecord, Inventory } from '../inventory/schema.js';
import type { CountNoun, DemandView, Issue, ItemStatus } from './types.js';

/** 7.5 → "7.5", 12 → "12", 11.6000001 → "11.6". */
export function num(n: number): string {
  return String(round2(n));
}

/** "6 vCPUs", "1 vCPU", "1 instance", "7.5 vCPUs", "1 task". */
export function amount(n: number, unit: string): string {
  const u = round2(n) === 1 && /^(instances|tasks|vCPUs)$/.test(unit) ? unit.slice(0, -1) : unit;
  return `${num(n)} ${u}`;
}

export function countNounOf(kind: string): CountNoun {
  return kind === 'ecs-service' ? 'tasks' : 'instances';
}

/** "1 instance", "3 instances", "1 task", "3 tasks". */
export function count(n: number, noun: CountNoun = 'instances'): string {
  return `${n} ${n === 1 ? noun.slice(0, -1) : noun}`;
}

/** ceil() that ignores float noise (1.1 × 10 = 11.000000000000002 gives 11). */
export function ceilClean(n: number): number {
  return Math.ceil(Number(n.toFixed(6)));
}

/** Start of a YYYY-MM-DD day (UTC), in ms. */
export function dayStart(date: string): number {
  return new Date(`${date}T00:00:00.000Z`).getTime();
}

/** YYYY-MM-DD of a time in ms (UTC). */
export function ymd(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export const DAY_MS = 86_400_000;

/** The demand the event's peak needs: the tier's demand × the peak factor, saying so. */
export function forecastDemand(d: Demand, peakFactor: number): Demand {
  if (peakFactor === 1) return d;
  return {
    ...d,
    needed: round2(d.needed * peakFactor),
    ...(d.busyAtPeak !== undefined ? { busyAtPeak: round2(d.busyAtPeak * peakFactor) } : {}),
    basis: `${d.basis}; × peak factor ${peakFactor}`,
  };
}

export function demandView(d: Demand, peakFactor: number): DemandView {
  return {
    source: d.source,
    basis: d.basis,
    unit: d.unit,
    peakNeeded: d.needed,
    peakFactor,
    forecastNeeded: round2(d.needed * peakFactor),
    notUsed: d.notUsed,
    ...(d.window ? { window: d.window } : {}),
  };
}

/** "(declared: tag resil:peak=6 …)" or "(assumed: …)": the demand source in a sentence. */
export function sourceNote(d: DemandView): string {
  return d.source === 'assumed' ? `(${d.basis})` : `(${d.source} demand: ${d.basis})`;
}

/** Collection errors of this service and operation in a region (or any region when region is undefined). */
export function collectionErrors(
  inv: Inventory,
  service: string,
  operation: string | undefined,
  region?: string,
): CollectionRecord[] {
  return inv.collection.filter(
    (c) =>
      c.status === 'error' &&
      c.service === service &&
      (operation === undefined || c.operation === operation) &&
      (region === undefined || c.region === region),
  );
}

/** "AccessDenied on servicequotas:ListServiceQuotas in us-west-2". */
export function describeError(c: CollectionRecord): string {
  return `${c.error?.code ?? 'error'} on ${c.error?.action ?? `${c.service}:${c.operation}`} in ${c.region}`;
}

export const STATUS_RANK: Record<ItemStatus, number> = { 'not-ready': 0, 'at-risk': 1, unknown: 2, ok: 3 };

/** The worse of two statuses (not-ready > at-risk > unknown > ok). */
export function worse(a: ItemStatus, b: ItemStatus): ItemStatus {
  return STATUS_RANK[a] <= STATUS_RANK[b] ? a : b;
}

export function issue(
  key: string,
  section: Issue['section'],
  status: ItemStatus,
  subject: string,
  summary: string,
  demandSource?: Issue['demandSource'],
): Issue {
  return { key, section, status, subject, summary, ...(demandSource ? { demandSource } : {}) };
}

/** "336 1-hour maxima", "1344 15-minute maxima", "60 1-minute maxima". */
export function periodWords(periodSeconds: number, points: number): string {
  const period =
    periodSeconds >= 3600 && periodSeconds % 3600 === 0
      ? `${periodSeconds / 3600}-hour`
      : `${Math.round(periodSeconds / 60)}-minute`;
  return `${points} ${period} maxima`;
}
