/**
 * Generates the files derived from code: docs/checks.md (check metadata), schemas/snapshot.schema.json
 * (the zod SnapshotSchema) and schemas/config.schema.json (ResilConfigSchema plus every check's
 * thresholds). `npm run docs` writes them; test/parity/docs.test.ts fails when one is stale.
 * It also writes test/parity/golden/flags.json, the flag surface of every command read from
 * oclif.manifest.json (so `npm run docs` builds first); test/parity/flags.test.ts compares them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { Check, ThresholdValue } from '../src/checks/define.js';
import { ALL_CHECKS } from '../src/checks/index.js';
import { renderChecksMarkdown, thresholdInfo } from '../src/cli/check-docs.js';
import { ResilConfigSchema } from '../src/config/schema.js';
import { LEGACY_ONLY_TAGGED } from '../src/engine/scope.js';
import { auditPolicy, renderPolicy, runbookPolicy } from '../src/engine/iam-policy.js';
import { SNAPSHOT_SCHEMA_VERSION, SnapshotSchema } from '../src/inventory/schema.js';
import { ORG_INDEX_SCHEMA_VERSION, OrgIndexSchema } from '../src/org/index-file.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function snapshotSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(SnapshotSchema, { io: 'input' }) as Record<string, unknown>;
  const { $schema, ...rest } = schema;
  return {
    $schema,
    title: 'resil snapshot',
    description:
      `A saved inventory of one AWS account across regions (resil audit --snapshot FILE). schemaVersion is ` +
      `"MAJOR.MINOR"; this schema describes ${SNAPSHOT_SCHEMA_VERSION}. Minor versions only add optional fields; ` +
      `resil refuses a major version it does not know.`,
    ...rest,
  };
}

export function orgIndexSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(OrgIndexSchema, { io: 'input' }) as Record<string, unknown>;
  const { $schema, ...rest } = schema;
  return {
    $schema,
    title: 'resil organisation index',
    description:
      'The index of `resil snapshot --org --output-dir DIR` (DIR/index.json, or DIR/index-shard-K-of-N.json for a shard): ' +
      "each account's snapshot file, or the error that kept it from being captured. `resil audit --snapshot DIR` merges " +
      `every index in DIR. schemaVersion is "MAJOR.MINOR"; this schema describes ${ORG_INDEX_SCHEMA_VERSION}.`,
    ...rest,
  };
}

function valueSchema(v: ThresholdValue): Record<string, unknown> {
  if (v === null) return {};
  if (Array.isArray(v)) return { type: 'array', items: { type: 'string' } };
  return { type: typeof v };
}

function checkSettingsSchema(check: Check): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    enabled: { type: 'boolean', default: true, description: 'false turns the check off.' },
    scope: { $ref: '#/properties/scope' },
    ...(LEGACY_ONLY_TAGGED.includes(check.id)
      ? {
          onlyTagged: {
            type: 'string',
            deprecated: true,
            description: 'Deprecated: the same as scope: { includeTags: [<value>] }.',
          },
        }
      : {}),
  };
  for (const [name, t] of Object.entries(thresholdInfo(check))) {
    properties[name] = {
      ...valueSchema(t.default),
      default: t.default,
      ...(t.description ? { description: t.description } : {}),
    };
  }
  return {
    type: 'object',
    description: `${check.title} (${check.severity}, ${check.category})`,
    properties,
    additionalProperties: false,
  };
}

export function configSchema(checks: readonly Check[] = ALL_CHECKS): Record<string, unknown> {
  const schema = z.toJSONSchema(ResilConfigSchema, { io: 'input' }) as Record<string, unknown> & {
    properties: Record<string, Record<string, unknown>>;
  };
  const { $schema, ...rest } = schema;
  // The loader knows the registry: spell out each check's thresholds so editors can complete them.
  const sorted = [...checks].sort((a, b) => a.id.localeCompare(b.id));
  rest.properties['checks'] = {
    type: 'object',
    description: rest.properties['checks']?.['description'],
    properties: Object.fromEntries(sorted.map((c) => [c.id, checkSettingsSchema(c)])),
    additionalProperties: false,
  };
  return { $schema, title: 'resil configuration (.resil.yml)', ...rest };
}

// ---------------------------------------------------------------- flag surface

/** Where the flag-surface snapshot lives; test/parity/flags.test.ts compares it with the manifest. */
export const FLAGS_GOLDEN = 'test/parity/golden/flags.json';
export const MANIFEST = 'oclif.manifest.json';

/** The properties of a flag that are a contract for scripts calling resil (help text is not). */
const FLAG_KEYS = [
  'char',
  'type',
  'options',
  'default',
  'multiple',
  'delimiter',
  'exclusive',
  'dependsOn',
  'required',
  'env',
  'allowNo',
] as const;

