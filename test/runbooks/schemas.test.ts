/**
 * The two machine outputs of the runbooks are contracts: every journal line validates against
 * schemas/journal.schema.json and every --json event against schemas/runbook-events.schema.json
 * (draft 2020-12, strict). Real output from many runs (completed, refused, declined, interrupted,
 * timed out, resumed after a kill, rolled back) is validated, and every type the schemas declare is
 * seen at least once, so the schemas neither miss nor invent a line type.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Ajv2020 } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';
import { JsonHost } from '../../src/runbooks/hosts.js';
import type { RunEvent } from '../../src/runbooks/io.js';
import { readJournal } from '../../src/runbooks/journal.js';
import { defaultState, Killed } from './fake-gateway.js';
import { cutover, failover, harness, RecorderHost, resume, rollback, type Harness } from './support.js';
import { FakeLockStore, otherHolder } from './fake-lock.js';
import type { Clock } from '../../src/runbooks/poll.js';

const root = join(import.meta.dirname, '..', '..');
const load = (name: string) =>
  JSON.parse(readFileSync(join(root, 'schemas', name), 'utf8')) as {
    oneOf: Array<{ properties: { type: { const: string } } }>;
  };
const fmt = ajvFormats as unknown as { default?: (a: unknown) => void } & ((a: unknown) => void);
const addFormats = (typeof fmt.default === 'function' ? fmt.default : fmt) as (a: unknown) => void;

function validator(name: string) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(load(name));
}

/** The events as `--json` writes them: through the real JsonHost, parsed back. */
function asJsonLines(events: RunEvent[]): unknown[] {
  let out = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      out += chunk.toString();
      cb();
    },
  });
  const host = new JsonHost(sink);
  for (const e of events) host.emit(e);
  return out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);
}

const dns = { zone: 'example.com', record: 'api.example.com' };
const journals: string[] = [];
const events: unknown[] = [];

async function collect(
  h: Harness,
  r: Promise<{ outcome: { journalPath: string }; io: RecorderHost }>,
): Promise<void> {
  const { outcome, io } = await r;
  journals.push(outcome.journalPath);
  events.push(...asJsonLines(io.events));
  void h;
}

