/**
 * `resil snapshot --org`: the flags, their validation, and the call into src/org/snapshot.ts. Kept
 * out of src/commands/snapshot.ts so the one-account path stays as it was.
 */
import { Flags } from '@oclif/core';
import { DEFAULT_ACCOUNT_CONCURRENCY, DEFAULT_ROLE_NAME, snapshotOrganization } from '../org/snapshot.js';
import { parseShard, validateAccountIds, validateOuId } from '../org/select.js';
import { usageError } from '../util/errors.js';
import { roleOptions } from './aws-flags.js';
import { plural } from '../util/text.js';
import { parseEndpointUrl } from '../util/url.js';

const ORG = 'ORGANISATION';

export const orgSnapshotFlags = {
  org: Flags.boolean({
    summary:
      'Capture every active account of the AWS organisation (run from the management account or a delegated administrator).',
    helpGroup: ORG,
  }),
  'output-dir': Flags.string({
    summary: 'With --org: directory for one snapshot per account and the index file (created when missing).',
    helpValue: 'DIR',
    exclusive: ['output'],
    helpGroup: ORG,
  }),
  'role-name': Flags.string({
    summary: 'With --org: the role to assume in each account (arn:<partition>:iam::<id>:role/NAME).',
    default: DEFAULT_ROLE_NAME,
    helpValue: 'NAME',
    helpGroup: ORG,
  }),
  accounts: Flags.string({
    summary: 'With --org: only these account ids (comma-separated).',
    multiple: true,
    delimiter: ',',
    exclusive: ['ou'],
    helpValue: 'ID',
    helpGroup: ORG,
  }),
  ou: Flags.string({
    summary: 'With --org: only the accounts under this organizational unit, and its child OUs.',
    helpValue: 'OU-ID',
    helpGroup: ORG,
  }),
  'exclude-accounts': Flags.string({
    summary: 'With --org: leave out these account ids (comma-separated).',
    multiple: true,
    delimiter: ',',
    helpValue: 'ID',
    helpGroup: ORG,
  }),
  'include-management-account': Flags.boolean({
    summary: 'With --org: capture the management account too (left out by default).',
    helpGroup: ORG,
  }),
  shard: Flags.string({
    summary: 'With --org: capture only shard K of N (by account id), e.g. 2/4, one per CI job.',
    helpValue: 'K/N',
    helpGroup: ORG,
  }),
  'account-concurrency': Flags.integer({
    summary: 'With --org: accounts captured at once (all within --concurrency requests in flight).',
    default: DEFAULT_ACCOUNT_CONCURRENCY,
    min: 1,
    max: 64,
    helpGroup: ORG,
  }),
};

/** The org-only flags, as the user may have typed them. */
const ORG_ONLY = [
  'output-dir',
  'role-name',
  'accounts',
  'ou',
  'exclude-accounts',
  'include-management-account',
  'shard',
  'account-concurrency',
] as const;

interface Parsed {
  org?: boolean;
  output?: string;
  'output-dir'?: string;
  'role-name': string;
  'external-id'?: string;
  accounts?: string[];
  ou?: string;
  'exclude-accounts'?: string[];
  'include-management-account'?: boolean;
  shard?: string;
  'account-concurrency': number;
  region?: string[];
  'all-regions'?: boolean;
  profile?: string;
  'endpoint-url'?: string;
  'role-arn'?: string;
  concurrency: number;
  'max-attempts': number;
  'lag-window': number;
  history?: number;
  quiet: boolean;
}

/** Refuses --org-only flags without --org (a default does not count). */
export function assertOrgFlags(
  flags: Partial<Record<(typeof ORG_ONLY)[number] | 'org', unknown>>,
  metadata: { flags: Record<string, { setFromDefault?: boolean } | undefined> },
): void {
  if (flags.org) return;
  const given = ORG_ONLY.filter((f) => flags[f] !== undefined && !metadata.flags[f]?.setFromDefault);
  if (given.length === 0) return;
  throw usageError(
    `${given.map((f) => `--${f}`).join(', ')} ${given.length === 1 ? 'needs' : 'need'} --org.`,
    'Add --org to capture the accounts of the organisation, or use --output FILE for one account.',
  );
}

