/**
 * The `runbooks:` section of .resil.yml (validated here; the top-level schema keeps it open).
 *
 *   runbooks:
 *     globalCluster: shop-global          # default --global-cluster
 *     maxLagSeconds: 15                    # default --max-lag (else rpoSeconds, else 15)
 *     loadBalancers: { us-west-2: shop-west-alb }   # LB to check in the target region
 *     switchoverTimeoutMinutes: 30
 *     resyncTimeoutMinutes: 5            # switchover post-check: old primary back as a connected secondary
 *     dnsTimeoutMinutes: 5
 *     dns:                                 # failover: every entry, all in ONE hosted zone, in one batch
 *       - zone: example.com
 *         record: api.example.com
 *         type: CNAME                      # optional
 *         targets:                         # simple records only: the value per region
 *           us-east-1: shop-east.cluster-abc.us-east-1.rds.amazonaws.com
 *           us-west-2: { aliasDnsName: west-alb.us-west-2.elb.amazonaws.com, aliasHostedZoneId: Z1H1FL5HABSF5 }
 *     lock:                                # opt-in: one run per global cluster / record ACROSS machines
 *       dynamodb: { table: resil-locks, region: eu-central-1 }    # or
 *       # s3: { bucket: ops-resil, region: eu-central-1, prefix: resil/locks/ }
 *       leaseSeconds: 300                  # a crashed run's lock can be taken over after this
 */
import * as z from 'zod';
import { formatIssues } from '../inventory/load.js';
import { usageError } from '../util/errors.js';
import type { DnsTargetSpec } from './dns.js';

const TargetValue = z.union([
  z.string().min(1),
  z.array(z.string().min(1)).min(1),
  z.strictObject({
    aliasDnsName: z.string().min(1),
    aliasHostedZoneId: z.string().min(1),
    evaluateTargetHealth: z.boolean().optional(),
  }),
]);

export const DnsConfigSchema = z.strictObject({
  zone: z.string().min(1),
  record: z.string().min(1),
  type: z.string().optional(),
  targets: z.record(z.string(), TargetValue).optional(),
});

/** A region name: where the lock lives (pick one the failover does not depend on). */
const LockRegion = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS region name, e.g. eu-central-1');

export const LockConfigSchema = z
  .strictObject({
    dynamodb: z
      .strictObject({
        table: z.string().min(1).describe('Table with a string partition key LockID.'),
        region: LockRegion,
      })
      .optional(),
    s3: z
      .strictObject({
        bucket: z.string().min(1),
        region: LockRegion,
        prefix: z.string().default('resil/locks/'),
      })
      .optional(),
    leaseSeconds: z
      .number()
      .int()
      .min(30)
      .max(3600)
      .default(300)
      .describe('A lock whose run stopped renewing it (a crash) can be taken over after this.'),
  })
  .refine((l) => (l.dynamodb === undefined) !== (l.s3 === undefined), {
    message: 'give exactly one of dynamodb or s3',
  });
export type LockConfig = z.infer<typeof LockConfigSchema>;

export const RunbooksConfigSchema = z.strictObject({
  globalCluster: z.string().optional(),
  maxLagSeconds: z.number().positive().optional(),
  loadBalancers: z.record(z.string(), z.string()).optional(),
  switchoverTimeoutMinutes: z.number().positive().optional(),
  resyncTimeoutMinutes: z.number().positive().optional(),
  dnsTimeoutMinutes: z.number().positive().optional(),
  dns: z.array(DnsConfigSchema).optional(),
  lock: LockConfigSchema.optional(),
});
export type RunbooksConfig = z.infer<typeof RunbooksConfigSchema>;
export type DnsConfig = z.infer<typeof DnsConfigSchema>;

export function parseRunbooksConfig(raw: unknown, source = '.resil.yml'): RunbooksConfig {
  const r = RunbooksConfigSchema.safeParse(raw ?? {});
  if (!r.success) {
    throw usageError(
      `${source} runbooks: is not valid:\n  ${formatIssues(r.error)
        .map((l) => `runbooks.${l}`)
        .join('\n  ')}`,
      'See docs/runbooks.md, "Configuration".',
    );
  }
  return r.data;
}

/** The DNS cutover spec for a region, from flags or the config entry. */
export function dnsSpecFor(entry: DnsConfig, region: string, value?: string[]): DnsTargetSpec {
  const t = entry.targets?.[region];
  const spec: DnsTargetSpec = {
    zone: entry.zone,
    record: entry.record,
    ...(entry.type ? { type: entry.type } : {}),
  };
  if (value?.length) return { ...spec, value };
  if (typeof t === 'string') return { ...spec, value: [t] };
  if (Array.isArray(t)) return { ...spec, value: t };
  if (t)
    return {
      ...spec,
      alias: {
        dnsName: t.aliasDnsName,
        hostedZoneId: t.aliasHostedZoneId,
        ...(t.evaluateTargetHealth !== undefined ? { evaluateTargetHealth: t.evaluateTargetHealth } : {}),
      },
    };
  return spec;
}