test('runbook outputs validate against their checked-in schemas', async () => {
  // completed switchover with DNS, then its rollback
  let h = harness(defaultState());
  const first = await failover(h, { dns, loadBalancer: 'shop-west-alb' }, { yes: true });
  journals.push(first.outcome.journalPath);
  events.push(...asJsonLines(first.io.events));
  await collect(h, rollback(h, first.outcome.runId, { yes: true }));
  // the shared lock: acquired and released; held by another run (the run stops); lost while working;
  // its store unreachable
  const store = new FakeLockStore();
  await collect(
    (h = harness(defaultState())),
    failover(h, {}, { yes: true, sharedLock: { store, leaseMs: 300_000 } }),
  );
  store.locks.set('agd-shop-global', otherHolder());
  await collect(
    (h = harness(defaultState())),
    failover(h, {}, { yes: true, sharedLock: { store, leaseMs: 300_000 } }),
  );
  store.locks.clear();
  store.loseOnRenew = true;
  let t = Date.now();
  const realish: Clock = {
    now: () => t,
    sleep: async (ms, signal) => {
      if (signal?.aborted) return;
      await new Promise((r) => setTimeout(r, 20));
      t += ms;
    },
  };
  await collect(
    (h = harness(defaultState())),
    failover(
      h,
      {},
      { yes: true, clock: realish, fake: { polls: 1000 }, sharedLock: { store, leaseMs: 3_000 } },
    ),
  );
  const broken = new FakeLockStore();
  broken.acquire = async () => {
    throw new Error('ResourceNotFoundException: no such table');
  };
  await collect(
    (h = harness(defaultState())),
    failover(h, {}, { yes: true, sharedLock: { store: broken, leaseMs: 300_000 } }),
  );
  // refused (no TTY, no --yes), dry run, preflight failure
  await collect((h = harness(defaultState())), failover(h, { dns }, { yes: false }));
  await collect((h = harness(defaultState())), failover(h, { dns }, { dryRun: true, yes: false }));
  // the DNS already as planned: a no-op (verification-only) step, no TTL wait
  const cutOver = defaultState();
  for (const r of cutOver.records['Z0EXAMPLE']!)
    if (r.name === 'api.example.com.') r.weight = r.setIdentifier === 'us-west-2' ? 100 : 0;
  await collect((h = harness(cutOver)), failover(h, { dns }, { yes: true }));
  assert.ok(
    events.some((e) => JSON.stringify(e).includes('"noop":true')),
    'a noop step is among the events validated',
  );
  const lagging = defaultState();
  lagging.lagMs['shop-west'] = 60_000;
  await collect((h = harness(lagging)), failover(h, {}, { yes: true }));
  // interactive: yes then No (declined after a change); failover with the typed confirmation; detach
  await collect(
    (h = harness(defaultState())),
    failover(h, { dns }, { yes: false, io: new RecorderHost(true, [true, false]) }),
  );
  await collect(
    (h = harness(defaultState())),
    failover(
      h,
      { mode: 'failover' },
      {
        yes: false,
        allowDataLoss: true,
        io: new RecorderHost(true, ['shop-global']),
        fake: { down: ['us-east-1'] },
      },
    ),
  );
  await collect(
    (h = harness(defaultState())),
    failover(h, { mode: 'detach' }, { yes: true, allowDataLoss: true, fake: { down: ['us-east-1'] } }),
  );
  // post-check timeout (exit 5), then resume
  h = harness(defaultState());
  const timedOut = await failover(h, { resyncTimeoutMs: 30_000 }, { yes: true, fake: { resyncPolls: 1000 } });
  await collect(h, Promise.resolve(timedOut));
  h.state.resync!.left = 0;
  await collect(h, resume(h, timedOut.outcome.runId, { yes: true }));
  // Ctrl-C during a wait
  h = harness(defaultState());
  const ctl = new AbortController();
  const aborting = new (class extends RecorderHost {
    override emit(e: RunEvent) {
      super.emit(e);
      if (e.type === 'step-wait') ctl.abort();
    }
  })(false);
  await collect(
    h,
    cutover(
      h,
      { to: 'us-west-2', dns, waitTtl: true, dnsTimeoutMs: 300_000 },
      { yes: true, io: aborting, signal: ctl.signal },
    ),
  );
  // a call that fails (step-failed with error), and a kill right after the DNS batch, resumed (warning line)
  h = harness(defaultState());
  const probe = harness(defaultState());
  await cutover(probe, { to: 'us-west-2', dns, waitTtl: true, dnsTimeoutMs: 300_000 }, { yes: true });
  const n = probe.allCalls().findIndex((c) => c.operation === 'ChangeResourceRecordSets') + 1;
  await cutover(
    h,
    { to: 'us-west-2', dns, waitTtl: true, dnsTimeoutMs: 300_000 },
    { yes: true, fake: { killAt: { call: n, when: 'after' } } },
  ).catch((err: unknown) => {
    if (!(err instanceof Killed)) throw err;
  });
  const file = join(h.home, 'runs', readdirSync(join(h.home, 'runs'))[0]!);
  journals.push(file); // as the simulated crash left it (step-failed with an error)
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const cut = lines.findIndex((l) => l.includes('"type":"mutation-start"'));
  const crashed = join(h.home, 'crashed.jsonl');
  writeFileSync(crashed, `${lines.slice(0, cut + 1).join('\n')}\n`);
  const r = await resume(h, crashed, { yes: true });
  assert.equal(r.outcome.exitCode, 0, r.outcome.message);
  journals.push(crashed);
  events.push(...asJsonLines(r.io.events));

  const vj = validator('journal.schema.json');
  const seenJ = new Set<string>();
  for (const path of journals) {
    for (const line of readJournal(path)) {
      seenJ.add(line.type);
      assert.equal(line.v, 1, `${path}: line ${line.seq} has no v`);
      assert.ok(
        vj(line),
        `${path} line ${line.seq} (${line.type}): ${JSON.stringify(vj.errors?.slice(0, 3))}\n${JSON.stringify(line)}`,
      );
    }
  }
  const ve = validator('runbook-events.schema.json');
  const seenE = new Set<string>();
  for (const e of events) {
    seenE.add((e as { type: string }).type);
    assert.ok(ve(e), `${JSON.stringify(ve.errors?.slice(0, 3))}\n${JSON.stringify(e)}`);
  }
  const declared = (name: string) =>
    load(name)
      .oneOf.map((s) => s.properties.type.const)
      .sort();
  assert.deepEqual(
    [...seenJ].sort(),
    declared('journal.schema.json'),
    'every journal line type is declared and exercised',
  );
  assert.deepEqual(
    [...seenE].sort(),
    declared('runbook-events.schema.json'),
    'every event type is declared and exercised',
  );
});

test('the schemas reject what they should: unknown fields, a missing v, a wrong status', () => {
  const vj = validator('journal.schema.json');
  const line = {
    type: 'step-end',
    t: '2026-11-26T12:00:00.000Z',
    seq: 3,
    v: 1,
    step: 'dns-change',
    elapsedMs: 10,
  };
  assert.ok(vj(line), JSON.stringify(vj.errors));
  assert.equal(vj({ ...line, v: undefined }), false);
  assert.equal(vj({ ...line, extra: 1 }), false);
  assert.equal(vj({ ...line, type: 'no-such-type' }), false);
  const ve = validator('runbook-events.schema.json');
  const result = {
    v: 1,
    type: 'result',
    outcome: { runId: 'r', status: 'completed', exitCode: 0, message: 'ok', journalPath: '/x' },
  };
  assert.ok(ve(result), JSON.stringify(ve.errors));
  assert.equal(ve({ ...result, outcome: { ...result.outcome, status: 'done' } }), false);
  assert.equal(ve({ ...result, outcome: { ...result.outcome, exitCode: 3 } }), false);
});
