import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defineCheck,
  fail,
  warn,
  type Category,
  type Check,
  type Severity,
} from '../../src/checks/define.js';
import { runAudit } from '../../src/engine/audit.js';
import { applyMinSeverity, isGlob, selectChecks } from '../../src/engine/select.js';
import { ResilError } from '../../src/util/errors.js';
import { inventory } from '../support/builders.js';

function fake(id: string, category: Category, severity: Severity): Check {
  return defineCheck({
    id,
    title: id,
    category,
    severity,
    rationale: 'r',
    remediation: { text: 't', cli: 'c', terraform: 'tf' },
    thresholds: {},
    requires: ['ec2:DescribeInstances'],
    evaluate: () => [
      fail({ type: 'AWS::Region', id: `${id}-res` }, `${id} fails`),
      // A finding that lowers its own severity.
      { ...warn({ type: 'AWS::Region', id: `${id}-low` }, `${id} warns`), severity: 'low' as const },
    ],
  }) as Check;
}

const ALL = [
  fake('asg.multi-az', 'multi-az', 'high'),
  fake('asg.scaling-policy', 'scaling', 'medium'),
  fake('dns.failover-pair', 'dns', 'critical'),
  fake('tg.detection-time', 'health-check', 'medium'),
  fake('tg.timeout', 'health-check', 'low'),
];
const ids = (checks: Check[]) => checks.map((c) => c.id);

function usage(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof ResilError && e.exitCode === 2 && pattern.test(e.message));
}

test('select: no selection means every check, in index order', () => {
  assert.deepEqual(ids(selectChecks(ALL, {})), ids(ALL));
  assert.deepEqual(ids(selectChecks(ALL, { checks: [], categories: [] })), ids(ALL));
});

test('select: --checks takes ids and globs', () => {
  assert.deepEqual(ids(selectChecks(ALL, { checks: ['tg.*'] })), ['tg.detection-time', 'tg.timeout']);
  assert.deepEqual(ids(selectChecks(ALL, { checks: ['dns.failover-pair', 'asg.*'] })), [
    'asg.multi-az',
    'asg.scaling-policy',
    'dns.failover-pair',
  ]);
  assert.deepEqual(ids(selectChecks(ALL, { checks: ['{asg,dns}.*-pair'] })), ['dns.failover-pair']);
});

test('select: an unknown id is a usage error with a suggestion; a glob that matches nothing too', () => {
  usage(
    () => selectChecks(ALL, { checks: ['tg.detecton-time'] }),
    /--checks: unknown check tg\.detecton-time \(did you mean tg\.detection-time\?\)/,
  );
  usage(() => selectChecks(ALL, { checks: ['zzz'] }), /--checks: unknown check zzz$/);
  usage(() => selectChecks(ALL, { checks: ['rds.*'] }), /--checks rds\.\* matches no check/);
  usage(
    () => selectChecks(ALL, { excludeChecks: ['tg.timeot'] }),
    /--exclude-checks: unknown check tg\.timeot \(did you mean tg\.timeout\?\)/,
  );
});

test('select: --exclude-checks applies after --checks', () => {
  assert.deepEqual(ids(selectChecks(ALL, { checks: ['tg.*'], excludeChecks: ['tg.timeout'] })), [
    'tg.detection-time',
  ]);
  assert.deepEqual(ids(selectChecks(ALL, { excludeChecks: ['asg.*', 'tg.*'] })), ['dns.failover-pair']);
});

test('select: --category and --min-severity', () => {
  assert.deepEqual(ids(selectChecks(ALL, { categories: ['health-check', 'dns'] })), [
    'dns.failover-pair',
    'tg.detection-time',
    'tg.timeout',
  ]);
  assert.deepEqual(ids(selectChecks(ALL, { minSeverity: 'high' })), ['asg.multi-az', 'dns.failover-pair']);
  assert.deepEqual(ids(selectChecks(ALL, { minSeverity: 'low' })), ids(ALL));
});

test('select: a selection that leaves nothing is a usage error', () => {
  usage(() => selectChecks(ALL, { categories: ['dr'] }), /leaves no check to run/);
  usage(() => selectChecks(ALL, { checks: ['tg.timeout'], minSeverity: 'medium' }), /leaves no check to run/);
});

test('select: isGlob', () => {
  assert.equal(isGlob('tg.detection-time'), false);
  assert.equal(isGlob('tg.*'), true);
  assert.equal(isGlob('tg.?'), true);
});

test('select: --min-severity also drops findings whose own severity is lower, and recomputes the summary', () => {
  const result = runAudit(inventory(), selectChecks(ALL, { minSeverity: 'medium' }), {
    config: {},
    failOn: 'medium',
  });
  assert.equal(result.summary.warn, 4);
  const kept = applyMinSeverity(result, 'medium');
  assert.ok(kept.findings.every((f) => f.severity !== 'low'));
  assert.equal(kept.findings.length, 4);
  assert.equal(kept.summary.findings, 4);
  assert.equal(kept.summary.warn, 0);
  assert.equal(kept.summary.fail, 4);
  assert.equal(kept.summary.gating, 4);
  assert.equal(kept.summary.exitCode, 1);
  assert.equal(applyMinSeverity(result, undefined), result);
});
