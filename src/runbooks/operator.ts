/**
 * Who runs a runbook, for the journal: the AWS account and caller ARN (STS GetCallerIdentity, read
 * once, before the first change), the host name, the OS user and the resil version. The start
 * record (`run`) holds it, and each `resume` record holds who resumed.
 *
 * GetCallerIdentity needs no permission (an IAM policy cannot deny it), so it fails only when the
 * credentials are invalid or STS cannot be reached. Before any change, that stops the run (exit 4,
 * nothing changed): the journal must say who changed AWS. A resume of a run that already changed
 * AWS goes on with a warning instead: finishing an incident matters more, and the first attempt
 * already recorded its caller.
 */
import { hostname, userInfo } from 'node:os';
import { GatewayError, type Gateway } from '../aws/gateway/types.js';
import { ExitCode, ResilError } from '../util/errors.js';
import { TOOL } from '../util/version.js';

export interface RunOperator {
  /** The AWS account of the credentials. */
  account?: string;
  /** The caller's ARN (a user, or an assumed-role session). */
  callerArn?: string;
  host: string;
  osUser: string;
  resilVersion: string;
  /** Why account and caller ARN are missing (a resume after a change goes on without them). */
  callerError?: string;
}

/** The OS user name; a container user with no passwd entry falls back to $USER, $LOGNAME or the uid. */
export function osUser(env: NodeJS.ProcessEnv = process.env): string {
  try {
    const u = userInfo().username;
    if (u) return u;
  } catch {
    // no passwd entry for this uid
  }
  return env['USER'] || env['LOGNAME'] || (process.getuid ? `uid ${process.getuid()}` : 'unknown');
}

function local(): Pick<RunOperator, 'host' | 'osUser' | 'resilVersion'> {
  return { host: hostname(), osUser: osUser(), resilVersion: TOOL.version };
}

/**
 * Reads who runs it. `changed`: an earlier attempt of this run already changed AWS (resume), so a
 * failure is a warning (returned in `callerError`, to journal and show), not a stop.
 */
export async function readOperator(gw: Gateway, region: string, changed = false): Promise<RunOperator> {
  try {
    const id = await gw.callerIdentity(region);
    return { account: id.account, callerArn: id.arn, ...local() };
  } catch (err) {
    // An AWS answer (or none); anything else is not about the caller and propagates.
    if (!(err instanceof GatewayError)) throw err;
    const why = err.message;
    if (changed) return { ...local(), callerError: why };
    throw new ResilError(
      `Stopped before any change: resil could not read who is running this run ` +
        `(sts:GetCallerIdentity in ${region}): ${why}. The journal records the AWS caller before the first change.`,
      {
        exitCode: ExitCode.STOPPED_BEFORE_CHANGE,
        suggestions: [
          'Check the credentials (--profile, AWS_PROFILE, their expiry) and that STS answers from this network; nothing was changed.',
        ],
        cause: err,
      },
    );
  }
}

/** One line for `resil runs show` (older journals: not recorded). */
export function operatorText(o: unknown): string {
  if (!o || typeof o !== 'object') return 'not recorded (a journal written before resil recorded it)';
  const r = o as Partial<Record<keyof RunOperator, unknown>>;
  const who =
    typeof r.callerArn === 'string'
      ? `${r.callerArn}${typeof r.account === 'string' ? ` (account ${r.account})` : ''}`
      : `AWS caller unknown${typeof r.callerError === 'string' ? ` (${r.callerError})` : ''}`;
  return `${who}, as ${String(r.osUser ?? '?')}@${String(r.host ?? '?')}, resil ${String(r.resilVersion ?? '?')}`;
}

/** The caller in a few characters, for the `resil runs` table: the ARN's resource (assumed-role/OnCall/alice). */
export function shortCaller(o: unknown): string | undefined {
  const arn = (o as { callerArn?: unknown } | undefined)?.callerArn;
  if (typeof arn !== 'string') return undefined;
  const parts = arn.split(':');
  return parts.length >= 6 ? parts.slice(5).join(':') : arn;
}
