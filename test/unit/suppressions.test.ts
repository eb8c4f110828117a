import { test } from 'node:test';
import assert from 'node:assert/strict';
import picomatch from 'picomatch';
import type { Finding } from '../../src/checks/define.js';
import type { SuppressionConfig } from '../../src/config/schema.js';
import { applySuppressions } from '../../src/engine/audit.js';

/** The rule as documented, one glob at a time: the first suppression whose check and resource globs match. */
function naive(findings: Finding[], suppressions: SuppressionConfig[]): Array<string | undefined> {
  return findings.map((f) => {
    if (f.status === 'pass') return undefined;
    const s = suppressions.find(
      (s) =>
        picomatch(s.check, { bash: true })(f.checkId) &&
        [f.resource.id, f.resource.name, f.resource.arn]
          .filter((x): x is string => !!x)
          .some((c) => picomatch(s.resource, { dot: true, bash: true })(c)),
    );
    return s?.reason;
  });
}

const finding = (checkId: string, id: string, extra: Partial<Finding['resource']> = {}): Finding => ({
  checkId,
  category: 'multi-az',
  severity: 'high',
  status: 'fail',
  resource: { type: 'AWS::X', id, ...extra },
  message: 'm',
  evidence: {},
});

test('compiled suppressions match exactly what each glob matches on its own, first suppression first', () => {
  const suppressions: SuppressionConfig[] = [
    { check: 'lb.*', resource: 'shop-*', reason: 'lb shop' },
    { check: '*', resource: 'arn:aws:elasticloadbalancing:*:loadbalancer/app/web/*', reason: 'by arn' },
    { check: 'tg.detection-time', resource: 'a(b)', reason: 'a literal with parentheses' },
    { check: 'tg.*', resource: '[bad', reason: 'a literal that is no valid class' },
    { check: 'asg.{multi-az,az-balance}', resource: '*-x1?', reason: 'braces' },
    { check: '*', resource: '.hidden*', reason: 'dot' },
    { check: 'nothing', resource: '*', reason: 'matches no check' },
  ];
  const findings = [
    finding('lb.multi-az', 'shop-alb'),
    finding('lb.multi-az', 'web', {
      arn: 'arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/abc',
    }),
    finding('asg.multi-az', 'web', { arn: 'arn:aws:elasticloadbalancing:x:loadbalancer/app/web/1' }),
    finding('tg.detection-time', 'a(b)'),
    finding('tg.detection-time', 'ab'),
    finding('tg.draining', '[bad'),
    finding('asg.multi-az', 'group-x12'),
    finding('asg.az-balance', 'other', { name: 'name-x13' }),
    finding('asg.scaling-policy', 'group-x12'),
    finding('r53.x', '.hidden-record'),
    finding('r53.x', 'plain'),
    { ...finding('lb.multi-az', 'shop-passing'), status: 'pass' as const },
  ];
  const got = applySuppressions(findings, suppressions, new Date('2026-01-01')).findings.map(
    (f) => f.suppressed?.reason,
  );
  assert.deepEqual(got, naive(findings, suppressions));
  // And the fixture exercises both outcomes.
  assert.ok(got.filter(Boolean).length >= 6);
  assert.ok(got.some((x) => x === undefined));
});