/** Runs `resil snapshot --org`; returns the exit code (0, or 3 when an account is incomplete). */
export async function runOrgSnapshot(flags: Parsed, say: (line: string) => void): Promise<number> {
  if (flags.output !== undefined)
    throw usageError(
      '--output names one file; --org writes one snapshot per account.',
      'Give --output-dir DIR instead of --output.',
    );
  if (flags['output-dir'] === undefined)
    throw usageError(
      '--org writes one snapshot per account and an index: it needs --output-dir DIR.',
      'E.g. resil snapshot --org --region us-east-1 --output-dir snapshots/',
    );
  const roleName = flags['role-name'].trim();
  if (!/^[\w+=,.@/-]{1,512}$/.test(roleName) || roleName.startsWith('arn:'))
    throw usageError(
      `--role-name ${JSON.stringify(flags['role-name'])} is not an IAM role name.`,
      'Give the role name only (e.g. ResilAuditRole); resil builds arn:<partition>:iam::<account>:role/NAME for each account.',
    );
  // --external-id goes with every role resil assumes: --role-arn (when given), then each member role.
  const role = roleOptions(flags, 'snapshot', { externalIdAlone: true });
  const accounts = validateAccountIds(flags.accounts ?? [], '--accounts');
  const exclude = validateAccountIds(flags['exclude-accounts'] ?? [], '--exclude-accounts');
  const ou = flags.ou !== undefined ? validateOuId(flags.ou) : undefined;
  const shard = flags.shard !== undefined ? parseShard(flags.shard) : undefined;
  const envPage = Number(process.env['RESIL_PAGE_SIZE']);
  const quiet = flags.quiet;
  const note = (line: string) => {
    if (!quiet) say(line);
  };

  const result = await snapshotOrganization({
    outputDir: flags['output-dir'],
    roleName,
    ...(role.externalId ? { externalId: role.externalId } : {}),
    ...(accounts.length ? { accounts } : {}),
    ...(ou ? { ou } : {}),
    ...(exclude.length ? { excludeAccounts: exclude } : {}),
    includeManagementAccount: !!flags['include-management-account'],
    ...(shard ? { shard } : {}),
    accountConcurrency: flags['account-concurrency'],
    regions: flags.region ?? [],
    allRegions: !!flags['all-regions'],
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(flags['endpoint-url'] !== undefined ? { endpointUrl: parseEndpointUrl(flags['endpoint-url']) } : {}),
    ...(role.roleArn ? { roleArn: role.roleArn } : {}),
    roleSessionName: role.roleSessionName,
    concurrency: flags.concurrency,
    maxAttempts: flags['max-attempts'],
    lagWindowSeconds: flags['lag-window'],
    ...(flags.history !== undefined ? { historyDays: flags.history } : {}),
    ...(Number.isInteger(envPage) && envPage > 0 ? { pageSize: envPage } : {}),
    note,
  });
  const s = result.index.summary;
  const notCaptured = result.index.accounts.filter((a) => a.status === 'error');
  note(
    `Wrote ${result.indexFile}: ${s.ok + s.incomplete} of ${plural(s.accounts, 'account')} captured` +
      `${s.incomplete ? ` (${s.incomplete} incomplete)` : ''}${s.failed ? `, ${s.failed} not captured` : ''}; ` +
      `${result.apiCalls} API calls in ${(result.durationMs / 1000).toFixed(1)} s, at most ${result.peakConcurrency} in flight.`,
  );
  for (const a of notCaptured) note(`  not captured: ${a.id} (${a.error?.code}: ${a.error?.message})`);
  if (s.failed + s.incomplete > 0)
    note(
      notCaptured.some((a) => a.error?.stage === 'assume-role')
        ? `Deploy the member role (${roleName}) with a trust policy for this account, e.g. with the StackSet in docs/org/member-role.yaml (docs/organisations.md).`
        : 'The index and each snapshot record what failed; `resil audit --snapshot DIR` reports it per account.',
    );
  return result.exitCode;
}
