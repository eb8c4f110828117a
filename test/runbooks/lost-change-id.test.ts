/**
 * The resume edge case of the DNS cutover: kill -9 after ChangeResourceRecordSets took effect in AWS
 * but before its answer (the change id) was journaled. Resume must never re-send the batch, must say
 * that the change id was lost and INSYNC could not be confirmed, and must wait the propagation margin
 * (bounded by --dns-timeout) plus the old TTL before verifying with TestDNSAnswer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJournal } from '../../src/runbooks/journal.js';
import { defaultState, Killed, type FakeOptions } from './fake-gateway.js';
import { cutover, failover, harness, resume, type Harness } from './support.js';

const dns = { zone: 'example.com', record: 'api.example.com' };

/** The 1-based number of the first call named `operation` in an uninterrupted run. */
async function callNumber(run: (h: Harness) => Promise<unknown>, operation: string): Promise<number> {
  const probe = harness(defaultState());
  await run(probe);
  const i = probe.allCalls().findIndex((c) => c.operation === operation);
  assert.ok(i >= 0, `${operation} never called`);
  return i + 1;
}

/**
 * Runs until the batch has taken effect in AWS, then "kill -9": the journal is cut right after the
 * dns-change mutation-start line, as a process killed while waiting for the answer leaves it.
 */
async function killedAfterBatch(
  run: (h: Harness, fake: FakeOptions) => Promise<unknown>,
): Promise<{ h: Harness; runId: string; path: string }> {
  const n = await callNumber((h) => run(h, {}), 'ChangeResourceRecordSets');
  const h = harness(defaultState());
  await run(h, { killAt: { call: n, when: 'after' } }).catch((err: unknown) => {
    if (!(err instanceof Killed)) throw err;
  });
  const file = readdirSync(join(h.home, 'runs'))[0]!;
  const path = join(h.home, 'runs', file);
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const cut = lines.findIndex((l) => /"type":"mutation-start"/.test(l) && /"step":"dns-change"/.test(l));
  assert.ok(cut >= 0);
  writeFileSync(path, `${lines.slice(0, cut + 1).join('\n')}\n`);
  return { h, runId: file.replace(/\.jsonl$/, ''), path };
}

test('kill -9 between ChangeResourceRecordSets and its journal line: resume never re-sends, says the change id was lost, waits margin + old TTL, then verifies', async () => {
  const { h, runId, path } = await killedAfterBatch((h, fake) => failover(h, { dns }, { yes: true, fake }));
  const before = readJournal(path);
  assert.equal(
    before.at(-1)!.type,
    'mutation-start',
    'the journal ends at the DNS mutation-start: its answer was never written',
  );
  assert.equal(before.at(-1)!['step'], 'dns-change');
  assert.equal(
    h.mutations().filter((c) => c.operation === 'ChangeResourceRecordSets').length,
    1,
    'the batch took effect',
  );

  const r = await resume(h, runId, { yes: true });
  assert.equal(r.outcome.exitCode, 0, r.outcome.message);
  assert.deepEqual(
    h
      .mutations()
      .map((c) => c.operation)
      .sort(),
    ['ChangeResourceRecordSets', 'SwitchoverGlobalCluster'],
    'never re-sent',
  );
  const resumedCalls = h.gateways.at(-1)!.calls;
  assert.equal(resumedCalls.filter((c) => c.operation === 'GetChange').length, 0, 'no change id to poll');
  assert.ok(
    resumedCalls.some((c) => c.operation === 'TestDNSAnswer'),
    'verified with TestDNSAnswer',
  );

  // Said in the output, in the result and in the journal.
  const warning =
    /change batch was sent by an earlier attempt of this run, which stopped before journaling its change id\. The records are as planned, so the batch is NOT sent again\. With no change id, INSYNC cannot be confirmed: resil waits 120 s for propagation instead \(bounded by --dns-timeout\), then the old TTL \(60 s\), then verifies the answer/;
  assert.ok(r.io.events.some((e) => e.type === 'note' && e.level === 'warn' && warning.test(e.text)));
  assert.ok(r.outcome.warnings?.some((w) => warning.test(w)));
  const j = readJournal(path);
  const w = j.find((x) => x.type === 'warning');
  assert.equal(w?.['step'], 'dns-insync');
  assert.match(String(w?.['text']), warning);
  assert.match(
    String(j.find((x) => x.type === 'step-skipped' && x['step'] === 'dns-change')?.['observed']),
    /took effect \(its answer was lost\); not sent again/,
  );

  // Waited the margin, then the old TTL, before verifying (virtual clock).
  const verified = (step: string) =>
    j.filter((x) => x.type === 'step-verified' && x['step'] === step).at(-1)!;
  assert.ok(Number(verified('dns-insync')['elapsedMs']) >= 120_000, JSON.stringify(verified('dns-insync')));
  assert.match(
    String(verified('dns-insync')['observed']),
    /change id lost: INSYNC not confirmed; waited 120 s for propagation instead/,
  );
  assert.ok(Number(verified('dns-ttl')['elapsedMs']) >= 60_000, JSON.stringify(verified('dns-ttl')));
  const order = j.filter((x) => x.type === 'step-verified').map((x) => x['step']);
  assert.deepEqual(order.slice(-4), ['dns-insync', 'dns-ttl', 'dns-verify', 'agd-post-check']);
});

