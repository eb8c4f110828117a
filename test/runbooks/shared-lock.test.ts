/**
 * Issue 9 item 3: the shared lock (runbooks.lock), through the engine with an in-memory store: taken
 * before the first mutation, released at the end, never for a dry run; a lock held by another run
 * names its holder and stops the run with exit 4 before any change; the same run retakes its own lock
 * on resume; an expired lease is taken over; a lock lost while the run works stops it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunEvent } from '../../src/runbooks/io.js';
import { readJournal } from '../../src/runbooks/journal.js';
import type { Clock } from '../../src/runbooks/poll.js';
import { defaultState } from './fake-gateway.js';
import { FakeLockStore, otherHolder } from './fake-lock.js';
import { failover, harness, RecorderHost, resume } from './support.js';

const LEASE = 300_000;
const KEY = 'agd-shop-global';

test('taken just before the first mutation, released at the end (journaled both)', async () => {
  const store = new FakeLockStore();
  const h = harness(defaultState());
  const { outcome, io } = await failover(h, { waitTtl: false }, { sharedLock: { store, leaseMs: LEASE } });
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.deepEqual(
    store.calls.filter((c) => !c.startsWith('renew')),
    [`acquire ${KEY} ${outcome.runId}`, `release ${KEY} ${outcome.runId}`],
  );
  assert.equal(store.locks.size, 0);
  const types = readJournal(outcome.journalPath).map((r) =>
    r.type === 'lock' ? `lock:${String(r['action'])}` : r.type,
  );
  assert.ok(types.indexOf('lock:acquired') < types.indexOf('confirmed'), 'before the first confirmation');
  assert.ok(types.indexOf('lock:acquired') < types.indexOf('mutation-start'), 'before the first mutation');
  assert.equal(types.at(-1), 'lock:released');
  assert.ok(
    (io.events as RunEvent[]).some(
      (e) => e.type === 'note' && /Took the shared lock on agd-shop-global \(fake lock table\)/.test(e.text),
    ),
  );
});

test('held by another run: exit 4 before any change, naming who holds it, where and since when', async () => {
  const store = new FakeLockStore();
  store.locks.set(KEY, otherHolder());
  const h = harness(defaultState());
  const { outcome } = await failover(h, { waitTtl: false }, { sharedLock: { store, leaseMs: LEASE } });
  assert.equal(outcome.exitCode, 4, outcome.message);
  assert.equal(h.mutations().length, 0);
  assert.match(
    outcome.message,
    /Another run holds the shared lock on agd-shop-global \(fake lock table\): run 20261126T170000Z-failover-beef by bob@laptop-bob \(pid 4242\): switchover of shop-global to us-west-2, since /,
  );
  assert.match(outcome.message, /resil failover --force-unlock 20261126T170000Z-failover-beef/);
  assert.equal(store.locks.get(KEY)!.runId, otherHolder().runId, 'the holder keeps it');
  const held = readJournal(outcome.journalPath).find((r) => r.type === 'lock');
  assert.equal(held?.['action'], 'held');
});

test('a dry run never takes the lock (and is not refused by one)', async () => {
  const store = new FakeLockStore();
  store.locks.set(KEY, otherHolder());
  const h = harness(defaultState());
  const { outcome } = await failover(
    h,
    { waitTtl: false },
    { dryRun: true, sharedLock: { store, leaseMs: LEASE } },
  );
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.deepEqual(store.calls, []);
});

test('an expired lease is taken over', async () => {
  const store = new FakeLockStore();
  store.locks.set(KEY, otherHolder({ expiresAt: new Date(Date.now() - 1000).toISOString() }));
  const h = harness(defaultState());
  const { outcome } = await failover(h, { waitTtl: false }, { sharedLock: { store, leaseMs: LEASE } });
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.equal(store.locks.size, 0);
});

test('a resume retakes its own lock; held by another run after a change, the resume stops with exit 5', async () => {
  const store = new FakeLockStore();
  const h = harness(defaultState());
  const ctl = new AbortController();
  const io = new (class extends RecorderHost {
    override emit(e: RunEvent): void {
      super.emit(e);
      if (e.type === 'step-wait' && e.step.mutating) ctl.abort();
    }
  })(false);
  const first = await failover(
    h,
    { waitTtl: false },
    // The switchover stays in progress across the attempts (many reads per phase): the resume has work left.
    { io, signal: ctl.signal, fake: { polls: 50 }, sharedLock: { store, leaseMs: LEASE } },
  );
  assert.equal(first.outcome.exitCode, 5, first.outcome.message);
  assert.equal(store.locks.size, 0, 'released at the stop');
  // Someone else's run took it meanwhile: the resume is refused, and says it is after a change.
  store.locks.set(KEY, otherHolder());
  const refused = await resume(h, first.outcome.runId, {
    fake: { polls: 50 },
    sharedLock: { store, leaseMs: LEASE },
  });
  assert.equal(refused.outcome.exitCode, 5, refused.outcome.message);
  assert.match(refused.outcome.message, /Another run holds the shared lock/);
  store.locks.clear();
  // Its own lock left behind (a kill -9 of the first attempt) is retaken by the resume.
  store.locks.set(KEY, otherHolder({ runId: first.outcome.runId }));
  const again = await resume(h, first.outcome.runId, {
    fake: { polls: 50 },
    sharedLock: { store, leaseMs: LEASE },
  });
  assert.equal(again.outcome.exitCode, 0, again.outcome.message);
  assert.equal(store.locks.size, 0);
  assert.equal(h.mutations().filter((m) => m.operation === 'SwitchoverGlobalCluster').length, 1);
});

test('a lock lost while the run works (taken over after its lease) stops the run at the next safe point', async () => {
  const store = new FakeLockStore();
  store.loseOnRenew = true;
  const h = harness(defaultState());
  // Each poll takes a little real time, so the heartbeat (every lease/3, at least 1 s) gets to run.
  let t = Date.now();
  const clock: Clock = {
    now: () => t,
    sleep: async (ms, signal) => {
      if (signal?.aborted) return;
      await new Promise((r) => setTimeout(r, 20));
      t += ms;
    },
  };
  const { outcome, io } = await failover(
    h,
    { waitTtl: false },
    { clock, fake: { polls: 1000 }, sharedLock: { store, leaseMs: 3_000 } },
  );
  assert.equal(outcome.exitCode, 5, outcome.message);
  assert.match(outcome.message, /Interrupted while waiting/);
  assert.ok(
    (io.events as RunEvent[]).some(
      (e) => e.type === 'note' && /no longer held by this run: another run took it over/.test(e.text),
    ),
  );
  assert.ok(readJournal(outcome.journalPath).some((r) => r.type === 'lock' && r['action'] === 'lost'));
});

test('the store named in .resil.yml says where it is before its client is loaded, as the loaded store does', async () => {
  const { makeLockStore } = await import('../../src/aws/lock/index.js');
  const { DynamoLockStore } = await import('../../src/aws/lock/dynamodb.js');
  const { S3LockStore } = await import('../../src/aws/lock/s3.js');
  const dynamodb = { table: 'resil-locks', region: 'us-east-1' };
  const s3 = { bucket: 'ops-locks', region: 'eu-west-1', prefix: 'resil/' };
  const lazyDynamo = makeLockStore({ dynamodb }, {});
  const lazyS3 = makeLockStore({ s3 }, {});
  const loadedDynamo = new DynamoLockStore(dynamodb);
  const loadedS3 = new S3LockStore(s3);
  assert.equal(lazyDynamo.where, loadedDynamo.where);
  assert.equal(lazyS3.where, loadedS3.where);
  for (const s of [lazyDynamo, lazyS3, loadedDynamo, loadedS3]) s.destroy();
});
