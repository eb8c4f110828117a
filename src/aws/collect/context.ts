/**
 * Shared collection plumbing: the ledger of collection records, the error classification (what is
 * recorded and skipped vs. what stops the run with exit 2), and the progress events.
 */
import { dict, type CollectionRecord } from '../../inventory/schema.js';
import { ResilError } from '../../util/errors.js';
import type { ClientFactory, ServiceId } from '../clients.js';
import { appendAll } from '../../util/array.js';
import { redactUrl } from '../../util/url.js';

export interface ProgressEvent {
  region: string;
  service: string;
  message: string;
  /** Items returned by the operation just finished (absent for errors and summary events). */
  count?: number;
  /** error: an operation failed and was recorded; done: the region (or 'global') finished. */
  kind?: 'ok' | 'error' | 'done';
}

export interface CollectContext {
  clients: ClientFactory;
  ledger: Ledger;
  /** Page size for list calls (clamped per API); undefined = the API's default/maximum. */
  pageSize?: number;
  progress: (e: ProgressEvent) => void;
}

/** Access errors: recorded, the audit goes on and the affected checks are skipped. */
const ACCESS_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'NotAuthorized',
  'Forbidden',
]);

/** Throttling codes (as the SDK's retry strategy classifies them): retries ran out. */
const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'SlowDown',
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'LimitExceededException',
]);

/** Server-side (5xx) codes; `HTTP5xx` is what the ledger records when a 5xx carried no code. */
const SERVER_CODES = new Set([
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'InternalServerException',
  'InternalServiceError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ServiceFailure',
]);

/**
 * What kind of failure a collection record's error code is, for the advice the audit gives: grant
 * a permission (access), retry later or lower --concurrency (throttling), retry later (server), or
 * read the message (other). Works on snapshots too: it needs only the recorded code.
 */
export function collectionErrorKind(code: string): 'access' | 'throttling' | 'server' | 'other' {
  if (ACCESS_CODES.has(code) || /not authorized|AccessDenied/i.test(code)) return 'access';
  if (THROTTLING_CODES.has(code)) return 'throttling';
  if (SERVER_CODES.has(code) || /^HTTP5\d\d$/.test(code)) return 'server';
  return 'other';
}

/** Credential problems: stop at once (every later call would fail the same way). */
const CREDENTIAL_CODES = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'AuthFailure',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidToken',
  'IncompleteSignature',
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'CERT_HAS_EXPIRED',
]);

interface SdkError extends Error {
  Code?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

export function errorCode(err: unknown): string {
  const e = err as SdkError;
  return e?.Code ?? (e?.name && e.name !== 'Error' ? e.name : undefined) ?? e?.code ?? 'Error';
}

function networkCode(err: unknown): string | undefined {
  for (let e = err as SdkError | undefined, i = 0; e && i < 5; e = e.cause as SdkError | undefined, i++) {
    if (e.code && NETWORK_CODES.has(e.code)) return e.code;
    const m = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)\b/.exec(e.message ?? '');
    if (m) return m[1];
  }
  return undefined;
}

export function isAccessError(err: unknown): boolean {
  const code = errorCode(err);
  return ACCESS_CODES.has(code) || /not authorized|AccessDenied/i.test(code);
}

/**
 * Turns an error that makes the whole collection pointless into a ResilError (exit 2, one line and
 * what to do). Returns undefined for errors that only affect one operation.
 */
export function fatalError(
  err: unknown,
  where: { endpointUrl?: string; profile?: string },
): ResilError | undefined {
  if (err instanceof ResilError) return err;
  const e = err as SdkError;
  const code = errorCode(err);
  if (e?.name === 'CredentialsProviderError' || /Could not load credentials|credential/i.test(code)) {
    return new ResilError(
      where.profile
        ? `Could not load AWS credentials for profile "${where.profile}": ${e.message}`
        : 'No AWS credentials found.',
      {
        cause: err,
        suggestions: [
          where.profile
            ? `Check ~/.aws/config and ~/.aws/credentials for [profile ${where.profile}], or run \`aws sso login --profile ${where.profile}\`.`
            : 'Set AWS_PROFILE or pass --profile, export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run `aws sso login`.',
        ],
      },
    );
  }
  if (CREDENTIAL_CODES.has(code)) {
    return new ResilError(`AWS rejected the credentials (${code}): ${e.message}`, {
      cause: err,
      suggestions: ['Refresh the credentials (e.g. `aws sso login`) or pick another --profile.'],
    });
  }
  const net = networkCode(err);
  if (net) {
    return new ResilError(
      where.endpointUrl
        ? `Cannot reach the AWS endpoint ${redactUrl(where.endpointUrl)} (${net}).`
        : `Cannot reach AWS (${net}): ${e.message}`,
      {
        cause: err,
        suggestions: [
          where.endpointUrl
            ? 'Check that the endpoint is running and the URL (scheme, host, port) is right.'
            : 'Check the network, proxy (HTTPS_PROXY) and DNS, then try again.',
        ],
      },
    );
  }
  return undefined;
}

