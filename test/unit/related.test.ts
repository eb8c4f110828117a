/**
 * One cause, one finding: findings that follow from another point at it with `relatedTo` (the engine
 * links a check's root-cause hint only when that root finding failed or warned in the same run).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { runAudit } from '../../src/engine/audit.js';
import { selectChecks } from '../../src/engine/select.js';
import { asg, inventory } from '../support/builders.js';
import { capacityShop } from '../support/capacity-shop.js';

const related = (findings: ReturnType<typeof runAudit>['findings'], id: string) =>
  findings
    .filter((f) => f.resource.id === id && f.status !== 'pass')
    .map((f) => [
      f.checkId,
      f.status,
      f.relatedTo ? `${f.relatedTo.checkId} ${f.relatedTo.resource.id}` : null,
    ])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

test('relatedTo (defect 7): a single-AZ group — asg.multi-az is the root; az-balance, static-stability and max-size point at it', () => {
  const solo = asg(
    {
      name: 'solo',
      healthCheckType: 'EC2',
      scalingPolicies: [{ name: 't', type: 'TargetTrackingScaling', enabled: true }],
    },
    { 'us-east-1a': 3 },
  );
  const result = runAudit(inventory({ 'us-east-1': { autoScalingGroups: [solo] } }), ALL_CHECKS, {
    config: {},
    failOn: 'high',
  });
  // Four findings for one cause before (multi-az, az-balance, static-stability, max-size): three now point at the root.
  assert.deepEqual(related(result.findings, 'solo'), [
    ['asg.az-balance', 'fail', 'asg.multi-az solo'],
    ['asg.instance-diversity', 'warn', null],
    ['asg.max-size-headroom', 'fail', 'asg.multi-az solo'],
    ['asg.multi-az', 'fail', null],
    ['asg.static-stability', 'fail', 'asg.multi-az solo'],
  ]);
  // Without the root check in the run, the pointer is dropped rather than left dangling.
  const some = runAudit(
    inventory({ 'us-east-1': { autoScalingGroups: [solo] } }),
    selectChecks(ALL_CHECKS, { checks: ['asg.static-stability'] }),
    {
      config: {},
      failOn: 'high',
    },
  );
  assert.equal(some.findings[0]!.relatedTo, undefined);
});

test('relatedTo (defect 2): the empty standby target group — dr.standby-capacity is the root; imbalance and secondary-ready point at it', () => {
  const result = runAudit(capacityShop(), ALL_CHECKS, { config: {}, failOn: 'high' });
  assert.deepEqual(related(result.findings, 'api-tg-west'), [
    ['dr.standby-capacity', 'fail', null],
    ['lb.target-imbalance', 'warn', 'dr.standby-capacity api-tg-west'],
  ]);
  const secondary = result.findings.filter((f) => f.checkId === 'r53.secondary-ready' && f.status === 'fail');
  assert.deepEqual(
    secondary.map((f) => [f.resource.name, f.relatedTo?.checkId, f.relatedTo?.resource.id]),
    [
      ['api.example.com. A (api-west)', 'dr.standby-capacity', 'api-tg-west'],
      ['www.example.com. A (www-west)', 'dr.standby-capacity', 'api-tg-west'],
    ],
  );
});

test('scope: excludeTags at the top level leaves a dev group out of every check; includeTags per check narrows one', () => {
  const prod = asg({ name: 'prod', tags: { env: 'prod' } }, { 'us-east-1a': 1 });
  const dev = asg({ name: 'dev', tags: { env: 'dev' } }, { 'us-east-1a': 1 });
  const inv = inventory({ 'us-east-1': { autoScalingGroups: [prod, dev] } });
  const all = runAudit(inv, ALL_CHECKS, { config: {}, failOn: 'high' });
  assert.ok(all.findings.some((f) => f.resource.id === 'dev'));
  const scoped = runAudit(inv, ALL_CHECKS, {
    config: { scope: { excludeTags: ['env=dev'] } },
    failOn: 'high',
  });
  assert.deepEqual(
    scoped.findings.filter((f) => f.resource.id === 'dev'),
    [],
  );
  assert.ok(scoped.findings.some((f) => f.resource.id === 'prod' && f.checkId === 'asg.multi-az'));
  const one = runAudit(inv, ALL_CHECKS, {
    config: { checks: { 'asg.multi-az': { scope: { includeTags: ['env=dev'] } } } },
    failOn: 'high',
  });
  assert.deepEqual(
    one.findings.filter((f) => f.checkId === 'asg.multi-az').map((f) => f.resource.id),
    ['dev'],
  );
});
