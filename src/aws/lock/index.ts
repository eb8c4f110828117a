/** The lock store runbooks.lock in .resil.yml names: a DynamoDB table or an S3 prefix. */
import { dynamoWhere, s3Where, type AcquireResult, type LockHolder, type LockStore } from './types.js';

/**
 * A store whose SDK client is imported on its first call, not when the runbook starts: the S3 and
 * DynamoDB packages are large, and a dry run, or a run that fails its preflight, never reaches them.
 */
class LazyLockStore implements LockStore {
  private loaded?: Promise<LockStore>;
  constructor(
    readonly where: string,
    private readonly load: () => Promise<LockStore>,
  ) {}
  private get store(): Promise<LockStore> {
    return (this.loaded ??= this.load());
  }
  async acquire(key: string, holder: LockHolder, now: Date): Promise<AcquireResult> {
    return (await this.store).acquire(key, holder, now);
  }
  async renew(key: string, runId: string, expiresAt: string): Promise<boolean> {
    return (await this.store).renew(key, runId, expiresAt);
  }
  async release(key: string, runId: string): Promise<boolean> {
    return (await this.store).release(key, runId);
  }
  async heldBy(runId: string): Promise<Array<{ key: string; holder: LockHolder }>> {
    return (await this.store).heldBy(runId);
  }
  destroy(): void {
    void this.loaded?.then((s) => s.destroy()).catch(() => {});
  }
}

export interface LockStoreConfig {
  dynamodb?: { table: string; region: string };
  s3?: { bucket: string; region: string; prefix: string };
}

export function makeLockStore(
  c: LockStoreConfig,
  connection: {
    endpointUrl?: string;
    profile?: string;
    roleArn?: string;
    externalId?: string;
    roleSessionName?: string;
    maxAttempts?: number;
  },
): LockStore {
  const common = {
    ...(connection.endpointUrl ? { endpointUrl: connection.endpointUrl } : {}),
    ...(connection.profile ? { profile: connection.profile } : {}),
    ...(connection.roleArn ? { roleArn: connection.roleArn } : {}),
    ...(connection.externalId ? { externalId: connection.externalId } : {}),
    ...(connection.roleSessionName ? { roleSessionName: connection.roleSessionName } : {}),
    ...(connection.maxAttempts ? { maxAttempts: connection.maxAttempts } : {}),
  };
  const { dynamodb, s3 } = c;
  if (dynamodb)
    return new LazyLockStore(
      dynamoWhere(dynamodb),
      async () => new (await import('./dynamodb.js')).DynamoLockStore({ ...dynamodb, ...common }),
    );
  if (s3)
    return new LazyLockStore(
      s3Where(s3),
      async () => new (await import('./s3.js')).S3LockStore({ ...s3, ...common }),
    );
  throw new Error('runbooks.lock names neither dynamodb nor s3');
}

export type { AcquireResult, LockHolder, LockStore } from './types.js';
export { LockStoreError } from './types.js';
