/**
 * The whole report on the bundled example: the verdict the example's story implies, the JSON against
 * schemas/readiness-report.schema.json, the Markdown against its golden file (UPDATE_GOLDEN=1 rewrites
 * it), the baseline comparison, the exit codes, and an older snapshot (no readiness data) read as unknown.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseSnapshot } from '../../src/inventory/load.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { BaselineSchema, verdictOf, type ReadinessReport } from '../../src/readiness/index.js';
import { renderReadinessMarkdown } from '../../src/render/readiness/markdown.js';
import { EXAMPLE_PATH } from '../../scripts/gen-example.js';
import { ROOT } from '../cli/run-cli.js';
import { capacityShop } from '../support/capacity-shop.js';
import { readiness } from './support.js';

const GOLDEN = `${ROOT}/test/render/golden/readiness.md`;

function example(): Inventory {
  return parseSnapshot(JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')), 'example').inventory;
}

function exampleReport(o: Parameters<typeof readiness>[1] = {}): ReadinessReport {
  return readiness(example(), { eventDate: '2026-11-27', eventEnd: '2026-11-30', ...o });
}

const validate = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true }).compile(
  JSON.parse(readFileSync(`${ROOT}/schemas/readiness-report.schema.json`, 'utf8')) as object,
);

function assertValid(report: ReadinessReport): void {
  const doc = JSON.parse(JSON.stringify(report)) as unknown;
  assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
}

test('the example shop is NOT READY, for the reasons its story gives, each number naming its source', () => {
  const r = exampleReport();
  assert.equal(r.verdict.status, 'NOT READY');
  assert.equal(r.verdict.exitCode, 1);
  assert.equal(r.verdict.incomplete, false, 'the example records every readiness read');
  // The three that matter most: one each of region loss, AZ loss and quotas.
  assert.deepEqual(
    r.verdict.top.map((i) => [i.section, i.subject]),
    [
      ['region-loss', 'shop-api (us-east-1) → shop-api-west (us-west-2)'],
      ['az-loss', 'shop-api (us-east-1)'],
      ['quotas', 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances (us-west-2)'],
    ],
  );
  // shop-api: measured 58 % × 5 × 4 vCPUs = 11.6 busy → 14.5 needed → × 1.5 = 21.75.
  const api = r.azLoss.find((a) => a.tier.name === 'shop-api')!;
  assert.deepEqual(
    [api.demand.source, api.demand.peakNeeded, api.demand.forecastNeeded],
    ['measured', 14.5, 21.75],
  );
  assert.match(r.verdict.top[0]!.summary, /measured demand: peak of 336 hourly points/);
  // shop-web: declared 6 × 2 = 12 → 18; the black-friday-warmup action (min 18) reaches the stable 14 before the event.
  const web = r.azLoss.find((a) => a.tier.name === 'shop-web')!;
  assert.deepEqual(
    [web.demand.source, web.status, web.scaling.scheduledBeforeEvent?.name],
    ['declared', 'ok', 'black-friday-warmup'],
  );
  // us-west-2 Standard vCPUs: 14 now + 4 × c6i.xlarge + 6 × m6i.large = 42 of 32.
  const quota = r.quotas.rows.find((q) => q.region === 'us-west-2' && q.quotaCode === 'L-1216C47A')!;
  assert.deepEqual([quota.usedNow, quota.added, quota.usedAfter, quota.percentAfter], [14, 28, 42, 131.3]);
  // The lag: 14 days of hourly maxima; one spike of 22.4 s over the 15 s RPO.
  const db = r.regionLoss.databases[0]!;
  assert.deepEqual([db.lag!.points, db.lag!.max, db.status], [336, 22.4, 'at-risk']);
  // The capacity reservation that ends before Cyber Monday.
  assert.equal(r.reservations.capacity.find((c) => c.id === 'cr-0w9f8e7d6c5b4a301')!.status, 'at-risk');
  for (const i of r.issues.filter((x) => x.section === 'az-loss' || x.section === 'region-loss'))
    assert.ok(i.demandSource, `${i.key} names its demand source`);
});

test('the JSON report validates against schemas/readiness-report.schema.json', () => {
  assertValid(exampleReport());
  assertValid(readiness(capacityShop()));
  const base = exampleReport();
  assertValid(exampleReport({ baseline: BaselineSchema.parse(JSON.parse(JSON.stringify(base))) }));
});

test('the Markdown report of the example matches its golden file (tables in place of the charts)', () => {
  const md = renderReadinessMarkdown(exampleReport());
  if (process.env['UPDATE_GOLDEN']) writeFileSync(GOLDEN, md);
  assert.equal(md, readFileSync(GOLDEN, 'utf8'));
  for (const section of [
    '1. Verdict',
    '2. Losing one AZ at peak',
    '3. Losing the region',
    '4. Quota headroom',
    '5. Reservations and pre-warming',
    '6. Failover time budget',
    '7. Actions',
  ])
    assert.ok(md.includes(`## ${section}`), section);
  assert.ok(md.includes('Daily maximum of AuroraGlobalDBRPOLag (in place of the chart)'));
});

test('an older snapshot (no readiness reads) still works: those items are unknown, never passed, exit 3', () => {
  const inv = example();
  for (const r of Object.values(inv.regions)) {
    delete r.serviceQuotas;
    delete r.capacityReservations;
    delete r.loadBalancerCapacityReservations;
    delete r.lagHistory;
  }
  const r = readiness(inv, { eventDate: '2026-11-27', peakFactor: 0.1 });
  assert.equal(r.verdict.incomplete, true);
  assert.ok(r.quotas.rows.every((q) => q.status === 'unknown'));
  assert.ok(r.reservations.unknown.length === 2);
  // The lag falls back to the audit's one-hour window, and says which window it used.
  assert.equal(r.regionLoss.databases[0]!.lag!.points, 60);
  assert.ok(r.issues.some((i) => i.status === 'unknown' && /not in this snapshot/.test(i.summary)));
  assertValid(r);
});

test('exit codes: NOT READY 1; AT RISK 0, or 1 with --strict; unknown data 3 unless something sets 1', () => {
  const c = (notReady: number, atRisk: number, unknown: number) => ({
    ok: 4,
    'not-ready': notReady,
    'at-risk': atRisk,
    unknown,
  });
  const v = (counts: ReturnType<typeof c>, strict = false) => {
    const x = verdictOf(counts, strict);
    return [x.status, x.exitCode, x.incomplete];
  };
  assert.deepEqual(v(c(0, 0, 0)), ['READY', 0, false]);
  assert.deepEqual(v(c(0, 0, 0), true), ['READY', 0, false]);
  assert.deepEqual(v(c(0, 2, 0)), ['AT RISK', 0, false]);
  assert.deepEqual(v(c(0, 2, 0), true), ['AT RISK', 1, false]);
  // Unknown data: never READY; exit 3, unless --strict (AT RISK exits 1) or something is NOT READY.
  assert.deepEqual(v(c(0, 0, 1)), ['AT RISK', 3, true]);
  assert.deepEqual(v(c(0, 0, 1), true), ['AT RISK', 1, true]);
  assert.deepEqual(v(c(1, 0, 1)), ['NOT READY', 1, true]);
  assert.deepEqual(v(c(1, 3, 0)), ['NOT READY', 1, false]);
  // The example report carries them.
  const r = exampleReport({ strict: true });
  assert.deepEqual([r.verdict.status, r.verdict.exitCode, r.verdict.strict], ['NOT READY', 1, true]);
});

test('--baseline: what changed since the previous report (appeared, resolved, changed), by stable keys', () => {
  const before = exampleReport();
  const base = BaselineSchema.parse(JSON.parse(JSON.stringify(before)));
  // Nothing changed: an empty diff.
  const same = exampleReport({ baseline: base }).changes!;
  assert.deepEqual(
    [same.verdictChanged, same.appeared.length, same.resolved.length, same.changed.length],
    [false, 0, 0, 0],
  );
  assert.equal(same.baselineGeneratedAt, before.generatedAt);
  // Raise the standby quota and take the worker's AZ issue away: resolved and changed items, by key.
  const inv = example();
  inv.regions['us-west-2']!.serviceQuotas = inv.regions['us-west-2']!.serviceQuotas!.map((q) =>
    q.quotaCode === 'L-1216C47A' ? { ...q, value: 64 } : q,
  );
  const quotaKey = 'quota:us-west-2:L-1216C47A';
  const after = readiness(inv, { eventDate: '2026-11-27', eventEnd: '2026-11-30', baseline: base });
  assert.ok(
    after.changes!.resolved.some((i) => i.key === quotaKey),
    'the quota issue is resolved',
  );
  // 42 of 64 = 65.6 %: OK now.
  assert.equal(after.quotas.rows.find((q) => q.key === quotaKey)!.status, 'ok');
  // A peak factor of 3 makes more things fail: they appear, or change status.
  const worse = exampleReport({ peakFactor: 3, baseline: base }).changes!;
  assert.ok(worse.appeared.length + worse.changed.length > 0);
});
