/**
 * Generates the files derived from code: docs/checks.md (check metadata), schemas/snapshot.schema.json
 * (the zod SnapshotSchema) and schemas/config.schema.json (ResilConfigSchema plus every check's
 * thresholds). `npm run docs` writes them; test/parity/docs.test.ts fails when one is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { Check, ThresholdValue } from '../src/checks/define.js';
import { ALL_CHECKS } from '../src/checks/index.js';
import { renderChecksMarkdown, thresholdInfo } from '../src/cli/check-docs.js';
import { ResilConfigSchema } from '../src/config/schema.js';
import { SNAPSHOT_SCHEMA_VERSION, SnapshotSchema } from '../src/inventory/schema.js';

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

function valueSchema(v: ThresholdValue): Record<string, unknown> {
  if (v === null) return {};
  if (Array.isArray(v)) return { type: 'array', items: { type: 'string' } };
  return { type: typeof v };
}

function checkSettingsSchema(check: Check): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    enabled: { type: 'boolean', default: true, description: 'false turns the check off.' },
  };
  for (const [name, t] of Object.entries(thresholdInfo(check))) {
    properties[name] = { ...valueSchema(t.default), default: t.default, ...(t.description ? { description: t.description } : {}) };
  }
  return { type: 'object', description: `${check.title} (${check.severity}, ${check.category})`, properties, additionalProperties: false };
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

/** Every generated file, by path relative to the repository root. */
export function generatedFiles(): Record<string, string> {
  return {
    'docs/checks.md': renderChecksMarkdown(ALL_CHECKS),
    'schemas/snapshot.schema.json': json(snapshotSchema()),
    'schemas/config.schema.json': json(configSchema()),
  };
}

function main(): void {
  for (const [path, content] of Object.entries(generatedFiles())) {
    const abs = resolve(ROOT, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    console.log(`wrote ${path}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
