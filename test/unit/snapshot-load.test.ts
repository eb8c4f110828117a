import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { fsReason, issueMessage, parseSnapshot, timeProblems } from '../../src/inventory/load.js';
import { SNAPSHOT_SCHEMA_VERSION } from '../../src/inventory/schema.js';
import { ResilError } from '../../src/util/errors.js';
import { asg, inventory, lagSeries } from '../support/builders.js';

const doc = (inv: unknown) => ({
  schemaVersion: SNAPSHOT_SCHEMA_VERSION,
  capture: { tool: { name: 'resil', version: 't' }, source: 'synthetic' },
  inventory: inv,
});

test('timeProblems: capturedAt, scheduled-action and series times, and lag points must be ISO-8601 times', () => {
  const inv = inventory({ 'us-east-1': { autoScalingGroups: [asg({ name: 'web' })] } }) as unknown as Record<
    string,
    unknown
  >;
  assert.deepEqual(timeProblems(inv), []);
  const bad = structuredClone(inv) as {
    capturedAt: string;
    regions: Record<
      string,
      { autoScalingGroups: Array<{ scheduledActions: unknown[] }>; metrics: unknown[] }
    >;
  };
  bad.capturedAt = 'yesterday';
  bad.regions['us-east-1']!.autoScalingGroups[0]!.scheduledActions = [
    { name: 'bf', startTime: '27/11/2026' },
  ];
  bad.regions['us-east-1']!.metrics = [
    { startTime: '2026-11-20T13:00:00Z', endTime: '2026-11-20T14:00:00Z', points: [{ t: 'now', v: 1 }] },
  ];
  assert.deepEqual(timeProblems(bad), [
    'capturedAt: expected an ISO-8601 date-time (e.g. 2026-11-20T14:00:00Z), got "yesterday"',
    'regions.us-east-1.autoScalingGroups[0].scheduledActions[0].startTime: expected an ISO-8601 date-time (e.g. 2026-11-20T14:00:00Z), got "27/11/2026"',
    'regions.us-east-1.metrics[0].points[0].t: expected an ISO-8601 date-time (e.g. 2026-11-20T14:00:00Z), got "now"',
  ]);
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
