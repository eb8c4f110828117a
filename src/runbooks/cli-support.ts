/**
 * What the failover and cutover commands share: flags, the session wiring (SDK gateway, I/O host,
 * Ctrl-C), config loading, and mapping an AWS read failure during planning to exit 4.
 */
import { select } from '@inquirer/prompts';
import { Flags } from '@oclif/core';
import { ALL_CHECKS } from '../checks/index.js';
import { loadConfig } from '../config/load.js';
import { fatalError } from '../aws/collect/context.js';
import { SdkGateway } from '../aws/gateway/sdk.js';
import { GatewayError } from '../aws/gateway/types.js';
import { ExitCode, ResilError, usageError } from '../util/errors.js';
import { makeLockStore, type LockStore } from '../aws/lock/index.js';
import { parseRunbooksConfig, type LockConfig, type RunbooksConfig } from './config.js';
import { holderText } from './shared-lock.js';
import { JsonHost, ListrHost, TextHost } from './hosts.js';
import { assertNewJournalPath } from './journal.js';
import { parseEndpointUrl, redactUrl } from '../util/url.js';
import { roleFlags, roleOptions, type RoleOptions } from '../cli/aws-flags.js';
import type { IoHost, RunOutcome } from './io.js';
import { pollTimingFromEnv, realClock } from './poll.js';
import type { SessionOptions } from './session.js';

export const runbookFlags = {
  yes: Flags.boolean({
    char: 'y',
    summary: 'Approve every step without asking (data-loss steps also need --allow-data-loss).',
    default: false,
  }),
  'dry-run': Flags.boolean({
    summary:
      'Print the plan and the preflight results, change nothing; exit 0 if it would proceed, 4 if not.',
    default: false,
  }),
  force: Flags.boolean({
    summary: 'Override failed preconditions that cannot lose data (never the others).',
    default: false,
  }),
  'allow-data-loss': Flags.boolean({
    summary: 'Accept steps that can lose committed data (failover and detach modes).',
    default: false,
  }),
  resume: Flags.string({
    summary:
      'Resume an interrupted run by its id (or journal path): re-reads live state and skips what is done.',
  }),
  'wait-ttl': Flags.boolean({
    summary: 'After INSYNC, wait out the old TTL before verifying (--no-wait-ttl skips it).',
    default: true,
    allowNo: true,
  }),
  'dns-timeout': Flags.integer({
    summary: 'Minutes to wait for Route 53 INSYNC (and for the answer to verify).',
    min: 1,
    max: 120,
  }),
  journal: Flags.string({
    helpValue: 'FILE',
    summary:
      'Journal file for this run, a new file (default: ~/.resil/runs/<run id>.jsonl; $RESIL_HOME overrides ~/.resil).',
    exclusive: ['resume'],
  }),
  json: Flags.boolean({
    summary: 'Stream the run as JSON events on stdout (never prompts: needs --yes unless --dry-run).',
    default: false,
  }),
  'force-unlock': Flags.string({
    summary:
      'Remove the shared lock (runbooks.lock) held by this run id, after you type the id (--yes skips it); nothing else runs.',
    helpValue: 'RUN_ID',
    exclusive: ['resume', 'dry-run', 'journal', 'json'],
  }),
  config: Flags.string({
    summary: 'Config file (default: .resil.yml in the working directory, if present).',
    helpValue: 'FILE',
  }),
  profile: Flags.string({
    summary: 'AWS named profile (as the AWS CLI --profile).',
    env: 'AWS_PROFILE',
    helpGroup: 'AWS',
  }),
  'endpoint-url': Flags.string({
    summary: 'Send every AWS request to this URL (VPC endpoints, emulators).',
    helpGroup: 'AWS',
  }),
  ...roleFlags,
  'max-attempts': Flags.integer({
    summary: 'SDK attempts per request (retry mode: AWS_RETRY_MODE, adaptive by default).',
    env: 'AWS_MAX_ATTEMPTS',
    default: 5,
    min: 1,
    max: 20,
    helpGroup: 'AWS',
  }),
};

export interface RunbookFlagValues {
  yes: boolean;
  'dry-run': boolean;
  force: boolean;
  'allow-data-loss': boolean;
  resume?: string | undefined;
  'wait-ttl': boolean;
  'dns-timeout'?: number | undefined;
  journal?: string | undefined;
  json: boolean;
  'force-unlock'?: string | undefined;
  config?: string | undefined;
  profile?: string | undefined;
  'endpoint-url'?: string | undefined;
  'role-arn'?: string | undefined;
  'external-id'?: string | undefined;
  'max-attempts': number;
}