interface ManifestFlag extends Partial<Record<(typeof FLAG_KEYS)[number], unknown>> {
  name: string;
}
interface ManifestCommand {
  flags?: Record<string, ManifestFlag>;
  args?: Record<string, { name: string; required?: boolean; options?: string[] }>;
}

/**
 * Every command's flags and arguments as scripts see them, from oclif.manifest.json (what the
 * published CLI parses): stable order, no help text. A renamed flag, a removed option value, a
 * changed default or a new `required` shows as a diff of test/parity/golden/flags.json in review.
 */
export function flagSurface(manifest: {
  commands: Record<string, ManifestCommand>;
}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const id of Object.keys(manifest.commands).sort()) {
    const cmd = manifest.commands[id]!;
    const flags: Record<string, unknown> = {};
    for (const name of Object.keys(cmd.flags ?? {}).sort()) {
      const f = cmd.flags![name]!;
      const entry: Record<string, unknown> = {};
      for (const k of FLAG_KEYS) {
        const v = f[k];
        if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
        entry[k] = k === 'exclusive' || k === 'dependsOn' ? [...(v as string[])].sort() : v;
      }
      flags[name] = entry;
    }
    const args = Object.values(cmd.args ?? {}).map((a) => ({
      name: a.name,
      required: !!a.required,
      ...(a.options ? { options: a.options } : {}),
    }));
    out[id.replace(/:/g, ' ')] = { ...(args.length ? { args } : {}), flags };
  }
  return out;
}

/** The flag surface of the built CLI; throws when there is no manifest (it comes from `npm run build`). */
export function manifestFlagSurface(): Record<string, unknown> {
  const path = resolve(ROOT, MANIFEST);
  if (!existsSync(path))
    throw new Error(`${MANIFEST} is missing: run npm run build (npm run docs builds first).`);
  return flagSurface(JSON.parse(readFileSync(path, 'utf8')) as { commands: Record<string, ManifestCommand> });
}

/** Every generated file, by path relative to the repository root. */
export function generatedFiles(): Record<string, string> {
  return {
    'docs/checks.md': renderChecksMarkdown(ALL_CHECKS),
    'schemas/snapshot.schema.json': json(snapshotSchema()),
    'schemas/config.schema.json': json(configSchema()),
    'schemas/org-index.schema.json': json(orgIndexSchema()),
  };
}

// ---------------------------------------------------------------- generated blocks in prose

/** A part of a hand-written document that is generated: between `<!-- BEGIN GENERATED: name -->` and `<!-- END GENERATED -->`. */
export interface GeneratedBlock {
  file: string;
  name: string;
  content: string;
}

const fence = (lang: string, body: string) => `\`\`\`${lang}\n${body.trimEnd()}\n\`\`\`\n`;

/** Every generated block: the IAM policies in the README and docs/runbooks.md (`resil iam-policy`). */
export function generatedBlocks(): GeneratedBlock[] {
  return [
    {
      file: 'README.md',
      name: 'resil iam-policy audit',
      content: fence('json', renderPolicy(auditPolicy(ALL_CHECKS))),
    },
    {
      file: 'docs/runbooks.md',
      name: 'resil iam-policy runbooks',
      content: fence('json', renderPolicy(runbookPolicy())),
    },
  ];
}

function markers(name: string): [string, string] {
  return [`<!-- BEGIN GENERATED: ${name} -->\n`, '<!-- END GENERATED -->'];
}

/** The text between a block's markers, or undefined when the markers are missing. */
export function readBlock(text: string, name: string): string | undefined {
  const [begin, end] = markers(name);
  const i = text.indexOf(begin);
  const j = i < 0 ? -1 : text.indexOf(end, i + begin.length);
  return j < 0 ? undefined : text.slice(i + begin.length, j);
}

/** `text` with the block's content replaced; throws when its markers are missing. */
export function spliceBlock(text: string, block: GeneratedBlock): string {
  const [begin, end] = markers(block.name);
  const i = text.indexOf(begin);
  const j = i < 0 ? -1 : text.indexOf(end, i + begin.length);
  if (j < 0) throw new Error(`${block.file} has no "${begin.trim()}" ... "${end}" markers`);
  return text.slice(0, i + begin.length) + block.content + text.slice(j);
}

function main(): void {
  const files = { ...generatedFiles(), [FLAGS_GOLDEN]: json(manifestFlagSurface()) };
  for (const [path, content] of Object.entries(files)) {
    const abs = resolve(ROOT, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    console.log(`wrote ${path}`);
  }
  for (const block of generatedBlocks()) {
    const abs = resolve(ROOT, block.file);
    writeFileSync(abs, spliceBlock(readFileSync(abs, 'utf8'), block));
    console.log(`updated ${block.file} (${block.name})`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
