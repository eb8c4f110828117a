/**
 * Interruption and resume: a simulated kill -9 at every AWS call (before it takes effect, and
 * after it took effect but before its answer was journaled), and Ctrl-C during each wait; then
 * `--resume` must reach the correct final state with each mutating call made exactly once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Journal, readJournal } from '../../src/runbooks/journal.js';
import { defaultState, Killed } from './fake-gateway.js';
import { failover, harness, RecorderHost, resume, type Harness } from './support.js';
import type { RunEvent } from '../../src/runbooks/io.js';

const dns = { zone: 'example.com', record: 'api.example.com' };

// A killed process writes nothing more: journal appends become no-ops once the fake is "dead".
const DEAD = { value: false };
const origAppend = Journal.prototype.append;
Journal.prototype.append = function (this: Journal, ...args: Parameters<Journal['append']>) {
  if (DEAD.value) return;
  return origAppend.apply(this, args);
};

function assertFinal(h: Harness): void {
  const g = h.state.global;
  assert.equal(g.failoverState, undefined);
  assert.equal(g.members.find((m) => m.region === 'us-west-2')!.isWriter, true);
  const recs = h.state.records['Z0EXAMPLE']!.filter((r) => r.name === 'api.example.com.');
  assert.deepEqual(
    recs.map((r) => [r.setIdentifier, r.weight]),
    [
      ['us-east-1', 0],
      ['us-west-2', 100],
    ],
  );
  const ops = h
    .mutations()
    .map((c) => c.operation)
    .sort();
  assert.deepEqual(
    ops,
    ['ChangeResourceRecordSets', 'SwitchoverGlobalCluster'],
    'each mutating call exactly once',
  );
}

function runIdIn(h: Harness): string | undefined {
  const dir = join(h.home, 'runs');
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  } catch {
    return undefined;
  }
  return files[0]?.replace(/\.jsonl$/, '');
}

test('kill -9 at every AWS call, then --resume: correct final state, each mutation exactly once', async () => {
  const probe = harness(defaultState());
  await failover(probe, { dns }, { yes: true });
  const total = probe.allCalls().length;
  assert.ok(total > 10, `expected many calls, got ${total}`);
  let resumed = 0;
  for (let n = 1; n <= total; n++) {
    for (const when of ['before', 'after'] as const) {
      const h = harness(defaultState());
      DEAD.value = false;
      try {
        await failover(
          h,
          { dns },
          { yes: true, fake: { killAt: { call: n, when }, onCall: () => undefined } },
        );
      } catch (err) {
        if (!(err instanceof Killed)) throw err;
      }
      DEAD.value = h.gateways.some((g) => g.dead);
      const wasKilled = DEAD.value;
      DEAD.value = false;
      assert.ok(wasKilled, `call ${n} ${when}: the kill did not happen`);
      const id = runIdIn(h);
      const journal = id ? readJournal(join(h.home, 'runs', `${id}.jsonl`)) : [];
      if (!id || !journal.some((r) => r.type === 'plan')) {
        assert.equal(
          h.mutations().length,
          0,
          `call ${n} ${when}: killed before the plan was journaled, yet something changed`,
        );
        continue;
      }
      const r = await resume(h, id, { yes: true });
      assert.equal(r.outcome.exitCode, 0, `call ${n} ${when}: ${r.outcome.message}`);
      assertFinal(h);
      resumed++;
    }
  }
  assert.ok(resumed > 10, `resumed ${resumed} of ${total * 2}`);
});

class AbortingHost extends RecorderHost {
  constructor(
    private readonly stepId: string,
    private readonly ctl: AbortController,
  ) {
    super(false);
  }
  override emit(e: RunEvent): void {
    super.emit(e);
    if (e.type === 'step-wait' && e.step.id === this.stepId) this.ctl.abort();
  }
}

for (const step of ['agd-switchover', 'dns-insync', 'dns-ttl']) {
  test(`Ctrl-C while waiting in ${step}: exit 5, nothing undone, resume command; --resume completes`, async () => {
    const h = harness(defaultState());
    const ctl = new AbortController();
    const io = new AbortingHost(step, ctl);
    const { outcome } = await failover(h, { dns }, { yes: true, io, signal: ctl.signal });
    assert.equal(outcome.exitCode, 5, outcome.message);
    assert.equal(outcome.stoppedAt, step);
    assert.match(outcome.message, /Interrupted while waiting.*Nothing was undone/);
    assert.equal(outcome.resumeCommand, `resil failover --resume ${outcome.runId}`);
    const j = readJournal(outcome.journalPath);
    assert.ok(j.some((r) => r.type === 'interrupted' && r['step'] === step));
    const r = await resume(h, outcome.runId, { yes: true });
    assert.equal(r.outcome.exitCode, 0, r.outcome.message);
    assertFinal(h);
    assert.equal(r.io.events.find((e) => e.type === 'plan' && e.resumed) !== undefined, true);
  });
}

test('a step timeout stops after the change with what to check (exit 5)', async () => {
  const h = harness(defaultState());
  const { outcome } = await failover(h, { agdTimeoutMs: 5_000 }, { yes: true, fake: { polls: 50 } });
  assert.equal(outcome.exitCode, 5);
  assert.match(
    outcome.message,
    /Timed out after .* waiting for "Switch over shop-global.*Check: `aws rds describe-global-clusters --region us-west-2/,
  );
  assert.match(outcome.liveState ?? '', /FailoverState (pending|switching-over)/);
  const r = await resume(h, outcome.runId, { yes: true });
  assert.equal(r.outcome.exitCode, 0, r.outcome.message);
  assert.deepEqual(
    h.mutations().map((c) => c.operation),
    ['SwitchoverGlobalCluster'],
  );
});