export async function loadRunbooksConfig(
  file: string | undefined,
): Promise<{ runbooks: RunbooksConfig; rpoSeconds?: number }> {
  const { config, path } = await loadConfig(file, ALL_CHECKS);
  return {
    runbooks: parseRunbooksConfig(config.runbooks, path ?? '.resil.yml'),
    ...(config.rpoSeconds !== undefined ? { rpoSeconds: config.rpoSeconds } : {}),
  };
}

/** Exit code of a second signal (quit at once): 128 + the signal's number, as a shell reports it. */
export const SIGNAL_EXIT = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

/** The session for a command invocation; `dispose` removes the signal handlers. */
export function makeSession(
  f: RunbookFlagValues,
  lock: LockConfig | undefined,
  kind: 'failover' | 'cutover',
): { session: SessionOptions; io: IoHost; dispose(): void } {
  // Bad input is refused before any AWS call (and before the Ctrl-C handler is installed).
  const endpointUrl = f['endpoint-url'] !== undefined ? parseEndpointUrl(f['endpoint-url']) : undefined;
  const role = roleOptions(f, kind);
  const journalPath =
    f.journal !== undefined && f.resume === undefined ? assertNewJournalPath(f.journal) : undefined;
  // listr2 draws through stdout: only when stdout and stderr are the terminal and CI is unset.
  const fancy =
    !!process.stdout.isTTY &&
    !!process.stderr.isTTY &&
    !process.env['CI'] &&
    (process.stdout.columns ?? 0) >= 40;
  const io: IoHost = f.json ? new JsonHost() : fancy ? new ListrHost() : new TextHost();
  const ctl = new AbortController();
  let count = 0;
  // SIGTERM (a supervisor, `kill`) and SIGHUP (a closed terminal or SSH session) stop a run the way
  // Ctrl-C does: at the next safe point, with an `interrupted` journal line, the resume command and
  // the lock released. A second signal quits at once, with 128 + the signal's number.
  const onSignal = (signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP') => {
    count++;
    if (count === 1) {
      const name = signal === 'SIGINT' ? 'Ctrl-C' : signal;
      io.emit({
        type: 'note',
        level: 'warn',
        text: `${name}: stopping at the next safe point (an AWS call in flight completes; nothing is undone). ${signal === 'SIGINT' ? 'Press Ctrl-C again' : `Send ${signal} again`} to quit at once.`,
      });
      ctl.abort();
    } else {
      process.exit(SIGNAL_EXIT[signal]);
    }
  };
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((sig) => {
    const h = () => onSignal(sig);
    process.on(sig, h);
    return [sig, h] as const;
  });
  // Journaled (a resume reuses it), so never with credentials: --endpoint-url on the resume gives them again.
  // The role is journaled (a resume assumes it again); the external id only as `true`, never its value.
  const connection: Record<string, unknown> = {
    ...(endpointUrl ? { endpointUrl: redactUrl(endpointUrl) } : {}),
    ...(f.profile ? { profile: f.profile } : {}),
    ...(role.roleArn ? { roleArn: role.roleArn, externalId: role.externalId !== undefined } : {}),
  };
  const session: SessionOptions = {
    io,
    makeGateway: (observer, conn) =>
      new SdkGateway({
        // This invocation's own --endpoint-url (credentials included) wins over the journaled one.
        ...(endpointUrl
          ? { endpointUrl }
          : typeof conn['endpointUrl'] === 'string'
            ? { endpointUrl: conn['endpointUrl'] }
            : {}),
        ...(typeof conn['profile'] === 'string' ? { profile: conn['profile'] } : {}),
        ...gatewayRole(role, conn),
        maxAttempts: f['max-attempts'],
        observer,
      }),
    connection,
    ...(journalPath ? { journalPath } : {}),
    signal: ctl.signal,
    clock: realClock,
    timing: pollTimingFromEnv(),
    yes: f.yes,
    allowDataLoss: f['allow-data-loss'],
    force: f.force,
    dryRun: f['dry-run'],
  };
  // The shared lock's store: reached with this invocation's connection (--endpoint-url, --profile).
  const store = lock && !f['dry-run'] ? lockStoreFor(lock, f, endpointUrl, kind) : undefined;
  if (store && lock) session.sharedLock = { store, leaseMs: lock.leaseSeconds * 1000 };
  return {
    session,
    io,
    dispose: () => {
      for (const [sig, h] of handlers) process.off(sig, h);
      store?.destroy();
    },
  };
}

