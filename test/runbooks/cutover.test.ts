import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultState } from './fake-gateway.js';
import { cutover, failover, harness, rollback, resume } from './support.js';
import { renderEvent } from '../../src/runbooks/render.js';
import { planDnsChange } from '../../src/runbooks/dns.js';
import type { RunEvent } from '../../src/runbooks/io.js';

const base = { waitTtl: true, dnsTimeoutMs: 300_000 };
const zone = { id: 'Z0EXAMPLE', name: 'example.com.', private: false };

test('failover records: PRIMARY/SECONDARY swapped in one batch; GetChange polled to INSYNC; TestDNSAnswer verified', async () => {
  const h = harness(defaultState());
  const { outcome } = await cutover(
    h,
    { ...base, to: 'us-west-2', dns: { zone: 'example.com', record: 'db.example.com' } },
    { yes: true, fake: { changePolls: 3 } },
  );
  assert.equal(outcome.exitCode, 0, outcome.message);
  const recs = h.state.records['Z0EXAMPLE']!.filter((r) => r.name === 'db.example.com.');
  assert.deepEqual(
    recs.map((r) => [r.setIdentifier, r.failover]),
    [
      ['primary', 'SECONDARY'],
      ['secondary', 'PRIMARY'],
    ],
  );
  const batch = h.mutations();
  assert.equal(batch.length, 1);
  assert.equal((batch[0]!.params['ChangeBatch'] as { Changes: unknown[] }).Changes.length, 2);
  assert.equal(h.allCalls().filter((c) => c.operation === 'GetChange').length, 4);
  assert.ok(h.allCalls().some((c) => c.operation === 'TestDNSAnswer'));
});

test('simple CNAME repoint needs a value and uses it', async () => {
  const s = defaultState();
  const records = s.records['Z0EXAMPLE']!.filter((r) => r.name === 'www.example.com.');
  assert.throws(
    () => planDnsChange(zone, records, { zone: 'example.com', record: 'www.example.com' }, 'us-west-2'),
    /resil needs its new value for us-west-2/,
  );
  const h = harness(s);
  const { outcome } = await cutover(
    h,
    {
      ...base,
      waitTtl: false,
      to: 'us-west-2',
      dns: {
        zone: 'example.com',
        record: 'www.example.com',
        value: ['west-alb.us-west-2.elb.amazonaws.com'],
      },
    },
    { yes: true },
  );
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.deepEqual(s.records['Z0EXAMPLE']!.find((r) => r.name === 'www.example.com.')!.values, [
    'west-alb.us-west-2.elb.amazonaws.com',
  ]);
});

test('a repeated cutover is a no-op: nothing is changed twice', async () => {
  const h = harness(defaultState());
  const params = { ...base, to: 'us-west-2', dns: { zone: 'example.com', record: 'api.example.com' } };
  assert.equal((await cutover(h, params, { yes: true })).outcome.exitCode, 0);
  const again = await cutover(h, params, { yes: false });
  assert.equal(again.outcome.exitCode, 0, again.outcome.message);
  assert.equal(h.mutations().length, 1);
});

test('cutover --rollback restores exactly the journaled records', async () => {
  const s = defaultState();
  const before = structuredClone(s.records['Z0EXAMPLE']!);
  const h = harness(s);
  const first = await cutover(
    h,
    { ...base, to: 'us-west-2', dns: { zone: 'example.com', record: 'db.example.com' } },
    { yes: true },
  );
  assert.equal(first.outcome.exitCode, 0);
  assert.notDeepEqual(s.records['Z0EXAMPLE'], before);
  const rb = await rollback(h, first.outcome.runId, { yes: true });
  assert.equal(rb.outcome.exitCode, 0, rb.outcome.message);
  assert.deepEqual(s.records['Z0EXAMPLE'], before);
});

test('rollback of the DNS part of a failover run', async () => {
  const s = defaultState();
  const before = structuredClone(s.records['Z0EXAMPLE']!);
  const h = harness(s);
  const f = await failover(h, { dns: { zone: 'example.com', record: 'api.example.com' } }, { yes: true });
  assert.equal(f.outcome.exitCode, 0);
  const rb = await rollback(h, f.outcome.runId, { yes: true });
  assert.equal(rb.outcome.exitCode, 0, rb.outcome.message);
  assert.deepEqual(s.records['Z0EXAMPLE'], before);
});

test('a cutover interrupted after the change resumes without re-sending the batch', async () => {
  const h = harness(defaultState());
  const ctl = new AbortController();
  const params = { ...base, to: 'us-west-2', dns: { zone: 'example.com', record: 'api.example.com' } };
  const io = new (class extends (await import('./support.js')).RecorderHost {
    override emit(e: RunEvent) {
      super.emit(e);
      if (e.type === 'step-wait') ctl.abort();
    }
  })(false);
  const r1 = await cutover(h, params, { yes: true, io, signal: ctl.signal });
  assert.equal(r1.outcome.exitCode, 5);
  assert.equal(r1.outcome.resumeCommand, `resil cutover --resume ${r1.outcome.runId}`);
  const r2 = await resume(h, r1.outcome.runId, { yes: true });
  assert.equal(r2.outcome.exitCode, 0, r2.outcome.message);
  assert.equal(h.mutations().length, 1);
});

test('the new PRIMARY must have a health check (Route 53 would reject it): not forcible', async () => {
  const s = defaultState();
  delete s.records['Z0EXAMPLE']!.find((r) => r.setIdentifier === 'secondary')!.healthCheckId;
  const h = harness(s);
  const r = await cutover(
    h,
    { ...base, to: 'us-west-2', dns: { zone: 'example.com', record: 'db.example.com' } },
    { yes: true, force: true },
  );
  assert.equal(r.outcome.exitCode, 4);
  assert.match(r.outcome.message, /dns\.primary-health-check/);
  assert.equal(h.mutations().length, 0);
});

// ---------------------------------------------------------------- plan snapshot
const here = dirname(fileURLToPath(import.meta.url));
function snapshot(name: string, actual: string): void {
  const file = join(here, '__snapshots__', `${name}.txt`);
  if (process.env['UPDATE_SNAPSHOTS'] === '1' || !existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `snapshot ${name} differs (UPDATE_SNAPSHOTS=1 to accept)`);
}

function planText(events: RunEvent[]): string {
  return events
    .filter((e) => e.type === 'plan' || e.type === 'preflight')
    .map((e) => renderEvent(e))
    .join('\n')
    .replace(/\(run [^)]+\)/, '(run <id>)')
    .replace(/resil run \S+:/g, 'resil run <id>:')
    .concat('\n');
}

test('plan snapshot: switchover with weighted DNS cutover and LB check', async () => {
  const h = harness(defaultState());
  const { io } = await failover(
    h,
    { dns: { zone: 'example.com', record: 'api.example.com' }, loadBalancer: 'shop-west-alb' },
    { dryRun: true },
  );
  snapshot('switchover-weighted', planText(io.events));
});

test('plan snapshot: failover mode with failover records', async () => {
  const h = harness(defaultState());
  const { io } = await failover(
    h,
    { mode: 'failover', dns: { zone: 'example.com', record: 'db.example.com' } },
    { dryRun: true, fake: { down: ['us-east-1'] } },
  );
  snapshot('failover-records', planText(io.events));
});
