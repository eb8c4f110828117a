/**
 * The shared run lock as an S3 object (as Terraform's S3 backend does with `use_lockfile`): created
 * with `If-None-Match: *`, so of two runs racing for it exactly one wins; replaced (a resume, an
 * expired lease) and deleted only with `If-Match: <ETag>` of the version that was read, so a lock that
 * changed hands in between is never overwritten. The object (JSON) holds who/where/when and a lease.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { connectionCredentials } from '../assume.js';
import { retryConfig } from '../retry.js';
import {
  LockStoreError,
  s3Where,
  storeKey,
  type AcquireResult,
  type LockHolder,
  type LockStore,
} from './types.js';

export interface S3LockOptions {
  bucket: string;
  /** Key prefix of the lock objects (default resil/locks/). */
  prefix: string;
  region: string;
  endpointUrl?: string;
  profile?: string;
  /** --role-arn / --external-id of the run: the store is reached with the role's credentials. */
  roleArn?: string;
  externalId?: string;
  roleSessionName?: string;
  maxAttempts?: number;
}

interface Stored {
  key: string;
  holder: LockHolder;
}

const codeOf = (err: unknown) => (err as { name?: string }).name ?? 'Error';
/** The condition did not hold (412), or a concurrent conditional write to the key (409). */
const lostRace = (err: unknown) =>
  ['PreconditionFailed', 'ConditionalRequestConflict'].includes(codeOf(err)) ||
  [409, 412].includes((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0);

export class S3LockStore implements LockStore {
  readonly where: string;
  private readonly client: S3Client;

  constructor(private readonly o: S3LockOptions) {
    this.where = s3Where(o);
    this.client = new S3Client({
      region: o.region,
      ...retryConfig(o.maxAttempts ?? 5),
      // An endpoint override (emulator, VPC endpoint) is addressed by path, not by bucket subdomain.
      ...(o.endpointUrl ? { endpoint: o.endpointUrl, forcePathStyle: true } : {}),
      ...credentials(o),
    });
  }

  private objectKey(key: string): string {
    return `${this.o.prefix}${storeKey(key)}.json`;
  }

  private fail(err: unknown): never {
    const code = codeOf(err);
    const hint =
      code === 'NoSuchBucket'
        ? `Create the bucket ${this.o.bucket} in ${this.o.region}, or fix runbooks.lock.s3.bucket.`
        : /AccessDenied|InvalidAccessKeyId|SignatureDoesNotMatch|ExpiredToken/.test(code)
          ? `Grant s3:GetObject, PutObject, DeleteObject and ListBucket on ${this.o.bucket}/${this.o.prefix}*.`
          : undefined;
    throw new LockStoreError(this.where, code, (err as Error).message, hint);
  }

  private body(key: string, holder: LockHolder): string {
    return JSON.stringify({ key, holder } satisfies Stored);
  }

  /** The lock object and its ETag, or undefined when there is none. */
  private async read(objectKey: string): Promise<(Stored & { etag: string }) | undefined> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.o.bucket, Key: objectKey }));
      const text = (await res.Body?.transformToString('utf8')) ?? '';
      const doc = JSON.parse(text) as Stored;
      return { ...doc, etag: res.ETag ?? '' };
    } catch (err) {
      if (codeOf(err) === 'NoSuchKey') return undefined;
      if (err instanceof SyntaxError)
        throw new LockStoreError(this.where, 'Corrupt', `${objectKey} is not a resil lock (not JSON)`);
      this.fail(err);
    }
  }

  async acquire(key: string, holder: LockHolder, now: Date): Promise<AcquireResult> {
    const objectKey = this.objectKey(key);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.o.bucket,
            Key: objectKey,
            Body: this.body(key, holder),
            ContentType: 'application/json',
            IfNoneMatch: '*',
          }),
        );
        return { acquired: true };
      } catch (err) {
        if (!lostRace(err)) this.fail(err);
      }
      const cur = await this.read(objectKey);
      if (!cur) continue; // released in between: try again
      const expired = Date.parse(cur.holder.expiresAt) < now.getTime();
      if (cur.holder.runId !== holder.runId && !expired) return { acquired: false, holder: cur.holder };
      // Ours (a resume) or expired: replace exactly the version read, or lose to whoever changed it.
      try {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.o.bucket,
            Key: objectKey,
            Body: this.body(key, holder),
            ContentType: 'application/json',
            IfMatch: cur.etag,
          }),
        );
        return { acquired: true };
      } catch (err) {
        if (!lostRace(err)) this.fail(err);
      }
    }
    throw new LockStoreError(
      this.where,
      'Contention',
      `the lock on ${key} changed hands three times while it was read`,
    );
  }

  async renew(key: string, runId: string, expiresAt: string): Promise<boolean> {
    const objectKey = this.objectKey(key);
    const cur = await this.read(objectKey);
    if (!cur || cur.holder.runId !== runId) return false;
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.o.bucket,
          Key: objectKey,
          Body: this.body(key, { ...cur.holder, expiresAt }),
          ContentType: 'application/json',
          IfMatch: cur.etag,
        }),
      );
      return true;
    } catch (err) {
      if (lostRace(err)) return false;
      this.fail(err);
    }
  }

  async release(key: string, runId: string): Promise<boolean> {
    const objectKey = this.objectKey(key);
    const cur = await this.read(objectKey);
    if (!cur || cur.holder.runId !== runId) return false;
    try {
      await this.client.send(
        new DeleteObjectCommand({ Bucket: this.o.bucket, Key: objectKey, IfMatch: cur.etag }),
      );
      return true;
    } catch (err) {
      if (lostRace(err)) return false;
      this.fail(err);
    }
  }

  async heldBy(runId: string): Promise<Array<{ key: string; holder: LockHolder }>> {
    const out: Array<{ key: string; holder: LockHolder }> = [];
    let token: string | undefined;
    do {
      let res;
      try {
        res = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.o.bucket,
            Prefix: this.o.prefix,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
      } catch (err) {
        this.fail(err);
      }
      for (const obj of res.Contents ?? []) {
        if (!obj.Key?.endsWith('.json')) continue;
        const cur = await this.read(obj.Key).catch(() => undefined);
        if (cur?.holder.runId === runId) out.push({ key: cur.key, holder: cur.holder });
      }
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  destroy(): void {
    this.client.destroy();
  }
}

function credentials(o: S3LockOptions): { credentials?: ReturnType<typeof connectionCredentials> } {
  const c = connectionCredentials(o, {
    region: o.region,
    ...(o.endpointUrl ? { endpoint: o.endpointUrl } : {}),
  });
  return c ? { credentials: c } : {};
}
