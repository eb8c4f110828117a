/**
 * `resil init` (pure part): the commented .resil.yml it writes loads with the config loader (as
 * written, and with its suggestions uncommented), guesses primary/standby from the global
 * database, and pairs tiers by tag or name. The example shop's file is a golden file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { guessConfig, initConfigText, pairTiers, tierName } from '../../src/config/init.js';
import { parseConfig } from '../../src/config/load.js';
import { parseSnapshot } from '../../src/inventory/load.js';
import { parseRunbooksConfig } from '../../src/runbooks/config.js';
import { asg, inventory } from '../support/builders.js';
import { assertGolden } from '../render/support.js';

const TOOL = { name: 'resil', version: '0.0.0-test' };
const shop = parseSnapshot(
  JSON.parse(readFileSync(new URL('../../examples/shop.snapshot.json', import.meta.url), 'utf8')),
).inventory;

/** Loads a config text the way resil does, runbooks section included. */
function load(text: string) {
  const config = parseConfig(text, 'init.resil.yml', ALL_CHECKS);
  const runbooks = parseRunbooksConfig(config.runbooks);
  return { config, runbooks };
}

/** Uncomments the suggestions (lower-case keys and list items; not prose or the eventDate placeholder). */
function uncommented(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (/eventDate/.test(line)) return line;
      const m = /^(\s*)# ( *)((?:[a-z][\w.-]*:(?: |$)|- ).*)$/.exec(line);
      return m ? `${m[1]}${m[2]}${m[3]}` : line;
    })
    .join('\n');
}

test('init: the example shop — golden file; loads with the config loader as written', () => {
  const text = initConfigText(shop, ALL_CHECKS, { tool: TOOL, from: 'snapshot examples/shop.snapshot.json' });
  assertGolden('init-shop.resil.yml', text);
  const { config, runbooks } = load(text);
  assert.equal(config.primaryRegion, 'us-east-1');
  assert.equal(config.standbyRegion, 'us-west-2');
  assert.equal(runbooks.globalCluster, 'shop-global');
  assert.equal(config.rpoSeconds, undefined, 'objectives are suggestions, commented');
});

test('init: every suggestion, uncommented, is valid too (objectives, runbooks, checks, suppressions)', () => {
  const text = uncommented(initConfigText(shop, ALL_CHECKS, { tool: TOOL, from: 'x' }));
  assert.equal(parseDocument(text).errors.length, 0, text);
  const { config, runbooks } = load(text);
  assert.equal(config.rpoSeconds, 15);
  assert.equal(config.rtoSeconds, 900);
  assert.deepEqual(config.checks?.['tg.detection-time'], { maxDetectionSeconds: 30 });
  assert.equal(config.suppressions?.[0]?.reason, 'Retired in Q1; tracked in OPS-123');
  assert.deepEqual(config.tiers, {
    'shop-api': { primary: 'shop-api', standby: 'shop-api-west' },
    'shop-web': { primary: 'shop-web', standby: 'shop-web-west' },
    'shop-worker': { primary: 'shop-worker', standby: null },
  });
  assert.deepEqual(runbooks.loadBalancers, { 'us-west-2': 'shop-alb-west' });
  assert.deepEqual(
    runbooks.dns?.map((d) => d.record),
    ['api.example-shop.com', 'checkout.example-shop.com', 'www.example-shop.com', 'db.shop.internal'],
  );
});

test('init: no global database — regions and runbooks left as comments, the file still loads', () => {
  const inv = inventory({
    'eu-west-1': { autoScalingGroups: [asg({ name: 'web' })] },
    'eu-central-1': { autoScalingGroups: [asg({ name: 'web' })] },
  });
  const text = initConfigText(inv, ALL_CHECKS, { tool: TOOL, from: 'the live account' });
  assert.match(text, /^# No Aurora global database to take the primary and standby regions from/m);
  assert.match(text, /^# primaryRegion: eu-central-1$/m);
  assert.doesNotMatch(text, /^runbooks:/m);
  assert.doesNotMatch(text, /tiers/);
  assert.deepEqual(load(text).config, {});
  assert.equal(load(uncommented(text)).config.standbyRegion, 'eu-west-1');
});

test('init: primary and standby follow the rule of the dr checks (first global cluster by id with a writer)', () => {
  const g = guessConfig(shop);
  assert.equal(g.globalCluster?.id, 'shop-global');
  assert.deepEqual([g.primary, g.standby], ['us-east-1', 'us-west-2']);
  assert.deepEqual(
    g.tiers.map((t) => [t.primary, t.standby, t.by]),
    [
      ['shop-api', 'shop-api-west', 'tag tier=api'],
      ['shop-web', 'shop-web-west', 'tag tier=web'],
    ],
  );
  assert.deepEqual(g.unpaired, ['shop-worker']);
});

test('init: tiers pair by a tag unique on both sides, else by name without region words', () => {
  const east = [
    asg({ name: 'web-asg', tags: { app: 'shop' } }),
    asg({ name: 'worker-asg', tags: { app: 'shop' } }),
    asg({ name: 'api', tags: { service: 'payments' } }),
  ];
  const west = [
    asg({ name: 'web-asg-west', tags: { app: 'shop' } }),
    asg({ name: 'pay-usw2', tags: { service: 'payments' } }),
  ];
  const { pairs, unpaired } = pairTiers(east, west);
  assert.deepEqual(
    pairs.map((p) => [p.primary, p.standby, p.by]),
    [
      ['api', 'pay-usw2', 'tag service=payments'],
      ['web-asg', 'web-asg-west', 'name'],
    ],
    'app=shop names every group: it pairs nothing',
  );
  assert.deepEqual(unpaired, ['worker-asg']);
});

test('init: tierName drops region words', () => {
  assert.equal(tierName('web-asg-west'), 'web-asg');
  assert.equal(tierName('shop-web-us-west-2'), 'shop-web');
  assert.equal(tierName('standby_api_usw2'), 'api');
  assert.equal(tierName('east'), 'east', 'a name made only of region words is kept');
});
