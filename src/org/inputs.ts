/**
 * What `resil audit --snapshot …` was given, resolved into accounts: one plain snapshot file (the
 * one-account audit, unchanged), or any mix of directories, index files and snapshot files (an audit
 * of several accounts). A directory contributes its index files (index.json, index-shard-K-of-N.json)
 * or, when it has none, every *.json file in it as a snapshot.
 *
 * Everything that can be checked without reading every snapshot is checked here, before any work:
 * files exist, indexes are valid, no account appears twice. Snapshot files are read lazily, one at a
 * time, when the audit reaches them (and checked to hold the account the index says).
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AccountSource } from '../engine/org-audit.js';
import { formatIssues, fsReason, loadSnapshot } from '../inventory/load.js';
import type { Inventory } from '../inventory/schema.js';
import { usageError } from '../util/errors.js';
import {
  INDEX_FILE,
  ORG_INDEX_KIND,
  ORG_INDEX_SCHEMA_VERSION,
  OrgIndexSchema,
  missingShards,
  type OrgIndex,
} from './index-file.js';

export interface AuditInputs {
  /** Set when the input is one plain snapshot file: audit it as one account, as before. */
  single?: string;
  /**
   * The JSON document of `single`, when reading it to tell a snapshot from an index parsed it (so
   * the snapshot is not read and parsed twice): give it to parseSnapshot. Undefined when it could not
   * be read or parsed: loadSnapshot then reports why.
   */
  singleDoc?: unknown;
  accounts: AccountSource[];
  organization?: { id?: string; managementAccountId?: string };
  /** Shards of a sharded capture that no index covers ("2/4"). */
  missingShards: string[];
  notes: string[];
}

async function sniffJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function isIndexDoc(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && (doc as { kind?: unknown }).kind === ORG_INDEX_KIND;
}

/** Validates an index document; every problem is a usage error naming the file and the JSON path. */
export function parseIndex(doc: unknown, file: string): OrgIndex {
  const version = (doc as { schemaVersion?: unknown }).schemaVersion;
  const major = typeof version === 'string' ? version.split('.')[0] : undefined;
  const supported = ORG_INDEX_SCHEMA_VERSION.split('.')[0];
  if (major !== supported) {
    throw usageError(
      `${file} is an index of schemaVersion ${String(version)}; this resil reads ${supported}.x.`,
      'Capture again with this version of resil (resil snapshot --org), or use the resil that wrote it.',
    );
  }
  const parsed = OrgIndexSchema.safeParse(doc);
  if (!parsed.success) {
    throw usageError(
      `${file} is not a valid resil index:\n  ${formatIssues(parsed.error).join('\n  ')}`,
      'Capture again with `resil snapshot --org --output-dir DIR`.',
    );
  }
  return parsed.data;
}

function loader(file: string, id: string | undefined, from: string): () => Promise<Inventory> {
  return async () => {
    const snap = await loadSnapshot(file);
    if (id !== undefined && snap.inventory.accountId !== id) {
      throw usageError(
        `${file} holds account ${snap.inventory.accountId}, but ${from} lists it as account ${id}.`,
        'Keep each account in its own <account-id>.snapshot.json, or capture again.',
      );
    }
    return snap.inventory;
  };
}

interface Collected {
  accounts: AccountSource[];
  indexes: Array<{ file: string; index: OrgIndex }>;
}

async function addIndex(file: string, doc: unknown, into: Collected): Promise<void> {
  const index = parseIndex(doc, file);
  into.indexes.push({ file, index });
  const dir = dirname(file);
  for (const a of index.accounts) {
    const base = { id: a.id, ...(a.name ? { name: a.name } : {}) };
    if (a.status === 'error' || !a.snapshot) {
      into.accounts.push({ ...base, source: file, ...(a.error ? { error: a.error } : {}) });
      continue;
    }
    const snap = join(dir, a.snapshot);
    const exists = await stat(snap).catch(() => undefined);
    if (!exists?.isFile()) {
      throw usageError(
        `${file} lists ${snap} for account ${a.id}, but ${exists ? 'it is not a file' : 'there is no such file'}.`,
        "Copy every shard's snapshot files next to its index (e.g. download all the artifacts into one directory).",
      );
    }
    into.accounts.push({ ...base, source: snap, load: loader(snap, a.id, file) });
  }
}