/** One collection record per (service, region, operation): ok with a count, or the first error. */
export class Ledger {
  private readonly records = new Map<string, CollectionRecord>();

  ok(service: ServiceId, region: string, operation: string, count: number): void {
    const key = `${service}|${region}|${operation}`;
    const prev = this.records.get(key);
    if (prev?.status === 'error') return;
    this.records.set(key, { service, region, operation, status: 'ok', count: (prev?.count ?? 0) + count });
  }

  error(service: ServiceId, region: string, operation: string, err: unknown): void {
    const key = `${service}|${region}|${operation}`;
    if (this.records.get(key)?.status === 'error') return;
    const code = errorCode(err);
    const message = ((err as Error)?.message ?? String(err)).split('\n')[0]!.slice(0, 500);
    this.records.set(key, {
      service,
      region,
      operation,
      status: 'error',
      error: { code, message, action: `${service}:${operation}` },
    });
  }

  list(): CollectionRecord[] {
    return [...this.records.values()].sort(
      (a, b) =>
        a.region.localeCompare(b.region) ||
        a.service.localeCompare(b.service) ||
        a.operation.localeCompare(b.operation),
    );
  }
}

/** Thrown inside a collection to abort everything (credentials, network). */
export class FatalCollectionError extends Error {
  constructor(readonly original: unknown) {
    super('fatal collection error');
  }
}

/**
 * Runs one operation (all its pages, or all its per-resource calls), records the outcome and returns
 * the items, or undefined when it failed (the failure is in the ledger). Fatal errors propagate.
 */
export async function attempt<T>(
  ctx: CollectContext,
  service: ServiceId,
  region: string,
  operation: string,
  fn: () => Promise<T[]>,
): Promise<T[] | undefined> {
  try {
    const items = await fn();
    ctx.ledger.ok(service, region, operation, items.length);
    ctx.progress({
      region,
      service,
      message: `${operation}: ${items.length}`,
      count: items.length,
      kind: 'ok',
    });
    return items;
  } catch (err) {
    if (isFatal(err)) throw new FatalCollectionError(err);
    ctx.ledger.error(service, region, operation, err);
    ctx.progress({ region, service, message: `${operation}: ${errorCode(err)}`, kind: 'error' });
    return undefined;
  }
}

function isFatal(err: unknown): boolean {
  if (err instanceof FatalCollectionError) return true;
  if (isAccessError(err)) return false;
  return fatalError(err, {}) !== undefined;
}

/** Collects every page of an SDK paginator into one list. */
export async function allPages<P, T>(
  pages: AsyncIterable<P>,
  pick: (page: P) => T[] | undefined,
): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) appendAll(out, pick(page) ?? []);
  return out;
}

/** Runs fn over items with Promise.all (the client pool bounds what is actually in flight). */
export async function eachConcurrently<I, T>(items: I[], fn: (item: I) => Promise<T>): Promise<T[]> {
  return Promise.all(items.map(fn));
}

export function clampPage(pageSize: number | undefined, min: number, max: number): number | undefined {
  if (pageSize === undefined) return undefined;
  return Math.min(max, Math.max(min, pageSize));
}

export function tagsOf(list: Array<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  // Prototype-free: a tag named __proto__ or constructor is a tag like any other.
  const out = dict<string>({});
  for (const t of list ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

export function iso(d: Date | string | undefined): string | undefined {
  if (d === undefined) return undefined;
  return (d instanceof Date ? d : new Date(d)).toISOString();
}

/**
 * A per-resource operation (AWS has no batch form): one call per item, concurrently. Each failure is
 * recorded (the ledger keeps the first error for the operation); the other items still count.
 * Returns one result per item, undefined where that item's call failed.
 */
export async function attemptEach<I, T>(
  ctx: CollectContext,
  service: ServiceId,
  region: string,
  operation: string,
  items: I[],
  fn: (item: I) => Promise<T>,
): Promise<Array<T | undefined>> {
  let failed = 0;
  const results = await Promise.all(
    items.map(async (item) => {
      try {
        return await fn(item);
      } catch (err) {
        if (isFatal(err)) throw new FatalCollectionError(err);
        failed++;
        ctx.ledger.error(service, region, operation, err);
        return undefined;
      }
    }),
  );
  if (items.length > 0 || failed === 0) {
    const ok = items.length - failed;
    if (failed === 0) ctx.ledger.ok(service, region, operation, ok);
    ctx.progress({
      region,
      service,
      message: `${operation}: ${ok}/${items.length}`,
      count: ok,
      kind: failed ? 'error' : 'ok',
    });
  }
  return results;
}
