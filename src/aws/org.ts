/**
 * Organisation capture (issue 14): list the active accounts through AWS Organizations (from the
 * management account or a delegated administrator), assume a role in each, and collect each one's
 * inventory with the same collector as `resil snapshot` — several accounts at a time, every request
 * of every account inside one shared pool (--concurrency).
 *
 * An account whose role cannot be assumed, or whose collection stops (expired credentials, a network
 * failure), becomes an error entry for that account; the others go on. Failing to list the
 * organisation stops the run (exit 2): nothing could be captured.
 */
import {
  DescribeOrganizationCommand,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  type Account,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { Inventory } from '../inventory/schema.js';
import type { AccountError } from '../org/index-file.js';
import type { OrgAccount } from '../org/select.js';
import { ResilError, usageError } from '../util/errors.js';
import { assumedRoleCredentials } from './assume.js';
import { AssumeRoleRefused, ClientFactory } from './clients.js';
import { errorCode, fatalError, isAccessError } from './collect/context.js';
import { collectInventory, roleRefused, type CollectOptions, type CollectStats } from './collect/index.js';
import { Semaphore } from './semaphore.js';

export interface Organization {
  id?: string;
  managementAccountId?: string;
  /** Active accounts (State, or the older Status, ACTIVE), in the order AWS listed them. */
  accounts: OrgAccount[];
}

/** The region the Organizations endpoint lives in, for the partition of the home region. */
export function organizationsRegion(home: string): string {
  if (home.startsWith('cn-')) return 'cn-northwest-1';
  if (home.startsWith('us-gov-')) return 'us-gov-west-1';
  return 'us-east-1';
}

function partitionOf(arn: string | undefined, home: string): string {
  const p = arn?.split(':')[1];
  if (p) return p;
  return home.startsWith('cn-') ? 'aws-cn' : home.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

/** Maps one listed account; undefined when it is not active (suspended, pending closure, closed). */
export function activeAccount(a: Account, home: string): OrgAccount | undefined {
  const state = a.State ?? a.Status;
  if (!a.Id || state !== 'ACTIVE') return undefined;
  return { id: a.Id, name: a.Name ?? '', partition: partitionOf(a.Arn, home) };
}

function listingError(
  err: unknown,
  what: string,
  where: { endpointUrl?: string; profile?: string },
): ResilError {
  const fatal = fatalError(err, where);
  if (fatal) return fatal;
  const code = errorCode(err);
  const message = ((err as Error)?.message ?? String(err)).split('\n')[0];
  if (code === 'AWSOrganizationsNotInUseException') {
    return usageError(
      `The account is not in an AWS organisation (${code}).`,
      'Run from the management account (or a delegated administrator) of an organisation, or audit one account without --org.',
    );
  }
  if (code === 'ParentNotFoundException' || code === 'InvalidInputException') {
    return usageError(
      `${what}: ${message} (${code}).`,
      'Check the --ou id: `aws organizations list-roots` and `aws organizations list-organizational-units-for-parent --parent-id ID` show them.',
    );
  }
  if (isAccessError(err)) {
    return usageError(
      `Cannot list the organisation's accounts: ${code} on ${what}.`,
      'Run from the management account or a delegated administrator account, with organizations:ListAccounts, ' +
        'organizations:ListAccountsForParent, organizations:ListOrganizationalUnitsForParent and organizations:DescribeOrganization (docs/organisations.md).',
    );
  }
  return new ResilError(`Cannot list the organisation's accounts (${what}): ${code}: ${message}`, {
    cause: err,
    suggestions: ['Run again with --debug for details.'],
  });
}

async function accountsUnder(
  client: OrganizationsClient,
  parentId: string,
  pageSize: number | undefined,
): Promise<Account[]> {
  const out: Account[] = [];
  const cfg = { client, ...(pageSize ? { pageSize } : {}) };
  for await (const page of paginateListAccountsForParent(cfg, { ParentId: parentId }))
    out.push(...(page.Accounts ?? []));
  const children: string[] = [];
  for await (const page of paginateListOrganizationalUnitsForParent(cfg, { ParentId: parentId }))
    for (const ou of page.OrganizationalUnits ?? []) if (ou.Id) children.push(ou.Id);
  for (const child of children) out.push(...(await accountsUnder(client, child, pageSize)));
  return out;
}

/**
 * Lists the organisation's active accounts: all of them (ListAccounts), or those under an OU and
 * its child OUs, recursively (ListAccountsForParent, ListOrganizationalUnitsForParent). The
 * organisation's id and management account come from DescribeOrganization (recorded as unknown
 * when that call is denied).
 */
export async function listOrganization(
  clients: ClientFactory,
  opts: { home: string; ou?: string; endpointUrl?: string; profile?: string; pageSize?: number },
): Promise<Organization> {
  const client = clients.organizations(organizationsRegion(opts.home));
  const where = {
    ...(opts.endpointUrl ? { endpointUrl: opts.endpointUrl } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
  };
  // --role-arn first (base credentials -> that role -> each member role): refused is exit 2, at once.
  try {
    await clients.assumeRole();
  } catch (err) {
    if (err instanceof AssumeRoleRefused) throw roleRefused(err);
    throw fatalError(err, where) ?? err;
  }
  let id: string | undefined;
  let managementAccountId: string | undefined;
  try {
    const out = await client.send(new DescribeOrganizationCommand({}));
    id = out.Organization?.Id;
    managementAccountId = out.Organization?.MasterAccountId;
  } catch (err) {
    // Not being in an organisation, or unusable credentials, stop here; a denied describe does not.
    if (errorCode(err) === 'AWSOrganizationsNotInUseException' || fatalError(err, where))
      throw listingError(err, 'organizations:DescribeOrganization', where);
  }
  const raw: Account[] = [];
  try {
    if (opts.ou) {
      raw.push(...(await accountsUnder(client, opts.ou, opts.pageSize)));
    } else {
      const cfg = { client, ...(opts.pageSize ? { pageSize: opts.pageSize } : {}) };
      for await (const page of paginateListAccounts(cfg, {})) raw.push(...(page.Accounts ?? []));
    }
  } catch (err) {
    throw listingError(
      err,
      opts.ou ? `organizations:ListAccountsForParent under ${opts.ou}` : 'organizations:ListAccounts',
      where,
    );
  }
  const seen = new Set<string>();
  const accounts: OrgAccount[] = [];
  for (const a of raw) {
    const acct = activeAccount(a, opts.home);
    if (acct && !seen.has(acct.id)) {
      seen.add(acct.id);
      accounts.push(acct);
    }
  }
  return { ...(id ? { id } : {}), ...(managementAccountId ? { managementAccountId } : {}), accounts };
}

export function roleArnFor(account: OrgAccount, roleName: string): string {
  return `arn:${account.partition}:iam::${account.id}:role/${roleName}`;
}

export type AccountCapture =
  | { account: OrgAccount; roleArn: string; ok: true; inventory: Inventory; stats: CollectStats }
  | { account: OrgAccount; roleArn: string; ok: false; error: AccountError; durationMs: number };

export interface OrgCaptureOptions {
  /** The accounts to capture (already selected and sharded). */
  accounts: OrgAccount[];
  roleName: string;
  externalId?: string;
  /** Accounts captured at once (each with its own regions and services in flight). */
  accountConcurrency: number;
  /** The management side: its credentials are the base of every AssumeRole, its pool bounds every request. */
  clients: ClientFactory;
  home: string;
  /** What to collect in each account (regions, retries, lag window...). */
  collect: Omit<CollectOptions, 'credentials' | 'pool' | 'roleArn' | 'profile' | 'progress'>;
  /** Called as each account finishes (write its snapshot here, so memory holds one account at a time). */
  onAccount: (result: AccountCapture) => Promise<void>;
  /** Called as each account starts. */
  onStart?: (account: OrgAccount) => void;
}

function accountError(err: unknown, stage: AccountError['stage']): AccountError {
  const original = err instanceof ResilError && err.cause !== undefined ? err.cause : err;
  const code = err instanceof ResilError && err.cause === undefined ? 'Error' : errorCode(original);
  const message = ((err as Error)?.message ?? String(err)).split('\n')[0]!.slice(0, 500);
  return { stage, code, message };
}

async function captureOne(account: OrgAccount, opts: OrgCaptureOptions): Promise<AccountCapture> {
  const started = Date.now();
  const roleArn = roleArnFor(account, opts.roleName);
  const connection = opts.clients.connectionConfig(opts.home);
  const credentials = assumedRoleCredentials(
    opts.clients.baseCredentials,
    { roleArn, sessionName: 'resil-snapshot', ...(opts.externalId ? { externalId: opts.externalId } : {}) },
    connection,
  );
  // Assume the role first, inside the shared pool: an unassumable role is this account's error, and
  // the later refreshes (an hour on) happen inside requests that already hold a slot.
  try {
    await opts.clients.pool.run(async () => {
      opts.clients.sent.push({ service: 'sts', region: opts.home, operation: 'AssumeRole', at: Date.now() });
      await credentials();
    });
  } catch (err) {
    return {
      account,
      roleArn,
      ok: false,
      error: accountError(err, 'assume-role'),
      durationMs: Date.now() - started,
    };
  }
  try {
    const { inventory, stats } = await collectInventory({
      ...opts.collect,
      credentials,
      pool: opts.clients.pool,
    });
    return { account, roleArn, ok: true, inventory, stats };
  } catch (err) {
    return {
      account,
      roleArn,
      ok: false,
      error: accountError(err, 'collect'),
      durationMs: Date.now() - started,
    };
  }
}

/**
 * Captures every account, `accountConcurrency` at a time, in the order given. Resolves when all are
 * done; each result goes to `onAccount` as it comes (an error there, e.g. a full disk, stops the run).
 */
export async function captureOrganization(opts: OrgCaptureOptions): Promise<void> {
  const accounts = new Semaphore(opts.accountConcurrency);
  await Promise.all(
    opts.accounts.map((account) =>
      accounts.run(async () => {
        opts.onStart?.(account);
        const result = await captureOne(account, opts);
        await opts.onAccount(result);
      }),
    ),
  );
}
