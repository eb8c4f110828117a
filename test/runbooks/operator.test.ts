/**
 * Issue 13: the journal records who ran it — the AWS account and caller ARN (STS GetCallerIdentity,
 * once, before the first change), the host, the OS user and the resil version — in the start record,
 * and who resumed it in each resume record. Failing to read the caller stops a run before any change
 * (exit 4); a resume of a run that already changed AWS goes on with a warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { GatewayError } from '../../src/aws/gateway/types.js';
import { runbookActions } from '../../src/engine/iam-policy.js';
import type { RunEvent } from '../../src/runbooks/io.js';
import { readJournal, summarizeRun } from '../../src/runbooks/journal.js';
import { operatorText, osUser, shortCaller } from '../../src/runbooks/operator.js';
import { ResilError } from '../../src/util/errors.js';
import { TOOL } from '../../src/util/version.js';
import { ACCOUNT, CALLER_ARN, defaultState } from './fake-gateway.js';
import { cutover, failover, harness, RecorderHost, resume } from './support.js';

const stsDown = (op: string) =>
  op === 'GetCallerIdentity'
    ? {
        error: new GatewayError(
          op,
          'us-west-2',
          'TimeoutError',
          'sts.us-west-2.amazonaws.com does not answer',
        ),
      }
    : undefined;

const expected = {
  account: ACCOUNT,
  callerArn: CALLER_ARN,
  host: hostname(),
  osUser: osUser(),
  resilVersion: TOOL.version,
};

test('the start record holds the account, caller ARN, host, OS user and resil version; STS is read once, before the first change, in the target region', async () => {
  const h = harness(defaultState());
  const { outcome } = await failover(
    h,
    { dns: { zone: 'example.com', record: 'api.example.com' } },
    { yes: true },
  );
  assert.equal(outcome.exitCode, 0, outcome.message);
  const run = readJournal(outcome.journalPath).find((r) => r.type === 'run')!;
  assert.deepEqual(run['operator'], expected);
  const calls = h.allCalls();
  const sts = calls.filter((c) => c.operation === 'GetCallerIdentity');
  assert.equal(sts.length, 1, 'once');
  assert.equal(sts[0]!.region, 'us-west-2', 'asked in the target region, never the one failing over');
  assert.ok(calls.indexOf(sts[0]!) < calls.findIndex((c) => c.mutating), 'before the first mutating call');
  // `resil runs` and `resil runs show` read it from the start record.
  const s = summarizeRun(outcome.journalPath);
  assert.deepEqual(s.operator, expected);
  assert.equal(shortCaller(s.operator), 'assumed-role/OnCall/alice');
  assert.equal(
    operatorText(s.operator),
    `${CALLER_ARN} (account ${ACCOUNT}), as ${expected.osUser}@${expected.host}, resil ${TOOL.version}`,
  );
});

test('failover mode with the old primary region down: the caller is read from the target region', async () => {
  const h = harness(defaultState());
  const { outcome } = await failover(
    h,
    { mode: 'failover' },
    { yes: true, allowDataLoss: true, fake: { down: ['us-east-1'] } },
  );
  assert.equal(outcome.exitCode, 0, outcome.message);
  const run = readJournal(outcome.journalPath).find((r) => r.type === 'run')!;
  assert.deepEqual(run['operator'], expected);
  assert.ok(!h.allCalls().some((c) => c.operation === 'GetCallerIdentity' && c.region === 'us-east-1'));
});

test('a cutover (Route 53 only) asks STS in us-east-1, where Route 53 answers', async () => {
  const h = harness(defaultState());
  const { outcome } = await cutover(
    h,
    {
      to: 'us-west-2',
      waitTtl: false,
      dnsTimeoutMs: 300_000,
      dns: { zone: 'example.com', record: 'db.example.com' },
    },
    { yes: true },
  );
  assert.equal(outcome.exitCode, 0, outcome.message);
  const sts = h.allCalls().filter((c) => c.operation === 'GetCallerIdentity');
  assert.deepEqual(
    sts.map((c) => c.region),
    ['us-east-1'],
  );
  assert.deepEqual(readJournal(outcome.journalPath).find((r) => r.type === 'run')!['operator'], expected);
});

test('the caller cannot be read: stopped before any change (exit 4), nothing sent, a clear message', async () => {
  const h = harness(defaultState());
  await assert.rejects(
    failover(
      h,
      { dns: { zone: 'example.com', record: 'api.example.com' } },
      { yes: true, fake: { fault: stsDown } },
    ),
    (err: unknown) => {
      assert.ok(err instanceof ResilError);
      assert.equal(err.exitCode, 4);
      assert.match(
        err.message,
        /^Stopped before any change: resil could not read who is running this run \(sts:GetCallerIdentity in us-west-2\): .*does not answer/,
      );
      assert.ok(err.suggestions.some((s) => /nothing was changed/.test(s)));
      return true;
    },
  );
  assert.equal(h.mutations().length, 0);
});

test('each resume records who resumed; after a change, an unreadable caller is a warning and the run finishes', async () => {
  const h = harness(defaultState());
  const ctl = new AbortController();
  class StopAtWait extends RecorderHost {
    override emit(e: RunEvent): void {
      super.emit(e);
      if (e.type === 'step-wait') ctl.abort();
    }
  }
  const first = await failover(h, {}, { yes: true, io: new StopAtWait(false), signal: ctl.signal });
  assert.equal(first.outcome.exitCode, 5, first.outcome.message);
  const io = new RecorderHost(false);
  const again = await resume(h, first.outcome.runId, { yes: true, io, fake: { fault: stsDown } });
  assert.equal(again.outcome.exitCode, 0, again.outcome.message);
  const res = readJournal(again.outcome.journalPath).find((r) => r.type === 'resume')!;
  const op = res['operator'] as Record<string, unknown>;
  assert.equal(op['host'], hostname());
  assert.equal(op['osUser'], osUser());
  assert.equal(op['account'], undefined);
  assert.match(String(op['callerError']), /does not answer/);
  assert.ok(
    io.events.some(
      (e) => e.type === 'note' && e.level === 'warn' && /could not read who is resuming/i.test(e.text),
    ),
  );
  // A resume whose caller answers records it.
  const h2 = harness(defaultState());
  const ctl2 = new AbortController();
  class Stop2 extends RecorderHost {
    override emit(e: RunEvent): void {
      super.emit(e);
      if (e.type === 'step-wait') ctl2.abort();
    }
  }
  const r1 = await failover(h2, {}, { yes: true, io: new Stop2(false), signal: ctl2.signal });
  const r2 = await resume(h2, r1.outcome.runId, { yes: true });
  assert.equal(r2.outcome.exitCode, 0, r2.outcome.message);
  assert.deepEqual(
    readJournal(r2.outcome.journalPath).find((r) => r.type === 'resume')!['operator'],
    expected,
  );
});

test('a resume of a run that changed nothing yet: an unreadable caller stops it before any change (exit 4)', async () => {
  const h = harness(defaultState());
  const first = await failover(h, {}, { yes: false, io: new RecorderHost(true, [false]) });
  assert.equal(first.outcome.exitCode, 4, first.outcome.message);
  await assert.rejects(
    resume(h, first.outcome.runId, { yes: true, fake: { fault: stsDown } }),
    (err: unknown) => {
      assert.ok(err instanceof ResilError && err.exitCode === 4, String(err));
      return true;
    },
  );
  assert.equal(h.mutations().length, 0);
});

test('an older journal (no operator in its start record) is still read; runs show says it was not recorded', () => {
  const h = harness(defaultState());
  const path = join(h.home, 'old.jsonl');
  const t = '2026-01-01T00:00:00.000Z';
  writeFileSync(
    path,
    [
      {
        type: 'run',
        t,
        seq: 0,
        v: 1,
        runId: 'r-old',
        kind: 'cutover',
        tool: { name: 'resil', version: '0.0.9' },
        pid: 1,
        dryRun: false,
        params: { to: 'us-west-2' },
        connection: {},
        flags: { yes: true, allowDataLoss: false, force: false },
      },
      { type: 'end', t, seq: 1, v: 1, status: 'completed', exitCode: 0 },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n') + '\n',
  );
  const s = summarizeRun(path);
  assert.equal(s.runId, 'r-old');
  assert.equal(s.status, 'completed');
  assert.equal(s.operator, undefined);
  assert.equal(shortCaller(s.operator), undefined);
  assert.match(operatorText(s.operator), /^not recorded/);
});

test('iam-policy runbooks: sts:GetCallerIdentity is a read of every runbook, never a change', () => {
  for (const runbooks of [['failover'], ['cutover']] as const) {
    const { reads, changes } = runbookActions({ runbooks: [...runbooks] });
    assert.ok(reads.includes('sts:GetCallerIdentity'), `${runbooks[0]} reads`);
    assert.ok(!changes.includes('sts:GetCallerIdentity'));
  }
});
