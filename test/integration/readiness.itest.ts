/**
 * `resil readiness` (the BUILT CLI: run `npm run build` first) against the emulator seeded with the
 * two-region shop (test/support/seed-shop.ts) and its readiness data (test/support/seed-readiness.ts).
 * The seed implies NOT READY: web-asg's instances all sit in us-east-1a (moto launches every instance
 * in the first subnet), the standby /api/* rule forwards to an empty target group, and the standby's
 * vCPU quota cannot hold a failover at peak. Read-only; the HTML report is opened in chromium.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { ReadinessReport } from '../../src/readiness/types.js';
import { REPO_ROOT, startEmulator, type Emulator } from '../emulator/index.js';
import { launchChromium } from '../support/chromium.js';
import { SEEDED, readinessEvent, seedReadiness } from '../support/seed-readiness.js';
import { PRIMARY, SHOP, STANDBY, seedShop } from '../support/seed-shop.js';
import { emulatorCli } from '../support/emulator-cli.js';

const READ_ONLY = /^(Describe|List|Get)[A-Z]/;
const NOW = new Date();
const EVENT = readinessEvent(NOW);

let emu: Emulator;
let dir: string;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return emulatorCli(args, { dir, env: { RESIL_HOME: join(dir, '.resil') } });
}

const live = () => [
  'readiness',
  '--endpoint-url',
  emu.url,
  '--region',
  `${PRIMARY},${STANDBY}`,
  '--max-attempts',
  '1',
  '--event-date',
  EVENT.date,
  '--event-end',
  EVENT.end,
  '--quiet',
];

before(async () => {
  assert.ok(existsSync(join(REPO_ROOT, 'dist', 'commands', 'readiness.js')), 'run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'resil-readiness-'));
  emu = await startEmulator();
  await seedShop({ endpoint: emu.url, now: NOW });
  await seedReadiness(emu.url, NOW);
  await emu.clearRequests();
});

after(async () => {
  await emu?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('readiness against the emulated shop: NOT READY, for the reasons the seed implies, read-only', async () => {
  await emu.clearRequests();
  const res = await cli([...live(), '--format', 'json']);
  assert.equal(res.code, 1, res.stderr);
  const r = JSON.parse(res.stdout) as ReadinessReport;
  assert.equal(r.verdict.status, 'NOT READY');
  assert.equal(r.verdict.incomplete, false, JSON.stringify(r.issues.filter((i) => i.status === 'unknown')));
  assert.deepEqual([r.regions.primary, r.regions.standby], [PRIMARY, STANDBY]);

  // Losing an AZ: moto put all of web-asg in us-east-1a; its demand is measured from the 30 seeded
  // hours (70 % × 3 × 2 vCPUs = 4.2 busy → 5.25 needed, × 1.5 = 7.88).
  const web = r.azLoss.find((a) => a.tier.name === 'web-asg')!;
  assert.equal(web.demand.source, 'measured');
  assert.equal(web.demand.forecastNeeded, 7.88);
  assert.equal(web.worstAz, `${PRIMARY}a`);
  assert.equal(web.worstAfter, 0);
  assert.equal(web.status, 'not-ready');
  // Losing the region: the standalone /api/* instances' standby is the empty api-tg-west.
  const api = r.regionLoss.pairs.find((p) => p.standby?.name === SHOP.emptyStandbyTargetGroup)!;
  assert.equal(api.primary.name, 'app-api-tg');
  assert.equal(api.verdict, 'empty');
  assert.equal(api.status, 'not-ready');
  assert.match(api.pairedBy ?? '', /traffic .* path \/api\/\*/);
  // Database: the secondary's lag was read (the seeded last 30 minutes), within the RPO.
  const db = r.regionLoss.databases.find((d) => d.globalClusterId === SHOP.globalCluster)!;
  assert.equal(db.secondary.cluster, SHOP.secondaryCluster);
  assert.ok(db.lag && db.lag.points > 0, 'lag history read');
  assert.ok(db.lag.max < db.rpoSeconds);

  // Quotas: the applied Standard vCPU values, and AWS's defaults where nothing was applied.
  const q = (region: string, code: string) =>
    r.quotas.rows.find((x) => x.region === region && x.quotaCode === code)!;
  assert.deepEqual([q(STANDBY, 'L-1216C47A').value, q(STANDBY, 'L-1216C47A').valueSource], [8, 'applied']);
  assert.equal(q(STANDBY, 'L-1216C47A').status, 'not-ready');
  assert.deepEqual([q(PRIMARY, 'L-53DA6B97').value, q(PRIMARY, 'L-53DA6B97').valueSource], [50, 'default']);
  assert.equal(q(PRIMARY, 'L-53DA6B97').usedNow, 1);
  // Reservations: the standby's ends before the event does; shop-alb has 300 LCUs in its 3 AZs.
  const odcr = r.reservations.capacity.find((c) => c.region === SEEDED.reservation.region)!;
  assert.deepEqual(
    [odcr.instanceType, odcr.total, odcr.coversEvent, odcr.status],
    ['t3.micro', 2, false, 'at-risk'],
  );
  const lcu = r.reservations.loadBalancers.find((l) => l.loadBalancer === SEEDED.lcu.loadBalancer)!;
  assert.equal(lcu.minimumCapacityUnits, SEEDED.lcu.units);
  assert.deepEqual(
    lcu.zones.map((z) => z.state),
    ['provisioned', 'provisioned', 'provisioned'],
  );
  // The failover budget: promotion is the estimate (no journal on this machine), marked so.
  assert.equal(r.failover.promotion.source, 'estimate');
  assert.ok(r.failover.paths.some((p) => p.record === `${SHOP.appRecord} A`));

  const sent = await emu.requests();
  const writes = sent.filter((x) => !READ_ONLY.test(x.operation));
  assert.deepEqual(writes, [], 'readiness only reads');
  for (const op of [
    'ListServiceQuotas',
    'GetAWSDefaultServiceQuota',
    'DescribeCapacityReservations',
    'DescribeCapacityReservation',
  ])
    assert.ok(
      sent.some((x) => x.operation === op),
      `${op} was read`,
    );
});

