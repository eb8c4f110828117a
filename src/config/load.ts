import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createRequire } from 'node:module';
import { GLOBAL_SETTINGS, type Check } from '../checks/define.js';
import picomatch from 'picomatch';
import { KNOWN_REGIONS } from '../aws/regions.js';
import { formatIssues, formatPath, fsReason } from '../inventory/load.js';
import { usageError } from '../util/errors.js';
import { closest } from '../util/suggest.js';
import { LEGACY_ONLY_TAGGED } from '../engine/scope.js';
import type { z } from 'zod';
import { ResilConfigSchema, ScopeConfigSchema, SuppressionConfigSchema, type ResilConfig } from './schema.js';
import { accountsKeysAt, accountsProblems } from './accounts.js';

export const DEFAULT_CONFIG_FILE = '.resil.yml';

/**
 * Caps YAML alias expansion: an alias bomb (nested anchors, each alias repeating the one before)
 * would otherwise expand exponentially. A real .resil.yml needs a handful of aliases at most.
 */
export const MAX_YAML_ALIAS_COUNT = 100;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  return typeof v;
}

/** Checks per-check settings against the registry: known check ids, known threshold names, same types. */
export function checkSettingProblems(
  config: Pick<ResilConfig, 'checks' | 'suppressions'>,
  checks: readonly Check[],
): string[] {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const problems: string[] = [];
  for (const [id, settings] of Object.entries(config.checks ?? {})) {
    const check = byId.get(id);
    if (!check) {
      const guess = closest(id, [...byId.keys()]);
      problems.push(`checks.${id}: unknown check${guess ? ` (did you mean ${guess}?)` : ''}`);
      continue;
    }
    for (const [name, value] of Object.entries(settings)) {
      if (name === 'enabled') {
        if (typeof value !== 'boolean')
          problems.push(`checks.${id}.enabled: expected boolean, got ${typeName(value)}`);
        continue;
      }
      if (name === 'scope') {
        const parsed = ScopeConfigSchema.safeParse(value);
        if (!parsed.success)
          for (const line of formatConfigIssues(parsed.error, true))
            problems.push(`checks.${id}.scope${line.startsWith(':') ? '' : '.'}${line}`);
        continue;
      }
      if (name === 'onlyTagged' && LEGACY_ONLY_TAGGED.includes(id)) {
        // Kept from before `scope`: the same as scope: { includeTags: [<value>] }.
        if (typeof value !== 'string')
          problems.push(`checks.${id}.onlyTagged: expected string, got ${typeName(value)}`);
        continue;
      }
      if (!(name in check.thresholds)) {
        const known = Object.keys(check.thresholds);
        problems.push(
          `checks.${id}.${name}: unknown threshold (${id} takes ${known.length ? known.join(', ') : 'none'}, and enabled, scope)`,
        );
        continue;
      }
      const def = check.thresholds[name];
      // A threshold fed by a top-level setting takes the values that setting takes.
      const global = (ResilConfigSchema.shape as Record<string, z.ZodType>)[name];
      if (
        (GLOBAL_SETTINGS as readonly string[]).includes(name) &&
        global &&
        !(def === null && value === null)
      ) {
        const parsed = global.safeParse(value);
        if (!parsed.success || value === undefined)
          problems.push(
            `checks.${id}.${name}: ${parsed.success ? 'expected a value' : parsed.error.issues[0]!.message}`,
          );
        continue;
      }
      const want = def === null ? typeName(value) : typeName(def);
      if (typeName(value) !== want)
        problems.push(`checks.${id}.${name}: expected ${want}, got ${typeName(value)}`);
    }
  }
  for (const [i, s] of (config.suppressions ?? []).entries()) {
    if (!/[*?[{]/.test(s.check)) {
      if (!byId.has(s.check)) {
        const guess = closest(s.check, [...byId.keys()]);
        problems.push(
          `suppressions[${i}].check: unknown check ${s.check}${guess ? ` (did you mean ${guess}?)` : ''}`,
        );
      }
    } else if (checks.length && !checks.some((c) => picomatch(s.check, { bash: true })(c.id))) {
      // A glob that matches no check suppresses nothing, silently: as with --checks, say so.
      problems.push(`suppressions[${i}].check: ${s.check} matches no check`);
    }
  }
  return problems;
}

/** primaryRegion / standbyRegion must be region names (a typo would silently change what the DR checks compare). */
export function regionProblems(config: Pick<ResilConfig, 'primaryRegion' | 'standbyRegion'>): string[] {
  const problems: string[] = [];
  for (const key of ['primaryRegion', 'standbyRegion'] as const) {
    const r = config[key];
    if (r === undefined || (KNOWN_REGIONS as readonly string[]).includes(r)) continue;
    const guess = closest(r, KNOWN_REGIONS);
    problems.push(`${key}: unknown AWS region ${r}${guess ? ` (did you mean ${guess}?)` : ''}`);
  }
  if (config.primaryRegion && config.primaryRegion === config.standbyRegion) {
    problems.push(`standbyRegion: must differ from primaryRegion (both are ${config.primaryRegion})`);
  }
  return problems;
}

/** Throws a usage error (exit 2) listing every per-check problem. */
export function validateCheckSettings(config: ResilConfig, checks: readonly Check[], source: string): void {
  const problems = [
    ...regionProblems(config),
    ...checkSettingProblems(config, checks),
    ...accountsProblems(config.accounts),
  ];
  if (problems.length) {
    throw usageError(
      `${source} is not valid:\n  ${problems.join('\n  ')}`,
      'Run `resil checks` for check ids and `resil checks explain ID` for thresholds.',
    );
  }
}

/** Formats zod issues for a config file; an unknown key is named with its full path and a suggestion. */
/** The keys an object at this config path may hold (for "unknown key" suggestions). */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  const inAccounts = accountsKeysAt(path);
  if (inAccounts) return inAccounts;
  if (path[0] === 'suppressions') return Object.keys(SuppressionConfigSchema.shape);
  if (path[0] === 'tiers') return ['primary', 'standby', 'peak', 'peakFactor'];
  if (path[0] === 'scope' || path[path.length - 1] === 'scope') return Object.keys(ScopeConfigSchema.shape);
  return Object.keys(ResilConfigSchema.shape);
}

export function formatConfigIssues(error: z.ZodError, scopeOnly = false): string[] {
  const lines: string[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = scopeOnly ? Object.keys(ScopeConfigSchema.shape) : knownKeysAt(issue.path);
      const prefix = issue.path.length ? `${formatPath(issue.path)}.` : '';
      for (const key of issue.keys) {
        const guess = closest(key, known);
        lines.push(
          `${prefix}${key}: unknown key${guess ? ` (did you mean ${guess}?)` : ` (known: ${known.join(', ')})`}`,
        );
      }
    } else {
      lines.push(...formatIssues({ issues: [issue] } as z.ZodError));
    }
  }
  return lines;
}

