/**
 * Issue 9 item 11: numbers in the snapshot schema have their real ranges (a negative health-check
 * interval made tg.detection-time pass), and region-keyed data lives in prototype-free maps (a region
 * named __proto__ disappeared, 'constructor' was "in" every inventory).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { runAudit } from '../../src/engine/audit.js';
import { parseSnapshot } from '../../src/inventory/load.js';
import { ResilError } from '../../src/util/errors.js';
import { inventory, targetGroup } from '../support/builders.js';
import { snapshotDoc } from '../cli/run-cli.js';

const invalid = (re: RegExp) => (e: unknown) =>
  e instanceof ResilError && e.exitCode === 2 && re.test(e.message);

/** A snapshot document with one (valid) target group, whose health check is then patched. */
function withHealthCheck(patch: Record<string, number>): unknown {
  const doc = JSON.parse(
    JSON.stringify(snapshotDoc(inventory({ 'us-east-1': { targetGroups: [targetGroup({ name: 'web' })] } }))),
  ) as { inventory: { regions: Record<string, { targetGroups: Array<{ healthCheck: object }> }> } };
  Object.assign(doc.inventory.regions['us-east-1']!.targetGroups[0]!.healthCheck, patch);
  return doc;
}

test('a negative (or zero) health-check interval or threshold is refused, naming the path', () => {
  assert.throws(
    () => parseSnapshot(withHealthCheck({ intervalSeconds: -10 }), 's.json'),
    invalid(/regions\.us-east-1\.targetGroups\[0\]\.healthCheck\.intervalSeconds: expected a number ≥ 5/),
  );
  assert.throws(
    () => parseSnapshot(withHealthCheck({ unhealthyThreshold: 0 }), 's.json'),
    invalid(/healthCheck\.unhealthyThreshold: expected a number ≥ 2/),
  );
  assert.throws(
    () => parseSnapshot(withHealthCheck({ timeoutSeconds: 1e9 }), 's.json'),
    invalid(/healthCheck\.timeoutSeconds: expected a number ≤ 120/),
  );
  parseSnapshot(withHealthCheck({ intervalSeconds: 5, timeoutSeconds: 2, unhealthyThreshold: 10 }), 's.json');
});

test('other counts and durations: no negative sizes, ports in range, retention within AWS limits', () => {
  const example = JSON.parse(readFileSync('examples/shop.snapshot.json', 'utf8')) as {
    inventory: { regions: Record<string, { autoScalingGroups: Array<Record<string, unknown>> }> };
  };
  const region = Object.keys(example.inventory.regions)[0]!;
  const bad = structuredClone(example);
  bad.inventory.regions[region]!.autoScalingGroups[0]!['desiredCapacity'] = -1;
  assert.throws(() => parseSnapshot(bad, 's.json'), invalid(/desiredCapacity: expected a number ≥ 0/));
  parseSnapshot(example, 'examples/shop.snapshot.json');
});

test('a region named __proto__ is kept (it disappeared), and the regions map has no prototype', () => {
  const text = readFileSync('examples/shop.snapshot.json', 'utf8');
  const asProto = parseSnapshot(
    JSON.parse(text.replaceAll('"us-west-2"', '"__proto__"')),
    'a.json',
  ).inventory;
  const asOther = parseSnapshot(
    JSON.parse(text.replaceAll('"us-west-2"', '"zz-other-2"')),
    'b.json',
  ).inventory;
  assert.deepEqual(Object.keys(asProto.regions).sort(), ['__proto__', 'us-east-1']);
  assert.equal(Object.getPrototypeOf(asProto.regions), null);
  assert.equal(asOther.regions['constructor'], undefined, "'constructor' is not a region");
  assert.ok(!('toString' in asOther.regions));
  const count = (inv: typeof asProto) =>
    runAudit(inv, ALL_CHECKS, { config: {}, failOn: 'high', now: new Date('2026-01-01') }).findings.length;
  assert.equal(count(asProto), count(asOther), 'the same findings whatever the region is called');
});

test('tags keyed __proto__ or constructor are kept as tags', () => {
  const inv = inventory({ 'us-east-1': { targetGroups: [targetGroup({ name: 'web' })] } });
  const doc = JSON.parse(
    JSON.stringify(snapshotDoc(inv)).replace(
      '"regions":{',
      '"regions":{"eu-west-1":{"instances":[{"id":"i-1","az":"eu-west-1a","state":"running","type":"t3.micro","tags":{"__proto__":"x","constructor":"y"}}]},',
    ),
  );
  const parsed = parseSnapshot(doc, 't.json').inventory;
  assert.deepEqual(Object.entries(parsed.regions['eu-west-1']!.instances[0]!.tags), [
    ['__proto__', 'x'],
    ['constructor', 'y'],
  ]);
});