test('readiness: what cannot be read is unknown, named, never passed', async () => {
  await emu.setFaults([
    'servicequotas:ListServiceQuotas',
    'servicequotas:GetServiceQuota',
    `ec2:DescribeCapacityReservations@${STANDBY}`,
  ]);
  try {
    const res = await cli([...live(), '--format', 'json']);
    assert.equal(res.code, 1, res.stderr);
    const r = JSON.parse(res.stdout) as ReadinessReport;
    assert.equal(r.verdict.incomplete, true);
    const quota = r.quotas.rows.find((x) => x.region === STANDBY && x.quotaCode === 'L-1216C47A')!;
    assert.equal(quota.status, 'unknown');
    assert.match(quota.reasons[0]!, /AccessDeniedException on servicequotas:ListServiceQuotas in us-west-2/);
    assert.ok(
      r.reservations.unknown.some(
        (u) => u.region === STANDBY && /ec2:DescribeCapacityReservations/.test(u.why),
      ),
    );
  } finally {
    await emu.setFaults([]);
  }
});

test('readiness --format html against the emulated shop: a report that opens in chromium with no request', async () => {
  const res = await cli([...live(), '--output', 'readiness.html']);
  assert.equal(res.code, 1, res.stderr);
  const file = join(dir, 'readiness.html');
  const html = readFileSync(file, 'utf8');
  assert.ok((html.match(/<figure class="chart"/g) ?? []).length >= 5);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1400 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('request', (req) => {
      if (req.url() !== pathToFileURL(file).href) problems.push(`request ${req.url()}`);
    });
    await page.goto(pathToFileURL(file).href);
    assert.equal(await page.textContent('.verdict .badge'), 'NOT READY');
    assert.deepEqual(problems, []);
    mkdirSync(join(REPO_ROOT, '.tmp'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, '.tmp', 'readiness-emulator.png'), fullPage: true });
  } finally {
    await browser.close();
  }
});