/**
 * The role the gateway signs with: this invocation's --role-arn, else (a resume) the journaled one. A
 * journaled role that needed an external id needs it again: its value is not journaled (exit 2).
 */
function gatewayRole(
  role: RoleOptions,
  conn: Record<string, unknown>,
): { roleArn?: string; externalId?: string; roleSessionName: string } {
  const roleArn = role.roleArn ?? (typeof conn['roleArn'] === 'string' ? conn['roleArn'] : undefined);
  if (!roleArn) return { roleSessionName: role.roleSessionName };
  if (role.roleArn === undefined && conn['externalId'] === true && role.externalId === undefined)
    throw usageError(
      `This run assumed --role-arn ${roleArn} with an external id, which the journal does not keep.`,
      'Pass --external-id again (and --role-arn to assume another role).',
    );
  return {
    roleArn,
    roleSessionName: role.roleSessionName,
    ...(role.externalId !== undefined ? { externalId: role.externalId } : {}),
  };
}

function lockStoreFor(
  lock: LockConfig,
  f: RunbookFlagValues,
  endpointUrl: string | undefined,
  kind = 'lock',
): LockStore {
  const role = roleOptions(f, kind);
  return makeLockStore(lock, {
    ...(endpointUrl ? { endpointUrl } : {}),
    ...(f.profile ? { profile: f.profile } : {}),
    ...(role.roleArn ? { roleArn: role.roleArn, roleSessionName: role.roleSessionName } : {}),
    ...(role.externalId ? { externalId: role.externalId } : {}),
    maxAttempts: f['max-attempts'],
  });
}

/** --force-unlock does nothing else: a target flag given with it is a usage error (exit 2). */
export function refuseWithForceUnlock(flags: Record<string, unknown>, targets: string[]): void {
  const given = targets.filter((t) => flags[t] !== undefined);
  if (given.length)
    throw usageError(
      `--force-unlock only removes a lock: it does not take ${given.map((g) => `--${g}`).join(', ')}.`,
      'Remove the lock first, then start the run.',
    );
}

/**
 * `--force-unlock RUN_ID`: removes the shared locks that run holds (a run that is gone, whose lease
 * has not expired yet), after the operator types the run id (or with --yes). Exit 0 when removed;
 * 2 when there is no shared lock to remove or no way to confirm; 4 when declined or the store
 * cannot be reached (nothing was removed).
 */
export async function forceUnlock(
  runId: string,
  lock: LockConfig | undefined,
  f: RunbookFlagValues,
  io: IoHost,
  say: (line: string) => void,
): Promise<void> {
  if (!lock)
    throw usageError(
      'runbooks.lock is not configured in .resil.yml: there is no shared lock to remove.',
      "A run's per-machine lock is taken over automatically once its process is gone.",
    );
  const endpointUrl = f['endpoint-url'] !== undefined ? parseEndpointUrl(f['endpoint-url']) : undefined;
  const store = lockStoreFor(lock, f, endpointUrl);
  const unreachable = (err: unknown) =>
    new ResilError(`Could not reach the shared lock (${store.where}): ${(err as Error).message}`, {
      exitCode: ExitCode.STOPPED_BEFORE_CHANGE,
      suggestions: [
        (err as { hint?: string }).hint ??
          'Check the lock store, --profile and --endpoint-url; nothing was removed.',
      ],
    });
  try {
    let held;
    try {
      held = await store.heldBy(runId);
    } catch (err) {
      throw unreachable(err);
    }
    if (held.length === 0)
      throw usageError(
        `No shared lock in ${store.where} is held by run ${runId}.`,
        'The holder is named in the message of the run it refused (and in its journal).',
      );
    for (const l of held) say(`Lock on ${l.key}: ${holderText(l.holder)}.`);
    let ok: boolean;
    if (f.yes) ok = true;
    else if (io.interactive)
      ok = await io.confirmTyped(
        `Removing it lets another run start while ${runId} may still be changing AWS. Type ${runId} to remove it:`,
        runId,
      );
    else
      throw usageError(
        'stdin is not a terminal, so resil cannot ask you to type the run id.',
        `Make sure run ${runId} is gone, then pass --yes.`,
      );
    if (!ok)
      throw new ResilError('Not confirmed: the lock was left in place.', {
        exitCode: ExitCode.STOPPED_BEFORE_CHANGE,
      });
    for (const l of held) {
      let removed: boolean;
      try {
        removed = await store.release(l.key, runId);
      } catch (err) {
        throw unreachable(err);
      }
      say(
        removed
          ? `Removed the shared lock on ${l.key} held by run ${runId}.`
          : `The lock on ${l.key} is no longer held by run ${runId} (released or taken over meanwhile): left alone.`,
      );
    }
  } finally {
    store.destroy();
  }
}

