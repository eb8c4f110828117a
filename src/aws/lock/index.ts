/** The lock store runbooks.lock in .resil.yml names: a DynamoDB table or an S3 prefix. */
import { DynamoLockStore } from './dynamodb.js';
import { S3LockStore } from './s3.js';
import type { LockStore } from './types.js';

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
  if (c.dynamodb) return new DynamoLockStore({ ...c.dynamodb, ...common });
  if (c.s3) return new S3LockStore({ ...c.s3, ...common });
  throw new Error('runbooks.lock names neither dynamodb nor s3');
}

export type { AcquireResult, LockHolder, LockStore } from './types.js';
export { LockStoreError } from './types.js';
