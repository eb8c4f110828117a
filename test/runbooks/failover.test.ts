import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { defaultState, arnOf } from './fake-gateway.js';
import { failover, harness, RecorderHost } from './support.js';
import { readJournal } from '../../src/runbooks/journal.js';

const dns = { zone: 'example.com', record: 'api.example.com' };

test('switchover happy path with weighted DNS cutover: completes, verifies, journals RTO', async () => {
  const h = harness(defaultState());
  const { outcome, io } = await failover(h, { dns, loadBalancer: 'shop-west-alb' }, { yes: true });
  assert.equal(outcome.status, 'completed', outcome.message);
  assert.equal(outcome.exitCode, 0);
  const g = h.state.global;
  assert.equal(g.members.find((m) => m.region === 'us-west-2')!.isWriter, true);
  assert.equal(g.members.find((m) => m.region === 'us-east-1')!.synchronizationStatus, 'connected');
  const recs = h.state.records['Z0EXAMPLE']!.filter((r) => r.name === 'api.example.com.');
  assert.deepEqual(
    recs.map((r) => [r.setIdentifier, r.weight]),
    [
      ['us-east-1', 0],
      ['us-west-2', 100],
    ],
  );
  // executed mutating calls == planned calls, each exactly once
  const plan = io.events.find((e) => e.type === 'plan')!;
  assert.equal(plan.type, 'plan');
  const planned = plan.type === 'plan' ? plan.steps.flatMap((s) => (s.mutating ? s.calls : [])) : [];
  assert.deepEqual(
    h.mutations().map((c) => ({ operation: c.operation, region: c.region, params: c.params })),
    planned.map((c) => ({ operation: c.operation, region: c.region, params: c.params })),
  );
  assert.equal(h.mutations().length, 2);
  assert.equal(typeof outcome.rtoSeconds, 'number');
  assert.equal(outcome.rpoSeconds, 0);
  // journal: mode 0600, request ids, step transitions, end record
  const st = statSync(outcome.journalPath);
  assert.equal(st.mode & 0o777, 0o600);
  const j = readJournal(outcome.journalPath);
  assert.ok(
    j.some(
      (r) =>
        r.type === 'call' &&
        r['operation'] === 'SwitchoverGlobalCluster' &&
        typeof r['requestId'] === 'string',
    ),
  );
  assert.ok(j.some((r) => r.type === 'observed' && String(r['observed']).includes('switching-over')));
  assert.equal(j.at(-1)!.type, 'end');
  assert.equal(j.at(-1)!['status'], 'completed');
  assert.doesNotMatch(readFileSync(outcome.journalPath, 'utf8'), /secretAccessKey|aws_secret/i);
});

test('preflight refuses excessive lag before any change (exit 4), and --force overrides it for a switchover', async () => {
  const s = defaultState();
  s.lagMs['shop-west'] = 40_000;
  const h = harness(s);
  const { outcome, io } = await failover(h, {}, { yes: true });
  assert.equal(outcome.exitCode, 4);
  assert.match(outcome.message, /agd\.replication-lag: lag 40\.0 s \(limit 15 s\)/);
  assert.equal(h.mutations().length, 0);
  const pf = io.events.find((e) => e.type === 'preflight');
  assert.ok(
    pf &&
      pf.type === 'preflight' &&
      pf.results.some((r) => r.id === 'agd.replication-lag' && !r.ok && r.forcible),
  );

  const forced = await failover(h, {}, { yes: true, force: true });
  assert.equal(forced.outcome.exitCode, 0, forced.outcome.message);
});

test('failover mode: excessive lag is not overridable by --force (it could lose data)', async () => {
  const s = defaultState();
  s.lagMs['shop-west'] = 40_000;
  const h = harness(s);
  const { outcome } = await failover(
    h,
    { mode: 'failover' },
    { yes: true, allowDataLoss: true, force: true },
  );
  assert.equal(outcome.exitCode, 4);
  assert.match(outcome.message, /agd\.replication-lag/);
  assert.equal(h.mutations().length, 0);
});

test('refuses without a TTY and without --yes (exit 2), with zero mutating calls', async () => {
  const h = harness(defaultState());
  const { outcome } = await failover(h, { dns }, { yes: false, io: new RecorderHost(false) });
  assert.equal(outcome.exitCode, 2);
  assert.match(outcome.message, /pass --yes/);
  assert.equal(h.mutations().length, 0);
});

