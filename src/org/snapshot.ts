/**
 * `resil snapshot --org`: list the organisation, choose this run's accounts (filters, shard),
 * capture each into DIR/<id>.snapshot.json as it finishes, and write the index last. The AWS side
 * (listing, AssumeRole, collection) is src/aws/org.ts; this module owns the files.
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ClientFactory } from '../aws/clients.js';
import { defaultRegion, validateRegions } from '../aws/collect/index.js';
import { captureOrganization, listOrganization, type AccountCapture } from '../aws/org.js';
import { assertWritable, writeFileAtomic } from '../cli/output.js';
import { fsReason } from '../inventory/load.js';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from '../inventory/schema.js';
import { ExitCode, usageError } from '../util/errors.js';
import { plural } from '../util/text.js';
import { TOOL } from '../util/version.js';
import { redactUrl } from '../util/url.js';
import {
  INDEX_FILE,
  ORG_INDEX_KIND,
  ORG_INDEX_SCHEMA_VERSION,
  indexFileName,
  snapshotFileName,
  summarizeIndex,
  type IndexAccount,
  type OrgIndex,
} from './index-file.js';
import { selectAccounts, type Shard } from './select.js';

export const DEFAULT_ROLE_NAME = 'ResilAuditRole';
export const DEFAULT_ACCOUNT_CONCURRENCY = 4;

export interface OrgSnapshotOptions {
  outputDir: string;
  roleName: string;
  /** Sent with every AssumeRole: --role-arn's, then each member role's. */
  externalId?: string;
  roleSessionName?: string;
  accounts?: string[];
  ou?: string;
  excludeAccounts?: string[];
  includeManagementAccount: boolean;
  shard?: Shard;
  accountConcurrency: number;
  regions: string[];
  allRegions: boolean;
  profile?: string;
  endpointUrl?: string;
  /** A role to assume first in the management (or delegated administrator) account. */
  roleArn?: string;
  concurrency: number;
  maxAttempts: number;
  lagWindowSeconds: number;
  /** Days of Auto Scaling demand history (--history). */
  historyDays?: number;
  /** Page size of list calls (tests; env RESIL_PAGE_SIZE). */
  pageSize?: number;
  /** A line for stderr (progress and notes). */
  note: (line: string) => void;
}

export interface OrgSnapshotResult {
  index: OrgIndex;
  indexFile: string;
  apiCalls: number;
  peakConcurrency: number;
  durationMs: number;
  exitCode: number;
}

/** Creates DIR if needed; a DIR that is a file, or cannot be written, is a usage error before any AWS call. */
export async function prepareOutputDir(dir: string): Promise<string> {
  if (dir.trim() === '')
    throw usageError('--output-dir needs a directory name (it is empty).', 'Give --output-dir a path.');
  const abs = resolve(dir);
  const existing = await stat(abs).catch(() => undefined);
  if (existing && !existing.isDirectory())
    throw usageError(
      `Cannot write into ${dir}: it is not a directory.`,
      'Give --output-dir a directory (it is created when missing).',
    );
  if (!existing) {
    try {
      await mkdir(abs, { recursive: true });
    } catch (err) {
      throw usageError(
        `Cannot create ${dir}: ${fsReason(err)}.`,
        'Check the path given to --output-dir (its parent must be writable).',
      );
    }
  }
  await assertWritable(join(abs, indexFileName()), '--output-dir');
  return abs;
}

function entryOf(r: AccountCapture): IndexAccount {
  const base = { id: r.account.id, ...(r.account.name ? { name: r.account.name } : {}), roleArn: r.roleArn };
  if (!r.ok) return { ...base, status: 'error', error: r.error, durationMs: r.durationMs };
  const failed = r.inventory.collection.filter((c) => c.status === 'error').length;
  return {
    ...base,
    status: failed ? 'incomplete' : 'ok',
    snapshot: snapshotFileName(r.account.id),
    durationMs: r.stats.durationMs,
    apiCalls: r.stats.apiCalls,
    collectionErrors: failed,
  };
}

function describe(r: AccountCapture, e: IndexAccount): string {
  if (!r.ok)
    return r.error.stage === 'assume-role'
      ? `not captured: cannot assume ${r.roleArn} (${r.error.code}: ${r.error.message})`
      : `not captured: the collection stopped (${r.error.code}: ${r.error.message})`;
  const secs = `${(r.stats.durationMs / 1000).toFixed(1)} s`;
  return e.status === 'incomplete'
    ? `incomplete: ${plural(e.collectionErrors ?? 0, 'operation')} failed (recorded in ${e.snapshot}); ${r.stats.apiCalls} API calls in ${secs}`
    : `${r.stats.apiCalls} API calls in ${secs}`;
}

