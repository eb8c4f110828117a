/**
 * The run journal: one append-only JSON-lines file per run (mode 0600), each line fsynced before
 * the next action, so a kill -9 loses at most the line being written. It records the parameters,
 * the plan, every step transition with timestamps and observed state, every AWS call with its
 * request id, and the measured RTO/RPO. It never holds credentials.
 *
 * Also: the runs directory (~/.resil/runs, or $RESIL_HOME/runs), listing, and the per-machine lock
 * (one run per global cluster / record).
 */
import {
  accessSync,
  chmodSync,
  constants,
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  realpathSync,
  statSync,
  symlinkSync,
  truncateSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { fsReason } from '../inventory/load.js';
import { homedir, hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ExitCode, ResilError, usageError } from '../util/errors.js';
import { shellQuote } from '../util/text.js';

export type JournalRecord = { type: string; t: string; seq: number; v?: number } & Record<string, unknown>;

/** Version of the journal line contract (schemas/journal.schema.json): bumped only for an incompatible change. */
export const JOURNAL_VERSION = 1;

export function resilHome(env: NodeJS.ProcessEnv = process.env): string {
  return env['RESIL_HOME'] ? resolve(env['RESIL_HOME']) : join(homedir(), '.resil');
}

export function runsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(resilHome(env), 'runs');
}

/** 20261126T165303Z-failover-3fa2 */
export function newRunId(kind: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${kind}-${randomBytes(2).toString('hex')}`;
}

const SECRET_KEY = /secret|password|token|credential|accesskey|sessionkey|authorization/i;

/** Drops any key that looks like a credential, at any depth (defence in depth: none should reach here). */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v);
    return out;
  }
  return value;
}

export class Journal {
  private fd: number | undefined;
  private seq = 0;

  private constructor(
    readonly path: string,
    readonly runId: string,
    seq: number,
  ) {
    this.seq = seq;
  }

  /** Creates a new journal file (fails if it exists: exit 2, nothing was changed). */
  static create(path: string, runId: string): Journal {
    const j = new Journal(path, runId, 0);
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      j.fd = openSync(path, 'wx', 0o600);
      chmodSync(path, 0o600);
    } catch (err) {
      if (j.fd !== undefined) closeSync(j.fd);
      throw journalPathError(
        path,
        (err as NodeJS.ErrnoException).code === 'EEXIST' ? 'it already exists' : fsReason(err),
      );
    }
    return j;
  }

  /** Reopens an existing journal to append (resume). */
  static reopen(path: string): Journal {
    // A kill -9 mid-write leaves a torn last line: cut it off, or the next record would be glued to it.
    const text = readFileSync(path, 'utf8');
    if (text.length && !text.endsWith('\n'))
      truncateSync(path, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
    const records = readJournal(path);
    const run = records.find((r) => r.type === 'run');
    if (!run) throw usageError(`${path} is not a resil run journal (no "run" line).`);
    const j = new Journal(path, String(run['runId']), records.length);
    j.fd = openSync(path, 'a', 0o600);
    chmodSync(path, 0o600);
    return j;
  }

  append(type: string, fields: Record<string, unknown> = {}): void {
    if (this.fd === undefined) throw new Error('journal is closed');
    const rec = {
      type,
      t: new Date().toISOString(),
      seq: this.seq++,
      v: JOURNAL_VERSION,
      ...(redact(fields) as Record<string, unknown>),
    };
    writeSync(this.fd, `${JSON.stringify(rec)}\n`);
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function journalPathError(file: string, reason: string): ResilError {
  return usageError(
    `Cannot start a journal at --journal ${file}: ${reason}.`,
    'Give --journal a new file in a writable directory, or leave the flag out (runs are journaled under ~/.resil/runs).',
    'A journal is never overwritten: to continue an interrupted run, use --resume RUN_ID.',
  );
}

/**
 * --journal PATH for a new run: a path that does not exist yet (not even as a symlink) in a directory
 * where files can be created. Checked before any AWS call; throws a usage error (exit 2).
 */
export function assertNewJournalPath(file: string): string {
  if (file.trim() === '')
    throw usageError(
      '--journal needs a file name (it is empty).',
      'Give --journal a new file path, or leave the flag out (runs are journaled under ~/.resil/runs).',
    );
  const path = resolve(file);
  let existing: Stats | undefined;
  try {
    existing = lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw journalPathError(file, 'a part of the path is not a directory');
    if (code !== 'ENOENT') throw journalPathError(file, fsReason(err));
  }
  if (existing) {
    const what = existing.isSymbolicLink()
      ? 'a symlink'
      : existing.isDirectory()
        ? 'a directory'
        : existing.isFile()
          ? 'a file'
          : 'a special file';
    throw journalPathError(file, `it already exists (${what})`);
  }
  // The nearest existing ancestor must be a directory we can create files in (Journal.create makes the rest).
  let dir = dirname(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  if (!statSync(dir).isDirectory()) throw journalPathError(file, `${dir} is not a directory`);
  if (dir === dirname(path)) {
    // Probe: access(W_OK) says yes for root on /proc and on read-only mounts; creating a file does not lie.
    const probe = join(dir, `.resil-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      closeSync(openSync(probe, 'wx', 0o600));
      unlinkSync(probe);
    } catch (err) {
      throw journalPathError(file, `cannot create files in ${dir} (${fsReason(err)})`);
    }
  } else {
    try {
      accessSync(dir, constants.W_OK);
    } catch (err) {
      throw journalPathError(file, `cannot create directories in ${dir} (${fsReason(err)})`);
    }
  }
  return path;
}