/**
 * The YAML parser, loaded on first use: most audits have no config file, and loading the library
 * is a noticeable part of the start-up of `resil audit --snapshot`.
 */
let yaml: typeof import('yaml') | undefined;
const loadYaml = () => (yaml ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));

export function parseConfig(text: string, source: string, checks: readonly Check[]): ResilConfig {
  const doc = loadYaml().parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) {
    // The yaml library's first line is "<what> at line L, column C:" (a code excerpt follows).
    const first = doc.errors[0]!.message.split('\n')[0]!.replace(/:\s*$/, '');
    const tabs = /tab/i.test(first) ? ' YAML indents with spaces only.' : '';
    throw usageError(`${source} is not valid YAML: ${first}.`, `Fix the YAML syntax.${tabs}`);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT }) ?? {};
  } catch (err) {
    // yaml throws a ReferenceError for an alias bomb ("billion laughs") or an alias to nothing.
    const why = /resource exhaustion/i.test((err as Error).message)
      ? `its aliases expand too far (more than ${MAX_YAML_ALIAS_COUNT} alias expansions)`
      : (err as Error).message;
    throw usageError(
      `${source} is not valid YAML: ${why}.`,
      'Write the values out, or use fewer YAML aliases (*name).',
    );
  }
  const result = ResilConfigSchema.safeParse(raw);
  if (!result.success) {
    // Report the per-check problems too when that part is well-formed, so one run shows them all.
    const problems = formatConfigIssues(result.error);
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
      const { checks: c, suppressions: s } = raw as Record<string, unknown>;
      const part = ResilConfigSchema.pick({ checks: true, suppressions: true }).safeParse({
        checks: c,
        suppressions: s,
      });
      if (part.success) problems.push(...checkSettingProblems(part.data, checks));
    }
    throw usageError(
      `${source} is not valid:\n  ${problems.join('\n  ')}`,
      'See the README section "Configuration" for the keys resil understands.',
    );
  }
  validateCheckSettings(result.data, checks, source);
  return result.data;
}

/**
 * Loads --config FILE, or .resil.yml in the working directory when it exists, or an empty config.
 * An explicitly named file that does not exist is an error.
 */
export async function loadConfig(
  file: string | undefined,
  checks: readonly Check[],
  cwd = process.cwd(),
): Promise<{ config: ResilConfig; path?: string }> {
  if (file !== undefined && file.trim() === '') {
    throw usageError(
      '--config needs a file name (it is empty).',
      `Give --config a path, or leave the flag out to use ${DEFAULT_CONFIG_FILE} from the working directory.`,
    );
  }
  const path = file ? resolve(cwd, file) : resolve(cwd, DEFAULT_CONFIG_FILE);
  if (!file && !existsSync(path)) return { config: {} };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw usageError(
      code === 'ENOENT'
        ? `Config file not found: ${file}`
        : `Cannot read config file ${file ?? DEFAULT_CONFIG_FILE}: ${fsReason(err)}`,
      'Check the path given to --config.',
    );
  }
  return { config: parseConfig(text, file ?? DEFAULT_CONFIG_FILE, checks), path };
}
