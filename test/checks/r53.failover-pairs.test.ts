import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/r53.failover-pairs.js';
import { denied, hostedZone, inventory, record } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const primary = (o = {}) =>
  record({
    name: 'app.example.com.',
    routingPolicy: 'failover',
    failover: 'PRIMARY',
    setIdentifier: 'east',
    ttl: 60,
    values: ['10.0.0.1'],
    healthCheckId: 'hc-east',
    ...o,
  });
const secondary = (o = {}) =>
  record({
    name: 'app.example.com.',
    routingPolicy: 'failover',
    failover: 'SECONDARY',
    setIdentifier: 'west',
    ttl: 60,
    values: ['10.1.0.1'],
    healthCheckId: 'hc-west',
    ...o,
  });
const withRecords = (...records: ReturnType<typeof record>[]) =>
  inventory(
    { 'us-east-1': {} },
    { route53: { hostedZones: [hostedZone({ name: 'example.com.' }, records)], healthChecks: [] } },
  );
const ID = 'ZEXAMPLECOM/app.example.com./A';

test('r53.failover-pairs: one PRIMARY and one SECONDARY with their own health checks pass', () => {
  const f = only(
    run(check, withRecords(primary(), secondary(), record({ name: 'www.example.com.', ttl: 300 }))),
    ID,
  );
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /app\.example\.com\. A in example\.com\. has one PRIMARY \(east\) and one SECONDARY \(west\)/,
  );
  assert.deepEqual(f.evidence['healthCheckIds'], ['hc-east', 'hc-west']);
});

test('r53.failover-pairs: a PRIMARY without a SECONDARY fails', () => {
  const f = only(run(check, withRecords(primary())), ID);
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'high');
  assert.match(f.message, /has 1 PRIMARY and 0 SECONDARY failover records \(nothing to fail over to\)/);
  assert.deepEqual(f.evidence['secondaries'], []);
});

test('r53.failover-pairs: a lone SECONDARY, or two PRIMARY records, fail', () => {
  assert.match(
    only(run(check, withRecords(secondary())), ID).message,
    /0 PRIMARY and 1 SECONDARY.*the SECONDARY never serves/,
  );
  const two = only(run(check, withRecords(primary(), primary({ setIdentifier: 'east-2' }), secondary())), ID);
  assert.equal(two.status, 'fail');
  assert.match(two.message, /2 PRIMARY and 1 SECONDARY.*exactly one of each/);
});

test('r53.failover-pairs: records pair by name (case, trailing dot) and type, not across types', () => {
  const findings = run(
    check,
    withRecords(primary(), secondary({ name: 'APP.example.com' }), primary({ type: 'AAAA' })),
  );
  assert.equal(only(findings, ID).status, 'pass');
  assert.equal(only(findings, 'ZEXAMPLECOM/app.example.com./AAAA').status, 'fail');
});

test('r53.failover-pairs: a PRIMARY and SECONDARY sharing one health check fail', () => {
  const f = only(
    run(check, withRecords(primary({ healthCheckId: 'hc-1' }), secondary({ healthCheckId: 'hc-1' }))),
    ID,
  );
  assert.equal(f.status, 'fail');
  assert.match(f.message, /PRIMARY east and SECONDARY west share health check hc-1/);
});

test('r53.failover-pairs: skipped whole when record sets could not be listed', () => {
  const inv = withRecords(primary());
  inv.collection.push(denied('route53', 'ListResourceRecordSets', 'global'));
  const findings = run(check, inv);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.status, 'skipped');
  assert.match(findings[0]!.message, /AccessDenied on route53:ListResourceRecordSets in global/);
});

test('r53.failover-pairs: no failover records, no findings', () => {
  assert.deepEqual(run(check, withRecords(record({ name: 'www.example.com.', ttl: 300 }))), []);
  assert.deepEqual(run(check, inventory()), []);
});
