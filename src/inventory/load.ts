import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { usageError } from '../util/errors.js';
import {
  InventorySchema,
  SNAPSHOT_SCHEMA_VERSION,
  SnapshotSchema,
  type Inventory,
  type InventoryInput,
  type Snapshot,
} from './schema.js';

/** Formats a zod issue path the way a person reads JSON: regions.us-east-1.targetGroups[3].healthCheck. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** One line per problem: `path: what was expected`. At most `limit` lines, then a count of the rest. */
export function formatIssues(error: z.ZodError, limit = 10): string[] {
  const lines = error.issues.slice(0, limit).map((issue) => {
    let msg = issue.message;
    if (issue.code === 'invalid_type') {
      // zod 4 says "Invalid input: expected number, received string"; keep the useful half.
      const m = /expected ([^,]+)(?:, received (.+))?/.exec(issue.message);
      if (m) msg = `expected ${m[1]}${m[2] ? `, got ${m[2]}` : ''}`;
    }
    return `${formatPath(issue.path)}: ${msg}`;
  });
  if (error.issues.length > limit) lines.push(`… and ${error.issues.length - limit} more problem(s)`);
  return lines;
}

/** Validates and fills defaults of an in-memory inventory (fixtures, collectors). Throws on invalid data. */
export function parseInventory(input: InventoryInput): Inventory {
  return InventorySchema.parse(input);
}

/** Parses a snapshot document that is already JSON-decoded. Throws ResilError (exit 2) with JSON paths. */
export function parseSnapshot(doc: unknown, source = 'snapshot'): Snapshot {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw usageError(`${source} is not a resil snapshot: expected a JSON object at the top level.`,
      'Create one with `resil snapshot --output FILE`, or see examples/ for the format.');
  }
  const version = (doc as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version !== 'string') {
    throw usageError(`${source} is not a resil snapshot: schemaVersion: expected string.`,
      'Create one with `resil snapshot --output FILE`, or see examples/ for the format.');
  }
  const major = version.split('.')[0];
  const supportedMajor = SNAPSHOT_SCHEMA_VERSION.split('.')[0];
  if (major !== supportedMajor) {
    throw usageError(
      `${source} has snapshot schemaVersion ${version}; this resil reads schema ${supportedMajor}.x.`,
      Number(major) > Number(supportedMajor)
        ? 'Upgrade resil to read it, or take the snapshot again with this version.'
        : 'Take the snapshot again with this version of resil.',
    );
  }
  const result = SnapshotSchema.safeParse(doc);
  if (!result.success) {
    const issues = formatIssues(result.error);
    // Paths are reported relative to the inventory (regions.us-east-1...) when that is where the problem is.
    const lines = issues.map((l) => (l.startsWith('inventory.') ? l.slice('inventory.'.length) : l));
    throw usageError(`${source} is not a valid snapshot:\n  ${lines.join('\n  ')}`,
      'Fix the fields named above, or take a fresh snapshot with `resil snapshot --output FILE`.');
  }
  return result.data;
}

/** Reads and validates a snapshot file. Every failure is a ResilError with exit code 2. */
export async function loadSnapshot(file: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw usageError(
      code === 'ENOENT' ? `Snapshot file not found: ${file}` : `Cannot read snapshot file ${file}: ${code ?? String(err)}`,
      'Check the path given to --snapshot.',
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw usageError(`${file} is not valid JSON: ${(err as Error).message}`, 'Check that the file is a resil snapshot (JSON).');
  }
  return parseSnapshot(doc, file);
}
