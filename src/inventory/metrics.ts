/**
 * Windowed statistics over collected CloudWatch series (replication lag), in seconds.
 */
import { percentile } from './query.js';
import type { MetricSeries } from './schema.js';

export interface LagWindow {
  /** ISO start (inclusive) and end (inclusive) of the window, and its length. */
  start: string;
  end: string;
  minutes: number;
}

export interface LagStats {
  /** Nearest-rank p99 of the points in the window, in seconds. */
  p99Seconds: number;
  maxSeconds: number;
  points: number;
}

/** The window of `minutes` ending at `end` (the inventory's capture time). */
export function lagWindow(end: string, minutes: number): LagWindow {
  const endMs = new Date(end).getTime();
  return {
    start: new Date(endMs - minutes * 60_000).toISOString(),
    end: new Date(endMs).toISOString(),
    minutes,
  };
}

/** Rounds seconds to the millisecond, so evidence and messages carry no float noise. */
export function roundSeconds(s: number): number {
  return Math.round(s * 1000) / 1000;
}

/**
 * p99, max and point count of a series over the window, converted to seconds. Undefined when the
 * series is absent or has no point in the window.
 */
export function lagStats(series: MetricSeries | undefined, window: LagWindow): LagStats | undefined {
  if (!series) return undefined;
  const from = new Date(window.start).getTime();
  const to = new Date(window.end).getTime();
  const scale = series.unit === 'Milliseconds' ? 1 / 1000 : 1;
  const values = series.points
    .filter((p) => {
      const t = new Date(p.t).getTime();
      return t >= from && t <= to;
    })
    .map((p) => p.v * scale);
  const p99 = percentile(values, 99);
  if (p99 === undefined) return undefined;
  return {
    p99Seconds: roundSeconds(p99),
    maxSeconds: roundSeconds(Math.max(...values)),
    points: values.length,
  };
}
