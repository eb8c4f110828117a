import { constants } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import type { z } from 'zod';
import { usageError } from '../util/errors.js';
import { parseJsonText } from '../util/json.js';
import {
  InventorySchema,
  PROTO_KEY_PLACEHOLDER,
  SNAPSHOT_SCHEMA_VERSION,
  SnapshotSchema,
  TIME_ISSUE,
  type Inventory,
  type InventoryInput,
  type Snapshot,
} from './schema.js';

/** Formats a zod issue path the way a person reads JSON: regions.us-east-1.targetGroups[3].healthCheck. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const raw of path) {
    const key = raw === PROTO_KEY_PLACEHOLDER ? '__proto__' : raw;
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** zod's words for JSON/YAML shapes, in the words a person editing the file uses. */
const TYPE_WORDS: Record<string, string> = { record: 'object', map: 'object', undefined: 'nothing' };
const word = (t: string) => TYPE_WORDS[t] ?? t;

/** One issue's message without zod's jargon: `expected number, got string`, `required`, `expected a number > 0`. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    // zod 4 says "Invalid input: expected number, received string"; keep the useful half.
    const m = /expected ([^,]+)(?:, received (.+))?/.exec(issue.message);
    if (!m) return issue.message;
    if (m[2] === 'undefined') return `required (expected ${word(m[1]!)})`;
    return `expected ${word(m[1]!)}${m[2] ? `, got ${word(m[2])}` : ''}`;
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const { origin } = issue as { origin?: string };
    if (origin === 'number' || origin === 'int' || origin === 'bigint') {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const op = issue.code === 'too_small' ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
      return `expected a number ${op} ${String(bound)}`;
    }
  }
  return issue.message;
}

/** One line per problem: `path: what was expected`. At most `limit` lines, then a count of the rest. */
export function formatIssues(error: { issues: readonly z.core.$ZodIssue[] }, limit = 10): string[] {
  const lines = error.issues.slice(0, limit).map((issue) => {
    return `${formatPath(issue.path)}: ${issueMessage(issue)}`;
  });
  if (error.issues.length > limit) lines.push(`… and ${error.issues.length - limit} more problem(s)`);
  return lines;
}

/**
 * Decoded JSON in which every own `__proto__` key (JSON.parse makes it an ordinary key) is renamed
 * to PROTO_KEY_PLACEHOLDER: zod would drop it, and the schema's maps give it its name back. Copy on
 * write: the value itself when it holds no such key (the usual case: no second copy of a large
 * snapshot before zod makes its own), otherwise a copy of only the objects and arrays on the way to
 * one. The input is never modified.
 */
export function keepProtoKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const kept = keepProtoKeys(v);
      if (kept !== v) (out ??= value.slice())[i] = kept;
    }
    return out ?? value;
  }
  const changed = Object.prototype.hasOwnProperty.call(value, '__proto__');
  let kept: Map<string, unknown> | undefined;
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
    const v: unknown = (value as Record<string, unknown>)[k];
    if (v === null || typeof v !== 'object') continue;
    const w = keepProtoKeys(v);
    if (w !== v) (kept ??= new Map()).set(k, w);
  }
  if (!changed && !kept) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k === '__proto__' ? PROTO_KEY_PLACEHOLDER : k] = kept?.has(k) ? kept.get(k) : v;
  return out;
}

/**
 * zod's parse options for inventories: without its JIT. zod compiles a parser for each object shape
 * (`new Function`) the first time it meets it; for one pass over a snapshot that compiling costs
 * more than it saves: the same result, ≈ 40 % less CPU for the example (128 resources) and 20–30 %
 * at 1k–4k resources on a cold start, the same at 100k (docs/performance.md).
 */
const PARSE_OPTIONS = { jitless: true } as const;

/** Validates and fills defaults of an in-memory inventory (fixtures, collectors). Throws on invalid data. */
export function parseInventory(input: InventoryInput): Inventory {
  return InventorySchema.parse(keepProtoKeys(input), PARSE_OPTIONS);
}

