/**
 * SDK retry settings shared by every client (collection and runbooks): the SDK's `adaptive` mode with
 * `maxAttempts`. RESIL_RETRY_BASE_MS (tests, rehearsals against an emulator) replaces the SDK's backoff
 * bases (50 ms for transient errors, 1 s for throttling) with a small one, so a fault-injection test
 * that retries hundreds of times stays fast; production never sets it.
 */
import { AdaptiveRetryStrategy } from '@smithy/core/retry';

export function retryBaseFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const n = Number(env['RESIL_RETRY_BASE_MS']);
  return env['RESIL_RETRY_BASE_MS'] !== undefined && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Client config for retries: `maxAttempts` attempts per call, adaptive (client-side rate limiting). */
export function retryConfig(maxAttempts: number, baseMs: number | undefined = retryBaseFromEnv()) {
  if (baseMs === undefined) return { maxAttempts, retryMode: 'adaptive' as const };
  let base = baseMs;
  return {
    maxAttempts,
    retryStrategy: new AdaptiveRetryStrategy(maxAttempts, {
      baseDelay: baseMs,
      backoff: {
        // The strategy sets the base per error type (transient or throttling): use ours for both.
        setDelayBase: () => {
          base = baseMs;
        },
        computeNextBackoffDelay: (attempt: number) => Math.floor(Math.random() * base * 2 ** attempt),
      },
    }),
  };
}
