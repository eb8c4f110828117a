/**
 * .resil.yml: thresholds, shared settings and suppressions. Validated with zod; a bad key is
 * reported with its path and exit code 2. schemas/config.schema.json is generated from this
 * (`npm run docs`), with the per-check thresholds filled in from the check registry.
 */
import * as z from 'zod';
import { AccountsConfigSchema } from './accounts.js';

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

/** A tag filter: "key=value" (that key with that value) or "key" (the key, any value). */
const TagSpec = z
  .string()
  .trim()
  .min(1, 'a tag filter cannot be empty')
  .refine((s) => !s.startsWith('='), 'a tag filter needs a key before "="')
  .describe('"key=value" (that key with that value) or "key" (the key with any value); case-sensitive.');

export const ScopeConfigSchema = z
  .strictObject({
    includeTags: z
      .array(TagSpec)
      .optional()
      .describe(
        'Judge only resources carrying at least one of these tags. Resources that cannot carry tags (Route 53 records, target groups, regions, the account) stay in scope.',
      ),
    excludeTags: z
      .array(TagSpec)
      .optional()
      .describe('Leave out resources carrying any of these tags (e.g. env=dev). Applied after includeTags.'),
  })
  .describe(
    'Which resources the checks judge, by tag. At the top level for every check, or per check under checks.<id>.scope.',
  );

export const TierConfigSchema = z
  .strictObject({
    primary: z
      .string()
      .min(1)
      .optional()
      .describe(
        'The primary tier: an Auto Scaling group name, an ECS service name (or cluster/service), or a target group name (standalone instances).',
      ),
    standby: z
      .string()
      .min(1)
      .nullable()
      .optional()
      .describe(
        'Its standby counterpart in the standby region (same kinds of name); null: deliberately none.',
      ),
    peak: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        'Declared peak need, in instances of the primary tier (tasks, for an ECS service) (demand source: declared).',
      ),
    peakFactor: z
      .number()
      .positive()
      .optional()
      .describe(
        "Declared peak as a multiple of the primary tier's desired capacity (demand source: declared).",
      ),
  })
  .refine((t) => t.peak === undefined || t.peakFactor === undefined, {
    message: 'give peak or peakFactor, not both',
  })
  .describe('One tier of the capacity model: what serves one kind of traffic, and its standby counterpart.');

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
      .describe(
        "Declared peak load as a multiple of the current desired capacity, for every tier (demand source: declared). Unset: each tier's demand comes from its resil:peak tag, its measured history or its scaling target.",
      ),
    safeUtilizationPercent: z
      .number()
      .gt(0)
      .max(100)
      .optional()
      .describe(
        'Highest utilisation a tier may run at and still serve well, in percent (default 80): capacity = vCPUs × this.',
      ),
    tiers: z
      .record(z.string(), TierConfigSchema)
      .optional()
      .describe(
        'Tiers of the capacity model by a name of your choosing: pairs primary and standby tiers explicitly and declares their peak (see docs/capacity.md).',
      ),
    tierTagKeys: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'Tag keys tried, in order, to pair a primary tier with its standby (same key, same value). Default: resil:tier, tier, service, app, component.',
      ),
    scope: ScopeConfigSchema.optional(),
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
        'Per-check thresholds, plus `enabled: false` to turn a check off and `scope` to narrow it: checks: { <id>: { <threshold>: value } }.',
      ),
    suppressions: z.array(SuppressionConfigSchema).optional(),
    accounts: AccountsConfigSchema.optional(),
    runbooks: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'Runbook settings (DNS records to cut over, load balancers, timeouts); see docs/runbooks.md.',
      ),
  })
  .describe('resil configuration (.resil.yml).');

export type SuppressionConfig = z.infer<typeof SuppressionConfigSchema>;
export type ScopeConfig = z.infer<typeof ScopeConfigSchema>;
export type TierConfig = z.infer<typeof TierConfigSchema>;
export type ResilConfig = z.infer<typeof ResilConfigSchema>;
