/**
 * .resil.yml: thresholds, shared settings and suppressions. Validated with zod; a bad key is
 * reported with its path and exit code 2. schemas/config.schema.json is generated from this
 * (`npm run docs`), with the per-check thresholds filled in from the check registry.
 */
import { z } from 'zod';

/** A calendar date, YYYY-MM-DD, that exists (2026-02-30 does not). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'not a calendar date');

export const SuppressionConfigSchema = z
  .strictObject({
    check: z.string().min(1).describe('Check id, or a glob over check ids (tg.*).'),
    resource: z
      .string()
      .min(1)
      .describe('Glob over the resource id, name or ARN; * matches any characters, / included.'),
    reason: z
      .string()
      .trim()
      .min(1, 'a suppression needs a reason')
      .describe('Why this is accepted: shown next to the suppressed finding.'),
    expires: isoDate
      .optional()
      .describe(
        'Last day (UTC) the suppression applies, YYYY-MM-DD. After it, the finding counts again and the suppression is reported as expired.',
      ),
  })
  .describe('Accept a finding on purpose: it stays visible as suppressed and never gates the exit code.');

export const ResilConfigSchema = z
  .strictObject({
    rpoSeconds: z
      .number()
      .positive()
      .optional()
      .describe('Recovery point objective, in seconds: replication-lag checks and the failover runbook.'),
    rtoSeconds: z
      .number()
      .positive()
      .optional()
      .describe('Recovery time objective, in seconds: the failover time budget.'),
    peakFactor: z
      .number()
      .positive()
      .optional()
      .describe('Peak load as a multiple of the current desired capacity (static-stability checks).'),
    eventDate: isoDate
      .optional()
      .describe(
        'A peak-traffic date (e.g. Black Friday), YYYY-MM-DD: scale-ups must be scheduled before it.',
      ),
    primaryRegion: z
      .string()
      .optional()
      .describe('The primary region (otherwise derived from the Aurora global database writer).'),
    standbyRegion: z
      .string()
      .optional()
      .describe('The standby region (otherwise derived from the Aurora global database secondaries).'),
    checks: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .optional()
      .describe(
        'Per-check thresholds, plus `enabled: false` to turn a check off: checks: { <id>: { <threshold>: value } }.',
      ),
    suppressions: z.array(SuppressionConfigSchema).optional(),
    runbooks: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'Runbook settings (DNS records to cut over, load balancers, timeouts); see docs/runbooks.md.',
      ),
  })
  .describe('resil configuration (.resil.yml).');

export type SuppressionConfig = z.infer<typeof SuppressionConfigSchema>;
export type ResilConfig = z.infer<typeof ResilConfigSchema>;