/** Reads a journal; a torn last line (kill -9 mid-write) is ignored. */
export function readJournal(path: string): JournalRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw usageError(`No run journal at ${path}.`, 'Run `resil runs` to list runs.');
  }
  const out: JournalRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as JournalRecord);
    } catch {
      // a torn line (kill -9 mid-write): skip it
      continue;
    }
  }
  return out;
}

/**
 * Indexes a run journaled outside the runs directory (--journal PATH): a symlink
 * `<runs>/<run id>.jsonl` → the journal, so the run id works wherever one is accepted and `resil runs`
 * lists it. Returns why it could not, or undefined when it is indexed.
 */
export function indexRun(
  runId: string,
  journalPath: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const link = join(runsDir(env), `${runId}.jsonl`);
  try {
    if (existsSync(link) && realpathSync(link) === realpathSync(journalPath)) return undefined;
    mkdirSync(runsDir(env), { recursive: true, mode: 0o700 });
    symlinkSync(resolve(journalPath), link);
    return undefined;
  } catch (err) {
    return fsReason(err);
  }
}

/**
 * How a command should name this run: its id when the id resolves to this journal (in the runs
 * directory, or indexed there), otherwise the journal's path, quoted for a shell.
 */
export function runRef(runId: string, journalPath: string, env: NodeJS.ProcessEnv = process.env): string {
  try {
    if (realpathSync(resolveRun(runId, env)) === realpathSync(journalPath)) return runId;
  } catch {
    // not resolvable by id
  }
  return shellQuote(resolve(journalPath));
}

/** A run id, or a path to a journal file → the journal's real path (through an index symlink). */
export function resolveRun(idOrPath: string, env: NodeJS.ProcessEnv = process.env): string {
  if (idOrPath.includes('/') || idOrPath.endsWith('.jsonl')) {
    const p = resolve(idOrPath);
    if (!existsSync(p)) throw usageError(`No run journal at ${p}.`, 'Run `resil runs` to list runs.');
    return realpathSync(p);
  }
  const p = join(runsDir(env), `${idOrPath}.jsonl`);
  if (existsSync(p)) return realpathSync(p);
  const known = listRuns(env)
    .slice(0, 5)
    .map((r) => r.runId);
  throw usageError(
    `Unknown run ${idOrPath}.`,
    known.length
      ? `Recent runs: ${known.join(', ')} (\`resil runs\` lists them all).`
      : `No runs recorded under ${runsDir(env)}.`,
  );
}

export interface RunSummary {
  runId: string;
  kind: string;
  startedAt: string;
  status: string;
  exitCode?: number;
  target?: string;
  subject?: string;
  rtoSeconds?: number;
  rpoSeconds?: number;
  /** Who started it (account, caller ARN, host, OS user, resil version); absent in older journals. */
  operator?: Record<string, unknown>;
  path: string;
}

