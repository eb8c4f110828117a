import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/r53.failover-ttl.js';
import type { RecordSet } from '../../src/inventory/schema.js';
import { denied, hostedZone, inventory, record } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const inv = (records: RecordSet[], collection = [] as ReturnType<typeof denied>[]) =>
  inventory(
    { 'us-east-1': {} },
    {
      route53: { hostedZones: [hostedZone({ name: 'example.com.' }, records)], healthChecks: [] },
      collection,
    },
  );
const fo = (o: Partial<RecordSet> = {}) =>
  record({
    name: 'app.example.com.',
    routingPolicy: 'failover',
    failover: 'PRIMARY',
    setIdentifier: 'east',
    healthCheckId: 'hc-1',
    values: ['10.0.0.1'],
    ...o,
  });
const ID = 'ZEXAMPLECOM/app.example.com./A/east';

test('r53.failover-ttl: a failover record with TTL 60 s passes', () => {
  const f = only(run(check, inv([fo({ ttl: 60 })])), ID);
  assert.equal(f.status, 'pass');
  assert.match(f.message, /app\.example\.com\. A \(east\) has TTL 60 s \(limit 60 s\)/);
});

test('r53.failover-ttl: a failover record with TTL 300 s fails and names both numbers', () => {
  const f = only(run(check, inv([fo({ ttl: 300 })])), ID);
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'medium');
  assert.match(f.message, /has TTL 300 s \(limit 60 s\)/);
  assert.equal(f.evidence['ttlSeconds'], 300);
  assert.equal(f.evidence['maxTtlSeconds'], 60);
});

test('r53.failover-ttl: weighted records with a health check are judged; without one, and simple records, are not', () => {
  const recs = [
    record({
      name: 'w.example.com.',
      routingPolicy: 'weighted',
      setIdentifier: 'a',
      weight: 50,
      ttl: 120,
      healthCheckId: 'hc-2',
    }),
    record({ name: 'w.example.com.', routingPolicy: 'weighted', setIdentifier: 'b', weight: 50, ttl: 120 }),
    record({ name: 'www.example.com.', ttl: 3600 }),
  ];
  const findings = run(check, inv(recs));
  assert.equal(findings.length, 1);
  assert.equal(only(findings, 'ZEXAMPLECOM/w.example.com./A/a').status, 'fail');
});

test('r53.failover-ttl: alias records pass with a note (they inherit the target TTL)', () => {
  const f = only(
    run(
      check,
      inv([
        fo({
          values: [],
          aliasTarget: {
            dnsName: 'web-1.us-east-1.elb.amazonaws.com',
            hostedZoneId: 'Z1',
            evaluateTargetHealth: true,
          },
        }),
      ]),
    ),
    ID,
  );
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /is an alias to web-1\.us-east-1\.elb\.amazonaws\.com: no TTL of its own, it inherits the target's/,
  );
});

test('r53.failover-ttl: the limit is configurable', () => {
  assert.equal(only(run(check, inv([fo({ ttl: 300 })]), { maxTtlSeconds: 300 }), ID).status, 'pass');
});

test('r53.failover-ttl: skipped whole when record sets could not be listed', () => {
  const findings = run(
    check,
    inv([fo({ ttl: 300 })], [denied('route53', 'ListResourceRecordSets', 'global')]),
  );
  assert.deepEqual(
    findings.map((f) => f.status),
    ['skipped'],
  );
  assert.match(findings[0]!.message, /route53:ListResourceRecordSets/);
});

test('r53.failover-ttl: no records, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