async function addSnapshotFile(file: string, into: Collected): Promise<void> {
  // Read once now for its account id (and to fail early on a bad file); again when audited.
  const snap = await loadSnapshot(file);
  into.accounts.push({ id: snap.inventory.accountId, source: file, load: loader(file, undefined, file) });
}

async function addPath(path: string, into: Collected): Promise<void> {
  if (path.trim() === '') {
    throw usageError(
      '--snapshot needs a file name (it is empty).',
      'Give --snapshot the path of a snapshot file, or leave the flag out to audit the live account.',
    );
  }
  const st = await stat(path).catch((err: unknown) => {
    throw usageError(
      (err as NodeJS.ErrnoException).code === 'ENOENT'
        ? `Snapshot file not found: ${path}`
        : `Cannot read snapshot file ${path}: ${fsReason(err)}`,
      'Check the path given to --snapshot.',
    );
  });
  if (!st.isDirectory()) {
    const doc = await sniffJson(path);
    if (isIndexDoc(doc)) await addIndex(path, doc, into);
    else await addSnapshotFile(path, into);
    return;
  }
  let names: string[];
  try {
    names = (await readdir(path)).sort();
  } catch (err) {
    throw usageError(
      `Cannot read the directory ${path}: ${fsReason(err)}.`,
      'Check the path given to --snapshot.',
    );
  }
  const indexes = names.filter((n) => INDEX_FILE.test(n));
  if (indexes.length) {
    for (const n of indexes) {
      const file = join(path, n);
      const doc = await sniffJson(file);
      if (!isIndexDoc(doc))
        throw usageError(`${file} is not a resil index file.`, `Remove it from ${path}, or capture again.`);
      await addIndex(file, doc, into);
    }
    return;
  }
  const snapshots = names.filter((n) => n.endsWith('.json'));
  if (snapshots.length === 0) {
    throw usageError(
      `Cannot read snapshot file ${path}: it is a directory without an index (index.json, index-shard-K-of-N.json) or snapshot files (*.json).`,
      'Give --snapshot a snapshot file, or a directory written by `resil snapshot --org --output-dir DIR`.',
    );
  }
  for (const n of snapshots) await addSnapshotFile(join(path, n), into);
}

/** Resolves the --snapshot values (see the module comment). Throws a usage error (exit 2) on bad input. */
export async function resolveAuditInputs(paths: readonly string[]): Promise<AuditInputs> {
  if (paths.length === 1 && paths[0]!.trim() !== '') {
    const st = await stat(paths[0]!).catch(() => undefined);
    // One plain file (or one that cannot be read): the one-account audit reports on it as it always has.
    const doc = st && !st.isDirectory() ? await sniffJson(paths[0]!) : undefined;
    if (!st?.isDirectory() && !isIndexDoc(doc))
      return {
        single: paths[0]!,
        ...(doc !== undefined ? { singleDoc: doc } : {}),
        accounts: [],
        missingShards: [],
        notes: [],
      };
  }
  const into: Collected = { accounts: [], indexes: [] };
  for (const p of paths) await addPath(p, into);

  const where = new Map<string, string>();
  for (const a of into.accounts) {
    const prev = where.get(a.id);
    if (prev !== undefined) {
      throw usageError(
        `Account ${a.id} appears twice: in ${prev} and in ${a.source ?? '?'}.`,
        'Give each account once (one capture per account: do not mix directories of two runs).',
      );
    }
    where.set(a.id, a.source ?? '?');
  }
  const notes: string[] = [];
  const orgIds = new Set(into.indexes.map((i) => i.index.organization.id).filter((x) => x !== undefined));
  let organization: AuditInputs['organization'];
  if (orgIds.size === 1) {
    const first = into.indexes.find((i) => i.index.organization.id)!.index.organization;
    organization = { ...first };
  } else if (orgIds.size > 1) {
    notes.push(
      `Note: the indexes name ${orgIds.size} organisations (${[...orgIds].join(', ')}); auditing them together.`,
    );
  }
  const missing = missingShards(into.indexes.map((i) => i.index));
  if (missing.length)
    notes.push(
      `Audit incomplete: shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of the capture ${missing.length === 1 ? 'is' : 'are'} missing (no index-shard file for ${missing.length === 1 ? 'it' : 'them'}): ` +
        `their accounts are not audited. Download every shard's artifact into the directory.`,
    );
  return {
    accounts: into.accounts,
    ...(organization ? { organization } : {}),
    missingShards: missing,
    notes,
  };
}
