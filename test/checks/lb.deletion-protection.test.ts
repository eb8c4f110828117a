import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/lb.deletion-protection.js';
import { denied, inventory, loadBalancer } from '../support/builders.js';
import { only, run } from '../support/harness.js';

test('lb.deletion-protection: passes for a protected load balancer', () => {
  const f = only(
    run(check, inventory({ 'us-east-1': { loadBalancers: [loadBalancer({ name: 'web' })] } })),
    'web',
  );
  assert.equal(f.status, 'pass');
  assert.match(f.message, /web has deletion protection enabled/);
  assert.deepEqual(f.evidence, { deletionProtection: true });
});

test('lb.deletion-protection: fails when disabled', () => {
  const lb = loadBalancer({ name: 'api', attributes: { crossZoneEnabled: true, deletionProtection: false } });
  const f = only(run(check, inventory({ 'us-east-1': { loadBalancers: [lb] } })), 'api');
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'medium');
  assert.match(
    f.message,
    /api has deletion protection disabled: one delete call removes it and its DNS name/,
  );
  assert.equal(f.evidence['deletionProtection'], false);
});

test('lb.deletion-protection: skipped when the attribute was not collected', () => {
  const lb = loadBalancer({ name: 'nlb', attributes: {} });
  const f = only(run(check, inventory({ 'us-east-1': { loadBalancers: [lb] } })), 'nlb');
  assert.equal(f.status, 'skipped');
  assert.match(f.message, /nlb: the deletion_protection\.enabled attribute was not collected/);
  assert.equal(f.evidence['reason'], 'not-collected');
});

test('lb.deletion-protection: scope (and the legacy onlyTagged) judges only matching load balancers', () => {
  const off = { crossZoneEnabled: true, deletionProtection: false };
  const inv = inventory({
    'us-east-1': {
      loadBalancers: [
        loadBalancer({ name: 'prod', attributes: off, tags: { env: 'prod' } }),
        loadBalancer({ name: 'staging', attributes: off, tags: { env: 'staging' } }),
      ],
    },
  });
  const scoped = { checks: { 'lb.deletion-protection': { scope: { includeTags: ['env=prod'] } } } };
  const findings = run(check, inv, {}, scoped);
  assert.deepEqual(
    findings.map((f) => [f.resource.id, f.status]),
    [['prod', 'fail']],
  );
  // The per-check onlyTagged of earlier versions still means includeTags.
  const legacy = run(check, inv, {}, { checks: { 'lb.deletion-protection': { onlyTagged: 'env=prod' } } });
  assert.deepEqual(
    legacy.map((f) => f.resource.id),
    ['prod'],
  );
  // Top-level excludeTags leaves out staging.
  const excluded = run(check, inv, {}, { scope: { excludeTags: ['env=staging'] } });
  assert.deepEqual(
    excluded.map((f) => f.resource.id),
    ['prod'],
  );
});

test('lb.deletion-protection: skipped in a region where attributes could not be read', () => {
  const inv = inventory(
    {
      'us-east-1': { loadBalancers: [loadBalancer({ name: 'web' })] },
      'us-west-2': { loadBalancers: [loadBalancer({ name: 'west' }, 'us-west-2')] },
    },
    { collection: [denied('elasticloadbalancing', 'DescribeLoadBalancerAttributes', 'us-east-1')] },
  );
  const findings = run(check, inv);
  assert.equal(only(findings, 'us-east-1').status, 'skipped');
  assert.match(
    only(findings, 'us-east-1').message,
    /AccessDenied on elasticloadbalancing:DescribeLoadBalancerAttributes in us-east-1/,
  );
  assert.equal(only(findings, 'west').status, 'pass');
  assert.equal(findings.length, 2);
});

test('lb.deletion-protection: no load balancers, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
