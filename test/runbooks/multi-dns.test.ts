/**
 * A failover run that cuts over several Route 53 records of ONE hosted zone: one snapshot, one
 * change batch holding every change, one INSYNC wait, the largest old TTL, each answer verified;
 * rollback restores all of them in one batch. Records in several zones are refused (exit 2).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Journal, readJournal } from '../../src/runbooks/journal.js';
import { renderEvent } from '../../src/runbooks/render.js';
import type { RunEvent } from '../../src/runbooks/io.js';
import type { DnsPlan } from '../../src/runbooks/dns.js';
import { ResilError } from '../../src/util/errors.js';
import { defaultState, Killed, type FakeState } from './fake-gateway.js';
import { failover, harness, RecorderHost, resume, rollback, type Harness } from './support.js';

const api = { zone: 'example.com', record: 'api.example.com' };
const db = { zone: 'example.com', record: 'db.example.com' };
const both = [api, db];

const recs = (s: FakeState, name: string) => s.records['Z0EXAMPLE']!.filter((r) => r.name === name);

function assertCutOver(s: FakeState): void {
  assert.deepEqual(
    recs(s, 'api.example.com.').map((r) => [r.setIdentifier, r.weight]),
    [
      ['us-east-1', 0],
      ['us-west-2', 100],
    ],
  );
  assert.deepEqual(
    recs(s, 'db.example.com.').map((r) => [r.setIdentifier, r.failover]),
    [
      ['primary', 'SECONDARY'],
      ['secondary', 'PRIMARY'],
    ],
  );
}

test('two records of one zone: one batch with every change, one INSYNC wait, largest TTL, both answers verified; executed == planned', async () => {
  const h = harness(defaultState());
  const { outcome, io } = await failover(h, { dns: both }, { yes: true });
  assert.equal(outcome.exitCode, 0, outcome.message);
  assertCutOver(h.state);
  // executed mutating calls == planned calls, each exactly once
  const plan = io.events.find((e) => e.type === 'plan')!;
  const planned = plan.type === 'plan' ? plan.steps.flatMap((s) => (s.mutating ? s.calls : [])) : [];
  assert.deepEqual(
    h.mutations().map((c) => ({ operation: c.operation, region: c.region, params: c.params })),
    planned.map((c) => ({ operation: c.operation, region: c.region, params: c.params })),
  );
  const batches = h.mutations().filter((c) => c.operation === 'ChangeResourceRecordSets');
  assert.equal(batches.length, 1);
  const changes = (
    batches[0]!.params['ChangeBatch'] as { Changes: Array<{ ResourceRecordSet: { Name: string } }> }
  ).Changes;
  assert.deepEqual(changes.map((c) => c.ResourceRecordSet.Name.replace(/\.$/, '')).sort(), [
    'api.example.com',
    'api.example.com',
    'db.example.com',
    'db.example.com',
  ]);
  // One change id polled; the TTL step waits the largest old TTL (api: 60 s, db: 30 s).
  assert.equal(
    new Set(
      h
        .allCalls()
        .filter((c) => c.operation === 'GetChange')
        .map((c) => JSON.stringify(c.params)),
    ).size,
    1,
  );
  assert.ok(
    plan.type === 'plan' &&
      plan.steps.some((s) => s.id === 'dns-ttl' && /largest old TTL \(60 s\)/.test(s.title)),
  );
  const answered = h
    .allCalls()
    .filter((c) => c.operation === 'TestDNSAnswer')
    .map((c) => c.params['RecordName']);
  assert.ok(
    answered.includes('api.example.com.') && answered.includes('db.example.com.'),
    JSON.stringify(answered),
  );
  // One snapshot in the journal: both records' old record sets.
  const data = readJournal(outcome.journalPath).find((r) => r.type === 'plan')!['data'] as { dns: DnsPlan[] };
  assert.deepEqual(
    data.dns.map((p) => [p.record, p.old.length]),
    [
      ['api.example.com.', 2],
      ['db.example.com.', 2],
    ],
  );
});

test('rollback of a two-record failover restores both records in one batch', async () => {
  const s = defaultState();
  const before = structuredClone(s.records['Z0EXAMPLE']!);
  const h = harness(s);
  const f = await failover(h, { dns: both }, { yes: true });
  assert.equal(f.outcome.exitCode, 0, f.outcome.message);
  const rb = await rollback(h, f.outcome.runId, { yes: true });
  assert.equal(rb.outcome.exitCode, 0, rb.outcome.message);
  assert.deepEqual(s.records['Z0EXAMPLE'], before);
  assert.equal(
    h.mutations().filter((c) => c.operation === 'ChangeResourceRecordSets').length,
    2,
    'one batch for the cutover, one for the rollback',
  );
  const last = h.mutations().at(-1)!;
  assert.equal((last.params['ChangeBatch'] as { Changes: unknown[] }).Changes.length, 4);
});

class ChangingHost extends RecorderHost {
  private n = 0;
  constructor(
    answers: boolean[],
    private readonly onPrompt: (n: number) => void,
  ) {
    super(true, answers);
  }
  override async confirm(message: string): Promise<boolean> {
    this.onPrompt(++this.n);
    return super.confirm(message);
  }
}

test('someone else changes the SECOND record while the DNS prompt waits: nothing of the batch is sent (exit 5, names it)', async () => {
  const h = harness(defaultState());
  const io = new ChangingHost([true, true], (n) => {
    if (n !== 2) return;
    for (const r of recs(h.state, 'db.example.com.')) r.ttl = 5;
  });
  const { outcome } = await failover(h, { dns: both }, { yes: false, io });
  assert.equal(outcome.exitCode, 5, outcome.message);
  assert.equal(outcome.stoppedAt, 'dns-change');
  assert.match(outcome.message, /changed since the plan/);
  assert.match(outcome.message, /db\.example\.com\. CNAME: now .*TTL 5 s/);
  assert.doesNotMatch(outcome.message, /api\.example\.com\. CNAME:/);
  assert.deepEqual(
    h.mutations().map((c) => c.operation),
    ['SwitchoverGlobalCluster'],
  );
  assert.deepEqual(
    recs(h.state, 'api.example.com.').map((r) => r.weight),
    [100, 0],
    'the first record was not changed either',
  );
});

// A killed process writes nothing more: journal appends become no-ops once the fake is "dead".
const DEAD = { value: false };
const origAppend = Journal.prototype.append;
Journal.prototype.append = function (this: Journal, ...args: Parameters<Journal['append']>) {
  if (DEAD.value) return;
  return origAppend.apply(this, args);
};

function runIdIn(h: Harness): string | undefined {
  try {
    return readdirSync(join(h.home, 'runs'))
      .find((f) => f.endsWith('.jsonl'))
      ?.replace(/\.jsonl$/, '');
  } catch {
    return undefined;
  }
}

test('kill -9 at every Route 53 call of a two-record run, then --resume: the batch is sent exactly once', async () => {
  const probe = harness(defaultState());
  await failover(probe, { dns: both }, { yes: true });
  const r53 = probe
    .allCalls()
    .map((c, i) => ({ n: i + 1, c }))
    .filter(
      (x) =>
        x.c.service === 'route53' &&
        x.n > probe.allCalls().findIndex((c) => c.operation === 'SwitchoverGlobalCluster'),
    );
  assert.ok(r53.some((x) => x.c.operation === 'ChangeResourceRecordSets'));
  let resumed = 0;
  for (const { n } of r53) {
    for (const when of ['before', 'after'] as const) {
      const h = harness(defaultState());
      DEAD.value = false;
      try {
        await failover(
          h,
          { dns: both },
          { yes: true, fake: { killAt: { call: n, when }, onCall: () => undefined } },
        );
      } catch (err) {
        if (!(err instanceof Killed)) throw err;
      }
      const wasKilled = h.gateways.some((g) => g.dead);
      DEAD.value = false;
      assert.ok(wasKilled, `call ${n} ${when}: the kill did not happen`);
      const id = runIdIn(h);
      assert.ok(id, `call ${n} ${when}: no journal`);
      const r = await resume(h, id, { yes: true });
      assert.equal(r.outcome.exitCode, 0, `call ${n} ${when}: ${r.outcome.message}`);
      assertCutOver(h.state);
      assert.deepEqual(
        h
          .mutations()
          .map((c) => c.operation)
          .sort(),
        ['ChangeResourceRecordSets', 'SwitchoverGlobalCluster'],
        `call ${n} ${when}: each mutating call exactly once`,
      );
      resumed++;
    }
  }
  assert.ok(resumed >= 6, `resumed ${resumed}`);
});

test('Ctrl-C during the INSYNC wait of a two-record run, then --resume: the batch is not sent again', async () => {
  const h = harness(defaultState());
  const ctl = new AbortController();
  const io = new (class extends RecorderHost {
    override emit(e: RunEvent) {
      super.emit(e);
      if (e.type === 'step-wait' && e.step.id === 'dns-insync') ctl.abort();
    }
  })(false);
  const r1 = await failover(
    h,
    { dns: both },
    { yes: true, io, signal: ctl.signal, fake: { changePolls: 3 } },
  );
  assert.equal(r1.outcome.exitCode, 5, r1.outcome.message);
  const r2 = await resume(h, r1.outcome.runId, { yes: true });
  assert.equal(r2.outcome.exitCode, 0, r2.outcome.message);
  assertCutOver(h.state);
  assert.equal(h.mutations().filter((c) => c.operation === 'ChangeResourceRecordSets').length, 1);
});

test('records in several hosted zones: usage error (exit 2) naming the zones and the per-zone way; nothing read beyond the zones, nothing changed', async () => {
  const s = defaultState();
  s.zones.push({ id: 'Z0OTHER', name: 'example.org.', private: false });
  s.records['Z0OTHER'] = [
    { name: 'api.example.org.', type: 'CNAME', ttl: 60, values: ['east-alb.us-east-1.elb.amazonaws.com'] },
  ];
  const h = harness(s);
  await assert.rejects(
    failover(h, { dns: [api, { zone: 'example.org', record: 'api.example.org', value: ['west'] }] }),
    (e: unknown) => {
      assert.ok(e instanceof ResilError);
      assert.equal(e.exitCode, 2);
      assert.match(
        e.message,
        /in 2 hosted zones: example\.com\. \(Z0EXAMPLE\): api\.example\.com; example\.org\. \(Z0OTHER\): api\.example\.org/,
      );
      assert.match(e.suggestions.join(' '), /--skip-dns/);
      assert.match(e.suggestions.join(' '), /resil cutover --zone ZONE --record NAME --to us-west-2/);
      return true;
    },
  );
  assert.equal(h.mutations().length, 0);
});

test('the same record listed twice: usage error (Route 53 would reject the batch)', async () => {
  const h = harness(defaultState());
  await assert.rejects(
    failover(h, { dns: [api, { ...api, record: 'API.example.com.' }] }),
    /api\.example\.com\. CNAME is listed twice/,
  );
  assert.equal(h.mutations().length, 0);
});

test('a one-record list plans exactly like a single record (same journal form, same calls)', async () => {
  const a = harness(defaultState());
  const b = harness(defaultState());
  const ra = await failover(a, { dns: api }, { dryRun: true });
  const rb = await failover(b, { dns: [api] }, { dryRun: true });
  const planOf = (p: string) => readJournal(p).find((r) => r.type === 'plan')!['data'];
  assert.deepEqual(planOf(rb.outcome.journalPath), planOf(ra.outcome.journalPath));
  assert.equal(Array.isArray((planOf(ra.outcome.journalPath) as { dns: unknown }).dns), false);
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

test('plan snapshot: switchover with two DNS records of one zone (weighted + failover)', async () => {
  const h = harness(defaultState());
  const { io } = await failover(h, { dns: both }, { dryRun: true });
  const text = io.events
    .filter((e) => e.type === 'plan' || e.type === 'preflight')
    .map((e) => renderEvent(e))
    .join('\n')
    .replace(/\(run [^)]+\)/, '(run <id>)')
    .replace(/resil run \S+:/g, 'resil run <id>:')
    .concat('\n');
  snapshot('switchover-two-records', text);
  assert.match(text, /api\.example\.com\. CNAME \(weighted\)/);
  assert.match(text, /db\.example\.com\. CNAME \(failover\)/);
  assert.match(text, /ONE batch/);
});

test('one zone named by name in one entry and by id in another: the same zone, one batch', async () => {
  const h = harness(defaultState());
  const { outcome } = await failover(
    h,
    { dns: [api, { zone: 'Z0EXAMPLE', record: 'db.example.com' }] },
    { yes: true },
  );
  assert.equal(outcome.exitCode, 0, outcome.message);
  assertCutOver(h.state);
  assert.equal(h.mutations().filter((c) => c.operation === 'ChangeResourceRecordSets').length, 1);
});

test('config-level zone check: two names or two ids differ → refused at once; a name and an id → decided after ListHostedZones', async () => {
  const { distinctConfiguredZones } = await import('../../src/runbooks/dns.js');
  assert.deepEqual(
    distinctConfiguredZones([api, { zone: 'example.org.', record: 'x.example.org' }])?.map((z) => z.zone),
    ['example.com.', 'example.org.'],
  );
  assert.deepEqual(
    distinctConfiguredZones([
      { zone: 'Z1AAA', record: 'a' },
      { zone: '/hostedzone/Z2BBB', record: 'b' },
    ])?.map((z) => z.zone),
    ['Z1AAA', 'Z2BBB'],
  );
  assert.equal(
    distinctConfiguredZones([api, db, { zone: 'EXAMPLE.com.', record: 'www.example.com' }]),
    undefined,
  );
  assert.equal(distinctConfiguredZones([api, { zone: 'Z0EXAMPLE', record: 'db.example.com' }]), undefined);
});
