/**
 * The index file of an organisation capture (`resil snapshot --org --output-dir DIR`): which accounts
 * the run covered, and for each its snapshot file or the error that kept it from being captured.
 * `schemas/org-index.schema.json` is generated from the zod schema below (`npm run docs`).
 *
 * File names in DIR: `<account-id>.snapshot.json` per account, and `index.json` (or, for a shard,
 * `index-shard-K-of-N.json`), so the directories of N shards can be copied into one without a
 * clash, and `resil audit --snapshot DIR` merges every index it finds there.
 */
import * as z from 'zod';

export const ORG_INDEX_SCHEMA_VERSION = '1.0';
export const ORG_INDEX_KIND = 'resil-org-index';

const AccountIdSchema = z.string().regex(/^\d{12}$/, 'expected a 12-digit account id');

export const AccountErrorSchema = z.object({
  /** assume-role: the role could not be assumed; collect: the collection stopped (credentials, network). */
  stage: z.enum(['assume-role', 'collect']),
  code: z.string(),
  message: z.string(),
});

export const IndexAccountSchema = z
  .object({
    id: AccountIdSchema,
    name: z.string().optional(),
    /** ok: snapshot complete; incomplete: snapshot written, some operations failed; error: no snapshot. */
    status: z.enum(['ok', 'incomplete', 'error']),
    /** The snapshot file, relative to the index file's directory (absent when status is error). */
    snapshot: z.string().optional(),
    /** The role assumed in the account. */
    roleArn: z.string().optional(),
    error: AccountErrorSchema.optional(),
    durationMs: z.number().int().nonnegative().optional(),
    apiCalls: z.number().int().nonnegative().optional(),
    /** Operations that failed inside the account (its snapshot records each). */
    collectionErrors: z.number().int().nonnegative().optional(),
  })
  .refine((a) => (a.status === 'error' ? a.error !== undefined : a.snapshot !== undefined), {
    message: 'an account with status error needs `error`; any other needs `snapshot`',
  });

export const OrgIndexSchema = z.object({
  schemaVersion: z.string(),
  kind: z.literal(ORG_INDEX_KIND),
  tool: z.object({ name: z.string(), version: z.string() }),
  organization: z.object({
    id: z.string().optional(),
    managementAccountId: z.string().optional(),
  }),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** How the accounts were chosen (the flags of the run). */
  selection: z.object({
    roleName: z.string(),
    /** Whether an external id was given (its value is not recorded). */
    externalId: z.boolean(),
    ou: z.string().optional(),
    accounts: z.array(AccountIdSchema).optional(),
    excludeAccounts: z.array(AccountIdSchema).optional(),
    includeManagementAccount: z.boolean(),
    /** The regions collected in every account, or "all" (--all-regions). */
    regions: z.union([z.array(z.string()), z.literal('all')]),
  }),
  /** Present for a sharded run (--shard K/N). */
  shard: z.object({ index: z.number().int().min(1), count: z.number().int().min(1) }).optional(),
  /** Accounts selected before sharding: what all N shards together cover. */
  accountsInScope: z.number().int().nonnegative(),
  /** This run's accounts, sorted by id. */
  accounts: z.array(IndexAccountSchema),
  summary: z.object({
    accounts: z.number().int().nonnegative(),
    ok: z.number().int().nonnegative(),
    incomplete: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
  }),
});

export type OrgIndex = z.infer<typeof OrgIndexSchema>;
export type IndexAccount = z.infer<typeof IndexAccountSchema>;
export type AccountError = z.infer<typeof AccountErrorSchema>;

/** `index.json`, or `index-shard-K-of-N.json` for a shard. */
export function indexFileName(shard?: { index: number; count: number }): string {
  return shard ? `index-shard-${shard.index}-of-${shard.count}.json` : 'index.json';
}

/** Index files in a directory listing: index.json and index-shard-K-of-N.json. */
export const INDEX_FILE = /^index(-shard-\d+-of-\d+)?\.json$/;

export function snapshotFileName(accountId: string): string {
  return `${accountId}.snapshot.json`;
}

export function summarizeIndex(accounts: readonly IndexAccount[]): OrgIndex['summary'] {
  return {
    accounts: accounts.length,
    ok: accounts.filter((a) => a.status === 'ok').length,
    incomplete: accounts.filter((a) => a.status === 'incomplete').length,
    failed: accounts.filter((a) => a.status === 'error').length,
  };
}

/**
 * The shards a set of index files is missing: for each shard count N seen, the K in 1..N that no
 * index covers. Empty when the indexes are unsharded or complete.
 */
export function missingShards(indexes: ReadonlyArray<Pick<OrgIndex, 'shard'>>): string[] {
  const seen = new Map<number, Set<number>>();
  for (const ix of indexes) {
    if (!ix.shard) continue;
    const set = seen.get(ix.shard.count) ?? new Set<number>();
    set.add(ix.shard.index);
    seen.set(ix.shard.count, set);
  }
  const out: string[] = [];
  for (const [count, have] of [...seen].sort(([a], [b]) => a - b)) {
    for (let k = 1; k <= count; k++) if (!have.has(k)) out.push(`${k}/${count}`);
  }
  return out;
}
