/**
 * Which accounts of an organisation one `resil snapshot --org` run captures (pure): the active
 * accounts listed by AWS Organizations, narrowed by --accounts / --exclude-accounts, without the
 * management account unless asked for, then the run's shard (--shard K/N).
 *
 * Sharding is by account id alone: account A belongs to shard 1 + (first 6 bytes of sha256(A) mod N).
 * So each of N CI jobs that lists the organisation on its own computes the same split, an account
 * created between two jobs' listings lands in exactly one shard, and no coordination is needed. The
 * price: with few accounts the shards are uneven (a hash, not a round robin).
 */
import { createHash } from 'node:crypto';
import { usageError } from '../util/errors.js';
import { closest } from '../util/suggest.js';

export interface OrgAccount {
  /** 12-digit account id. */
  id: string;
  /** The account name in AWS Organizations. */
  name: string;
  /** AWS partition of the account (aws, aws-cn, aws-us-gov): the role ARN is built in it. */
  partition: string;
}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export const ACCOUNT_ID = /^\d{12}$/;
/** An OU id (ou-xxxx-yyyyyyyy) or the root (r-xxxx). */
export const OU_ID = /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;
export const MAX_SHARDS = 256;

/** Parses --shard K/N (1 ≤ K ≤ N ≤ 256). Throws a usage error naming the problem. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) {
    throw usageError(
      `--shard ${JSON.stringify(text)} is not of the form K/N.`,
      'Give the shard as K/N, e.g. --shard 2/4 for the second of four shards (K from 1 to N).',
    );
  }
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw usageError(
      `--shard ${index}/${count} is out of range: K must be between 1 and N, and N between 1 and ${MAX_SHARDS}.`,
      `E.g. --shard 1/${Math.min(Math.max(count, 2), MAX_SHARDS)} … --shard ${Math.min(Math.max(count, 2), MAX_SHARDS)}/${Math.min(Math.max(count, 2), MAX_SHARDS)}, one per CI job.`,
    );
  }
  return { index, count };
}

/** The 1-based shard an account belongs to among `count`. */
export function shardOf(accountId: string, count: number): number {
  const digest = createHash('sha256').update(accountId).digest();
  return (digest.readUIntBE(0, 6) % count) + 1;
}

/** Validates account ids given on the command line (12 digits each). */
export function validateAccountIds(ids: readonly string[], flag: string): string[] {
  const out: string[] = [];
  for (const raw of ids) {
    const id = raw.trim();
    if (id === '') continue;
    if (!ACCOUNT_ID.test(id)) {
      throw usageError(
        `${flag}: ${JSON.stringify(id)} is not an AWS account id (12 digits).`,
        `Give account ids as 12 digits, comma-separated, e.g. ${flag} 111122223333,444455556666.`,
      );
    }
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

export function validateOuId(ou: string): string {
  const id = ou.trim();
  if (!OU_ID.test(id)) {
    throw usageError(
      `--ou ${JSON.stringify(ou)} is not an organizational unit id.`,
      'Give an OU id such as ou-ab12-cd34ef56 (or the root, r-ab12): `aws organizations list-roots` and `list-organizational-units-for-parent` show them.',
    );
  }
  return id;
}

export interface Selection {
  /** --accounts: only these (each must be an active account of the organisation, or of the OU). */
  accounts?: string[];
  /** --exclude-accounts. */
  exclude?: string[];
  /** The management account is left out unless named in --accounts or this is set. */
  includeManagementAccount?: boolean;
  managementAccountId?: string;
  shard?: Shard;
}

export interface SelectionResult {
  /** The accounts to capture in this run, sorted by id. */
  selected: OrgAccount[];
  /** Accounts in scope before sharding (after the other filters): what all shards together cover. */
  inScope: number;
  /** Lines for stderr: what was left out, and why. */
  notes: string[];
}

/**
 * Narrows the organisation's active accounts to this run's. An id in --accounts that is not among
 * them is a usage error (the nearest id is suggested); an unknown id in --exclude-accounts is only
 * noted (an account closed since the pipeline was written must not break it).
 */
export function selectAccounts(
  active: readonly OrgAccount[],
  sel: Selection,
  scope = 'organization',
): SelectionResult {
  const byId = new Map(active.map((a) => [a.id, a]));
  const notes: string[] = [];
  let chosen: OrgAccount[];
  if (sel.accounts?.length) {
    const unknown = sel.accounts.filter((id) => !byId.has(id));
    if (unknown.length) {
      const near = closest(unknown[0]!, [...byId.keys()]);
      throw usageError(
        `--accounts: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not an active account' : 'are not active accounts'} of the ${scope} (${active.length} active).`,
        near
          ? `Did you mean ${near}? \`aws organizations list-accounts\` lists the accounts.`
          : '`aws organizations list-accounts` lists the accounts and their status.',
      );
    }
    chosen = sel.accounts.map((id) => byId.get(id)!);
  } else {
    chosen = [...active];
    const mgmt = sel.managementAccountId;
    if (mgmt && byId.has(mgmt) && !sel.includeManagementAccount) {
      chosen = chosen.filter((a) => a.id !== mgmt);
      notes.push(
        `Leaving out the management account ${mgmt} (it should hold no workloads; --include-management-account, or name it in --accounts, to capture it).`,
      );
    }
  }
  const exclude = new Set(sel.exclude ?? []);
  for (const id of exclude)
    if (!byId.has(id))
      notes.push(`--exclude-accounts: ${id} is not an active account of the ${scope}; ignored.`);
  chosen = chosen.filter((a) => !exclude.has(a.id)).sort((a, b) => a.id.localeCompare(b.id));
  const inScope = chosen.length;
  if (sel.shard) {
    const { index, count } = sel.shard;
    chosen = chosen.filter((a) => shardOf(a.id, count) === index);
  }
  return { selected: chosen, inScope, notes };
}
