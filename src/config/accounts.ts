/**
 * The `accounts:` section of .resil.yml: settings for an audit of several accounts
 * (`resil audit --snapshot DIR`). Today one key, `drPairs`: DR pairs whose primary and standby live
 * in different accounts (or, for one account of many, a region pair of its own).
 *
 * ```yaml
 * accounts:
 *   drPairs:
 *     - name: shop
 *       primary: { account: "111111111111", region: us-east-1 }
 *       standby: { account: "222222222222", region: us-west-2 }
 * ```
 *
 * For an account named in a pair, the `dr` checks are judged on the pair (the primary account's
 * primary region next to the standby account's standby region), not on the account alone.
 */
import * as z from 'zod';
import { KNOWN_REGIONS } from '../aws/regions.js';
import { closest } from '../util/suggest.js';

const AccountIdSchema = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? 'required (expected a 12-digit account id)'
        : 'expected a 12-digit account id in quotes (YAML reads unquoted digits as a number and drops leading zeros)',
  })
  .regex(/^\d{12}$/, 'expected a 12-digit account id');

export const DrSideSchema = z.strictObject({
  account: AccountIdSchema.describe('The AWS account id (12 digits, quoted).'),
  region: z.string().describe('The region of this side, e.g. us-east-1.'),
});

export const DrPairSchema = z
  .strictObject({
    name: z.string().min(1).optional().describe('A label for reports (default: primary → standby).'),
    primary: DrSideSchema.describe('Where the workload runs.'),
    standby: DrSideSchema.describe('Where it fails over to.'),
  })
  .describe('A DR pair whose sides may live in different accounts.');

export const AccountsConfigSchema = z
  .strictObject({
    drPairs: z
      .array(DrPairSchema)
      .optional()
      .describe(
        'DR pairs across accounts: the dr checks of the accounts named here are judged on the pair, not on each account alone.',
      ),
  })
  .describe(
    'Settings for an audit of several accounts (resil audit --snapshot DIR, from resil snapshot --org).',
  );

export type DrPair = z.infer<typeof DrPairSchema>;
export type AccountsConfig = z.infer<typeof AccountsConfigSchema>;

/** A pair's label: its name, or "111111111111/us-east-1 → 222222222222/us-west-2". */
export function pairLabel(p: DrPair): string {
  return p.name ?? `${p.primary.account}/${p.primary.region} → ${p.standby.account}/${p.standby.region}`;
}

/** Problems the schema cannot see: unknown regions, a pair within one region, an account in two pairs. */
export function accountsProblems(accounts: AccountsConfig | undefined): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const [i, p] of (accounts?.drPairs ?? []).entries()) {
    const at = `accounts.drPairs[${i}]`;
    for (const side of ['primary', 'standby'] as const) {
      const r = p[side].region;
      if (!(KNOWN_REGIONS as readonly string[]).includes(r)) {
        const guess = closest(r, KNOWN_REGIONS);
        problems.push(
          `${at}.${side}.region: unknown AWS region ${r}${guess ? ` (did you mean ${guess}?)` : ''}`,
        );
      }
    }
    if (p.primary.region === p.standby.region)
      problems.push(
        `${at}.standby.region: must differ from the primary's (both are ${p.primary.region}): a Region failure takes both sides`,
      );
    for (const id of new Set([p.primary.account, p.standby.account])) {
      const prev = seen.get(id);
      if (prev !== undefined)
        problems.push(
          `${at}: account ${id} is already in accounts.drPairs[${prev}] (an account can be in one pair)`,
        );
      else seen.set(id, i);
    }
  }
  return problems;
}

/** The keys allowed at a path inside `accounts:` (for "unknown key, did you mean"), or undefined outside it. */
export function accountsKeysAt(path: readonly PropertyKey[]): string[] | undefined {
  if (path[0] !== 'accounts') return undefined;
  if (path.length === 1) return Object.keys(AccountsConfigSchema.shape);
  if (path.length === 3) return Object.keys(DrPairSchema.shape);
  return Object.keys(DrSideSchema.shape);
}