/** Parses a snapshot document that is already JSON-decoded. Throws ResilError (exit 2) with JSON paths. */
export function parseSnapshot(doc: unknown, source = 'snapshot'): Snapshot {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw usageError(
      `${source} is not a resil snapshot: expected a JSON object at the top level.`,
      'Create one with `resil snapshot --output FILE`, or see examples/ for the format.',
    );
  }
  const version = (doc as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version !== 'string') {
    throw usageError(
      `${source} is not a resil snapshot: schemaVersion: expected string.`,
      'Create one with `resil snapshot --output FILE`, or see examples/ for the format.',
    );
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
  const result = SnapshotSchema.safeParse(keepProtoKeys(doc), PARSE_OPTIONS);
  if (!result.success) {
    // The time fields are checked in the same pass (./schema.ts isoTime), but reported as before:
    // only when the shape is right, at most ten, with paths relative to the inventory.
    const isTime = (i: z.core.$ZodIssue) =>
      i.code === 'custom' && (i as { params?: Record<string, unknown> }).params?.[TIME_ISSUE] === true;
    const shape = result.error.issues.filter((i) => !isTime(i));
    const lines = shape.length
      ? formatIssues({ issues: shape })
      : result.error.issues
          .slice(0, 10)
          .map((i) => `${formatPath(i.path[0] === 'inventory' ? i.path.slice(1) : i.path)}: ${i.message}`);
    // Paths are reported relative to the inventory (regions.us-east-1...) when that is where the problem is.
    const relative = lines.map((l) => (l.startsWith('inventory.') ? l.slice('inventory.'.length) : l));
    throw usageError(
      `${source} is not a valid snapshot:\n  ${relative.join('\n  ')}`,
      'Fix the fields named above, or take a fresh snapshot with `resil snapshot --output FILE`.',
    );
  }
  return result.data;
}

/** A file-system error in words: "it is a directory", "permission denied", ... (the code otherwise). */
export function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return code ?? String((err as Error).message ?? err);
  }
}

/**
 * Why a snapshot file could not be read, as a usage error. A file too large to decode as one string
 * (V8's limit, ≈ 512 MiB of text: about a million resources) is said in those words, with the way
 * round it, not as a bad path.
 */
export async function snapshotReadError(file: string, err: unknown): Promise<Error> {
  const code = (err as NodeJS.ErrnoException).code;
  if (err instanceof RangeError || code === 'ERR_STRING_TOO_LONG') {
    const size = await stat(file).then(
      (s) => ` (${Math.round(s.size / 1e6)} MB)`,
      () => '',
    );
    return usageError(
      `Snapshot file ${file} is too large to read as one JSON document${size}: Node reads at most ${Math.round(constants.MAX_STRING_LENGTH / 2 ** 20)} MiB of text at once.`,
      'Capture a large estate in parts and audit the directory: one snapshot per account (resil snapshot --org --output-dir DIR), or per region (--region).',
    );
  }
  return usageError(
    code === 'ENOENT'
      ? `Snapshot file not found: ${file}`
      : `Cannot read snapshot file ${file}: ${fsReason(err)}`,
    'Check the path given to --snapshot.',
  );
}

/** Reads and validates a snapshot file. Every failure is a ResilError with exit code 2. */
export async function loadSnapshot(file: string): Promise<Snapshot> {
  if (file.trim() === '') {
    throw usageError(
      '--snapshot needs a file name (it is empty).',
      'Give --snapshot the path of a snapshot file, or leave the flag out to audit the live account.',
    );
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw await snapshotReadError(file, err);
  }
  if (text.trim() === '') {
    throw usageError(
      `${file} is empty, not a resil snapshot.`,
      'Take a snapshot with `resil snapshot --output FILE` (an interrupted copy leaves an empty file).',
    );
  }
  let doc: unknown;
  try {
    doc = parseJsonText(text);
  } catch (err) {
    throw usageError(
      `${file} is not valid JSON: ${(err as Error).message}.`,
      'Fix the JSON at that line and column, or take a fresh snapshot with `resil snapshot --output FILE`.',
    );
  }
  return parseSnapshot(doc, file);
}
