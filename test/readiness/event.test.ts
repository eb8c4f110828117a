/**
 * Sections 5 and 6 (reservations, the failover time budget), the measured promotion from runbook
 * journals, the database section, and the actions' due dates: answers computed by hand.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { promotionFromJournal, type DrillMeasurement } from '../../src/readiness/index.js';
import type { JournalRecord } from '../../src/runbooks/journal.js';
import { capacityShop } from '../support/capacity-shop.js';
import { CAPTURED_AT, denied, lagSeries } from '../support/builders.js';
import { readiness } from './support.js';

const E = 'us-east-1';
const W = 'us-west-2';

test('capacity reservations: in force across the event window or not, and counted against the need', () => {
  const inv = capacityShop();
  inv.regions[E]!.capacityReservations = [
    {
      id: 'cr-all',
      instanceType: 'c6i.xlarge',
      az: 'us-east-1a',
      totalInstances: 4,
      availableInstances: 0,
      state: 'active',
      startDate: '2026-10-01T00:00:00.000Z',
      endDateType: 'unlimited',
      tags: {},
    },
    {
      id: 'cr-short',
      instanceType: 'c6i.xlarge',
      az: 'us-east-1b',
      totalInstances: 2,
      availableInstances: 2,
      state: 'active',
      startDate: '2026-10-01T00:00:00.000Z',
      endDate: '2026-11-29T00:00:00.000Z',
      endDateType: 'limited',
      tags: {},
    },
    {
      id: 'cr-late',
      instanceType: 'm6i.large',
      az: 'us-east-1c',
      totalInstances: 3,
      availableInstances: 3,
      state: 'scheduled',
      startDate: '2026-11-28T00:00:00.000Z',
      endDateType: 'unlimited',
      tags: {},
    },
    {
      id: 'cr-gone',
      instanceType: 'm6i.large',
      az: 'us-east-1c',
      totalInstances: 3,
      availableInstances: 3,
      state: 'expired',
      tags: {},
    },
  ];
  inv.regions[W]!.capacityReservations = [];
  inv.regions[E]!.loadBalancerCapacityReservations = [];
  inv.regions[W]!.loadBalancerCapacityReservations = [];
  const r = readiness(inv, { eventDate: '2026-11-27', eventEnd: '2026-11-30' });
  const row = (id: string) => r.reservations.capacity.find((c) => c.id === id);
  // The window is 2026-11-27T00:00Z to 2026-12-01T00:00Z (the end day included).
  assert.deepEqual([row('cr-all')!.coversEvent, row('cr-all')!.status], [true, 'ok']);
  assert.deepEqual([row('cr-short')!.coversEvent, row('cr-short')!.status], [false, 'at-risk']);
  assert.match(
    row('cr-short')!.reasons.join(),
    /ends 2026-11-29T00:00:00.000Z, before the event \(2026-11-27 to 2026-11-30\) is over/,
  );
  assert.deepEqual([row('cr-late')!.coversEvent, row('cr-late')!.status], [false, 'at-risk']);
  assert.match(row('cr-late')!.reasons.join(), /starts 2026-11-28/);
  assert.equal(row('cr-gone'), undefined);
  assert.ok(r.reservations.notes.some((n) => /1 expired, cancelled or failed/.test(n)));
  // api needs 14 c6i.xlarge at the peak (statically stable); only cr-all (4) is in force across the event.
  const cov = r.reservations.coverage.find((c) => c.region === E && c.instanceType === 'c6i.xlarge')!;
  assert.deepEqual([cov.neededInstances, cov.reservedInstances], [14, 4]);
  // An expiring reservation is an action: extend it past the event.
  const act = r.actions.find((a) => a.from === 'odcr:us-east-1:cr-short')!;
  assert.match(act.cli!, /--end-date-type limited --end-date 2026-12-01T00:00:00Z/);
});

test('capacity reservations: unreadable ones are unknown with the reason; load balancer LCU states', () => {
  const inv = capacityShop();
  inv.collection.push(denied('ec2', 'DescribeCapacityReservations', W));
  inv.regions[E]!.capacityReservations = [];
  const albEast = inv.regions[E]!.loadBalancers[0]!;
  inv.regions[E]!.loadBalancerCapacityReservations = [
    {
      loadBalancerArn: albEast.arn,
      minimumCapacityUnits: 300,
      zones: [
        { az: 'us-east-1a', state: 'provisioned', effectiveCapacityUnits: 100 },
        { az: 'us-east-1b', state: 'failed', reason: 'insufficient capacity' },
      ],
    },
  ];
  const r = readiness(inv);
  const unknown = r.reservations.unknown.find((u) => u.region === W)!;
  assert.match(unknown.why, /AccessDenied on ec2:DescribeCapacityReservations in us-west-2/);
  const lcu = r.reservations.loadBalancers.find((l) => l.loadBalancer === 'alb-east')!;
  assert.equal(lcu.minimumCapacityUnits, 300);
  assert.equal(lcu.status, 'at-risk');
  assert.match(lcu.reasons.join(), /not provisioned in us-east-1b \(failed: insufficient capacity\)/);
  // The standby ALB's reservations were never read (no field, no error): unknown, not "none".
  const west = r.reservations.loadBalancers.find((l) => l.loadBalancer === 'alb-west')!;
  assert.equal(west.status, 'unknown');
  assert.match(west.reasons[0]!, /not in this snapshot/);
  assert.equal(r.verdict.incomplete, true);
});

test('failover budget: the waterfall terms of each path add up, with their sources', () => {
  const r = readiness(capacityShop());
  const www = r.failover.paths.find((p) => p.record === 'www.example.com. A')!;
  const terms = Object.fromEntries(www.terms.map((t) => [t.name, [t.seconds, t.source]]));
  // hc-www-east: 10 s × 3 (the builder's defaults) = 30; alias → 60 s TTL; 60 s propagation; 300 s
  // promotion (estimate); web-west must scale at the forecast → 300 s scale-out. 750 > 0.8 × 900 = 720.
  assert.deepEqual(terms, {
    detection: [30, 'configured'],
    ttl: [60, 'configured'],
    'dns-propagation': [60, 'estimate'],
    promotion: [300, 'estimate'],
    'scale-out': [300, 'estimate'],
  });
  assert.equal(www.totalSeconds, 750);
  assert.equal(www.status, 'at-risk');
  assert.equal(r.failover.promotion.source, 'estimate');
  // A tighter RTO makes it NOT READY.
  const tight = readiness(capacityShop(), { config: { rtoSeconds: 600 } }).failover.paths.find(
    (p) => p.record === 'www.example.com. A',
  )!;
  assert.equal(tight.status, 'not-ready');
  assert.match(tight.reasons[0]!, /= 750 s > the 600 s RTO, 150 s over/);
});

function journal(
  kind: string,
  dryRun: boolean,
  t0: number,
  promote: number,
  status = 'completed',
): JournalRecord[] {
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();
  let seq = 0;
  const rec = (type: string, s: number, f: Record<string, unknown> = {}): JournalRecord => ({
    type,
    t: at(s),
    seq: seq++,
    v: 1,
    ...f,
  });
  return [
    rec('run', 0, { runId: `run-${t0}`, kind, dryRun, params: { globalCluster: 'db' } }),
    rec('plan', 1, { data: { globalClusterId: 'db' } }),
    rec('mutation-start', 10, { step: 'agd-switchover' }),
    rec('step-verified', 10 + promote - 20, { step: 'agd-switchover' }),
    rec('step-verified', 10 + promote, { step: 'agd-target-available' }),
    rec('mutation-start', 10 + promote + 5, { step: 'dns-change' }),
    rec('end', 10 + promote + 200, { status }),
  ];
}

test('measured promotion: from a completed failover journal, switchover → target available, DNS excluded', () => {
  const m = promotionFromJournal(journal('failover', false, Date.parse('2026-10-02T10:00:00Z'), 312))!;
  assert.deepEqual([m.seconds, m.kind, m.globalClusterId], [312, 'switchover', 'db']);
  assert.equal(
    promotionFromJournal(journal('failover', true, 0, 312)),
    undefined,
    'a dry run measures nothing',
  );
  assert.equal(promotionFromJournal(journal('cutover', false, 0, 312)), undefined);
  assert.equal(promotionFromJournal(journal('failover', false, 0, 312, 'stopped')), undefined);
});

test('measured promotion: the slowest recent drill replaces the estimate, and says so', () => {
  const drills: DrillMeasurement[] = [
    {
      runId: 'a',
      globalClusterId: 'db',
      kind: 'switchover',
      startedAt: '2026-10-02T10:00:00.000Z',
      seconds: 95,
    },
    {
      runId: 'b',
      globalClusterId: 'db',
      kind: 'switchover',
      startedAt: '2026-11-02T10:00:00.000Z',
      seconds: 140,
    },
    {
      runId: 'c',
      globalClusterId: 'other',
      kind: 'failover',
      startedAt: '2026-11-03T10:00:00.000Z',
      seconds: 900,
    },
  ];
  const r = readiness(capacityShop(), { drills });
  assert.equal(r.failover.promotion.source, 'measured');
  assert.equal(r.failover.promotion.seconds, 140);
  assert.deepEqual(
    r.failover.promotion.runs.map((x) => x.runId),
    ['b', 'a'],
  );
  assert.match(r.failover.promotion.basis, /slowest of 2 completed resil failover runs of db/);
  const www = r.failover.paths.find((p) => p.record === 'www.example.com. A')!;
  assert.deepEqual(
    www.terms.find((t) => t.name === 'promotion'),
    {
      name: 'promotion',
      label: 'Database promotion',
      seconds: 140,
      source: 'measured',
      basis: r.failover.promotion.basis,
    },
  );
  // 30 + 60 + 60 + 140 + 300 = 590.
  assert.equal(www.totalSeconds, 590);
});

test('database: lag p50/p99/max over the window against the RPO; class against the writer', () => {
  const inv = capacityShop();
  // 100 one-minute points: 98 at 1 s, one at 20 s, one at 30 s (milliseconds in CloudWatch).
  const values = [...Array(98).fill(1000), 20_000, 30_000];
  inv.regions[W]!.lagHistory = [
    lagSeries('AuroraGlobalDBRPOLag', { DBClusterIdentifier: 'db-west' }, values),
  ];
  const db = readiness(inv).regionLoss.databases[0]!;
  // Nearest rank: p50 = 1 s, p99 = the 99th of 100 = 20 s, max 30 s; RPO 15 s (default) → p99 above it.
  assert.deepEqual([db.lag!.p50, db.lag!.p99, db.lag!.max, db.lag!.points], [1, 20, 30, 100]);
  assert.equal(db.status, 'not-ready');
  assert.equal(db.classVsWriter, 'same');
  // Only the maximum above the RPO: at risk.
  inv.regions[W]!.lagHistory = [
    lagSeries('AuroraGlobalDBRPOLag', { DBClusterIdentifier: 'db-west' }, [...Array(99).fill(1000), 30_000]),
  ];
  assert.equal(readiness(inv).regionLoss.databases[0]!.status, 'at-risk');
  // Outside the --history window: nothing to judge, so unknown (not passed).
  const short = readiness(inv, { historyHours: 0.01 }).regionLoss.databases[0]!;
  assert.equal(short.status, 'unknown');
  assert.match(short.lagUnknownWhy!, /no lag data point in the window/);
  // No series and CloudWatch denied: the reason names it.
  const denied2 = capacityShop();
  denied2.collection.push(denied('cloudwatch', 'GetMetricData', W));
  assert.match(
    readiness(denied2).regionLoss.databases[0]!.lagUnknownWhy!,
    /AccessDenied on cloudwatch:GetMetricData in us-west-2/,
  );
  assert.equal(CAPTURED_AT, '2026-11-20T12:00:00.000Z');
});

test('actions: critical ones are due the day before the event, the others the day after it ends', () => {
  const r = readiness(capacityShop(), { eventDate: '2026-11-27', eventEnd: '2026-11-30' });
  const critical = r.actions.filter((a) => a.severity === 'critical');
  const others = r.actions.filter((a) => a.severity !== 'critical');
  assert.ok(critical.length > 0 && others.length > 0);
  for (const a of critical) assert.deepEqual([a.due, a.dueWhen], ['2026-11-26', 'before the event']);
  for (const a of others) assert.deepEqual([a.due, a.dueWhen], ['2026-12-01', 'after the event']);
  // The api tier's action carries the numbers: min = desired = 14, MaxSize too.
  const api = r.actions.find((a) => a.from === 'az-loss:us-east-1:asg/api')!;
  assert.match(
    api.cli!,
    /--auto-scaling-group-name api .*--start-time 2026-11-26T06:00:00Z --min-size 14 --desired-capacity 14 --max-size 14/,
  );
  // Audit findings bring their check's remediation.
  assert.ok(r.actions.some((a) => a.from === 'r53.failover-pairs' && a.terraform));
  // Without an event date there is no due date.
  assert.ok(readiness(capacityShop()).actions.every((a) => a.due === null));
});
