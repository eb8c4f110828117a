/**
 * Adversarial safety cases: AWS errors on mutating calls and reads, operators changing things
 * under a run. Each test pins an exit code of the contract
 * (0/2/4/5) and what the operator is told.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../src/aws/gateway/types.js';
import { readJournal } from '../../src/runbooks/journal.js';
import { arnOf, defaultState } from './fake-gateway.js';
import { cutover, failover, harness, RecorderHost, resume, virtualClock } from './support.js';

const dns = { zone: 'example.com', record: 'api.example.com' };
const err = (op: string, code: string, msg = code) => new GatewayError(op, 'us-west-2', code, msg);

test('SwitchoverGlobalCluster answers InternalFailure although AWS accepted it: resil sees it in flight, waits for it, never re-sends (exit 0)', async () => {
  const h = harness(defaultState());
  const fault = (op: string) =>
    op === 'SwitchoverGlobalCluster'
      ? { error: err(op, 'InternalFailure', 'An internal error occurred'), when: 'after' as const }
      : undefined;
  const { outcome } = await failover(h, {}, { yes: true, fake: { fault } });
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.equal(h.mutations().filter((c) => c.operation === 'SwitchoverGlobalCluster').length, 1);
  assert.equal(h.state.global.members.find((m) => m.region === 'us-west-2')!.isWriter, true);
  assert.ok(
    outcome.warnings?.some(
      (w) => /InternalFailure/.test(w) && /took effect/.test(w) && /not sent again/.test(w),
    ),
    JSON.stringify(outcome.warnings),
  );
  const j = readJournal(outcome.journalPath);
  assert.ok(j.some((r) => r.type === 'warning' && r['step'] === 'agd-switchover'));
});

test('SwitchoverGlobalCluster refused with InternalFailure and nothing in flight: exit 4, nothing changed', async () => {
  const h = harness(defaultState());
  const fault = (op: string) =>
    op === 'SwitchoverGlobalCluster' ? { error: err(op, 'InternalFailure') } : undefined;
  const { outcome } = await failover(h, {}, { yes: true, fake: { fault } });
  assert.equal(outcome.exitCode, 4, outcome.message);
  assert.match(outcome.message, /InternalFailure/);
  assert.equal(h.state.global.members.find((m) => m.region === 'us-east-1')!.isWriter, true);
});

test('a mutating call fails and its effect cannot be re-read: exit 5 (it may have been applied), never exit 4', async () => {
  const h = harness(defaultState());
  let failedAt = 0;
  const fault = (op: string, n: number) => {
    if (op === 'SwitchoverGlobalCluster') {
      failedAt = n;
      return { error: err(op, 'TimeoutError', 'socket hang up'), when: 'after' as const };
    }
    return failedAt && n === failedAt + 1 ? { error: err(op, 'ThrottlingException') } : undefined;
  };
  const { outcome } = await failover(h, {}, { yes: true, fake: { fault } });
  assert.equal(outcome.exitCode, 5, outcome.message);
  assert.equal(outcome.stoppedAt, 'agd-switchover');
  assert.match(outcome.message, /may have/);
  assert.equal(outcome.resumeCommand, `resil failover --resume ${outcome.runId}`);
  assert.ok(outcome.liveState);
  const r = await resume(h, outcome.runId, { yes: true });
  assert.equal(r.outcome.exitCode, 0, r.outcome.message);
  assert.equal(h.mutations().filter((c) => c.operation === 'SwitchoverGlobalCluster').length, 1);
});

test('ChangeResourceRecordSets errors after Route 53 applied it: not re-sent; INSYNC not confirmable, so the margin is waited and a warning given', async () => {
  const h = harness(defaultState());
  const fault = (op: string) =>
    op === 'ChangeResourceRecordSets'
      ? { error: err(op, 'TimeoutError', 'socket hang up'), when: 'after' as const }
      : undefined;
  const { outcome } = await failover(h, { dns }, { yes: true, fake: { fault } });
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.equal(h.mutations().filter((c) => c.operation === 'ChangeResourceRecordSets').length, 1);
  assert.ok(
    outcome.warnings?.some((w) => /INSYNC cannot be confirmed/.test(w)),
    JSON.stringify(outcome.warnings),
  );
});

test('AccessDenied (or expired credentials) while waiting stops at once with exit 5 and what to fix, instead of polling until the timeout', async () => {
  const h = harness(defaultState());
  let getChanges = 0;
  // The first GetChange (the step's live state) answers; the polls after it are denied (e.g. the role's session policy).
  const fault = (op: string) =>
    op === 'GetChange' && ++getChanges > 1
      ? { error: err(op, 'AccessDenied', 'User is not authorized to perform: route53:GetChange') }
      : undefined;
  const clock = virtualClock(Date.now());
  const t0 = clock.t;
  const { outcome } = await failover(h, { dns }, { yes: true, clock, fake: { fault } });
  assert.equal(outcome.exitCode, 5, outcome.message);
  assert.equal(outcome.stoppedAt, 'dns-insync');
  assert.match(outcome.message, /AccessDenied/);
  assert.match(outcome.message, /permissions or credentials/);
  assert.doesNotMatch(outcome.message, /Timed out/);
  assert.ok(clock.t - t0 < 60_000, `waited ${(clock.t - t0) / 1000} s`);
  assert.equal(outcome.resumeCommand, `resil failover --resume ${outcome.runId}`);
});

class ChangingHost extends RecorderHost {
  constructor(
    answers: boolean[],
    private readonly onPrompt: (n: number) => void,
  ) {
    super(true, answers);
  }
  private n = 0;
  override async confirm(message: string): Promise<boolean> {
    this.onPrompt(++this.n);
    return super.confirm(message);
  }
}

test('someone else changes the records while the DNS prompt waits: the batch is not sent over their change (exit 5, names it)', async () => {
  const h = harness(defaultState());
  // At the second prompt (the DNS step), another operator sets 50/50 weights by hand.
  const io = new ChangingHost([true, true], (n) => {
    if (n !== 2) return;
    for (const r of h.state.records['Z0EXAMPLE']!) if (r.name === 'api.example.com.') r.weight = 50;
  });
  const { outcome } = await failover(h, { dns }, { yes: false, io });
  assert.equal(outcome.exitCode, 5, outcome.message);
  assert.equal(outcome.stoppedAt, 'dns-change');
  assert.match(outcome.message, /changed since the plan/);
  assert.match(outcome.message, /weight 50/);
  assert.deepEqual(
    h.mutations().map((c) => c.operation),
    ['SwitchoverGlobalCluster'],
  );
  assert.deepEqual(
    h.state.records['Z0EXAMPLE']!.filter((r) => r.name === 'api.example.com.').map((r) => r.weight),
    [50, 50],
  );
});

test('standalone cutover: records changed between the plan and the batch → exit 4, nothing sent', async () => {
  const h = harness(defaultState());
  const io = new ChangingHost([true], () => {
    h.state.records['Z0EXAMPLE']!.push({
      name: 'api.example.com.',
      type: 'CNAME',
      setIdentifier: 'eu-west-1',
      weight: 10,
      ttl: 60,
      values: ['eu-alb.eu-west-1.elb.amazonaws.com'],
    });
  });
  const { outcome } = await cutover(
    h,
    { to: 'us-west-2', dns, waitTtl: true, dnsTimeoutMs: 300_000 },
    { yes: false, io },
  );
  assert.equal(outcome.exitCode, 4, outcome.message);
  assert.match(outcome.message, /changed since the plan/);
  assert.match(outcome.message, /eu-west-1/);
  assert.equal(h.mutations().length, 0);
});

test('the switchover ends without moving the writer (AWS rolled it back): stop with exit 5 and the RDS events to read, not a 30 min wait', async () => {
  const h = harness(defaultState());
  let rolledBack = false;
  const onCall = (op: string) => {
    // After FailoverState has been seen in flight, AWS drops it and the writer stays in us-east-1.
    if (op === 'DescribeGlobalClusters' && h.state.op && h.state.op.reads >= 2 && !rolledBack) {
      rolledBack = true;
      delete h.state.op;
      delete h.state.global.failoverState;
    }
  };
  const clock = virtualClock(Date.now());
  const t0 = clock.t;
  const { outcome } = await failover(h, {}, { yes: true, clock, fake: { onCall, polls: 3 } });
  assert.ok(rolledBack);
  assert.equal(outcome.exitCode, 5, outcome.message);
  assert.equal(outcome.stoppedAt, 'agd-switchover');
  assert.match(outcome.message, /ended without moving the writer/);
  assert.ok(clock.t - t0 < 5 * 60_000, `waited ${(clock.t - t0) / 1000} s`);
});

test('while resil waits, someone else starts an operation toward another region: stop (exit 5) naming it', async () => {
  const h = harness(defaultState());
  let done = false;
  const onCall = (op: string) => {
    if (op === 'DescribeGlobalClusters' && h.state.op && h.state.op.reads >= 1 && !done) {
      done = true;
      delete h.state.op;
      h.state.global.failoverState = {
        status: 'pending',
        fromClusterArn: h.state.global.members[0]!.clusterArn,
        toClusterArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:shop-eu',
      };
    }
  };
  const { outcome } = await failover(h, {}, { yes: true, fake: { onCall, polls: 3 } });
  assert.equal(outcome.exitCode, 5, outcome.message);
  assert.match(outcome.message, /toward arn:aws:rds:eu-west-1:123456789012:cluster:shop-eu/);
  assert.doesNotMatch(outcome.message, /Timed out/);
});

test('a failover stopped at a DNS step: the live state also says where the records are', async () => {
  const h = harness(defaultState());
  const { outcome } = await failover(h, { dns }, { yes: false, io: new RecorderHost(true, [true, false]) });
  assert.equal(outcome.exitCode, 5);
  assert.equal(outcome.stoppedAt, 'dns-change');
  assert.match(outcome.liveState ?? '', /writer us-west-2/);
  assert.match(outcome.liveState ?? '', /api\.example\.com\.: 2 record set\(s\) not yet as planned/);
});

test("a switchover run that finds someone else's data-loss failover to its target in flight waits for it, but warns it is not a switchover", async () => {
  const s = defaultState();
  s.global.failoverState = {
    status: 'failing-over',
    fromClusterArn: arnOf('us-east-1', 'shop-east'),
    toClusterArn: arnOf('us-west-2', 'shop-west'),
    isDataLossAllowed: true,
  };
  s.op = {
    kind: 'failover',
    target: arnOf('us-west-2', 'shop-west'),
    from: arnOf('us-east-1', 'shop-east'),
    reads: 2,
  };
  const h = harness(s);
  const { outcome } = await failover(h, {}, { yes: true, fake: { polls: 5 } });
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.equal(h.mutations().length, 0);
  assert.equal(outcome.rpoSeconds, undefined, 'no RPO 0 claimed for a failover that allowed data loss');
  assert.ok(
    outcome.warnings?.some((w) => /allows data loss/.test(w)),
    JSON.stringify(outcome.warnings),
  );
});

test('failover mode run again after the writer already moved: still no call to the failed region (the old primary is now listed as a secondary)', async () => {
  const s = defaultState();
  s.global.members = [
    {
      clusterArn: arnOf('us-east-1', 'shop-east'),
      region: 'us-east-1',
      isWriter: false,
      synchronizationStatus: 'pending-resync',
    },
    { clusterArn: arnOf('us-west-2', 'shop-west'), region: 'us-west-2', isWriter: true },
  ];
  const h = harness(s);
  const { outcome } = await failover(
    h,
    { mode: 'failover' },
    { yes: true, allowDataLoss: true, fake: { down: ['us-east-1'] } },
  );
  assert.deepEqual(
    h
      .allCalls()
      .filter((c) => c.region === 'us-east-1' && c.service !== 'route53')
      .map((c) => c.operation),
    [],
  );
  assert.equal(h.mutations().length, 0);
  assert.ok([0, 4].includes(outcome.exitCode), outcome.message);
});
