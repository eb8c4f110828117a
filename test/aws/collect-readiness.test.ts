/**
 * The readiness reads (src/aws/collect/readiness.ts): the SDK-to-inventory mapping, which quotas a
 * region needs, and the Service Quotas fallbacks (listed → GetServiceQuota → the AWS default), with
 * the SDK clients mocked (aws-sdk-client-mock): no network.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import {
  GetAWSDefaultServiceQuotaCommand,
  GetServiceQuotaCommand,
  ListServiceQuotasCommand,
  NoSuchResourceException,
  ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../src/aws/clients.js';
import { lagHistoryPeriod } from '../../src/aws/collect/cloudwatch.js';
import { Ledger, type CollectContext } from '../../src/aws/collect/context.js';
import {
  collectQuotas,
  mapCapacityReservation,
  mapLbCapacityReservation,
  mapQuota,
  neededQuotaCodes,
} from '../../src/aws/collect/readiness.js';
import { parseInventory } from '../../src/inventory/load.js';
import { dict } from '../../src/inventory/schema.js';
import { asg, instance } from '../support/builders.js';

const sq = mockClient(ServiceQuotasClient);
afterEach(() => sq.reset());

function region(types: string[], asgTypes: string[] = []) {
  return parseInventory({
    accountId: '1',
    capturedAt: '2026-11-20T12:00:00.000Z',
    regions: {
      'us-east-1': {
        instances: types.map((type, i) => instance({ id: `i-${i}`, az: 'us-east-1a', type })),
        autoScalingGroups: asgTypes.length ? [asg({ name: 'g', instanceTypes: asgTypes })] : [],
      },
    },
  }).regions['us-east-1']!;
}

function ctx(): CollectContext {
  return {
    clients: new ClientFactory({ maxAttempts: 1, concurrency: 4, endpointUrl: 'http://127.0.0.1:9' }),
    ledger: new Ledger(),
    progress: () => {},
  };
}

test('needed quotas: the vCPU quota of every running and launchable type, plus ELB, RDS and Fargate On-Demand', () => {
  const codes = neededQuotaCodes(region(['m6i.large', 'g5.xlarge'], ['inf2.xlarge'])).map((q) => q.code);
  assert.deepEqual(codes.sort(), [
    'L-1216C47A',
    'L-1945791B',
    'L-3032A538',
    'L-53DA6B97',
    'L-69A177A2',
    'L-7B6409FD',
    'L-952B80B8',
    'L-B22855CB',
    'L-DB2E81BA',
  ]);
  // The Fargate quota in every region, whatever runs there: it needs no ECS read first, so it waits
  // for none (which regions run Fargate is known only once ECS is read down to its tasks).
  assert.ok(neededQuotaCodes(region([])).some((q) => q.code === 'L-3032A538'));
});

test('service quotas: the Fargate quota is read with GetServiceQuota (service code fargate), else its AWS default', async () => {
  sq.on(ListServiceQuotasCommand).resolves({ Quotas: [] });
  sq.on(GetServiceQuotaCommand)
    .rejects(new NoSuchResourceException({ message: 'no applied value', $metadata: {} }))
    .on(GetServiceQuotaCommand, { ServiceCode: 'fargate', QuotaCode: 'L-3032A538' })
    .resolves({
      Quota: {
        ServiceCode: 'fargate',
        QuotaCode: 'L-3032A538',
        QuotaName: 'Fargate On-Demand vCPU resource count',
        Value: 400,
      },
    });
  sq.on(GetAWSDefaultServiceQuotaCommand).callsFake((input: { ServiceCode: string; QuotaCode: string }) => ({
    Quota: { ServiceCode: input.ServiceCode, QuotaCode: input.QuotaCode, Value: 40 },
  }));
  const c = ctx();
  const quotas = await collectQuotas(c, 'us-east-1', region([]));
  const f = quotas.find((q) => q.quotaCode === 'L-3032A538')!;
  assert.deepEqual([f.serviceCode, f.value, f.source], ['fargate', 400, 'applied']);
  // The lists stay ec2, elasticloadbalancing and rds.
  assert.deepEqual(
    sq
      .commandCalls(ListServiceQuotasCommand)
      .map((x) => x.args[0].input.ServiceCode)
      .sort(),
    ['ec2', 'elasticloadbalancing', 'rds'],
  );
  c.clients.destroy();
});

test('service quotas: listed values first, then GetServiceQuota, then the AWS default (marked so)', async () => {
  sq.on(ListServiceQuotasCommand, { ServiceCode: 'ec2' })
    .resolves({
      Quotas: [
        {
          ServiceCode: 'ec2',
          QuotaCode: 'L-1216C47A',
          QuotaName: 'Running On-Demand Standard',
          Value: 256,
          Adjustable: true,
        },
        { ServiceCode: 'ec2', QuotaCode: 'L-0263D0A3', QuotaName: 'EC2-VPC Elastic IPs', Value: 5 },
      ],
    })
    .on(ListServiceQuotasCommand, { ServiceCode: 'elasticloadbalancing' })
    .resolves({
      Quotas: [
        { ServiceCode: 'elasticloadbalancing', QuotaCode: 'L-53DA6B97', QuotaName: 'ALBs', Value: 50 },
      ],
    })
    .on(ListServiceQuotasCommand, { ServiceCode: 'rds' })
    .resolves({ Quotas: [] });
  sq.on(GetServiceQuotaCommand)
    .rejects(new NoSuchResourceException({ message: 'no applied value', $metadata: {} }))
    .on(GetServiceQuotaCommand, { QuotaCode: 'L-69A177A2' })
    .resolves({
      Quota: { ServiceCode: 'elasticloadbalancing', QuotaCode: 'L-69A177A2', QuotaName: 'NLBs', Value: 60 },
    });
  sq.on(GetAWSDefaultServiceQuotaCommand).callsFake((input: { ServiceCode: string; QuotaCode: string }) => ({
    Quota: {
      ServiceCode: input.ServiceCode,
      QuotaCode: input.QuotaCode,
      QuotaName: input.QuotaCode,
      Value: 40,
    },
  }));
  const c = ctx();
  const quotas = await collectQuotas(c, 'us-east-1', region(['m6i.large']));
  const by = Object.fromEntries(quotas.map((q) => [q.quotaCode, [q.value, q.source]]));
  assert.deepEqual(by, {
    'L-1216C47A': [256, 'applied'],
    'L-53DA6B97': [50, 'applied'],
    'L-69A177A2': [60, 'applied'],
    'L-B22855CB': [40, 'default'],
    'L-7B6409FD': [40, 'default'],
    'L-952B80B8': [40, 'default'],
    // Read in every region, not in the lists (service code fargate): its AWS default here.
    'L-3032A538': [40, 'default'],
  });
  assert.ok(!('L-0263D0A3' in by), 'quotas the report does not use are not kept');
  // NoSuchResourceException is not an error: no error record.
  assert.deepEqual(
    c.ledger.list().filter((r) => r.status === 'error'),
    [],
  );
  c.clients.destroy();
});

test('service quotas: access denied is recorded (the report then says unknown), not thrown', async () => {
  const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: {} });
  sq.on(ListServiceQuotasCommand).rejects(denied).on(GetServiceQuotaCommand).rejects(denied);
  const c = ctx();
  const quotas = await collectQuotas(c, 'us-east-1', region(['m6i.large']));
  assert.deepEqual(quotas, []);
  const errors = c.ledger.list().filter((r) => r.status === 'error');
  assert.deepEqual(
    errors.map((e) => [e.service, e.operation, e.error?.code]),
    [
      ['servicequotas', 'GetServiceQuota', 'AccessDeniedException'],
      ['servicequotas', 'ListServiceQuotas', 'AccessDeniedException'],
    ],
  );
  c.clients.destroy();
});

test('mapping: quotas, capacity reservations, load balancer LCU reservations', () => {
  assert.deepEqual(
    mapQuota(
      { ServiceCode: 'ec2', QuotaCode: 'L-1216C47A', QuotaName: 'Std', Value: 64, Unit: 'None' },
      'applied',
    ),
    {
      serviceCode: 'ec2',
      quotaCode: 'L-1216C47A',
      name: 'Std',
      value: 64,
      unit: 'None',
      source: 'applied',
    },
  );
  assert.equal(mapQuota({ QuotaCode: 'L-1216C47A' }, 'applied'), undefined, 'no value, no quota');
  assert.deepEqual(
    mapCapacityReservation({
      CapacityReservationId: 'cr-1',
      InstanceType: 'c6i.xlarge',
      InstancePlatform: 'Linux/UNIX',
      AvailabilityZone: 'us-west-2a',
      TotalInstanceCount: 4,
      AvailableInstanceCount: 1,
      State: 'active',
      StartDate: new Date('2026-11-26T00:00:00Z'),
      EndDate: new Date('2026-11-29T00:00:00Z'),
      EndDateType: 'limited',
      InstanceMatchCriteria: 'open',
      Tags: [{ Key: 'purpose', Value: 'bf' }],
    }),
    {
      id: 'cr-1',
      instanceType: 'c6i.xlarge',
      platform: 'Linux/UNIX',
      az: 'us-west-2a',
      totalInstances: 4,
      availableInstances: 1,
      state: 'active',
      startDate: '2026-11-26T00:00:00.000Z',
      endDate: '2026-11-29T00:00:00.000Z',
      endDateType: 'limited',
      matchCriteria: 'open',
      tags: dict({ purpose: 'bf' }), // prototype-free, as every region-keyed or tag map (issue 9 item 11)
    },
  );
  assert.deepEqual(
    mapLbCapacityReservation('arn:lb', {
      MinimumLoadBalancerCapacity: { CapacityUnits: 300 },
      LastModifiedTime: new Date('2026-11-18T09:30:00Z'),
      CapacityReservationState: [
        { AvailabilityZone: 'us-east-1b', State: { Code: 'failed', Reason: 'no capacity' } },
        { AvailabilityZone: 'us-east-1a', State: { Code: 'provisioned' }, EffectiveCapacityUnits: 150 },
      ],
    }),
    {
      loadBalancerArn: 'arn:lb',
      minimumCapacityUnits: 300,
      lastModified: '2026-11-18T09:30:00.000Z',
      zones: [
        { az: 'us-east-1a', state: 'provisioned', effectiveCapacityUnits: 150 },
        { az: 'us-east-1b', state: 'failed', reason: 'no capacity' },
      ],
    },
  );
  assert.deepEqual(mapLbCapacityReservation('arn:lb', {}), { loadBalancerArn: 'arn:lb', zones: [] });
});

test('lag history period: 5-minute maxima, coarser for long windows (≤ ~1,500 points a series)', () => {
  const w = (days: number) => ({ start: new Date(0), end: new Date(days * 86_400_000) });
  assert.equal(lagHistoryPeriod(w(1)), 300);
  assert.equal(lagHistoryPeriod(w(5)), 300);
  assert.equal(lagHistoryPeriod(w(14)), 900);
  assert.equal(lagHistoryPeriod(w(30)), 1800);
});