/** Captures the organisation's selected accounts into DIR; exit 3 when any account is incomplete. */
export async function snapshotOrganization(opts: OrgSnapshotOptions): Promise<OrgSnapshotResult> {
  const started = new Date();
  const dir = await prepareOutputDir(opts.outputDir);
  let regions = validateRegions(opts.regions);
  const home = regions[0] ?? (await defaultRegion(opts.profile));
  if (!home) {
    throw usageError(
      'No AWS region given and none configured.',
      'Pass --region us-east-1 (or several), --all-regions, or set AWS_REGION.',
    );
  }
  if (!regions.length) regions = validateRegions([home]);

  const clients = new ClientFactory({
    maxAttempts: opts.maxAttempts,
    concurrency: opts.concurrency,
    homeRegion: home,
    ...(opts.endpointUrl ? { endpointUrl: opts.endpointUrl } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.roleArn ? { roleArn: opts.roleArn } : {}),
    ...(opts.roleArn && opts.externalId ? { externalId: opts.externalId } : {}),
    ...(opts.roleSessionName ? { roleSessionName: opts.roleSessionName } : {}),
  });
  try {
    const org = await listOrganization(clients, {
      home,
      ...(opts.ou ? { ou: opts.ou } : {}),
      ...(opts.endpointUrl ? { endpointUrl: opts.endpointUrl } : {}),
      ...(opts.profile ? { profile: opts.profile } : {}),
      ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
    });
    const { selected, inScope, notes } = selectAccounts(
      org.accounts,
      {
        ...(opts.accounts?.length ? { accounts: opts.accounts } : {}),
        ...(opts.excludeAccounts?.length ? { exclude: opts.excludeAccounts } : {}),
        includeManagementAccount: opts.includeManagementAccount,
        ...(org.managementAccountId ? { managementAccountId: org.managementAccountId } : {}),
        ...(opts.shard ? { shard: opts.shard } : {}),
      },
      opts.ou ? `OU ${opts.ou}` : 'organization',
    );
    for (const n of notes) opts.note(n);
    const indexName = indexFileName(opts.shard);
    const others = (await readdir(dir)).filter((f) => INDEX_FILE.test(f) && f !== indexName);
    if (others.length)
      opts.note(
        `Note: ${dir} also holds ${others.join(', ')} from another run; \`resil audit --snapshot ${opts.outputDir}\` merges every index there.`,
      );
    const shardText = opts.shard ? ` (shard ${opts.shard.index}/${opts.shard.count} of ${inScope})` : '';
    opts.note(
      `Capturing ${plural(selected.length, 'account')}${shardText} of ${org.id ?? 'the organization'} with role ${opts.roleName}, ` +
        `${Math.min(opts.accountConcurrency, Math.max(1, selected.length))} at a time, ≤ ${opts.concurrency} requests in flight; regions ${opts.allRegions ? 'all enabled' : regions.join(', ')}.`,
    );

    const entries: IndexAccount[] = [];
    let done = 0;
    await captureOrganization({
      accounts: selected,
      roleName: opts.roleName,
      ...(opts.externalId ? { externalId: opts.externalId } : {}),
      accountConcurrency: opts.accountConcurrency,
      clients,
      home,
      collect: {
        regions,
        allRegions: opts.allRegions,
        concurrency: opts.concurrency,
        maxAttempts: opts.maxAttempts,
        lagWindowSeconds: opts.lagWindowSeconds,
        ...(opts.historyDays !== undefined ? { historyDays: opts.historyDays } : {}),
        ...(opts.endpointUrl ? { endpointUrl: opts.endpointUrl } : {}),
        ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
      },
      onAccount: async (r) => {
        const entry = entryOf(r);
        if (r.ok) {
          const snapshot: Snapshot = {
            schemaVersion: SNAPSHOT_SCHEMA_VERSION,
            capture: {
              tool: TOOL,
              source: 'live',
              // Recorded without credentials (http://user:PASS@host → http://host).
              ...(opts.endpointUrl ? { endpointUrl: redactUrl(opts.endpointUrl) } : {}),
              ...(r.stats.callerArn ? { callerArn: r.stats.callerArn } : {}),
              durationMs: r.stats.durationMs,
              apiCalls: r.stats.apiCalls,
            },
            inventory: r.inventory,
          };
          // 0600, as `resil snapshot`: a snapshot maps an account.
          await writeFileAtomic(join(dir, entry.snapshot!), `${JSON.stringify(snapshot, null, 2)}\n`, {
            mode: 0o600,
            flag: '--output-dir',
          });
        }
        entries.push(entry);
        done++;
        const label = r.account.name ? `${r.account.id} (${r.account.name})` : r.account.id;
        opts.note(`[${done}/${selected.length}] ${label}: ${describe(r, entry)}`);
      },
    });

    entries.sort((a, b) => a.id.localeCompare(b.id));
    const index: OrgIndex = {
      schemaVersion: ORG_INDEX_SCHEMA_VERSION,
      kind: ORG_INDEX_KIND,
      tool: TOOL,
      organization: {
        ...(org.id ? { id: org.id } : {}),
        ...(org.managementAccountId ? { managementAccountId: org.managementAccountId } : {}),
      },
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      selection: {
        roleName: opts.roleName,
        externalId: !!opts.externalId,
        ...(opts.ou ? { ou: opts.ou } : {}),
        ...(opts.accounts?.length ? { accounts: opts.accounts } : {}),
        ...(opts.excludeAccounts?.length ? { excludeAccounts: opts.excludeAccounts } : {}),
        includeManagementAccount: opts.includeManagementAccount,
        regions: opts.allRegions ? 'all' : regions,
      },
      ...(opts.shard ? { shard: opts.shard } : {}),
      accountsInScope: inScope,
      accounts: entries,
      summary: summarizeIndex(entries),
    };
    const indexFile = join(dir, indexName);
    await writeFileAtomic(indexFile, `${JSON.stringify(index, null, 2)}\n`, {
      mode: 0o600,
      flag: '--output-dir',
    });
    const s = index.summary;
    return {
      index,
      indexFile,
      apiCalls: clients.apiCalls + entries.reduce((n, e) => n + (e.apiCalls ?? 0), 0),
      peakConcurrency: clients.pool.peak,
      durationMs: Date.now() - started.getTime(),
      exitCode: s.failed + s.incomplete > 0 ? ExitCode.INCOMPLETE : ExitCode.OK,
    };
  } finally {
    clients.destroy();
  }
}
