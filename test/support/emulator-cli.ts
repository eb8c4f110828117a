/**
 * Runs the BUILT CLI against the emulator the way the integration tests need it: an environment of
 * its own (no inherited AWS profile, config or credentials file; the emulator's fake keys; HOME in
 * the test's temp directory; CI and NO_COLOR set), plus what each test adds. A value of `undefined`
 * in `env` removes that variable from the base.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../emulator/index.js';

const BIN = join(REPO_ROOT, 'bin', 'run.js');

export interface EmulatorCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function emulatorCli(
  args: string[],
  opts: { dir: string; env?: Record<string, string | undefined> },
): Promise<EmulatorCliResult> {
  const { dir } = opts;
  const env: Record<string, string | undefined> = {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_CONFIG_FILE: join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    CI: '1',
    NO_COLOR: '1',
    ...opts.env,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