export function summarizeRun(path: string): RunSummary {
  const records = readJournal(path);
  const run = records.find((r) => r.type === 'run') ?? ({} as JournalRecord);
  const end = [...records].reverse().find((r) => r.type === 'end');
  const params = (run['params'] ?? {}) as Record<string, unknown>;
  const plan = (records.find((r) => r.type === 'plan')?.['data'] ?? {}) as Record<string, unknown>;
  // One record's plan (an object), or several records of one zone (an array).
  const rawDns = plan['dns'];
  const dns = (
    Array.isArray(rawDns)
      ? { record: rawDns.map((d) => String((d as Record<string, unknown>)['record'])).join(', ') }
      : (rawDns ?? {})
  ) as Record<string, unknown>;
  const subject =
    plan['globalClusterId'] ??
    params['globalCluster'] ??
    dns['record'] ??
    (params['dns'] as Record<string, unknown> | undefined)?.['record'] ??
    params['rollbackOf'];
  const interrupted = records.some((r) => r.type === 'interrupted');
  return {
    runId: String(run['runId'] ?? basename(path, '.jsonl')),
    kind: String(run['kind'] ?? 'unknown'),
    startedAt: String(run['t'] ?? ''),
    status: end ? String(end['status']) : interrupted ? 'interrupted' : 'incomplete (killed or running)',
    ...(end && typeof end['exitCode'] === 'number' ? { exitCode: end['exitCode'] } : {}),
    ...(params['to'] ? { target: String(params['to']) } : {}),
    ...(subject ? { subject: String(subject) } : {}),
    ...(end && typeof end['rtoSeconds'] === 'number' ? { rtoSeconds: end['rtoSeconds'] } : {}),
    ...(end && typeof end['rpoSeconds'] === 'number' ? { rpoSeconds: end['rpoSeconds'] } : {}),
    ...(run['operator'] && typeof run['operator'] === 'object'
      ? { operator: run['operator'] as Record<string, unknown> }
      : {}),
    path,
  };
}

/**
 * Every run of the runs directory, newest first: its own journals and the index links to journals
 * kept elsewhere (each listed once, at its real path; a link whose journal is gone is left out).
 */
export function listRuns(env: NodeJS.ProcessEnv = process.env): RunSummary[] {
  const dir = runsDir(env);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const seen = new Set<string>();
  const out: RunSummary[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl'))) {
    let real: string;
    try {
      real = realpathSync(join(dir, f));
    } catch {
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    out.push(summarizeRun(real));
  }
  return out.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

// ------------------------------------------------------------------ lock
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Lock {
  path: string;
  release(): void;
}

/**
 * One run per key per machine. A lock left by a process that no longer runs (kill -9) is stale
 * and taken over (and said so); a live holder is refused with its run id.
 */
export function acquireLock(
  key: string,
  runId: string,
  env: NodeJS.ProcessEnv = process.env,
  onStale?: (msg: string) => void,
): Lock {
  const dir = join(resilHome(env), 'locks');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${key.replace(/[^A-Za-z0-9._-]/g, '_')}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(
        fd,
        JSON.stringify({ pid: process.pid, runId, host: hostname(), at: new Date().toISOString() }),
      );
      fsyncSync(fd);
      closeSync(fd);
      return {
        path,
        release: () => {
          try {
            const cur = JSON.parse(readFileSync(path, 'utf8')) as { pid?: number };
            if (cur.pid === process.pid) unlinkSync(path);
          } catch {
            // already gone
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: { pid?: number; runId?: string; host?: string } = {};
      try {
        holder = JSON.parse(readFileSync(path, 'utf8')) as typeof holder;
      } catch {
        // unreadable or torn: treat as stale
      }
      const sameHost = !holder.host || holder.host === hostname();
      if (holder.pid && sameHost && pidAlive(holder.pid) && holder.pid !== process.pid) {
        throw new ResilError(
          `Another resil run (${holder.runId ?? 'unknown'}, pid ${holder.pid}) is already working on ${key} from this machine.`,
          {
            exitCode: ExitCode.STOPPED_BEFORE_CHANGE,
            suggestions: [
              `Wait for it, or inspect it with \`resil runs show ${holder.runId ?? ''}\`.`,
              `If that process is gone, remove ${path}.`,
            ],
          },
        );
      }
      onStale?.(
        `Took over a stale lock on ${key} left by run ${holder.runId ?? 'unknown'} (pid ${holder.pid ?? '?'} no longer runs).`,
      );
      try {
        unlinkSync(path);
      } catch {
        // raced: retry
      }
    }
  }
  throw new ResilError(`Could not take the lock ${path}.`, { exitCode: ExitCode.STOPPED_BEFORE_CHANGE });
}
