/**
 * Route 53 records are paged by hand (ListResourceRecordSets has no SDK paginator): the cursor is
 * NextRecordName, NextRecordType and NextRecordIdentifier. A failover, weighted or latency set is
 * several records of one name and type told apart by their set identifier, so a page can end between
 * them. An endpoint that cannot page there must make the zone "not read" (an incomplete audit), never
 * a silently shorter list of records.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import {
  ListHealthChecksCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type ListResourceRecordSetsCommandInput,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../src/aws/clients.js';
import { Ledger, type CollectContext } from '../../src/aws/collect/context.js';
import { collectRoute53, listAllRecords, RecordPagingError } from '../../src/aws/collect/route53.js';

const mocks: Array<{ restore: () => void }> = [];
afterEach(() => {
  while (mocks.length) mocks.pop()!.restore();
});

function context(pageSize: number): CollectContext {
  return {
    clients: new ClientFactory({ maxAttempts: 1, concurrency: 4 }),
    ledger: new Ledger(),
    progress: () => {},
    pageSize,
  };
}

const ZONE = 'Z0PAGING';
// In Route 53's order: name with its labels reversed, then type, then set identifier.
const RECORDS: ResourceRecordSet[] = [
  { Name: 'example.com.', Type: 'NS', TTL: 172800, ResourceRecords: [{ Value: 'ns-1.example.net.' }] },
  {
    Name: 'example.com.',
    Type: 'SOA',
    TTL: 900,
    ResourceRecords: [{ Value: 'ns-1.example.net. x 1 7200 900 1209600 86400' }],
  },
  ...['east', 'west'].map((side) => ({
    Name: 'api.example.com.',
    Type: 'A' as const,
    SetIdentifier: `api-${side}`,
    Failover: side === 'east' ? ('PRIMARY' as const) : ('SECONDARY' as const),
    TTL: 60,
    ResourceRecords: [{ Value: side === 'east' ? '198.51.100.10' : '203.0.113.20' }],
  })),
  ...[1, 2, 3].map((n) => ({
    Name: 'www.example.com.',
    Type: 'CNAME' as const,
    SetIdentifier: `w${n}`,
    Weight: n,
    TTL: 60,
    ResourceRecords: [{ Value: `lb${n}.example.com` }],
  })),
];

const key = (r: ResourceRecordSet) =>
  [r.Name!.replace(/\.$/, '').split('.').reverse().join('.'), r.Type!, r.SetIdentifier ?? ''].join('\u0000');

/** Route 53's paging: start at (name, type, identifier), answer the next record's cursor. */
function route53Page(input: ListResourceRecordSetsCommandInput, honourIdentifier: boolean) {
  const sorted = [...RECORDS].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  let from = 0;
  if (input.StartRecordName) {
    const start = key({
      Name: input.StartRecordName,
      Type: input.StartRecordType!,
      ...(honourIdentifier && input.StartRecordIdentifier
        ? { SetIdentifier: input.StartRecordIdentifier }
        : {}),
    });
    from = sorted.findIndex((r) => key(r) >= start);
  }
  const max = input.MaxItems ?? 300;
  const page = sorted.slice(from, from + max);
  const next = sorted[from + max];
  return {
    ResourceRecordSets: page,
    IsTruncated: next !== undefined,
    MaxItems: max,
    ...(next
      ? {
          NextRecordName: next.Name,
          NextRecordType: next.Type,
          ...(next.SetIdentifier ? { NextRecordIdentifier: next.SetIdentifier } : {}),
        }
      : {}),
  };
}

for (const pageSize of [1, 2, 3, 300]) {
  test(`with ${pageSize} record(s) a page, every record is read once, across the failover and weighted sets`, async () => {
    const r53 = mockClient(Route53Client);
    mocks.push(r53);
    r53.on(ListResourceRecordSetsCommand).callsFake((input) => route53Page(input, true));
    const got = await listAllRecords(context(pageSize), ZONE);
    assert.deepEqual(
      got.map((r) => `${r.Name} ${r.Type} ${r.SetIdentifier ?? ''}`).sort(),
      RECORDS.map((r) => `${r.Name} ${r.Type} ${r.SetIdentifier ?? ''}`).sort(),
    );
    assert.equal(
      r53.commandCalls(ListResourceRecordSetsCommand).length,
      Math.ceil(RECORDS.length / pageSize),
    );
    // The cursor AWS gave is sent back, identifier included.
    const sent = r53.commandCalls(ListResourceRecordSetsCommand).map((c) => c.args[0].input);
    if (pageSize === 1) assert.ok(sent.some((i) => i.StartRecordIdentifier === 'api-west'));
  });
}

test('an endpoint that ignores StartRecordIdentifier: the zone is not read (RecordPagingError), not cut short', async () => {
  const r53 = mockClient(Route53Client);
  mocks.push(r53);
  r53.on(ListResourceRecordSetsCommand).callsFake((input) => route53Page(input, false));
  await assert.rejects(listAllRecords(context(1), ZONE), (err: unknown) => {
    assert.ok(err instanceof RecordPagingError);
    assert.match(
      err.message,
      /^ListResourceRecordSets on Z0PAGING returned a truncated page that brings no new record, and its next page \(api\.example\.com\. A api-west\) starts where the last one did: the records after the first 3 cannot be read\./,
    );
    return true;
  });
});

test('collectRoute53 records that zone as an error (the audit is incomplete) and keeps the other zones', async () => {
  const r53 = mockClient(Route53Client);
  mocks.push(r53);
  r53.on(ListHostedZonesCommand).resolves({
    HostedZones: [
      { Id: `/hostedzone/${ZONE}`, Name: 'example.com.', CallerReference: 'a' },
      { Id: '/hostedzone/Z0SMALL', Name: 'small.example.', CallerReference: 'b' },
    ],
    IsTruncated: false,
    MaxItems: 1,
  });
  r53.on(ListHealthChecksCommand).resolves({ HealthChecks: [], IsTruncated: false, MaxItems: 1, Marker: '' });
  r53.on(ListResourceRecordSetsCommand).callsFake((input: ListResourceRecordSetsCommandInput) =>
    input.HostedZoneId?.endsWith(ZONE)
      ? route53Page(input, false)
      : {
          ResourceRecordSets: [
            { Name: 'small.example.', Type: 'NS', TTL: 60, ResourceRecords: [{ Value: 'ns.' }] },
          ],
          IsTruncated: false,
          MaxItems: 1,
        },
  );
  const ctx = context(1);
  const { hostedZones } = await collectRoute53(ctx);
  assert.deepEqual(
    hostedZones.map((z) => [z.id, z.records.length]),
    [
      [ZONE, 0],
      ['Z0SMALL', 1],
    ],
  );
  const failed = ctx.ledger.list().filter((r) => r.status === 'error');
  assert.deepEqual(
    failed.map((r) => [r.service, r.region, r.operation, r.error?.code]),
    [['route53', 'global', 'ListResourceRecordSets', 'RecordPagingError']],
  );
});
