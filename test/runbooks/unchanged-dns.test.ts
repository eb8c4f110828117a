/**
 * Issue 13, "Runbook edges seen in a real terminal": a run that changes no record does not wait out
 * the old TTL, and an empty Route 53 change batch is a verification-only step (not mutating, not
 * confirmed, never sent). The plan and the journal say why ("no record changed: no TTL to wait out").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunEvent, StepView } from '../../src/runbooks/io.js';
import { readJournal } from '../../src/runbooks/journal.js';
import { renderEvent } from '../../src/runbooks/render.js';
import { defaultState, type FakeState } from './fake-gateway.js';
import { cutover, failover, harness, RecorderHost, resume, virtualClock } from './support.js';

const NO_TTL = 'no record changed: no TTL to wait out';
const WEST = 'west-alb.us-west-2.elb.amazonaws.com';

/** api.example.com's weight already on us-west-2, and www.example.com (TTL 300 s) already on the west ALB. */
function alreadyCutOver(): FakeState {
  const s = defaultState();
  for (const r of s.records['Z0EXAMPLE']!) {
    if (r.name === 'api.example.com.') r.weight = r.setIdentifier === 'us-west-2' ? 100 : 0;
    if (r.name === 'www.example.com.') r.values = [WEST];
  }
  return s;
}

function planOf(events: RunEvent[]): Extract<RunEvent, { type: 'plan' }> {
  const p = events.find((e) => e.type === 'plan');
  assert.ok(p && p.type === 'plan', 'a plan event');
  return p;
}

function assertNoopDnsPlan(events: RunEvent[]): StepView {
  const plan = planOf(events);
  const ids = plan.steps.map((s) => s.id);
  assert.ok(!ids.includes('dns-ttl'), `no TTL step in the plan (${ids.join(', ')})`);
  assert.ok(!ids.includes('dns-insync'), `no INSYNC wait in the plan (${ids.join(', ')})`);
  const dns = plan.steps.find((s) => s.id === 'dns-change');
  assert.ok(dns, 'the DNS step is in the plan');
  assert.equal(dns.mutating, false, 'an empty change batch is not a mutating step');
  assert.equal(dns.noop, true);
  assert.deepEqual(
    dns.calls.map((c) => c.operation),
    ['ListResourceRecordSets'],
    'it declares only the read that verifies the records',
  );
  assert.ok(
    plan.summary.some((l) => l.includes(NO_TTL)),
    `the plan says why there is no TTL wait:\n${plan.summary.join('\n')}`,
  );
  const text = renderEvent(plan);
  const line = text.split('\n').find((l) => l.includes(dns.title))!;
  assert.doesNotMatch(line, /changes AWS/);
  assert.match(line, /\[no change: verification only, nothing sent\]/);
  return dns;
}

test('cutover of a 300 s record that already points at the target: no wait, no ChangeResourceRecordSets, no prompt', async () => {
  const h = harness(alreadyCutOver());
  const clock = virtualClock(Date.now());
  const start = clock.t;
  // Interactive, with no scripted answer: any prompt would throw.
  const io = new RecorderHost(true, []);
  const { outcome } = await cutover(
    h,
    {
      to: 'us-west-2',
      waitTtl: true,
      dnsTimeoutMs: 300_000,
      dns: { zone: 'example.com', record: 'www.example.com', value: [WEST] },
    },
    { yes: false, io, clock },
  );
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.equal(io.prompts.length, 0, 'nothing asked');
  assert.equal(h.mutations().length, 0, 'nothing sent');
  assert.ok(!h.allCalls().some((c) => c.operation === 'ChangeResourceRecordSets'));
  assert.ok(clock.t - start < 10_000, `no TTL wait (${clock.t - start} ms of virtual time passed)`);
  assertNoopDnsPlan(io.events);
  assert.equal(outcome.rtoSeconds, undefined, 'nothing changed: no RTO');
  // The journal says why: in the plan, and on the skipped step.
  const journal = readJournal(outcome.journalPath);
  const plan = journal.find((r) => r.type === 'plan')!;
  assert.ok((plan['summary'] as string[]).some((l) => l.includes(NO_TTL)));
  const skipped = journal.find((r) => r.type === 'step-skipped' && r['step'] === 'dns-change');
  assert.ok(skipped, 'dns-change found done');
  assert.match(String(skipped['observed']), /no record changed: no TTL to wait out/);
  assert.ok(!journal.some((r) => r.type === 'mutation-start' || r.type === 'confirmed'));
});