test('interactive: each mutating step asks y/N; answering No stops before any change (exit 4)', async () => {
  const h = harness(defaultState());
  const io = new RecorderHost(true, [false]);
  const { outcome } = await failover(h, { dns }, { yes: false, io });
  assert.equal(outcome.exitCode, 4);
  assert.equal(io.prompts.length, 1);
  assert.match(io.prompts[0]!.message, /writer of shop-global moves from us-east-1 to us-west-2/);
  assert.equal(h.mutations().length, 0);
});

test('interactive: yes to the switchover, no to DNS → exit 5 after a change, with resume command', async () => {
  const h = harness(defaultState());
  const io = new RecorderHost(true, [true, false]);
  const { outcome } = await failover(h, { dns }, { yes: false, io });
  assert.equal(outcome.exitCode, 5);
  assert.equal(outcome.stoppedAt, 'dns-change');
  assert.match(outcome.resumeCommand ?? '', /resil failover --resume \S+/);
  assert.match(outcome.liveState ?? '', /writer us-west-2/);
  assert.deepEqual(
    h.mutations().map((c) => c.operation),
    ['SwitchoverGlobalCluster'],
  );
});

test('dry run: prints plan and preflight, zero mutating calls, exit 0; exit 4 when a precondition fails', async () => {
  const h = harness(defaultState());
  const { outcome, io } = await failover(h, { dns }, { dryRun: true, yes: false });
  assert.equal(outcome.exitCode, 0);
  assert.equal(outcome.status, 'dry-run');
  assert.equal(h.mutations().length, 0);
  assert.ok(io.events.some((e) => e.type === 'plan'));
  const s2 = defaultState();
  s2.global.members[1]!.synchronizationStatus = 'pending-resync';
  const h2 = harness(s2);
  const r2 = await failover(h2, {}, { dryRun: true });
  assert.equal(r2.outcome.exitCode, 4);
  assert.match(r2.outcome.message, /agd\.target-synchronizing/);
  assert.equal(h2.mutations().length, 0);
});

test('failover with data loss: typed confirmation of the global cluster id; no call to the failed region', async () => {
  const h = harness(defaultState());
  const io = new RecorderHost(true, ['shop-global']);
  const { outcome } = await failover(
    h,
    { mode: 'failover' },
    { yes: false, allowDataLoss: true, io, fake: { down: ['us-east-1'] } },
  );
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.equal(io.prompts[0]!.kind, 'typed');
  assert.match(io.prompts[0]!.message, /CAN LOSE DATA\. Type shop-global/);
  assert.deepEqual(
    h.mutations().map((c) => [c.operation, c.params['AllowDataLoss']]),
    [['FailoverGlobalCluster', true]],
  );
  assert.deepEqual(
    h.allCalls().filter((c) => c.region === 'us-east-1' && c.service !== 'route53'),
    [],
  );
  assert.equal(outcome.rpoSeconds, 1.2);
});

test('failover with data loss: a wrong typed answer stops before any change', async () => {
  const h = harness(defaultState());
  const io = new RecorderHost(true, ['shop']);
  const { outcome } = await failover(h, { mode: 'failover' }, { yes: false, allowDataLoss: true, io });
  assert.equal(outcome.exitCode, 4);
  assert.equal(h.mutations().length, 0);
});

test('failover with data loss: --yes alone is refused; --yes --allow-data-loss runs', async () => {
  const h = harness(defaultState());
  const r1 = await failover(h, { mode: 'failover' }, { yes: true, allowDataLoss: false });
  assert.equal(r1.outcome.exitCode, 2);
  assert.equal(h.mutations().length, 0);
  const r2 = await failover(
    h,
    { mode: 'failover' },
    { yes: true, allowDataLoss: true, fake: { down: ['us-east-1'] } },
  );
  assert.equal(r2.outcome.exitCode, 0, r2.outcome.message);
});

test('detach: RemoveFromGlobalCluster of the target, waits for a standalone available cluster', async () => {
  const h = harness(defaultState());
  const { outcome } = await failover(
    h,
    { mode: 'detach' },
    { yes: true, allowDataLoss: true, fake: { down: ['us-east-1'] } },
  );
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.deepEqual(
    h.mutations().map((c) => c.operation),
    ['RemoveFromGlobalCluster'],
  );
  assert.equal(
    h.state.global.members.some((m) => m.region === 'us-west-2'),
    false,
  );
  assert.equal(h.state.clusters[arnOf('us-west-2', 'shop-west')]!.globalClusterId, undefined);
});

