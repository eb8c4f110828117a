/**
 * SDK retry settings shared by every client (collection, runbooks, the shared lock): the retry mode
 * of AWS_RETRY_MODE (`standard` or `adaptive`, resil's default; see retry-mode.ts) with `maxAttempts`.
 * RESIL_RETRY_BASE_MS (tests, rehearsals against an emulator) replaces the SDK's backoff bases (50 ms
 * for transient errors, 1 s for throttling) with a small one, so a fault-injection test that retries
 * hundreds of times stays fast; production never sets it.
 */
import { AdaptiveRetryStrategy, StandardRetryStrategy } from '@smithy/core/retry';
import { retryModeFromEnv, type RetryMode } from './retry-mode.js';

export function retryBaseFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const n = Number(env['RESIL_RETRY_BASE_MS']);
  return env['RESIL_RETRY_BASE_MS'] !== undefined && Number.isFinite(n) && n >= 0 ? n : undefined;
}

export interface RetryOptions {
  /** Default: AWS_RETRY_MODE, else adaptive. */
  mode?: RetryMode;
  /** Default: RESIL_RETRY_BASE_MS, else the SDK's bases. */
  baseMs?: number | undefined;
}

/** Client config for retries: `maxAttempts` attempts per call in the retry mode in effect. */
export function retryConfig(maxAttempts: number, opts: RetryOptions = {}) {
  const mode = opts.mode ?? retryModeFromEnv();
  const baseMs = 'baseMs' in opts ? opts.baseMs : retryBaseFromEnv();
  if (baseMs === undefined) return { maxAttempts, retryMode: mode };
  let base = baseMs;
  const options = {
    maxAttempts,
    baseDelay: baseMs,
    backoff: {
      // The strategy sets the base per error type (transient or throttling): use ours for both.
      setDelayBase: () => {
        base = baseMs;
      },
      computeNextBackoffDelay: (attempt: number) => Math.floor(Math.random() * base * 2 ** attempt),
    },
  };
  return {
    maxAttempts,
    retryMode: mode,
    retryStrategy:
      mode === 'adaptive'
        ? new AdaptiveRetryStrategy(maxAttempts, options)
        : new StandardRetryStrategy(options),
  };
}