test('no terminal and no --yes: a cutover with nothing to change completes (nothing to confirm)', async () => {
  const h = harness(alreadyCutOver());
  const { outcome, io } = await cutover(
    h,
    {
      to: 'us-west-2',
      waitTtl: true,
      dnsTimeoutMs: 300_000,
      dns: { zone: 'example.com', record: 'api.example.com' },
    },
    { yes: false, io: new RecorderHost(false) },
  );
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.equal(h.mutations().length, 0);
  assertNoopDnsPlan(io.events);
});

test('--dry-run of a cutover with nothing to change: 0 mutating steps would run', async () => {
  const h = harness(alreadyCutOver());
  const { outcome, io } = await cutover(
    h,
    {
      to: 'us-west-2',
      waitTtl: true,
      dnsTimeoutMs: 300_000,
      dns: { zone: 'example.com', record: 'api.example.com' },
    },
    { dryRun: true },
  );
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.match(outcome.message, /0 mutating step\(s\) would run/);
  assertNoopDnsPlan(io.events);
});

test('a second cutover after a completed one sees the empty batch: nothing resent, no TTL wait', async () => {
  const h = harness(defaultState());
  const params = {
    to: 'us-west-2',
    waitTtl: true,
    dnsTimeoutMs: 300_000,
    dns: { zone: 'example.com', record: 'www.example.com', value: [WEST] },
  };
  const first = await cutover(h, params, { yes: true });
  assert.equal(first.outcome.exitCode, 0, first.outcome.message);
  assert.equal(h.mutations().length, 1);
  const clock = virtualClock(Date.now());
  const start = clock.t;
  const again = await cutover(h, params, { yes: false, io: new RecorderHost(true, []), clock });
  assert.equal(again.outcome.exitCode, 0, again.outcome.message);
  assert.equal(h.mutations().length, 1, 'the batch is not sent again');
  assert.ok(clock.t - start < 10_000, `no TTL wait (${clock.t - start} ms)`);
  assertNoopDnsPlan(again.io.events);
});

test('failover whose DNS already points at the target: the switchover runs, the DNS step is verification only', async () => {
  const h = harness(alreadyCutOver());
  const clock = virtualClock(Date.now());
  const { outcome, io } = await failover(
    h,
    { dns: { zone: 'example.com', record: 'api.example.com' } },
    { yes: true, clock },
  );
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.deepEqual(
    h.mutations().map((m) => m.operation),
    ['SwitchoverGlobalCluster'],
  );
  assertNoopDnsPlan(io.events);
  const confirmed = readJournal(outcome.journalPath)
    .filter((r) => r.type === 'confirmed')
    .map((r) => r['step']);
  assert.ok(!confirmed.includes('dns-change'), `no confirmation for the DNS step (${confirmed.join(', ')})`);
});

