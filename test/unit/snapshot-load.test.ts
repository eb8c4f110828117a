import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { fsReason, issueMessage, parseSnapshot } from '../../src/inventory/load.js';
import { SNAPSHOT_SCHEMA_VERSION } from '../../src/inventory/schema.js';
import { ResilError } from '../../src/util/errors.js';
import { asg, inventory, lagSeries } from '../support/builders.js';

const doc = (inv: unknown) => ({
  schemaVersion: SNAPSHOT_SCHEMA_VERSION,
  capture: { tool: { name: 'resil', version: 't' }, source: 'synthetic' },
  inventory: inv,
});

test('time fields: capturedAt, scheduled-action and series times, and lag points must be ISO-8601 times (checked in the schema pass)', () => {
  const inv = inventory({ 'us-east-1': { autoScalingGroups: [asg({ name: 'web' })] } }) as unknown as Record<
    string,
    unknown
  >;
  assert.doesNotThrow(() => parseSnapshot(doc(inv)));
  const bad = structuredClone(inv) as {
    capturedAt: string;
    regions: Record<
      string,
      { autoScalingGroups: Array<{ scheduledActions: unknown[]; tags: unknown }>; metrics: unknown[] }
    >;
  };
  bad.capturedAt = 'yesterday';
  bad.regions['us-east-1']!.autoScalingGroups[0]!.scheduledActions = [
    { name: 'bf', startTime: '27/11/2026' },
  ];
  // A tag that happens to be called startTime is a name, not a time: not judged.
  bad.regions['us-east-1']!.autoScalingGroups[0]!.tags = { startTime: 'after lunch' };
  const series = lagSeries('AuroraGlobalDBReplicationLag', { DBClusterIdentifier: 'west' }, [1]);
  bad.regions['us-east-1']!.metrics = [{ ...series, points: [{ t: 'now', v: 1 }] }];
  const message = (d: unknown) => {
    try {
      parseSnapshot(doc(d), 'snap.json');
    } catch (e) {
      assert.ok(e instanceof ResilError && e.exitCode === 2);
      return e.message;
    }
    assert.fail('accepted');
  };
  assert.equal(
    message(bad),
    [
      'snap.json is not a valid snapshot:',
      'capturedAt: expected an ISO-8601 date-time (e.g. 2026-11-20T14:00:00Z), got "yesterday"',
      'regions.us-east-1.autoScalingGroups[0].scheduledActions[0].startTime: expected an ISO-8601 date-time (e.g. 2026-11-20T14:00:00Z), got "27/11/2026"',
      'regions.us-east-1.metrics[0].points[0].t: expected an ISO-8601 date-time (e.g. 2026-11-20T14:00:00Z), got "now"',
    ].join('\n  '),
  );
  // A wrong shape is reported alone, as before: the time problems only once the shape is right.
  (bad as Record<string, unknown>)['accountId'] = 7;
  assert.equal(message(bad), 'snap.json is not a valid snapshot:\n  accountId: expected string, got number');
  // At most ten time problems, without a count of the rest.
  const many = structuredClone(inv) as { regions: Record<string, { metrics: unknown[] }> };
  many.regions['us-east-1']!.metrics = [
    { ...series, points: Array.from({ length: 12 }, () => ({ t: 'x', v: 1 })) },
  ];
  const lines = message(many).split('\n  ');
  assert.equal(lines.length, 11);
  assert.match(lines[10]!, /^regions\.us-east-1\.metrics\[0\]\.points\[9\]\.t: expected an ISO-8601/);
});

test('parseSnapshot: an invalid time is a usage error (exit 2) naming the path, not a crash during evaluation', () => {
  const inv = inventory({ 'us-east-1': {} }) as unknown as Record<string, unknown>;
  assert.doesNotThrow(() => parseSnapshot(doc(inv)));
  const series = lagSeries('AuroraGlobalDBReplicationLag', { DBClusterIdentifier: 'west' }, [1, 2]);
  const bad = { ...inv, capturedAt: '2026-13-45T00:00:00Z', regions: { 'us-east-1': { metrics: [series] } } };
  assert.throws(
    () => parseSnapshot(doc(bad), 'snap.json'),
    (e: unknown) =>
      e instanceof ResilError &&
      e.exitCode === 2 &&
      /snap\.json is not a valid snapshot:\n {2}capturedAt: expected an ISO-8601/.test(e.message),
  );
});

test('issueMessage: zod jargon becomes the words of someone editing JSON or YAML', () => {
  const issues = (schema: z.ZodType, value: unknown) =>
    schema.safeParse(value).error!.issues.map(issueMessage);
  assert.deepEqual(issues(z.object({ reason: z.string() }), {}), ['required (expected string)']);
  assert.deepEqual(issues(z.record(z.string(), z.number()), []), ['expected object, got array']);
  assert.deepEqual(issues(z.number().positive(), -1), ['expected a number > 0']);
  assert.deepEqual(issues(z.number().int().max(10), 11), ['expected a number ≤ 10']);
  assert.deepEqual(issues(z.number(), 'ten'), ['expected number, got string']);
});

