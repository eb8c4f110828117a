/**
 * What the failover and cutover commands share: flags, the session wiring (SDK gateway, I/O host,
 * Ctrl-C), config loading, and mapping an AWS read failure during planning to exit 4.
 */
import { Flags } from '@oclif/core';
import { ALL_CHECKS } from '../checks/index.js';
import { loadConfig } from '../config/load.js';
import { SdkGateway } from '../aws/gateway/sdk.js';
import { GatewayError } from '../aws/gateway/types.js';
import { ExitCode, ResilError, usageError } from '../util/errors.js';
import { parseRunbooksConfig, type RunbooksConfig } from './config.js';
import { JsonHost, ListrHost, TextHost } from './hosts.js';
import { assertNewJournalPath } from './journal.js';
import { parseEndpointUrl, redactUrl } from '../util/url.js';
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
  'max-attempts': Flags.integer({
    summary: 'SDK attempts per request (adaptive retry mode).',
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
  config?: string | undefined;
  profile?: string | undefined;
  'endpoint-url'?: string | undefined;
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
export function makeSession(f: RunbookFlagValues): { session: SessionOptions; io: IoHost; dispose(): void } {
  // Bad input is refused before any AWS call (and before the Ctrl-C handler is installed).
  const endpointUrl = f['endpoint-url'] !== undefined ? parseEndpointUrl(f['endpoint-url']) : undefined;
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
  const connection: Record<string, unknown> = {
    ...(endpointUrl ? { endpointUrl: redactUrl(endpointUrl) } : {}),
    ...(f.profile ? { profile: f.profile } : {}),
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
  return {
    session,
    io,
    dispose: () => {
      for (const [sig, h] of handlers) process.off(sig, h);
    },
  };
}

/** AWS read failures while planning happen before any change: exit 4 with the request id. */
export async function planning<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof GatewayError) {
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
