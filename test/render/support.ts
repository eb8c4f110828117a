/** Golden-file comparison and schema validators for the renderer tests. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import * as ajvDraft04 from 'ajv-draft-04';
import * as ajvFormats from 'ajv-formats';
import type { ErrorObject } from 'ajv';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
export const GOLDEN_DIR = join(here, 'golden');

/** Compares with test/render/golden/<name>; UPDATE_GOLDEN=1 rewrites the file instead. */
export function assertGolden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) {
    if (process.env['UPDATE_GOLDEN'] !== '1')
      assert.fail(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 to create it`);
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.equal(
    actual,
    readFileSync(file, 'utf8'),
    `${name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it after review)`,
  );
}

export function readGolden(name: string): string {
  return readFileSync(join(GOLDEN_DIR, name), 'utf8');
}

// CJS modules seen from ESM: the class/function is the module itself or its `default`.
type Ctor<T> = new (opts?: Record<string, unknown>) => T;
function interop<T>(mod: unknown): T {
  const m = mod as { default?: unknown };
  return (
    m.default && typeof m.default !== 'object'
      ? m.default
      : ((m.default as { default?: unknown })?.default ?? m.default ?? mod)
  ) as T;
}
const addFormats = interop<(ajv: unknown) => void>(ajvFormats);
const AjvDraft04 = interop<Ctor<InstanceType<typeof Ajv2020>>>(ajvDraft04);

export type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** Validator for one of schemas/*.schema.json (draft 2020-12, strict mode). */
export function schemaValidator(file: string): Validate {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const schema = JSON.parse(readFileSync(join(root, 'schemas', file), 'utf8')) as object;
  return ajv.compile(schema) as Validate;
}

/** Validator for schemas/audit-report.schema.json (draft 2020-12, strict mode). */
export function reportValidator(): Validate {
  return schemaValidator('audit-report.schema.json');
}

/**
 * Validator for the official SARIF 2.1.0 schema (the final 2.1.0-rtm.5 schema, draft-04, shipped in
 * the @microsoft/jest-sarif devDependency). `strict: false`: the schema uses constructs ajv's strict
 * mode flags; `unicodeRegExp: false`: its `language` pattern (`…[a-zA-Z]{2}]?$`) is not a valid
 * regular expression under the `u` flag. Formats (uri, date-time) are checked.
 */
export function sarifValidator(): Validate {
  const require = createRequire(import.meta.url);
  const file = join(
    dirname(require.resolve('@microsoft/jest-sarif/package.json')),
    'lib',
    'schemas',
    'sarif-2.1.0-rtm.5.json',
  );
  const schema = JSON.parse(readFileSync(file, 'utf8')) as object;
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema) as Validate;
}

export function assertValid(validate: Validate, data: unknown, what: string): void {
  const ok = validate(data);
  assert.ok(ok, `${what} is not valid: ${JSON.stringify(validate.errors?.slice(0, 5), null, 2)}`);
}
