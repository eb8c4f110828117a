/**
 * Resume safety: a resume that cannot rebuild its plan, flags that contradict the journaled run,
 * a run that already completed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../src/aws/gateway/types.js';
import type { RunEvent } from '../../src/runbooks/io.js';
import { defaultState } from './fake-gateway.js';
import { failover, harness, RecorderHost, resume, virtualClock } from './support.js';
import { readJournal } from '../../src/runbooks/journal.js';
import { refuseResumeConflicts } from '../../src/runbooks/cli-support.js';

const dns = { zone: 'example.com', record: 'api.example.com' };
const err = (op: string, code: string, msg = code) => new GatewayError(op, 'us-west-2', code, msg);

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

test('resume after a change: a read failure while rebuilding the plan is exit 5 with the resume command, not "stopped before any change"', async () => {
  const h = harness(defaultState());
  const ctl = new AbortController();
  const first = await failover(
    h,
    { dns },
    { yes: true, io: new AbortingHost('dns-insync', ctl), signal: ctl.signal },
  );
  assert.equal(first.outcome.exitCode, 5);
  await assert.rejects(
    resume(h, first.outcome.runId, {
      yes: true,
      fake: {
        fault: (op, n) => (n === 1 ? { error: err(op, 'ThrottlingException', 'Rate exceeded') } : undefined),
      },
    }),
    (e: Error & { exitCode?: number; suggestions?: string[] }) => {
      assert.equal(e.exitCode, 5, e.message);
      assert.match(e.message, /already changed AWS/);
      assert.match(e.message, /ThrottlingException/);
      assert.match(e.message, /step dns-insync/);
      assert.match(e.message, /Live state: could not be read/);
      assert.match(
        [e.message, ...(e.suggestions ?? [])].join('\n'),
        new RegExp(`resil failover --resume ${first.outcome.runId}`),
      );
      return true;
    },
  );
  assert.deepEqual(
    h.mutations().map((c) => c.operation),
    ['SwitchoverGlobalCluster', 'ChangeResourceRecordSets'],
  );
});

test('resume after a change without a terminal and without --yes: refused, but exit 5 with the live state (not exit 2 "nothing was changed")', async () => {
  const h = harness(defaultState());
  const first = await failover(h, { dns }, { yes: false, io: new RecorderHost(true, [true, false]) });
  assert.equal(first.outcome.exitCode, 5);
  const r = await resume(h, first.outcome.runId, { yes: false, io: new RecorderHost(false) });
  assert.equal(r.outcome.exitCode, 5, r.outcome.message);
  assert.equal(r.outcome.status, 'stopped-after-change');
  assert.match(r.outcome.message, /pass --yes/);
  assert.match(r.outcome.liveState ?? '', /writer us-west-2/);
  assert.equal(r.outcome.resumeCommand, `resil failover --resume ${first.outcome.runId}`);
  assert.deepEqual(
    h.mutations().map((c) => c.operation),
    ['SwitchoverGlobalCluster'],
  );
});

test('resume with a --to (or cluster, mode, record) other than the journaled run: usage error naming both, never silently ignored', () => {
  const journaled = {
    to: 'us-west-2',
    'global-cluster': 'shop-global',
    mode: 'switchover',
    zone: 'example.com',
    record: 'api.example.com',
  };
  assert.throws(
    () => refuseResumeConflicts('R1', 'failover', journaled, { to: 'eu-west-1' }),
    (e: Error & { exitCode?: number; suggestions?: string[] }) => {
      assert.equal(e.exitCode, 2);
      assert.match(e.message, /--to eu-west-1 does not match run R1 \(--to us-west-2\)/);
      assert.match(e.suggestions!.join(' '), /resil failover --resume R1/);
      return true;
    },
  );
  assert.throws(
    () => refuseResumeConflicts('R1', 'failover', journaled, { 'global-cluster': 'other', mode: 'failover' }),
    /--global-cluster other does not match run R1 \(--global-cluster shop-global\); --mode failover does not match run R1 \(--mode switchover\)/,
  );
  // The same values (or none) are fine; names compare without case or the trailing dot.
  refuseResumeConflicts('R1', 'failover', journaled, {
    to: 'us-west-2',
    record: 'API.example.com.',
    zone: undefined,
  });
  refuseResumeConflicts('R1', 'cutover', { to: 'us-west-2' }, {});
});

test('resume of a run that already completed: nothing sent again, exit 0, and the measured RTO is kept (not re-measured up to the resume)', async () => {
  const h = harness(defaultState());
  const first = await failover(h, { dns }, { yes: true });
  assert.equal(first.outcome.exitCode, 0, first.outcome.message);
  assert.equal(typeof first.outcome.rtoSeconds, 'number');
  const later = virtualClock(Date.now() + 3 * 3600_000);
  const r = await resume(h, first.outcome.runId, { yes: false, io: new RecorderHost(false), clock: later });
  assert.equal(r.outcome.exitCode, 0, r.outcome.message);
  assert.equal(r.outcome.rtoSeconds, first.outcome.rtoSeconds);
  assert.deepEqual(
    h.mutations().map((c) => c.operation),
    ['SwitchoverGlobalCluster', 'ChangeResourceRecordSets'],
  );
  const rtos = readJournal(first.outcome.journalPath).filter((x) => x.type === 'rto');
  assert.equal(rtos.length, 1, 'one rto line: the resume does not measure another');
});
