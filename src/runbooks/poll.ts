/**
 * Waiting: poll with exponential backoff and jitter, a timeout, progress callbacks, and an
 * AbortSignal (Ctrl-C) that stops polling at once. Clock and timings are injectable for tests.
 */

export interface Clock {
  now(): number;
  /** Resolves after ms, or early (without throwing) when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

export interface PollTiming {
  baseMs: number;
  capMs: number;
  /** Route 53 propagation allowance when INSYNC cannot be confirmed (default 120 s). */
  dnsMarginMs?: number;
}

export const DEFAULT_DNS_MARGIN_MS = 120_000;

/** Defaults 2 s → 10 s; RESIL_POLL_BASE_MS / RESIL_POLL_CAP_MS / RESIL_DNS_MARGIN_MS override (tests, rehearsals). */
export function pollTimingFromEnv(env: NodeJS.ProcessEnv = process.env): PollTiming {
  const num = (v: string | undefined, d: number) => {
    const n = v === undefined ? NaN : Number(v);
    return Number.isFinite(n) && n >= 0 ? n : d;
  };
  const baseMs = num(env['RESIL_POLL_BASE_MS'], 2000);
  return {
    baseMs,
    capMs: Math.max(baseMs, num(env['RESIL_POLL_CAP_MS'], 10_000)),
    dnsMarginMs: num(env['RESIL_DNS_MARGIN_MS'], DEFAULT_DNS_MARGIN_MS),
  };
}

/** The n-th delay (n from 0): base·2^n capped, with ±25 % jitter. */
export function backoffDelay(n: number, t: PollTiming, random: () => number = Math.random): number {
  const raw = Math.min(t.capMs, t.baseMs * 2 ** Math.min(n, 30));
  return Math.round(raw * (0.75 + 0.5 * random()));
}

export type WaitOutcome =
  | { ok: true; observed: string; elapsedMs: number }
  | {
      ok: false;
      reason: 'timeout' | 'interrupted' | 'fatal';
      observed: string;
      elapsedMs: number;
      fatal?: string;
    };

export async function waitUntil(
  check: () => Promise<{ ok: boolean; observed: string; fatal?: string; retryAfterMs?: number }>,
  opts: {
    timeoutMs: number;
    timing: PollTiming;
    clock: Clock;
    signal?: AbortSignal;
    onObserve?: (observed: string, elapsedMs: number) => void;
    random?: () => number;
  },
): Promise<WaitOutcome> {
  const start = opts.clock.now();
  let observed = 'not yet read';
  for (let n = 0; ; n++) {
    if (opts.signal?.aborted)
      return { ok: false, reason: 'interrupted', observed, elapsedMs: opts.clock.now() - start };
    const r = await check();
    observed = r.observed;
    const elapsedMs = opts.clock.now() - start;
    if (r.ok) return { ok: true, observed, elapsedMs };
    if (r.fatal) return { ok: false, reason: 'fatal', observed, elapsedMs, fatal: r.fatal };
    opts.onObserve?.(observed, elapsedMs);
    if (elapsedMs >= opts.timeoutMs) return { ok: false, reason: 'timeout', observed, elapsedMs };
    // A check that knows when it can next hold (a TTL) says so: sleep that long, do not poll.
    const delay = Math.min(
      r.retryAfterMs !== undefined ? Math.max(1, r.retryAfterMs) : backoffDelay(n, opts.timing, opts.random),
      Math.max(1, opts.timeoutMs - elapsedMs),
    );
    await opts.clock.sleep(delay, opts.signal);
  }
}

/** 95 s → "1m35s". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60
    ? `${m}m${String(s % 60).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
