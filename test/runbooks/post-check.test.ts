/**
 * The post-check after the writer moved (REFERENCE §2.1 step 9, §2.2 step 7): in switchover mode it
 * waits for the old primary to be a connected secondary again and re-runs agd.topology-healthy; in
 * failover and detach modes it reads once from the target region, never the failed one, and never blocks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readJournal } from '../../src/runbooks/journal.js';
import { renderEvent } from '../../src/runbooks/render.js';
import { defaultState } from './fake-gateway.js';
import { failover, harness, resume } from './support.js';

const dns = { zone: 'example.com', record: 'api.example.com' };

test('switchover: the post-check waits for the old primary pending-resync → connected, after the RTO clock stopped', async () => {
  const h = harness(defaultState());
  const { outcome, io } = await failover(h, { dns }, { yes: true, fake: { resyncPolls: 3 } });
  assert.equal(outcome.exitCode, 0, outcome.message);
  const j = readJournal(outcome.journalPath);
  const observed = j
    .filter((r) => r.type === 'observed' && r['step'] === 'agd-post-check')
    .map((r) => String(r['observed']));
  assert.ok(
    observed.some((o) => /shop-east \(us-east-1\) pending-resync/.test(o)),
    observed.join('\n'),
  );
  const verified = j.find((r) => r.type === 'step-verified' && r['step'] === 'agd-post-check');
  assert.match(
    String(verified?.['observed']),
    /shop-east \(us-east-1\) connected; audit check agd\.topology-healthy passes/,
  );
  // The RTO stops before the post-check: it is journaled, equals the outcome's, and the wait is not in it.
  const rto = j.find((r) => r.type === 'rto');
  assert.equal(rto?.['before'], 'agd-post-check');
  assert.equal(rto?.['rtoSeconds'], outcome.rtoSeconds);
  assert.ok(Number(verified?.['elapsedMs']) > 0, 'the post-check waited');
  // Read-only, target region only, and the mutations are still exactly the planned two.
  assert.deepEqual(
    h
      .mutations()
      .map((c) => c.operation)
      .sort(),
    ['ChangeResourceRecordSets', 'SwitchoverGlobalCluster'],
  );
  assert.ok(
    io.events.some(
      (e) => e.type === 'note' && /Post-check: us-east-1 is back in shop-global.*connected/.test(e.text),
    ),
  );
  assert.deepEqual(outcome.next, [
    'To switch back later (no data loss): resil failover --to us-east-1 --dry-run, then without --dry-run.',
  ]);
});

test('switchover: a post-check timeout is exit 5 saying the data is safe but the DR posture is degraded; resume keeps waiting', async () => {
  const h = harness(defaultState());
  const { outcome, io } = await failover(
    h,
    { dns, resyncTimeoutMs: 60_000 },
    { yes: true, fake: { resyncPolls: 1000 } },
  );
  assert.equal(outcome.exitCode, 5);
  assert.equal(outcome.status, 'stopped-after-change');
  assert.equal(outcome.stoppedAt, 'agd-post-check');
  assert.match(outcome.message, /Timed out after 1m00s waiting for "Post-check/);
  assert.match(outcome.message, /last seen: shop-east \(us-east-1\) pending-resync/);
  assert.match(
    outcome.message,
    /no data was lost\. But shop-east \(us-east-1\) is not yet a connected secondary, so shop-global has no replicating failover target: the DR posture is degraded/,
  );
  assert.match(
    outcome.message,
    /Check: `aws rds describe-global-clusters --region us-west-2 --global-cluster-identifier shop-global`/,
  );
  assert.equal(outcome.resumeCommand, `resil failover --resume ${outcome.runId}`);
  assert.equal(typeof outcome.rtoSeconds, 'number', 'the RTO was measured before the post-check');
  assert.match(outcome.liveState ?? '', /writer us-west-2/);
  assert.ok(
    io.events.some((e) => e.type === 'step-end' && e.step.id === 'agd-post-check' && e.outcome === 'failed'),
  );
  const text = renderEvent({ type: 'result', outcome });
  assert.match(text, /STOPPED AFTER A CHANGE \(exit 5\)/);
  assert.match(text, /Resume with: resil failover --resume/);
  assert.deepEqual(
    h
      .mutations()
      .map((c) => c.operation)
      .sort(),
    ['ChangeResourceRecordSets', 'SwitchoverGlobalCluster'],
  );

  // The old primary catches up; resume re-checks, changes nothing, and completes.
  h.state.resync!.left = 0;
  const r = await resume(h, outcome.runId, { yes: true });
  assert.equal(r.outcome.exitCode, 0, r.outcome.message);
  assert.deepEqual(
    h
      .mutations()
      .map((c) => c.operation)
      .sort(),
    ['ChangeResourceRecordSets', 'SwitchoverGlobalCluster'],
  );
  assert.equal(
    h.state.global.members.find((m) => m.region === 'us-east-1')!.synchronizationStatus,
    'connected',
  );
});

test('switchover: the post-check fails on fresh state when agd.topology-healthy fails (e.g. the global cluster is not available)', async () => {
  const h = harness(defaultState());
  let reads = 0;
  const { outcome } = await failover(
    h,
    { resyncTimeoutMs: 30_000 },
    {
      yes: true,
      fake: {
        onCall: (op) => {
          // From the post-check's read on (the second read after the writer moved), the global cluster reports "modifying".
          if (
            op === 'DescribeGlobalClusters' &&
            h.state.global.members.find((m) => m.region === 'us-west-2')!.isWriter &&
            ++reads >= 2
          )
            h.state.global.status = 'modifying';
        },
      },
    },
  );
  assert.equal(outcome.exitCode, 5, outcome.message);
  assert.equal(outcome.stoppedAt, 'agd-post-check');
  assert.match(
    outcome.message,
    /agd\.topology-healthy fails: shop-global is not ready to fail over: status is modifying/,
  );
});

test('failover mode: the post-check never calls the failed region, never waits, and says what to watch and how to fail back', async () => {
  const h = harness(defaultState());
  const { outcome, io } = await failover(
    h,
    { mode: 'failover', dns: { zone: 'example.com', record: 'db.example.com' }, resyncTimeoutMs: 60_000 },
    { yes: true, allowDataLoss: true, fake: { down: ['us-east-1'], resyncPolls: 1000 } },
  );
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.deepEqual(
    h.allCalls().filter((c) => c.region === 'us-east-1' && c.service !== 'route53'),
    [],
  );
  const j = readJournal(outcome.journalPath);
  assert.equal(
    j.filter((r) => r.type === 'observed' && r['step'] === 'agd-post-check').length,
    0,
    'no waiting',
  );
  const verified = j.find((r) => r.type === 'step-verified' && r['step'] === 'agd-post-check');
  assert.match(
    String(verified?.['observed']),
    /shop-east \(us-east-1\) is listed in shop-global as a secondary, pending-resync \(seen from us-west-2; us-east-1 was not called\)/,
  );
  assert.equal(verified?.['elapsedMs'], 0);
  assert.ok(
    outcome.next?.[0]?.includes('SynchronizationStatus pending-resync → connected'),
    JSON.stringify(outcome.next),
  );
  assert.match(
    outcome.next?.[1] ?? '',
    /fail back without data loss: resil failover --to us-east-1 \(a switchover/,
  );
  const text = renderEvent({ type: 'result', outcome });
  assert.match(text, /Next:\n {4}Until shop-east \(us-east-1\) replicates again/);
  assert.ok(io.events.some((e) => e.type === 'note' && /us-east-1 was not called/.test(e.text)));
});

test('failover mode: the post-check read failing does not fail the run', async () => {
  const h = harness(defaultState());
  const { outcome } = await failover(
    h,
    { mode: 'failover' },
    {
      yes: true,
      allowDataLoss: true,
      fake: {
        down: ['us-east-1'],
        onCall: (op) => {
          if (
            op === 'DescribeGlobalClusters' &&
            h.state.global.members.find((m) => m.region === 'us-west-2')!.isWriter &&
            !h.state.op
          )
            h.state.global.members = [];
        },
      },
    },
  );
  assert.equal(outcome.exitCode, 0, outcome.message);
});

test('detach mode: the post-check reads from the target region only and explains the split-brain risk and how to restore DR', async () => {
  const h = harness(defaultState());
  const { outcome } = await failover(
    h,
    { mode: 'detach' },
    { yes: true, allowDataLoss: true, fake: { down: ['us-east-1'] } },
  );
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.deepEqual(
    h.allCalls().filter((c) => c.region === 'us-east-1' && c.service !== 'route53'),
    [],
  );
  const verified = readJournal(outcome.journalPath).find(
    (r) => r.type === 'step-verified' && r['step'] === 'agd-post-check',
  );
  assert.match(
    String(verified?.['observed']),
    /shop-west is no longer a member of shop-global; shop-east \(us-east-1\) is listed in shop-global as the writer/,
  );
  assert.match(
    outcome.next!.join('\n'),
    /standalone cluster outside shop-global[\s\S]*split brain[\s\S]*create-global-cluster --region us-west-2/,
  );
});