test('the lost-change-id margin is bounded by --dns-timeout; with --no-wait-ttl only the margin is waited; without TestDNSAnswer it says what it relied on', async () => {
  const params = { ...{ waitTtl: false, dnsTimeoutMs: 60_000 }, to: 'us-west-2', dns };
  const { h, runId, path } = await killedAfterBatch((h, fake) =>
    cutover(h, params, { yes: true, fake: { ...fake, testDnsAnswer: false } }),
  );
  const r = await resume(h, runId, { yes: true, fake: { testDnsAnswer: false } });
  assert.equal(r.outcome.exitCode, 0, r.outcome.message);
  assert.equal(h.mutations().length, 1, 'the batch was sent once');
  assert.ok(
    r.outcome.warnings?.some((w) =>
      /resil waits 60 s for propagation instead \(bounded by --dns-timeout\) \(--no-wait-ttl: not the old TTL\)/.test(
        w,
      ),
    ),
    JSON.stringify(r.outcome.warnings),
  );
  const j = readJournal(path);
  const insync = j.find((x) => x.type === 'step-verified' && x['step'] === 'dns-insync')!;
  assert.ok(
    Number(insync['elapsedMs']) >= 60_000 && Number(insync['elapsedMs']) < 120_000,
    JSON.stringify(insync),
  );
  assert.equal(
    j.some((x) => x.type === 'step-start' && x['step'] === 'dns-ttl'),
    false,
  );
  assert.match(
    String(j.find((x) => x.type === 'step-verified' && x['step'] === 'dns-verify')!['observed']),
    /TestDNSAnswer not available on this endpoint: relied on the propagation margin \(INSYNC not confirmed: change id lost\)/,
  );
});

test('a kill before the batch reached AWS is not a lost change id: resume sends it once and polls INSYNC', async () => {
  const n = await callNumber(
    (h) => cutover(h, { waitTtl: true, dnsTimeoutMs: 300_000, to: 'us-west-2', dns }, { yes: true }),
    'ChangeResourceRecordSets',
  );
  const h = harness(defaultState());
  await cutover(
    h,
    { waitTtl: true, dnsTimeoutMs: 300_000, to: 'us-west-2', dns },
    { yes: true, fake: { killAt: { call: n, when: 'before' } } },
  ).catch((err: unknown) => {
    if (!(err instanceof Killed)) throw err;
  });
  const runId = readdirSync(join(h.home, 'runs'))[0]!.replace(/\.jsonl$/, '');
  const r = await resume(h, runId, { yes: true });
  assert.equal(r.outcome.exitCode, 0, r.outcome.message);
  assert.equal(h.mutations().length, 1);
  assert.equal(r.outcome.warnings, undefined);
  assert.ok(h.gateways.at(-1)!.calls.some((c) => c.operation === 'GetChange'));
});
