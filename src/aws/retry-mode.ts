/**
 * AWS_RETRY_MODE, as the AWS CLI and SDKs read it: `standard` or `adaptive` (resil's default when it
 * is unset: client-side rate limiting on top of standard retries). No SDK import here: every command
 * validates the variable at parse time, and `resil audit --snapshot` must not load the SDK.
 *
 * `legacy` (the AWS CLI v1 default) does not exist in the AWS SDK for JavaScript v3, which treats any
 * value other than `adaptive` as `standard`. resil does the same for `legacy`, with a note: a shell
 * profile written for the AWS CLI v1 keeps working, and `standard` is what `legacy` became. Any other
 * value is a usage error (exit 2): a typo must not silently change how throttling is handled.
 */
import { usageError } from '../util/errors.js';

export type RetryMode = 'standard' | 'adaptive';

export const DEFAULT_RETRY_MODE: RetryMode = 'adaptive';

export interface RetryModeSetting {
  mode: RetryMode;
  /** A note for stderr (a `legacy` value read as `standard`). */
  note?: string;
}

/** Reads AWS_RETRY_MODE (case-insensitive, trimmed); throws a usage error for an unknown value. */
export function retryModeSetting(env: NodeJS.ProcessEnv = process.env): RetryModeSetting {
  const raw = env['AWS_RETRY_MODE'];
  if (raw === undefined) return { mode: DEFAULT_RETRY_MODE };
  const v = raw.trim().toLowerCase();
  if (v === '') return { mode: DEFAULT_RETRY_MODE };
  if (v === 'standard' || v === 'adaptive') return { mode: v };
  if (v === 'legacy')
    return {
      mode: 'standard',
      note: 'Note: AWS_RETRY_MODE=legacy is read as standard (the AWS SDK for JavaScript v3 has no legacy mode).',
    };
  throw usageError(
    `AWS_RETRY_MODE=${JSON.stringify(raw).slice(1, -1)} is not a retry mode: use standard or adaptive.`,
    "Unset AWS_RETRY_MODE for resil's default (adaptive), or set it to standard or adaptive.",
  );
}

/** The retry mode in effect (AWS_RETRY_MODE, else adaptive). */
export function retryModeFromEnv(env: NodeJS.ProcessEnv = process.env): RetryMode {
  return retryModeSetting(env).mode;
}
