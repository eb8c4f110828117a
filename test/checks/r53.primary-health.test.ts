import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/r53.primary-health.js';
import type { RecordSet } from '../../src/inventory/schema.js';
import { denied, healthCheck, hostedZone, inventory, record } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const inv = (
  records: RecordSet[],
  collection = [] as ReturnType<typeof denied>[],
  healthChecks = [healthCheck({ id: 'hc-1' })],
) =>
  inventory(
    { 'us-east-1': {} },
    { route53: { hostedZones: [hostedZone({ name: 'example.com.' }, records)], healthChecks }, collection },
  );
const primary = (o: Partial<RecordSet> = {}) =>
  record({
    name: 'app.example.com.',
    routingPolicy: 'failover',
    failover: 'PRIMARY',
    setIdentifier: 'east',
    ...o,
  });
const alias = (evaluateTargetHealth: boolean) => ({
  aliasTarget: {
    dnsName: 'dualstack.web-123.us-east-1.elb.amazonaws.com.',
    hostedZoneId: 'Z35SXDOTRQ7X7K',
    evaluateTargetHealth,
  },
});
const ID = 'ZEXAMPLECOM/app.example.com./A/east';

test('r53.primary-health: a non-alias PRIMARY with a health check passes', () => {
  const f = only(run(check, inv([primary({ ttl: 60, values: ['10.0.0.1'], healthCheckId: 'hc-1' })])), ID);
  assert.equal(f.status, 'pass');
  assert.match(f.message, /PRIMARY app\.example\.com\. A \(east\) uses health check hc-1/);
});

test('r53.primary-health: an alias PRIMARY with evaluate-target-health passes', () => {
  const f = only(run(check, inv([primary(alias(true))])), ID);
  assert.equal(f.status, 'pass');
  assert.match(f.message, /alias to dualstack\.web-123.* with evaluate-target-health/);
  assert.equal(f.evidence['evaluateTargetHealth'], true);
});

test('r53.primary-health: an alias PRIMARY with a health check but no evaluate-target-health passes', () => {
  assert.equal(
    only(run(check, inv([primary({ ...alias(false), healthCheckId: 'hc-1' })])), ID).status,
    'pass',
  );
});

test('r53.primary-health: a non-alias PRIMARY without a health check fails', () => {
  const f = only(run(check, inv([primary({ ttl: 60, values: ['10.0.0.1'] })])), ID);
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'high');
  assert.match(f.message, /has no health check: Route 53 always considers it healthy/);
  assert.equal(f.evidence['healthCheckId'], null);
});

test('r53.primary-health: an alias PRIMARY with EvaluateTargetHealth=false and no health check fails', () => {
  const f = only(run(check, inv([primary(alias(false))])), ID);
  assert.equal(f.status, 'fail');
  assert.match(
    f.message,
    /EvaluateTargetHealth=false and no health check \(EvaluateTargetHealth defaults to false\)/,
  );
});

test('r53.primary-health: SECONDARY and non-failover records are not judged', () => {
  const recs = [
    record({
      name: 'app.example.com.',
      routingPolicy: 'failover',
      failover: 'SECONDARY',
      setIdentifier: 'west',
      ttl: 60,
    }),
    record({ name: 'www.example.com.', ttl: 300 }),
  ];
  assert.deepEqual(run(check, inv(recs)), []);
});

test('r53.primary-health: skipped whole when hosted zones could not be listed', () => {
  const findings = run(check, inv([primary()], [denied('route53', 'ListHostedZones', 'global')]));
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.status, 'skipped');
  assert.match(findings[0]!.message, /AccessDenied on route53:ListHostedZones/);
});

test('r53.primary-health: no records, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});

test('r53.primary-health: a PRIMARY whose health check was deleted fails (Route 53 no longer evaluates it); alias + evaluate-target-health still passes', () => {
  const plain = only(
    run(check, inv([primary({ ttl: 60, values: ['10.0.0.1'], healthCheckId: 'hc-gone' })])),
    ID,
  );
  assert.equal(plain.status, 'fail');
  assert.match(
    plain.message,
    /PRIMARY app\.example\.com\. A \(east\) uses health check hc-gone, which no longer exists: .*failover cannot be relied on/,
  );
  assert.equal(plain.evidence['healthCheckExists'], false);
  assert.equal(
    only(run(check, inv([primary({ ...alias(false), healthCheckId: 'hc-gone' })])), ID).status,
    'fail',
  );
  const eth = only(run(check, inv([primary({ ...alias(true), healthCheckId: 'hc-gone' })])), ID);
  assert.equal(eth.status, 'pass');
  assert.match(eth.message, /evaluate-target-health \(its health check hc-gone no longer exists\)/);
});

test('r53.primary-health: when health checks could not be listed, a referenced one is not called deleted', () => {
  const f = only(
    run(
      check,
      inv(
        [primary({ ttl: 60, values: ['10.0.0.1'], healthCheckId: 'hc-1' })],
        [denied('route53', 'ListHealthChecks', 'global')],
        [],
      ),
    ),
    ID,
  );
  assert.equal(f.status, 'pass');
  assert.equal(f.evidence['healthCheckExists'], 'unknown');
});
