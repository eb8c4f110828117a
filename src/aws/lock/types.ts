/**
 * The shared run lock's store: where two on-call engineers on two machines find out that one of them
 * is already running a failover of the same global database (issue 9). Plain types, no SDK import:
 * the runbooks, the test fakes and the DynamoDB and S3 stores (./dynamodb.ts, ./s3.ts) share them.
 */

/** Who holds a lock, where and since when: what a refused run names. */
export interface LockHolder {
  runId: string;
  /** The operator's user name, and the host: `alice@laptop-7`. */
  who: string;
  host: string;
  pid: number;
  /** What the run does, in words: `failover of shop-global to us-west-2`. */
  command: string;
  acquiredAt: string;
  /** The lease: after this time (ISO 8601) another run may take the lock over. */
  expiresAt: string;
}

export type AcquireResult = { acquired: true } | { acquired: false; holder: LockHolder };

export interface LockStore {
  /** Where the locks are, in words: `DynamoDB table resil-locks (us-east-1)`. */
  readonly where: string;
  /**
   * Takes the lock on `key` for `holder` when it is free, its lease has expired, or it is already
   * held by the same run (a resume); otherwise returns the holder. One conditional write: two runs
   * racing for it cannot both win.
   */
  acquire(key: string, holder: LockHolder, now: Date): Promise<AcquireResult>;
  /** Extends the lease, if `runId` still holds the lock; false when it was lost (taken over). */
  renew(key: string, runId: string, expiresAt: string): Promise<boolean>;
  /** Removes the lock if `runId` holds it (true), else leaves it alone (false). */
  release(key: string, runId: string): Promise<boolean>;
  /** The locks held by `runId` (for --force-unlock). */
  heldBy(runId: string): Promise<Array<{ key: string; holder: LockHolder }>>;
  /** Closes the clients. */
  destroy(): void;
}

/** The store could not be read or written (missing table or bucket, permissions, network). */
export class LockStoreError extends Error {
  constructor(
    readonly where: string,
    readonly code: string,
    message: string,
    /** What to do about it, when known (create the table, grant an action). */
    readonly hint?: string,
  ) {
    super(`${where}: ${code}: ${message}`);
    this.name = 'LockStoreError';
  }
}

/** The lock's name in a store: the run's lock key, restricted to characters every store accepts. */
/** Where a DynamoDB lock store is, in words (LockStore.where). */
export function dynamoWhere(o: { table: string; region: string }): string {
  return `DynamoDB table ${o.table} (${o.region})`;
}

/** Where an S3 lock store is, in words (LockStore.where). */
export function s3Where(o: { bucket: string; region: string; prefix: string }): string {
  return `S3 bucket ${o.bucket} (${o.region}), prefix ${o.prefix}`;
}

export function storeKey(key: string): string {
  return key.replace(/[^A-Za-z0-9._-]/g, '_');
}