test('fsReason: file-system codes in words', () => {
  const e = (code: string) => Object.assign(new Error(code), { code });
  assert.equal(fsReason(e('EISDIR')), 'it is a directory');
  assert.equal(fsReason(e('EACCES')), 'permission denied');
  assert.equal(fsReason(e('EROFS')), 'read-only file system');
  assert.equal(fsReason(e('EWEIRD')), 'EWEIRD');
});

test('a 1.1 snapshot (no issue-10 fields) still loads and audits; findings with an AZ carry its AZ ID', async () => {
  const { runAudit } = await import('../../src/engine/audit.js');
  const { ALL_CHECKS } = await import('../../src/checks/index.js');
  const { dbInstance } = await import('../support/builders.js');
  const old = {
    schemaVersion: '1.1',
    capture: { tool: { name: 'resil', version: '0.1.0' }, source: 'synthetic' },
    inventory: {
      accountId: '123456789012',
      capturedAt: '2026-11-20T12:00:00.000Z',
      regions: {
        'us-east-1': {
          availabilityZones: ['us-east-1a', 'us-east-1b'],
          dbInstances: [dbInstance({ id: 'orders', multiAz: false, az: 'us-east-1a' })],
        },
      },
    },
  };
  const snap = parseSnapshot(old, 'old.json');
  const region = snap.inventory.regions['us-east-1']!;
  assert.deepEqual(
    [region.ecsServices, region.dynamoDbTables, region.sqsQueues, region.efsFileSystems, region.alarms],
    [[], [], [], [], []],
  );
  assert.deepEqual(region.availabilityZoneIds, {});
  const result = runAudit(snap.inventory, ALL_CHECKS, { config: {}, failOn: 'never' });
  const f = result.findings.find((x) => x.checkId === 'rds.instance-multi-az')!;
  assert.equal(f.status, 'fail');
  assert.equal(f.resource.az, 'us-east-1a');
  assert.equal(f.resource.azId, undefined, 'no AZ IDs in a 1.1 snapshot: none invented');

  const now = structuredClone(old) as typeof old & {
    inventory: { regions: { 'us-east-1': { availabilityZoneIds?: Record<string, string> } } };
  };
  now.schemaVersion = SNAPSHOT_SCHEMA_VERSION;
  now.inventory.regions['us-east-1'].availabilityZoneIds = {
    'us-east-1a': 'use1-az4',
    'us-east-1b': 'use1-az6',
  };
  const withIds = runAudit(parseSnapshot(now).inventory, ALL_CHECKS, { config: {}, failOn: 'never' });
  const g = withIds.findings.find((x) => x.checkId === 'rds.instance-multi-az')!;
  assert.deepEqual([g.resource.az, g.resource.azId], ['us-east-1a', 'use1-az4']);
});

test('keepProtoKeys: copy on write — the same value without a __proto__ key; a copy of only the way to one', async () => {
  const { keepProtoKeys } = await import('../../src/inventory/load.js');
  const { PROTO_KEY_PLACEHOLDER } = await import('../../src/inventory/schema.js');
  const plain = JSON.parse('{"a":[1,{"b":{"c":"d"}}],"e":{"f":null},"g":[]}') as Record<string, unknown>;
  assert.equal(keepProtoKeys(plain), plain, 'nothing to rename: no copy at all');
  const text = '{"a":[1,{"b":{"__proto__":"x","c":"d"}}],"e":{"f":null},"__proto__":{"y":1}}';
  const doc = JSON.parse(text) as Record<string, unknown>;
  const out = keepProtoKeys(doc) as Record<string, unknown>;
  assert.equal(JSON.stringify(doc), JSON.stringify(JSON.parse(text)), 'the input is not modified');
  assert.deepEqual(Object.keys(out), ['a', 'e', PROTO_KEY_PLACEHOLDER], 'key order kept');
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.deepEqual(out[PROTO_KEY_PLACEHOLDER], { y: 1 });
  const b = ((out['a'] as unknown[])[1] as { b: Record<string, unknown> }).b;
  assert.deepEqual(Object.keys(b), [PROTO_KEY_PLACEHOLDER, 'c']);
  assert.equal(out['e'], doc['e'], 'a branch without the key is shared, not copied');
  assert.equal((out['a'] as unknown[])[0], 1);
});

test('a snapshot too large to decode as one string is said so, with the way round it (not "check the path")', async () => {
  const { snapshotReadError } = await import('../../src/inventory/load.js');
  let tooLong: unknown;
  try {
    'x'.repeat(2 ** 30); // V8 refuses the string before allocating it: the error readFile gives for ≈ 881 MB
  } catch (e) {
    tooLong = e;
  }
  assert.ok(tooLong instanceof RangeError);
  const file = new URL(import.meta.url).pathname;
  const e = await snapshotReadError(file, tooLong);
  assert.ok(e instanceof ResilError && e.exitCode === 2);
  assert.match(e.message, /is too large to read as one JSON document \(\d+ MB\): Node reads at most 512 MiB/);
  assert.match((e as ResilError).suggestions.join(' '), /--org --output-dir DIR/);
  const missing = await snapshotReadError(
    '/nonexistent.json',
    Object.assign(new Error('x'), { code: 'ENOENT' }),
  );
  assert.equal(missing.message, 'Snapshot file not found: /nonexistent.json');
});
