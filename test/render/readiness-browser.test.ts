/**
 * The HTML readiness report in a real headless browser: Debian's `chromium` driven by playwright-core
 * (executablePath; no browser download). One launch for the file. The page must load with no console
 * error and no network request at all (self-contained), hold every chart with a title, labelled axes
 * and a text alternative, and survive hostile names. Saves a PNG of the example under .tmp/
 * (UPDATE_SCREENSHOT=1 also writes docs/readiness.png, the README's screenshot).
 *
 * Not skipped when chromium is missing: it fails and says how to install it (.ci/run installs it).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseSnapshot } from '../../src/inventory/load.js';
import { renderReadinessHtml } from '../../src/render/readiness/html.js';
import { EXAMPLE_PATH } from '../../scripts/gen-example.js';
import { ROOT } from '../cli/run-cli.js';
import { capacityShop } from '../support/capacity-shop.js';
import { launchChromium } from '../support/chromium.js';
import { readiness } from '../readiness/support.js';

const OUT = join(ROOT, '.tmp');
let browser: Browser;

before(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

interface Visit {
  page: Page;
  consoleErrors: string[];
  requests: string[];
}

/** Opens a report file and records every console error and every request the page makes. */
async function visit(file: string, width = 1200): Promise<Visit> {
  const page = await browser.newPage({ viewport: { width, height: 1400 } });
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  return { page, consoleErrors, requests: requests.filter((r) => r !== url) };
}

function exampleHtml(): string {
  const inv = parseSnapshot(JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')), 'example').inventory;
  return renderReadinessHtml(readiness(inv, { eventDate: '2026-11-27', eventEnd: '2026-11-30' }));
}

const CHART_AXES: Record<string, RegExp[]> = {
  'az-capacity': [/Scenario/, /vCPUs in service/],
  'standby-vs-primary': [/Capacity in the unit of each tier \(vCPUs, instances or tasks\)/],
  'replication-lag': [/Time \(UTC\)/, /Lag \(s\)/],
  'rto-waterfall': [/Seconds after the failure/],
  'quota-headroom': [/% of the quota/],
};

test('the example report in chromium: self-contained, every chart titled, labelled, described; a screenshot', async () => {
  const file = join(OUT, 'readiness-report.html');
  const html = exampleHtml();
  writeFileSync(file, html);
  // Nothing external, nothing executable, in the file itself.
  assert.doesNotMatch(html, /<script|<link |<img |@import|url\(|https?:\/\/(?!www\.w3\.org)/i);

  const { page, consoleErrors, requests } = await visit(file);
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(requests, [], 'the page makes no request of any kind');

  const charts = await page.$$eval('figure.chart', (figs) =>
    figs.map((f) => ({
      kind: f.getAttribute('data-chart') ?? '',
      title: f.querySelector('.chart-title')?.textContent ?? '',
      caption: f.querySelector('figcaption')?.textContent ?? '',
      aria: f.querySelector('svg[aria-label]')?.getAttribute('aria-label') ?? '',
      axisText: [...f.querySelectorAll('g[aria-label$="axis label"] text')]
        .map((t) => t.textContent)
        .join(' | '),
      marks: f.querySelectorAll('svg rect, svg path, svg line').length,
      width: f.querySelector('svg[viewBox]')?.getBoundingClientRect().width ?? 0,
    })),
  );
  const kinds = new Set(charts.map((c) => c.kind));
  for (const kind of Object.keys(CHART_AXES)) assert.ok(kinds.has(kind), `a ${kind} chart is present`);
  // One capacity chart per tier of section 2 (4 Auto Scaling groups and instance sets, 3 ECS services),
  // one standby chart, one lag chart, one waterfall per failover path (3), one quota chart.
  assert.equal(charts.filter((c) => c.kind === 'az-capacity').length, 7);
  assert.equal(charts.filter((c) => c.kind === 'rto-waterfall').length, 3);
  for (const c of charts) {
    assert.ok(c.title.length > 10, `${c.kind} has a title`);
    assert.ok(c.aria.length > 10, `${c.kind} has an aria-label`);
    assert.ok(c.caption.length > 20, `${c.kind} has a text alternative`);
    assert.ok(c.marks > 5, `${c.kind} draws marks`);
    assert.ok(c.width > 300, `${c.kind} is laid out (${c.width} px)`);
    for (const label of CHART_AXES[c.kind]!)
      assert.match(c.axisText, label, `${c.kind} axis labels: ${c.axisText}`);
  }
  // The verdict is what a reader sees first.
  assert.equal(await page.textContent('.verdict .badge'), 'NOT READY');
  for (const id of ['verdict', 'azLoss', 'regionLoss', 'quotas', 'reservations', 'failover', 'actions'])
    assert.ok(await page.$(`section#${id}`), `section ${id}`);

  await page.screenshot({ path: join(OUT, 'readiness-report.png'), fullPage: true });
  if (process.env['UPDATE_SCREENSHOT'])
    await page.screenshot({
      path: join(ROOT, 'docs', 'readiness.png'),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1200, height: 2170 },
    });
  await page.close();
});

test('hostile names from AWS are text, never markup, in the HTML report (and its charts)', async () => {
  const evil = '<img src=x onerror="console.error(1)"><script>console.error(2)</script>';
  const inv = capacityShop();
  const web = inv.regions['us-east-1']!.autoScalingGroups.find((g) => g.name === 'web')!;
  web.name = `web${evil}`;
  const file = join(OUT, 'readiness-hostile.html');
  writeFileSync(file, renderReadinessHtml(readiness(inv)));
  const { page, consoleErrors, requests } = await visit(file);
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(requests, []);
  assert.equal(await page.$$eval('img, script', (x) => x.length), 0);
  assert.ok((await page.textContent('body'))!.includes('web<img src=x'), 'the name is shown as text');
  await page.close();
});
