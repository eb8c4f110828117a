/**
 * Issue 9 item 4: resolvers may keep the old answer for the old TTL after the change is LIVE (INSYNC),
 * not after it was submitted. The TTL wait counts from INSYNC, and sleeps the known remaining time in
 * one go instead of polling.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunEvent } from '../../src/runbooks/io.js';
import { defaultState } from './fake-gateway.js';
import { cutover, harness, RecorderHost, resume, virtualClock } from './support.js';

const stepEvents = (events: RunEvent[], id: string) =>
  events.filter((e) => (e.type === 'step-wait' || e.type === 'step-end') && e.step.id === id);

test('the old TTL (60 s) is waited from INSYNC, in one sleep of the known remaining time', async () => {
  const h = harness(defaultState());
  const io = new RecorderHost(false);
  const clock = virtualClock(Date.now());
  // INSYNC takes ~20 GetChange reads (minutes of virtual time): longer than the TTL itself.
  const { outcome } = await cutover(
    h,
    {
      waitTtl: true,
      dnsTimeoutMs: 30 * 60_000,
      to: 'us-west-2',
      dns: { zone: 'example.com', record: 'api.example.com' },
    },
    { yes: true, io, clock, fake: { changePolls: 20 } },
  );
  assert.equal(outcome.exitCode, 0, outcome.message);
  const ttl = stepEvents(io.events, 'dns-ttl');
  const end = ttl.find((e) => e.type === 'step-end');
  assert.ok(end && end.type === 'step-end' && end.outcome === 'done', 'the TTL step ran (not skipped)');
  assert.equal(end.elapsedMs, 60_000, 'a full TTL after INSYNC, not what was left of it since submission');
  const waits = ttl.filter((e) => e.type === 'step-wait');
  assert.equal(waits.length, 1, `one sleep of the remaining time, no polling (${waits.length} waits)`);
});

test('INSYNC at the first read: still a full TTL after it', async () => {
  const h = harness(defaultState());
  const io = new RecorderHost(false);
  const { outcome } = await cutover(
    h,
    {
      waitTtl: true,
      dnsTimeoutMs: 5 * 60_000,
      to: 'us-west-2',
      dns: { zone: 'example.com', record: 'api.example.com' },
    },
    { yes: true, io, clock: virtualClock(Date.now()), fake: { changePolls: 0 } },
  );
  assert.equal(outcome.exitCode, 0, outcome.message);
  const end = stepEvents(io.events, 'dns-ttl').find((e) => e.type === 'step-end');
  assert.ok(end && end.type === 'step-end');
  assert.equal(end.elapsedMs, 60_000);
});

test('interrupted while waiting out the TTL: the resume counts from the journaled INSYNC, not from the resume', async () => {
  const h = harness(defaultState());
  const ctl = new AbortController();
  class StopAtTtl extends RecorderHost {
    override emit(e: RunEvent): void {
      super.emit(e);
      if (e.type === 'step-wait' && e.step.id === 'dns-ttl') ctl.abort();
    }
  }
  const params = {
    waitTtl: true,
    dnsTimeoutMs: 5 * 60_000,
    to: 'us-west-2',
    dns: { zone: 'example.com', record: 'api.example.com' },
  };
  const first = await cutover(h, params, {
    yes: true,
    io: new StopAtTtl(false),
    signal: ctl.signal,
    clock: virtualClock(Date.now()),
    fake: { changePolls: 0 },
  });
  assert.equal(first.outcome.exitCode, 5, first.outcome.message);
  // 45 s after INSYNC (journal times are wall-clock times): 15 s of the 60 s TTL are left.
  const io = new RecorderHost(false);
  const again = await resume(h, first.outcome.runId, { io, clock: virtualClock(Date.now() + 45_000) });
  assert.equal(again.outcome.exitCode, 0, again.outcome.message);
  const end = stepEvents(io.events, 'dns-ttl').find((e) => e.type === 'step-end');
  assert.ok(end && end.type === 'step-end' && end.elapsedMs !== undefined);
  assert.ok(end.elapsedMs <= 16_000 && end.elapsedMs >= 13_000, `waited ${end.elapsedMs} ms`);
});
