/**
 * `resil iam-policy runbooks` covers what the runbooks do: every runbook and failover mode runs to
 * completion on the in-memory gateway, and each call it made, and each call its steps declare, is
 * an action of the policy generated for that runbook and mode (and nothing a narrower selection
 * left out). The integration tests repeat this with the emulator's request log.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runbookActions } from '../../src/engine/iam-policy.js';
import { MODES } from '../../src/runbooks/failover.js';
import { FAILOVER_MODES, type FailoverMode, type RunbookName } from '../../src/runbooks/permissions.js';
import { defaultState } from './fake-gateway.js';
import { cutover, failover, harness, rollback, type Harness, RecorderHost } from './support.js';
import type { RunOutcome } from '../../src/runbooks/io.js';

const dnsWeighted = { zone: 'example.com', record: 'api.example.com' };
const dnsFailover = { zone: 'example.com', record: 'db.example.com' };

/** Every `service:Operation` the run called, and every one its plan's steps declared. */
function actionsOf(h: Harness, ios: RecorderHost[]): { called: string[]; declared: string[] } {
  const called = h.allCalls().map((c) => `${c.service}:${c.operation}`);
  const declared = ios.flatMap((io) =>
    io.events.flatMap((e) => (e.type === 'plan' ? e.steps.flatMap((s) => s.calls) : [])),
  );
  return {
    called: [...new Set(called)].sort(),
    declared: [...new Set(declared.map((c) => `${c.service}:${c.operation}`))].sort(),
  };
}

function assertCovered(
  what: string,
  runbook: RunbookName,
  mode: FailoverMode | undefined,
  h: Harness,
  ios: RecorderHost[],
): void {
  const { reads, changes } = runbookActions({ runbooks: [runbook], ...(mode ? { modes: [mode] } : {}) });
  const allowed = new Set([...reads, ...changes]);
  const { called, declared } = actionsOf(h, ios);
  assert.ok(called.length > 0, `${what}: the run made calls`);
  assert.deepEqual(
    called.filter((a) => !allowed.has(a)),
    [],
    `${what}: every call is in the policy`,
  );
  assert.deepEqual(
    declared.filter((a) => !allowed.has(a)),
    [],
    `${what}: every declared call is in the policy`,
  );
  // The mutations are exactly in the change statement.
  for (const m of h.mutations())
    assert.ok(changes.includes(`${m.service}:${m.operation}`), `${what}: ${m.operation} is a change`);
}

function done(outcome: RunOutcome): void {
  assert.equal(outcome.exitCode, 0, outcome.message);
}

test('iam-policy runbooks: failover modes as the failover runbook declares them', () => {
  assert.deepEqual([...FAILOVER_MODES], [...MODES]);
});

test('iam-policy runbooks: switchover with a weighted DNS cutover and the load-balancer check', async () => {
  const h = harness(defaultState());
  const { outcome, io } = await failover(
    h,
    { dns: dnsWeighted, loadBalancer: 'shop-west-alb' },
    { yes: true },
  );
  done(outcome);
  assertCovered('switchover', 'failover', 'switchover', h, [io]);
  assert.ok(h.allCalls().some((c) => c.operation === 'DescribeTargetHealth'));
});

test('iam-policy runbooks: switchover with failover records (health checks read)', async () => {
  const h = harness(defaultState());
  const { outcome, io } = await failover(h, { dns: dnsFailover }, { yes: true });
  done(outcome);
  assertCovered('switchover + failover records', 'failover', 'switchover', h, [io]);
  assert.ok(h.allCalls().some((c) => c.operation === 'GetHealthCheckStatus'));
});

test('iam-policy runbooks: managed failover (data loss) with DNS, and detach', async () => {
  const f = harness(defaultState());
  const r1 = await failover(
    f,
    { mode: 'failover', dns: dnsWeighted },
    { yes: true, allowDataLoss: true, fake: { down: ['us-east-1'] } },
  );
  done(r1.outcome);
  assertCovered('failover', 'failover', 'failover', f, [r1.io]);

  const d = harness(defaultState());
  const r2 = await failover(
    d,
    { mode: 'detach' },
    { yes: true, allowDataLoss: true, fake: { down: ['us-east-1'] } },
  );
  done(r2.outcome);
  assertCovered('detach', 'failover', 'detach', d, [r2.io]);
});

test('iam-policy runbooks: a switchover-only policy would refuse a managed failover', () => {
  const { changes } = runbookActions({ runbooks: ['failover'], modes: ['switchover'] });
  assert.deepEqual(changes, ['rds:SwitchoverGlobalCluster', 'route53:ChangeResourceRecordSets']);
});

test('iam-policy runbooks: cutover and its rollback', async () => {
  const h = harness(defaultState());
  const cut = await cutover(
    h,
    { to: 'us-west-2', dns: dnsFailover, waitTtl: true, dnsTimeoutMs: 300_000 },
    { yes: true },
  );
  done(cut.outcome);
  const back = await rollback(h, cut.outcome.runId, { yes: true });
  done(back.outcome);
  assertCovered('cutover + rollback', 'cutover', undefined, h, [cut.io, back.io]);
  const { reads } = runbookActions({ runbooks: ['cutover'] });
  assert.ok(!reads.some((a) => a.startsWith('rds:')), 'a cutover role reads no database');
});
