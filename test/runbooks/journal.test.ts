import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Journal,
  acquireLock,
  listRuns,
  readJournal,
  redact,
  resolveRun,
} from '../../src/runbooks/journal.js';
import { backoffDelay, formatDuration, waitUntil } from '../../src/runbooks/poll.js';
import { tmpHome, virtualClock } from './support.js';

test('journal: mode 0600, one JSON object per line, torn last line ignored, credentials redacted', () => {
  const home = tmpHome();
  const path = join(home, 'runs', 'r1.jsonl');
  const j = Journal.create(path, 'r1');
  j.append('run', {
    runId: 'r1',
    kind: 'failover',
    params: { to: 'us-west-2' },
    connection: { profile: 'ops', secretAccessKey: 'AKIA-SECRET' },
  });
  j.append('step-start', { step: 'agd-switchover' });
  j.close();
  assert.equal(statSync(path).mode & 0o777, 0o600);
  appendFileSync(path, '{"type":"step-e');
  const recs = readJournal(path);
  assert.deepEqual(
    recs.map((r) => r.type),
    ['run', 'step-start'],
  );
  assert.deepEqual(
    recs.map((r) => r.seq),
    [0, 1],
  );
  assert.doesNotMatch(readFileSync(path, 'utf8'), /AKIA-SECRET/);
  assert.deepEqual(redact({ a: { sessionToken: 'x', b: [{ password: 'p' }] } }), {
    a: { sessionToken: '[redacted]', b: [{ password: '[redacted]' }] },
  });
  const again = Journal.reopen(path);
  again.append('resume', {});
  again.close();
  assert.equal(readJournal(path).at(-1)!.type, 'resume');
});

test('runs: listed newest first; an unknown id names the recent ones', () => {
  const home = tmpHome();
  const env = { RESIL_HOME: home };
  for (const id of ['20261126T100000Z-failover-aaaa', '20261126T110000Z-cutover-bbbb']) {
    const j = Journal.create(join(home, 'runs', `${id}.jsonl`), id);
    j.append('run', { runId: id, kind: id.split('-')[1], params: { to: 'us-west-2', globalCluster: 'g' } });
    if (id.includes('aaaa')) j.append('end', { status: 'completed', exitCode: 0, rtoSeconds: 42 });
    j.close();
  }
  const runs = listRuns(env);
  assert.equal(runs.length, 2);
  const done = runs.find((r) => r.runId.endsWith('aaaa'))!;
  assert.equal(done.status, 'completed');
  assert.equal(done.rtoSeconds, 42);
  assert.equal(runs.find((r) => r.runId.endsWith('bbbb'))!.status, 'incomplete (killed or running)');
  assert.throws(
    () => resolveRun('nope', env),
    (e: Error & { suggestions: string[] }) =>
      /Unknown run nope/.test(e.message) && /aaaa/.test(e.suggestions.join()),
  );
});

test('lock: a live holder is refused (exit 4); a stale lock (dead pid) is taken over', () => {
  const home = tmpHome();
  const env = { RESIL_HOME: home };
  const lock = acquireLock('agd-shop-global', 'run-1', env);
  // Same process holding it: pretend another live process (pid 1 is always alive) holds it.
  writeFileSync(lock.path, JSON.stringify({ pid: 1, runId: 'run-1' }));
  assert.throws(
    () => acquireLock('agd-shop-global', 'run-2', env),
    (e: Error & { exitCode: number }) =>
      e.exitCode === 4 && /Another resil run \(run-1, pid 1\)/.test(e.message),
  );
  writeFileSync(lock.path, JSON.stringify({ pid: 999_999_999, runId: 'run-1' }));
  const notes: string[] = [];
  const l2 = acquireLock('agd-shop-global', 'run-2', env, (m) => notes.push(m));
  assert.match(notes[0]!, /stale lock .* run run-1/);
  l2.release();
  assert.equal(existsSync(l2.path), false);
});

test('poll: exponential backoff with jitter, capped; timeout and interruption', async () => {
  const t = { baseMs: 2000, capMs: 10_000 };
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((n) => backoffDelay(n, t, () => 0.5)),
    [2000, 4000, 8000, 10_000, 10_000],
  );
  assert.equal(
    backoffDelay(0, t, () => 0),
    1500,
  );
  assert.equal(
    backoffDelay(0, t, () => 1),
    2500,
  );
  const clock = virtualClock(0);
  const seen: string[] = [];
  const r = await waitUntil(async () => ({ ok: false, observed: `t=${clock.now()}` }), {
    timeoutMs: 30_000,
    timing: t,
    clock,
    random: () => 0.5,
    onObserve: (o) => seen.push(o),
  });
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.reason, 'timeout');
  assert.deepEqual(seen.slice(0, 4), ['t=0', 't=2000', 't=6000', 't=14000']);
  const ctl = new AbortController();
  let n = 0;
  const r2 = await waitUntil(
    async () => {
      if (++n === 2) ctl.abort();
      return { ok: false, observed: 'pending' };
    },
    { timeoutMs: 60_000, timing: t, clock, signal: ctl.signal },
  );
  assert.equal(!r2.ok && r2.reason, 'interrupted');
  assert.equal(n, 2);
  assert.equal(formatDuration(95_000), '1m35s');
});