/**
 * AWS read failures while planning happen before any change: exit 4 with the request id. Missing or
 * rejected credentials and an unreachable endpoint are the same usage errors as for `resil audit`
 * (exit 2, one line saying what to do): no runbook could have started.
 */
export async function planning<T>(
  fn: () => Promise<T>,
  where: { endpointUrl?: string | undefined; profile?: string | undefined } = {},
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof GatewayError && err.operation === 'AssumeRole') {
      throw new ResilError(`Stopped before any change: could not assume --role-arn: ${err.message}`, {
        exitCode: ExitCode.STOPPED_BEFORE_CHANGE,
        suggestions: [
          "The role's trust policy must allow the caller (your credentials, which need sts:AssumeRole on the role) and, if it requires one, the external id: pass --external-id. Nothing was changed.",
        ],
        cause: err,
      });
    }
    if (err instanceof GatewayError) {
      const fatal = fatalError(
        Object.assign(new Error(err.message.replace(/^.*? failed: (\w+: )?/, '')), {
          name: err.code,
          code: err.code,
        }),
        {
          ...(where.endpointUrl ? { endpointUrl: where.endpointUrl } : {}),
          ...(where.profile ? { profile: where.profile } : {}),
        },
      );
      if (fatal) throw fatal;
      throw new ResilError(`Stopped before any change: ${err.message}`, {
        exitCode: ExitCode.STOPPED_BEFORE_CHANGE,
        suggestions: [
          'Check the region, --profile, --endpoint-url and the IAM permissions, then run again (nothing was changed).',
        ],
        cause: err,
      });
    }
    throw err;
  }
}

export function exitCodeOf(o: RunOutcome): number {
  return o.exitCode;
}

/**
 * A resume continues the journaled plan. A flag that names another target (--to, the cluster, the
 * mode, the record) must not be silently ignored: refuse it, naming both values (exit 2).
 */
export function refuseResumeConflicts(
  runId: string,
  kind: 'failover' | 'cutover',
  journaled: Record<string, string | undefined>,
  given: Record<string, string | undefined>,
): void {
  const norm = (v: string) => v.trim().toLowerCase().replace(/\.$/, '');
  const diffs = Object.entries(given)
    .filter(([k, v]) => v !== undefined && journaled[k] !== undefined && norm(v) !== norm(journaled[k]!))
    .map(([k, v]) => `--${k} ${v} does not match run ${runId} (--${k} ${journaled[k]})`);
  if (diffs.length) {
    throw usageError(
      `${diffs.join('; ')}.`,
      `A resume continues the journaled plan: run \`resil ${kind} --resume ${runId}\` without ${diffs.length > 1 ? 'these flags' : 'this flag'}.`,
      'To change the target, start a new run once this one has finished (`resil runs show ' +
        runId +
        '` shows where it stopped).',
    );
  }
}

/**
 * `resil failover` without --global-cluster when the target region sees several global databases:
 * on a terminal, ask which one (an on-call engineer expects a choice, not a usage error); without
 * a terminal, or with --yes or --json, return undefined and let planning refuse with the list
 * (exit 2). Reads only.
 */
export async function chooseGlobalCluster(
  session: SessionOptions,
  to: string,
  opts: { prompt: boolean },
): Promise<string | undefined> {
  if (!opts.prompt) return undefined;
  const gw = session.makeGateway(() => {}, session.connection);
  const all = await gw.describeGlobalClusters(to);
  if (all.length < 2) return undefined;
  try {
    return await select(
      {
        message: `${all.length} Aurora global databases are visible from ${to}. Which one fails over?`,
        choices: [...all]
          .sort((a, b) => a.id.localeCompare(b.id))
          .map((g) => ({
            name: `${g.id}  (writer in ${g.members.find((m) => m.isWriter)?.region ?? 'no region'}; ${g.members.length} region(s))`,
            value: g.id,
          })),
      },
      { output: process.stderr },
    );
  } catch {
    throw new ResilError('No global database chosen; nothing was changed.', {
      exitCode: ExitCode.STOPPED_BEFORE_CHANGE,
      suggestions: ['Pass --global-cluster ID.'],
    });
  }
}