test('a failover in flight started by someone else is detected and not doubled', async () => {
  const s = defaultState();
  s.global.failoverState = {
    status: 'switching-over',
    fromClusterArn: arnOf('us-east-1', 'shop-east'),
    toClusterArn: arnOf('us-west-2', 'shop-west'),
    isDataLossAllowed: false,
  };
  s.op = {
    kind: 'switchover',
    target: arnOf('us-west-2', 'shop-west'),
    from: arnOf('us-east-1', 'shop-east'),
    reads: 2,
  };
  const h = harness(s);
  const { outcome } = await failover(h, {}, { yes: true });
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.equal(h.mutations().length, 0);

  const s2 = defaultState();
  s2.global.failoverState = {
    status: 'pending',
    fromClusterArn: arnOf('us-east-1', 'shop-east'),
    toClusterArn: arnOf('eu-west-1', 'shop-eu'),
  };
  const h2 = harness(s2);
  const r2 = await failover(h2, {}, { yes: true });
  assert.equal(r2.outcome.exitCode, 4);
  assert.match(r2.outcome.message, /agd\.no-failover-in-flight/);
  assert.equal(h2.mutations().length, 0);
});

test('usage errors name the valid choices: region, global cluster, zone, record', async () => {
  const h = harness(defaultState());
  await assert.rejects(
    failover(h, { to: 'eu-west-1' }),
    /eu-west-1 is not a region of global database shop-global[\s\S]*/,
  );
  await assert.rejects(failover(h, { to: 'westus' }), /not a region name/);
  await assert.rejects(
    failover(h, { globalCluster: 'nope' }),
    (e: Error & { suggestions?: string[] }) =>
      /Unknown Aurora global database nope/.test(e.message) && /shop-global/.test(e.suggestions!.join()),
  );
  await assert.rejects(
    failover(h, { dns: { zone: 'example.org', record: 'api' } }),
    (e: Error & { suggestions?: string[] }) =>
      /Unknown hosted zone/.test(e.message) && /example\.com/.test(e.suggestions!.join()),
  );
  await assert.rejects(
    failover(h, { dns: { zone: 'example.com', record: 'nope.example.com' } }),
    /No record named nope\.example\.com\./,
  );
  const s = defaultState();
  s.others.push({ ...structuredClone(s.global), id: 'other-global' });
  await assert.rejects(
    failover(harness(s), {}),
    /There are 2 Aurora global databases: shop-global, other-global/,
  );
  assert.equal(h.mutations().length, 0);
});

test('preflight reuses the audit checks: engine versions differ → agd.version-parity fails (forcible)', async () => {
  const s = defaultState();
  s.clusters[arnOf('us-west-2', 'shop-west')]!.engineVersion = '15.3';
  const h = harness(s);
  const { outcome, io } = await failover(h, {}, { yes: true });
  assert.equal(outcome.exitCode, 4);
  const pf = io.events.find((e) => e.type === 'preflight');
  const r = pf && pf.type === 'preflight' ? pf.results.find((x) => x.id === 'agd.version-parity') : undefined;
  assert.ok(r && !r.ok && r.forcible, JSON.stringify(r));
  assert.equal(r.check, 'agd.version-parity');
  assert.match(r.message, /15\.3/);
  assert.equal(h.mutations().length, 0);
});

test('preflight reuses dr.standby-lb-healthy: healthy targets in one AZ only → refused, --force overrides', async () => {
  const s = defaultState();
  s.lbs['us-west-2:shop-west-alb']!.healthyByAz = { 'us-west-2a': 3 };
  const h = harness(s);
  const { outcome } = await failover(h, { loadBalancer: 'shop-west-alb' }, { yes: true });
  assert.equal(outcome.exitCode, 4);
  assert.match(
    outcome.message,
    /dr\.standby-lb-healthy: Standby load balancer shop-west-alb has healthy targets in 1 AZ/,
  );
  const forced = await failover(h, { loadBalancer: 'shop-west-alb' }, { yes: true, force: true });
  assert.equal(forced.outcome.exitCode, 0, forced.outcome.message);
  await assert.rejects(
    failover(h, { loadBalancer: 'nope-alb' }),
    /No load balancer named nope-alb in us-west-2/,
  );
});
