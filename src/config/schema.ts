/**
 * .resil.yml: thresholds, shared settings and suppressions. Validated with zod; a bad key is
 * reported with its path and exit code 2.
 */
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const SuppressionConfigSchema = z.strictObject({
  /** Check id, or a glob over check ids. */
  check: z.string().min(1),
  /** Glob over the resource id, name or ARN. */
  resource: z.string().min(1),
  reason: z.string().min(1, 'a suppression needs a reason'),
  expires: isoDate.optional(),
});

export const ResilConfigSchema = z.strictObject({
  /** Recovery point objective for replication-lag checks and the failover runbook, in seconds. */
  rpoSeconds: z.number().positive().optional(),
  /** Recovery time objective for the failover time budget, in seconds. */
  rtoSeconds: z.number().positive().optional(),
  /** Peak load as a multiple of the current desired capacity (static-stability checks). */
  peakFactor: z.number().positive().optional(),
  /** A peak-traffic date (e.g. Black Friday), YYYY-MM-DD: scale-ups must be scheduled before it. */
  eventDate: isoDate.optional(),
  /** Override the primary/standby regions (otherwise derived from the Aurora global database writer). */
  primaryRegion: z.string().optional(),
  standbyRegion: z.string().optional(),
  /** Per-check thresholds, plus `enabled: false` to turn a check off. */
  checks: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  suppressions: z.array(SuppressionConfigSchema).optional(),
  /** Runbook settings (DNS records to cut over, timeouts); see the runbook section of the README. */
  runbooks: z.record(z.string(), z.unknown()).optional(),
});

export type SuppressionConfig = z.infer<typeof SuppressionConfigSchema>;
export type ResilConfig = z.infer<typeof ResilConfigSchema>;
