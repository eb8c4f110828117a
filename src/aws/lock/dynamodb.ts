/**
 * The shared run lock in a DynamoDB table (as Terraform's S3 backend locks its state): one item per
 * lock, written with a conditional PutItem, so of two runs racing for it exactly one wins. The item
 * holds who/where/when and a lease (ExpiresAtEpoch, seconds) that its run renews while it works; an
 * item whose lease expired (a crashed laptop) may be taken over.
 *
 * The table (created once, by whoever owns the DR tooling):
 *   aws dynamodb create-table --table-name resil-locks \
 *     --attribute-definitions AttributeName=LockID,AttributeType=S \
 *     --key-schema AttributeName=LockID,KeyType=HASH --billing-mode PAY_PER_REQUEST
 * Optionally enable TTL on ExpiresAtEpoch so expired items are cleaned up.
 */
import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { connectionCredentials } from '../assume.js';
import { retryConfig } from '../retry.js';
import {
  dynamoWhere,
  LockStoreError,
  storeKey,
  type AcquireResult,
  type LockHolder,
  type LockStore,
} from './types.js';

export interface DynamoLockOptions {
  table: string;
  region: string;
  endpointUrl?: string;
  profile?: string;
  /** --role-arn / --external-id of the run: the store is reached with the role's credentials. */
  roleArn?: string;
  externalId?: string;
  roleSessionName?: string;
  maxAttempts?: number;
}

type Item = Record<string, AttributeValue>;

const s = (v: string): AttributeValue => ({ S: v });
const n = (v: number): AttributeValue => ({ N: String(v) });

function toItem(key: string, h: LockHolder): Item {
  return {
    LockID: s(`resil:${storeKey(key)}`),
    LockKey: s(key),
    RunId: s(h.runId),
    Who: s(h.who),
    Host: s(h.host),
    Pid: n(h.pid),
    Command: s(h.command),
    AcquiredAt: s(h.acquiredAt),
    ExpiresAt: s(h.expiresAt),
    ExpiresAtEpoch: n(Math.floor(Date.parse(h.expiresAt) / 1000)),
  };
}

function fromItem(item: Item): { key: string; holder: LockHolder } {
  const str = (k: string) => item[k]?.S ?? '';
  return {
    key: str('LockKey'),
    holder: {
      runId: str('RunId'),
      who: str('Who'),
      host: str('Host'),
      pid: Number(item['Pid']?.N ?? 0),
      command: str('Command'),
      acquiredAt: str('AcquiredAt'),
      expiresAt: str('ExpiresAt'),
    },
  };
}

const codeOf = (err: unknown) => (err as { name?: string }).name ?? 'Error';

export class DynamoLockStore implements LockStore {
  readonly where: string;
  private readonly client: DynamoDBClient;

  constructor(private readonly o: DynamoLockOptions) {
    this.where = dynamoWhere(o);
    // Every call is idempotent for its run (a retake by the same run is allowed): SDK retries are safe.
    this.client = new DynamoDBClient({
      region: o.region,
      ...retryConfig(o.maxAttempts ?? 5),
      ...(o.endpointUrl ? { endpoint: o.endpointUrl } : {}),
      ...credentials(o),
    });
  }

  private fail(err: unknown): never {
    const code = codeOf(err);
    const hint =
      code === 'ResourceNotFoundException'
        ? `Create it: aws dynamodb create-table --region ${this.o.region} --table-name ${this.o.table} ` +
          '--attribute-definitions AttributeName=LockID,AttributeType=S ' +
          '--key-schema AttributeName=LockID,KeyType=HASH --billing-mode PAY_PER_REQUEST'
        : /AccessDenied|UnrecognizedClient|InvalidSignature|ExpiredToken/.test(code)
          ? `Grant dynamodb:PutItem, GetItem, UpdateItem, DeleteItem and Scan on ${this.o.table}.`
          : undefined;
    throw new LockStoreError(this.where, code, (err as Error).message, hint);
  }

  private lockId(key: string): Item {
    return { LockID: s(`resil:${storeKey(key)}`) };
  }

  async acquire(key: string, holder: LockHolder, now: Date): Promise<AcquireResult> {
    // A lock released between the refused write and the read of its holder: try again (bounded).
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.o.table,
            Item: toItem(key, holder),
            ConditionExpression: 'attribute_not_exists(LockID) OR ExpiresAtEpoch < :now OR RunId = :run',
            ExpressionAttributeValues: {
              ':now': n(Math.floor(now.getTime() / 1000)),
              ':run': s(holder.runId),
            },
          }),
        );
        return { acquired: true };
      } catch (err) {
        if (codeOf(err) !== 'ConditionalCheckFailedException') this.fail(err);
      }
      let item: Item | undefined;
      try {
        const res = await this.client.send(
          new GetItemCommand({ TableName: this.o.table, Key: this.lockId(key), ConsistentRead: true }),
        );
        item = res.Item;
      } catch (err) {
        this.fail(err);
      }
      if (item) return { acquired: false, holder: fromItem(item).holder };
    }
    throw new LockStoreError(
      this.where,
      'Contention',
      `the lock on ${key} changed hands three times while it was read`,
    );
  }

  async renew(key: string, runId: string, expiresAt: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.o.table,
          Key: this.lockId(key),
          UpdateExpression: 'SET ExpiresAt = :at, ExpiresAtEpoch = :epoch',
          ConditionExpression: 'RunId = :run',
          ExpressionAttributeValues: {
            ':at': s(expiresAt),
            ':epoch': n(Math.floor(Date.parse(expiresAt) / 1000)),
            ':run': s(runId),
          },
        }),
      );
      return true;
    } catch (err) {
      if (codeOf(err) === 'ConditionalCheckFailedException') return false;
      this.fail(err);
    }
  }

  async release(key: string, runId: string): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.o.table,
          Key: this.lockId(key),
          ConditionExpression: 'RunId = :run',
          ExpressionAttributeValues: { ':run': s(runId) },
        }),
      );
      return true;
    } catch (err) {
      if (codeOf(err) === 'ConditionalCheckFailedException') return false;
      this.fail(err);
    }
  }

  async heldBy(runId: string): Promise<Array<{ key: string; holder: LockHolder }>> {
    const out: Array<{ key: string; holder: LockHolder }> = [];
    let start: Item | undefined;
    try {
      do {
        const res = await this.client.send(
          new ScanCommand({
            TableName: this.o.table,
            FilterExpression: 'RunId = :run',
            ExpressionAttributeValues: { ':run': s(runId) },
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of res.Items ?? []) out.push(fromItem(item));
        start = res.LastEvaluatedKey;
      } while (start);
    } catch (err) {
      this.fail(err);
    }
    return out;
  }

  destroy(): void {
    this.client.destroy();
  }
}

function credentials(o: DynamoLockOptions): { credentials?: ReturnType<typeof connectionCredentials> } {
  const c = connectionCredentials(o, {
    region: o.region,
    ...(o.endpointUrl ? { endpoint: o.endpointUrl } : {}),
  });
  return c ? { credentials: c } : {};
}
