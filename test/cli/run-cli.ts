/**
 * Runs the BUILT CLI (bin/run.js → dist/) as a child process, the way a CI job does. `npm test`
 * builds first; run `npm run build` before running these files on their own.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SNAPSHOT_SCHEMA_VERSION, type Inventory } from '../../src/inventory/schema.js';
import { denied, inventory, targetGroup } from '../support/builders.js';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const BIN = join(ROOT, 'bin/run.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function assertBuilt(): void {
  if (!existsSync(join(ROOT, 'dist/commands/audit.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does it).');
  }
}

/** Runs `node bin/run.js ...args` in `cwd` with a clean colour environment (plus `env`). */
export function cli(args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_NO_WARNINGS: '1', ...opts.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'RESIL_DEBUG', 'AWS_PROFILE', 'COLUMNS'])
    if (!opts.env?.[k]) delete env[k];
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      // A guard against a hung CLI, not a speed test: generous, as shared CI machines can be slow.
      { cwd: opts.cwd, env, timeout: 90_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** A temp directory for fixtures, removed by `cleanup`. */
export function tempDir(): {
  dir: string;
  file: (name: string, content: string) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'resil-cli-'));
  return {
    dir,
    file: (name, content) => {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function snapshotDoc(
  inventory: Inventory,
  schemaVersion = SNAPSHOT_SCHEMA_VERSION,
): Record<string, unknown> {
  return {
    schemaVersion,
    capture: { tool: { name: 'resil', version: 'test' }, source: 'synthetic' },
    inventory,
  };
}

/**
 * An incomplete audit: target groups could not be read in us-east-1 (AccessDenied), while
 * us-west-2 has one target group that passes tg.detection-time.
 */
export function deniedInventory(): Inventory {
  return inventory(
    { 'us-east-1': {}, 'us-west-2': { targetGroups: [targetGroup({ name: 'west' }, 'us-west-2')] } },
    { collection: [denied('elasticloadbalancing', 'DescribeTargetGroups', 'us-east-1')] },
  );
}

/** A stack trace line ("    at fn (file:line:col)"): never shown for an expected failure. */
export const STACK = /^\s+at .+[:(]/m;