test('the records change to the plan after it was made (declined, then done by someone else): the resume sends nothing and does not wait out the TTL', async () => {
  const h = harness(defaultState());
  const params = {
    to: 'us-west-2',
    waitTtl: true,
    dnsTimeoutMs: 300_000,
    dns: { zone: 'example.com', record: 'www.example.com', value: [WEST] },
  };
  // The operator answers No: stopped before any change, with the resume command.
  const first = await cutover(h, params, { yes: false, io: new RecorderHost(true, [false]) });
  assert.equal(first.outcome.exitCode, 4, first.outcome.message);
  assert.ok(first.outcome.resumeCommand);
  // Someone else makes exactly the planned change.
  h.state.records['Z0EXAMPLE']!.find((r) => r.name === 'www.example.com.')!.values = [WEST];
  const clock = virtualClock(Date.now());
  const start = clock.t;
  const io = new RecorderHost(true, []);
  const again = await resume(h, first.outcome.runId, { yes: false, io, clock });
  assert.equal(again.outcome.exitCode, 0, again.outcome.message);
  assert.equal(h.mutations().length, 0, 'nothing sent by either attempt');
  assert.equal(io.prompts.length, 0, 'nothing asked');
  assert.ok(clock.t - start < 10_000, `no TTL wait (${clock.t - start} ms)`);
  const ttl = readJournal(again.outcome.journalPath).find(
    (r) => r.type === 'step-skipped' && r['step'] === 'dns-ttl',
  );
  assert.ok(ttl, 'the TTL step is skipped');
  assert.equal(ttl['observed'], NO_TTL);
});

test('a resume after this run sent the batch: not resent, and the old TTL is still waited out from INSYNC', async () => {
  const h = harness(defaultState());
  const ctl = new AbortController();
  class StopAtInsync extends RecorderHost {
    override emit(e: RunEvent): void {
      super.emit(e);
      if (e.type === 'step-wait' && e.step.id === 'dns-insync') ctl.abort();
    }
  }
  const params = {
    to: 'us-west-2',
    waitTtl: true,
    dnsTimeoutMs: 600_000,
    dns: { zone: 'example.com', record: 'www.example.com', value: [WEST] },
  };
  const first = await cutover(h, params, {
    yes: true,
    io: new StopAtInsync(false),
    signal: ctl.signal,
    fake: { changePolls: 4 },
  });
  assert.equal(first.outcome.exitCode, 5, first.outcome.message);
  assert.equal(h.mutations().length, 1);
  const io = new RecorderHost(false);
  const again = await resume(h, first.outcome.runId, { yes: true, io, fake: { changePolls: 1 } });
  assert.equal(again.outcome.exitCode, 0, again.outcome.message);
  assert.equal(h.mutations().length, 1, 'the batch is not sent again');
  const end = io.events.find((e) => e.type === 'step-end' && e.step.id === 'dns-ttl');
  assert.ok(end && end.type === 'step-end' && end.outcome === 'done', 'the TTL step ran');
  assert.equal(end.elapsedMs, 300_000, 'the full 300 s TTL after INSYNC');
});

test('several records, one already as planned: only the records that change count for the TTL waited', async () => {
  const s = defaultState();
  s.records['Z0EXAMPLE']!.find((r) => r.name === 'www.example.com.')!.values = [WEST];
  const h = harness(s);
  const io = new RecorderHost(false);
  const { outcome } = await failover(
    h,
    {
      dns: [
        { zone: 'example.com', record: 'api.example.com' },
        { zone: 'example.com', record: 'www.example.com', value: [WEST] },
      ],
    },
    { yes: true, io, clock: virtualClock(Date.now()), fake: { changePolls: 0 } },
  );
  assert.equal(outcome.exitCode, 0, outcome.message);
  const plan = planOf(io.events);
  const ttl = plan.steps.find((x) => x.id === 'dns-ttl');
  assert.ok(ttl, 'api.example.com changes: the TTL is waited out');
  assert.match(ttl.title, /\(60 s\)/, `www.example.com's 300 s TTL is not waited for (${ttl.title})`);
  assert.ok(
    plan.summary.some((l) => l.includes('only api.example.com. changes (the others are already as planned)')),
  );
  const batch = h.mutations().find((m) => m.operation === 'ChangeResourceRecordSets')!;
  const names = (
    batch.params['ChangeBatch'] as { Changes: Array<{ ResourceRecordSet: { Name: string } }> }
  ).Changes.map((c) => c.ResourceRecordSet.Name);
  assert.ok(!names.includes('www.example.com.'), 'the record already as planned is not in the batch');
  const end = io.events.find((e) => e.type === 'step-end' && e.step.id === 'dns-ttl');
  assert.ok(end && end.type === 'step-end');
  assert.equal(end.elapsedMs, 60_000);
});
