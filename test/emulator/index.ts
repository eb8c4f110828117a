/**
 * Starts resil's AWS emulator (moto 5.2.1 behind the shim in server.py) on a free 127.0.0.1 port.
 *
 * Python: the interpreter behind `moto_server` when `python3 -c "import moto.server"` works there;
 * otherwise a virtualenv in <repo>/.venv with moto[server]==5.2.1 (created once, reused after), so
 * a fresh machine with only Python 3 works. RESIL_EMULATOR_PYTHON overrides the choice.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MOTO_VERSION = '5.2.1';
const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, '..', '..');
const SERVER_PY = join(HERE, 'server.py');

export interface EmulatorRequest {
  service: string;
  region: string;
  operation: string;
  method: string;
  path: string;
  /** The access key id that signed the request (null when unsigned): which credentials a call used. */
  accessKey: string | null;
}

export interface Emulator {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Clears all moto state, the request log and the faults. */
  reset(): Promise<void>;
  requests(): Promise<EmulatorRequest[]>;
  clearRequests(): Promise<void>;
  /** Answers these `service:Operation` (optionally `@region`) with AccessDenied; [] clears. */
  setFaults(deny: string[]): Promise<void>;
}

function canImportMoto(python: string): boolean {
  try {
    execFileSync(python, ['-c', 'import moto, moto.server, flask'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

/** The python interpreter whose moto_server is on PATH, if any. */
function motoServerPython(): string | undefined {
  try {
    // pyenv shims and pip-installed scripts both answer this.
    const out = execFileSync('python3', ['-c', 'import sys, moto.server; print(sys.executable)'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 60_000,
    }).trim();
    return out || undefined;
  } catch {
    return undefined;
  }
}

/** Resolves (and, the first time, installs) the Python that runs the emulator. */
export function emulatorPython(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): string {
  const override = process.env['RESIL_EMULATOR_PYTHON'];
  if (override) return override;
  const system = motoServerPython();
  if (system) return system;
  const venv = process.env['RESIL_EMULATOR_VENV'] ?? join(REPO_ROOT, '.venv');
  const py = join(venv, 'bin', 'python');
  if (existsSync(py) && canImportMoto(py)) return py;
  // One installer at a time (parallel test files may race here).
  mkdirSync(dirname(venv), { recursive: true });
  const lock = `${venv}.lock`;
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for ${lock}; remove it if no install is running.`);
      execFileSync('sleep', ['2']);
      if (existsSync(py) && canImportMoto(py)) return py;
    }
  }
  try {
    log(`Installing the AWS emulator (moto[server]==${MOTO_VERSION}) into ${venv} (one time)...`);
    if (!existsSync(py)) execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(
      py,
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `moto[server]==${MOTO_VERSION}`],
      {
        stdio: 'inherit',
        timeout: 10 * 60_000,
      },
    );
    if (!canImportMoto(py)) throw new Error(`moto did not install into ${venv}`);
    return py;
  } finally {
    rmSync(lock, { force: true });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

export async function startEmulator(
  opts: { python?: string; log?: (line: string) => void } = {},
): Promise<Emulator> {
  const python = opts.python ?? emulatorPython(opts.log);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(python, [SERVER_PY, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
  });
  live.add(child);
  installExitHook();
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  child.stdout?.resume();
  let exited = false;
  child.on('exit', () => {
    exited = true;
    live.delete(child);
  });

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`The emulator exited during startup:\n${stderr}`);
    try {
      const res = await fetch(`${url}/_resil/health`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The emulator did not answer on ${url} within 60 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }

  const call = async (path: string, init?: RequestInit): Promise<unknown> => {
    const res = await fetch(`${url}${path}`, init);
    if (!res.ok) throw new Error(`emulator ${path}: HTTP ${res.status}`);
    return res.json();
  };

  return {
    url,
    port,
    async stop() {
      if (exited) return;
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await done;
      clearTimeout(timer);
    },
    async reset() {
      await fetch(`${url}/moto-api/reset`, { method: 'POST' });
    },
    async requests() {
      return (await call('/_resil/requests')) as EmulatorRequest[];
    },
    async clearRequests() {
      await call('/_resil/requests', { method: 'DELETE' });
    },
    async setFaults(deny: string[]) {
      await call('/_resil/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ deny }),
      });
    },
  };
}
