/**
 * `resil diff` (pure parts): what is new, fixed and changed, what is a regression at --fail-on,
 * which checks are compared, how an input is recognised, and the JSON contract
 * (schemas/diff.schema.json) and the table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Severity, Status } from '../../src/checks/define.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { diffAudits, findingKeys, type DiffFinding, type DiffSide } from '../../src/engine/diff.js';
import { diffSideOf } from '../../src/engine/diff-input.js';
import { renderDiffJson, renderDiffTable, toDiffJson } from '../../src/render/diff.js';
import { ResilError } from '../../src/util/errors.js';
import { inventory, targetGroup } from '../support/builders.js';
import { snapshotDoc } from '../cli/run-cli.js';
import { assertValid, schemaValidator } from '../render/support.js';

const TOOL = { name: 'resil', version: '0.0.0-test' };

function f(
  id: string,
  status: Status,
  severity: Severity = 'high',
  message = `${id} is ${status}`,
  extra: Partial<DiffFinding> = {},
): DiffFinding {
  return {
    checkId: 'tg.detection-time',
    category: 'health-check',
    severity,
    status,
    resource: { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', id, region: 'us-east-1' },
    message,
    ...extra,
  };
}

function side(findings: DiffFinding[], checks = ['tg.detection-time'], file = 'x.json'): DiffSide {
  return {
    file,
    kind: 'report',
    account: '123456789012',
    capturedAt: '2026-11-20T12:00:00.000Z',
    checks,
    findings,
  };
}

const ids = (entries: Array<{ resource: { id: string } }>) => entries.map((e) => e.resource.id);

test('diff: new, fixed, changed and unchanged findings', () => {
  const old = side([
    f('kept-fail', 'fail'),
    f('fixed-pass', 'fail'),
    f('fixed-gone', 'warn', 'medium'),
    f('worse', 'warn'),
    f('reworded', 'fail', 'high', 'needs 60 s'),
    f('was-pass', 'pass'),
    f('still-pass', 'pass'),
  ]);
  const now = side([
    f('kept-fail', 'fail'),
    f('fixed-pass', 'pass'),
    f('worse', 'fail'),
    f('reworded', 'fail', 'high', 'needs 90 s'),
    f('was-pass', 'fail', 'critical'),
    f('still-pass', 'pass'),
    f('brand-new', 'warn', 'low'),
  ]);
  const r = diffAudits(old, now, 'high');
  assert.deepEqual(ids(r.new), ['was-pass', 'brand-new']);
  assert.deepEqual(ids(r.fixed), ['fixed-pass', 'fixed-gone']);
  assert.deepEqual(ids(r.changed), ['worse', 'reworded']);
  assert.equal(r.summary.unchanged, 2);
  assert.deepEqual(
    r.new.map((e) => e.regression),
    [true, false],
    'a new warn is not a regression',
  );
  assert.equal(r.new[0]!.before?.status, 'pass');
  assert.equal(r.new[1]!.before, undefined);
  assert.equal(r.fixed[1]!.after, undefined, 'gone');
  assert.deepEqual(
    r.changed.map((e) => e.regression),
    [true, false],
    'warn → fail regresses; a new message on a fail that already gated does not',
  );
  assert.equal(r.summary.regressions, 2);
  assert.equal(r.summary.exitCode, 1);
});

test('diff: --fail-on decides what regresses; never gates nothing', () => {
  const old = side([f('a', 'fail', 'medium')]);
  const now = side([f('a', 'fail', 'high'), f('b', 'fail', 'medium')]);
  assert.equal(diffAudits(old, now, 'high').summary.regressions, 1, 'medium → high crosses the line');
  assert.equal(diffAudits(old, now, 'medium').summary.regressions, 1, 'b only: a already failed at medium');
  assert.equal(diffAudits(old, now, 'critical').summary.exitCode, 0);
  const never = diffAudits(old, now, 'never');
  assert.equal(never.summary.regressions, 0);
  assert.equal(never.summary.exitCode, 0);
  assert.equal(never.new.length, 1);
});

test('diff: suppression — a finding suppressed in NEW is fixed; one unsuppressed in NEW is new', () => {
  const sup = { reason: 'accepted', resource: '*' };
  const r = diffAudits(
    side([f('a', 'fail'), f('b', 'fail', 'high', 'x', { suppressed: sup })]),
    side([f('a', 'fail', 'high', 'a is fail', { suppressed: sup }), f('b', 'fail', 'high', 'x')]),
    'high',
  );
  assert.deepEqual(ids(r.fixed), ['a']);
  assert.equal(r.fixed[0]!.after?.suppressed, true);
  assert.deepEqual(ids(r.new), ['b']);
  assert.equal(r.new[0]!.regression, true);
});

test('diff: only checks that ran on both sides are compared', () => {
  const other = { ...f('n', 'fail'), checkId: 'lb.multi-az', category: 'multi-az' as const };
  const r = diffAudits(
    side([f('a', 'pass')], ['tg.detection-time', 'asg.multi-az']),
    side([f('a', 'pass'), other], ['tg.detection-time', 'lb.multi-az']),
    'high',
  );
  assert.deepEqual(r.checks, { compared: 1, onlyInOld: ['asg.multi-az'], onlyInNew: ['lb.multi-az'] });
  assert.deepEqual(r.new, [], 'a check new in NEW is not a regression');
  assert.equal(r.summary.exitCode, 0);
});

test('diff: a finding is keyed by check, resource type, region, AZ and id; repeats keep their order', () => {
  const a = f('x', 'fail');
  const b = { ...f('x', 'fail'), resource: { ...a.resource, region: 'us-west-2' } };
  const keys = [...findingKeys([a, b, a]).keys()];
  assert.equal(keys.length, 3);
  assert.ok(keys[2]!.endsWith('#2'));
  assert.notEqual(keys[0], keys[1]);
});

test('diff input: a snapshot is audited, a report is read, anything else is exit 2', () => {
  const slow = targetGroup({ name: 'api' });
  slow.healthCheck.intervalSeconds = 30;
  const snap = snapshotDoc(inventory({ 'us-east-1': { targetGroups: [slow] } }));
  const opts = { checks: ALL_CHECKS.filter((c) => c.id === 'tg.detection-time'), config: {} };
  const s = diffSideOf(snap, 'snap.json', opts);
  assert.equal(s.kind, 'snapshot');
  assert.deepEqual(s.checks, ['tg.detection-time']);
  assert.equal(s.findings.find((x) => x.resource.id === 'api')?.status, 'fail');

  const report = {
    schemaVersion: '1.3',
    account: '1',
    capturedAt: '2026-11-20T12:00:00Z',
    checks: [{ id: 'tg.detection-time' }],
    findings: [f('a', 'fail')],
    extra: 'ignored',
  };
  const r = diffSideOf(report, 'r.json', opts);
  assert.equal(r.kind, 'report');
  assert.equal(r.findings.length, 1);

  const refused = (doc: unknown, pattern: RegExp) =>
    assert.throws(
      () => diffSideOf(doc, 'bad.json', opts),
      (e: unknown) => e instanceof ResilError && e.exitCode === 2 && pattern.test(e.message),
    );
  refused([], /bad\.json is not a resil snapshot .* or JSON report .*: expected a JSON object/);
  refused({ hello: 1 }, /neither "inventory" nor "findings"/);
  refused({ ...report, schemaVersion: '2.0' }, /schemaVersion 2\.0; this resil reads reports 1\.x/);
  refused(
    { ...report, findings: [{ ...f('a', 'fail'), status: 'bad' }] },
    /not a valid resil report:\n {2}findings\[0\]\.status/,
  );
  refused({ ...snap, schemaVersion: '9.0' }, /snapshot schemaVersion 9\.0/);
});

test('diff JSON: valid against schemas/diff.schema.json, with the documented fields', () => {
  const validate = schemaValidator('diff.schema.json');
  const r = diffAudits(
    side([f('a', 'fail'), f('b', 'warn')], ['tg.detection-time'], 'old.json'),
    side([f('b', 'fail', 'critical'), f('c', 'skipped', 'low')], ['tg.detection-time'], 'new.json'),
    'high',
  );
  const doc = JSON.parse(renderDiffJson(r, TOOL)) as Record<string, unknown>;
  assertValid(validate, doc, 'diff JSON');
  assert.deepEqual(Object.keys(doc), [
    'schemaVersion',
    'tool',
    'inputs',
    'checks',
    'new',
    'fixed',
    'changed',
    'summary',
  ]);
  assert.deepEqual(doc['summary'], {
    new: 1,
    fixed: 1,
    changed: 1,
    unchanged: 0,
    failOn: 'high',
    regressions: 1,
    exitCode: 1,
  });
  // The schema rejects what the contract does not allow.
  const bad = structuredClone(toDiffJson(r, TOOL)) as { new: Array<Record<string, unknown>> };
  bad.new[0]!['regression'] = 'yes';
  assert.equal(validate(bad), false);
});

test('diff table: sections, regressions marked, counts, verdict; no colour when off', () => {
  const r = diffAudits(
    side([f('a', 'fail'), f('b', 'warn')]),
    side([f('b', 'fail', 'critical', 'b needs 90 s'), f('c', 'warn', 'low')]),
    'high',
  );
  const text = renderDiffTable(r, { color: false, width: 80 });
  assert.match(text, /^resil diff: x\.json \(report, captured 2026-11-20T12:00:00\.000Z\) → x\.json/);
  assert.match(text, /\nNew \(1\)\n {2}WARN low {2}tg\.detection-time {2}c \(us-east-1\)\n {4}c is warn\n/);
  assert.match(
    text,
    /\nFixed \(1\)\n {2}FAIL high {2}tg\.detection-time {2}a \(us-east-1\)\n {4}a is fail\n {4}\(now gone/,
  );
  assert.match(
    text,
    /\nChanged \(1\)\n✗ FAIL critical {2}tg\.detection-time {2}b \(us-east-1\)\n {4}was WARN high: b is warn\n {4}now FAIL critical: b needs 90 s\n/,
  );
  assert.match(text, /1 new, 1 fixed, 1 changed, 0 unchanged: 1 regression at or above high\.\n$/);
  assert.doesNotMatch(text, new RegExp(String.fromCharCode(27)));
  assert.match(renderDiffTable(diffAudits(side([]), side([]), 'never'), { color: false }), /not gating/);
  // A fixed finding is shown with what it was, not with its passing state.
  const passing = renderDiffTable(diffAudits(side([f('p', 'fail')]), side([f('p', 'pass')]), 'high'), {
    color: false,
  });
  assert.match(
    passing,
    /\nFixed \(1\)\n {2}FAIL high {2}tg\.detection-time {2}p \(us-east-1\)\n {4}p is fail\n {4}\(now PASS high\)\n/,
  );
});
