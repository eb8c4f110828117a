/**
 * Issue 9 item 3: the shared run lock against the emulator (moto implements DynamoDB conditional
 * writes and S3 If-None-Match / If-Match): the stores' semantics, then the built CLI — a lock held by
 * another machine's run stops a failover with exit 4 naming its holder, --force-unlock removes it
 * after confirmation, a run takes and releases its own lock, a missing table is exit 4 with the
 * command that creates it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoLockStore } from '../../src/aws/lock/dynamodb.js';
import { S3LockStore } from '../../src/aws/lock/s3.js';
import type { LockHolder, LockStore } from '../../src/aws/lock/types.js';
import { REPO_ROOT, startEmulator, type Emulator } from '../emulator/index.js';
import { RB, seedRunbooks } from '../runbooks/emulator-seed.js';
import { emulatorCli } from '../support/emulator-cli.js';

const LOCK_REGION = 'eu-central-1';
const TABLE = 'resil-locks';
const BUCKET = 'ops-resil';
const creds = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const MUTATING = new Set(['SwitchoverGlobalCluster', 'ChangeResourceRecordSets']);

let emu: Emulator;
let home: string;

// The stores used in this process (to play the other machine) read credentials from the environment.
process.env['AWS_ACCESS_KEY_ID'] ??= 'testing';
process.env['AWS_SECRET_ACCESS_KEY'] ??= 'testing';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<RunResult> {
  return emulatorCli(args, {
    dir: home,
    env: {
      RESIL_HOME: join(home, '.resil'),
      RESIL_POLL_BASE_MS: '50',
      RESIL_POLL_CAP_MS: '200',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      RESIL_OPERATOR: 'alice',
      CI: undefined,
    },
  });
}

function holder(runId: string, o: Partial<LockHolder> = {}): LockHolder {
  return {
    runId,
    who: 'bob@laptop-bob',
    host: 'laptop-bob',
    pid: 4242,
    command: 'switchover of shop-global to us-west-2',
    acquiredAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 300_000).toISOString(),
    ...o,
  };
}

async function createTable(): Promise<void> {
  const ddb = new DynamoDBClient({
    region: LOCK_REGION,
    endpoint: emu.url,
    credentials: creds,
    maxAttempts: 1,
  });
  await ddb.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: 'LockID', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'LockID', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  ddb.destroy();
}

async function createBucket(): Promise<void> {
  const s3 = new S3Client({
    region: LOCK_REGION,
    endpoint: emu.url,
    credentials: creds,
    forcePathStyle: true,
    maxAttempts: 1,
  });
  await s3.send(
    new CreateBucketCommand({
      Bucket: BUCKET,
      CreateBucketConfiguration: { LocationConstraint: LOCK_REGION },
    }),
  );
  s3.destroy();
}

async function tableItems(): Promise<number> {
  const ddb = new DynamoDBClient({
    region: LOCK_REGION,
    endpoint: emu.url,
    credentials: creds,
    maxAttempts: 1,
  });
  const res = await ddb.send(new ScanCommand({ TableName: TABLE }));
  ddb.destroy();
  return res.Items?.length ?? 0;
}

async function bucketObjects(): Promise<number> {
  const s3 = new S3Client({
    region: LOCK_REGION,
    endpoint: emu.url,
    credentials: creds,
    forcePathStyle: true,
  });
  const res = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  s3.destroy();
  return res.KeyCount ?? 0;
}

before(async () => {
  assert.ok(existsSync(join(REPO_ROOT, 'dist', 'commands', 'failover.js')), 'run `npm run build` first');
  emu = await startEmulator();
});
after(async () => {
  await emu?.stop();
});

const stores: Array<[string, () => Promise<LockStore>]> = [
  [
    'DynamoDB (conditional PutItem)',
    async () => {
      await createTable();
      return new DynamoLockStore({ table: TABLE, region: LOCK_REGION, endpointUrl: emu.url, maxAttempts: 1 });
    },
  ],
  [
    'S3 (If-None-Match / If-Match)',
    async () => {
      await createBucket();
      return new S3LockStore({
        bucket: BUCKET,
        prefix: 'resil/locks/',
        region: LOCK_REGION,
        endpointUrl: emu.url,
        maxAttempts: 1,
      });
    },
  ],
];

for (const [name, make] of stores) {
  describe(`lock store: ${name}`, () => {
    let store: LockStore;
    beforeEach(async () => {
      await emu.reset();
      store = await make();
    });

    test('one winner; the holder is named; the same run retakes; renew; release; an expired lease is taken over', async () => {
      const now = new Date();
      const a = holder('run-a');
      const b = holder('run-b', { who: 'carol@laptop-carol' });
      // Two runs race for the lock: exactly one wins.
      const race = await Promise.all([store.acquire('agd-g', a, now), store.acquire('agd-g', b, now)]);
      assert.equal(race.filter((r) => r.acquired).length, 1, JSON.stringify(race));
      const winner = race[0]!.acquired ? a : b;
      const loser = winner === a ? b : a;
      const refused = race.find((r) => !r.acquired)!;
      assert.ok(!refused.acquired);
      assert.deepEqual(refused.holder, winner, 'who, where and since when, as written');
      assert.deepEqual(
        await store.acquire('agd-g', { ...winner, pid: 7 }, now),
        { acquired: true },
        'a resume retakes',
      );
      assert.equal(
        await store.renew('agd-g', winner.runId, new Date(Date.now() + 600_000).toISOString()),
        true,
      );
      assert.equal(await store.renew('agd-g', loser.runId, new Date().toISOString()), false);
      assert.deepEqual(
        (await store.heldBy(winner.runId)).map((l) => [l.key, l.holder.runId]),
        [['agd-g', winner.runId]],
      );
      assert.equal(await store.release('agd-g', loser.runId), false, 'only its holder releases it');
      assert.equal(await store.release('agd-g', winner.runId), true);
      assert.deepEqual(await store.acquire('agd-g', loser, now), { acquired: true });
      // Its lease expires: another run takes it over; the old holder can no longer renew it.
      await store.renew('agd-g', loser.runId, new Date(Date.now() - 5_000).toISOString());
      const c = holder('run-c');
      assert.deepEqual(await store.acquire('agd-g', c, new Date()), { acquired: true });
      assert.equal(
        await store.renew('agd-g', loser.runId, new Date(Date.now() + 60_000).toISOString()),
        false,
      );
      assert.equal(await store.release('agd-g', c.runId), true);
      store.destroy();
    });
  });
}

describe('the CLI with runbooks.lock', () => {
  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'resil-lock-it-'));
    await emu.reset();
    await seedRunbooks(emu.url);
    await emu.clearRequests();
  });

  const mutations = async () =>
    (await emu.requests())
      .filter((r) => MUTATING.has(r.operation))
      .map((r) => r.operation)
      .sort();
  const failover = (config: string, extra: string[] = []) =>
    cli([
      'failover',
      '--to',
      RB.standby.region,
      '--zone',
      'example.com',
      '--record',
      'api.example.com',
      '--no-wait-ttl',
      '--endpoint-url',
      emu.url,
      '--max-attempts',
      '1',
      '--config',
      config,
      '--yes',
      ...extra,
    ]);

  test('DynamoDB: held by a run on another machine → exit 4 naming it; --force-unlock removes it; then the run takes and releases its own', async () => {
    await createTable();
    const config = join(home, 'resil.yml');
    writeFileSync(config, `runbooks:\n  lock:\n    dynamodb: { table: ${TABLE}, region: ${LOCK_REGION} }\n`);
    const other = new DynamoLockStore({
      table: TABLE,
      region: LOCK_REGION,
      endpointUrl: emu.url,
      maxAttempts: 1,
    });
    const bob = holder('20261126T170000Z-failover-beef');
    assert.deepEqual(await other.acquire('agd-shop-global', bob, new Date()), { acquired: true });

    const refused = await failover(config);
    assert.equal(refused.code, 4, refused.stderr);
    assert.match(
      refused.stderr,
      /Another run holds the shared lock on agd-shop-global \(DynamoDB table resil-locks \(eu-central-1\)\): run 20261126T170000Z-failover-beef by bob@laptop-bob \(pid 4242\)/,
    );
    assert.match(refused.stderr, /resil failover --force-unlock 20261126T170000Z-failover-beef/);
    assert.deepEqual(await mutations(), [], 'nothing was changed');

    const noTty = await cli([
      'failover',
      '--force-unlock',
      bob.runId,
      '--endpoint-url',
      emu.url,
      '--config',
      config,
    ]);
    assert.equal(noTty.code, 2, noTty.stderr);
    assert.match(noTty.stderr, /cannot ask you to type the run id/);
    const unknown = await cli([
      'failover',
      '--force-unlock',
      'no-such-run',
      '--yes',
      '--endpoint-url',
      emu.url,
      '--config',
      config,
    ]);
    assert.equal(unknown.code, 2, unknown.stderr);
    const unlocked = await cli([
      'failover',
      '--force-unlock',
      bob.runId,
      '--yes',
      '--endpoint-url',
      emu.url,
      '--config',
      config,
    ]);
    assert.equal(unlocked.code, 0, unlocked.stderr);
    assert.match(
      unlocked.stderr,
      /Lock on agd-shop-global: run 20261126T170000Z-failover-beef by bob@laptop-bob/,
    );
    assert.match(unlocked.stderr, /Removed the shared lock on agd-shop-global/);
    assert.equal(await tableItems(), 0);

    const run = await failover(config);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /Took the shared lock on agd-shop-global \(DynamoDB table resil-locks \(eu-central-1\)\)/,
    );
    assert.equal(await tableItems(), 0, 'released at the end');
    assert.deepEqual(await mutations(), ['ChangeResourceRecordSets', 'SwitchoverGlobalCluster']);
    other.destroy();
  });

  test('S3: a run takes and releases its lock object; a held object refuses another run', async () => {
    await createBucket();
    const config = join(home, 'resil.yml');
    writeFileSync(config, `runbooks:\n  lock:\n    s3: { bucket: ${BUCKET}, region: ${LOCK_REGION} }\n`);
    const other = new S3LockStore({
      bucket: BUCKET,
      prefix: 'resil/locks/',
      region: LOCK_REGION,
      endpointUrl: emu.url,
      maxAttempts: 1,
    });
    const bob = holder('20261126T170000Z-failover-beef');
    await other.acquire('agd-shop-global', bob, new Date());
    const refused = await failover(config);
    assert.equal(refused.code, 4, refused.stderr);
    assert.match(refused.stderr, /holds the shared lock on agd-shop-global \(S3 bucket ops-resil/);
    assert.deepEqual(await mutations(), []);
    await other.release('agd-shop-global', bob.runId);
    const run = await failover(config);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await bucketObjects(), 0, 'released at the end');
    other.destroy();
  });

  test('a missing lock table: exit 4 before any change, with the command that creates it', async () => {
    const config = join(home, 'resil.yml');
    writeFileSync(
      config,
      `runbooks:\n  lock:\n    dynamodb: { table: missing-table, region: ${LOCK_REGION} }\n`,
    );
    const r = await failover(config);
    assert.equal(r.code, 4, r.stderr);
    assert.match(
      r.stderr,
      /Could not take the shared lock on agd-shop-global \(DynamoDB table missing-table/,
    );
    assert.match(r.stderr, /aws dynamodb create-table --region eu-central-1 --table-name missing-table/);
    assert.deepEqual(await mutations(), []);
  });

  test('runbooks.lock with both stores, or neither, is exit 2 naming the key', async () => {
    const config = join(home, 'resil.yml');
    writeFileSync(
      config,
      `runbooks:\n  lock:\n    dynamodb: { table: t, region: ${LOCK_REGION} }\n    s3: { bucket: b, region: ${LOCK_REGION} }\n`,
    );
    const r = await failover(config, ['--dry-run']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /runbooks\.lock.*exactly one of dynamodb or s3/);
  });
});

after(() => {
  if (home) rmSync(home, { recursive: true, force: true });
});
