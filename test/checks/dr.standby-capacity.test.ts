import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/dr.standby-capacity.js';
import type { AutoScalingGroup, DbCluster } from '../../src/inventory/schema.js';
import { asg, clusterInstances, dbCluster, denied, globalCluster, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const east = dbCluster({ id: 'shop-east' }, 'us-east-1');
const gdb = globalCluster({ id: 'shop' }, [
  { region: 'us-east-1', clusterId: 'shop-east', isWriter: true },
  { region: 'us-west-2', clusterId: 'shop-west', isWriter: false },
]);
/** Primary: web-east with 6 instances (desired 6). Standby: as given. */
function inv(
  o: {
    standbyAsgs?: AutoScalingGroup[];
    west?: DbCluster;
    collection?: ReturnType<typeof denied>[];
    globals?: boolean;
  } = {},
) {
  const west = o.west ?? dbCluster({ id: 'shop-west' }, 'us-west-2');
  return inventory(
    {
      'us-east-1': {
        autoScalingGroups: [asg({ name: 'web-east' }, { 'us-east-1a': 3, 'us-east-1b': 3 })],
        dbClusters: [east],
        dbInstances: clusterInstances(east),
      },
      'us-west-2': {
        autoScalingGroups: o.standbyAsgs ?? [],
        dbClusters: [west],
        dbInstances: clusterInstances(west, 'us-west-2'),
      },
    },
    { globalClusters: o.globals === false ? [] : [gdb], collection: o.collection ?? [] },
  );
}
const westAsg = (desired: number, max: number) =>
  asg(
    { name: 'web-west', desiredCapacity: desired, maxSize: max },
    { 'us-west-2a': Math.ceil(desired / 2), 'us-west-2b': Math.floor(desired / 2) },
  );

test('dr.standby-capacity: a warm standby already running the primary peak passes (ASG and Aurora)', () => {
  const findings = run(check, inv({ standbyAsgs: [westAsg(6, 12)] }));
  const asgF = only(findings, 'us-west-2');
  assert.equal(asgF.status, 'pass');
  assert.match(
    asgF.message,
    /us-west-2 already runs 6 instances \(max 12\), covering the primary us-east-1 peak of 6 instances \(1 × desired 6, 1 ASG\)/,
  );
  assert.equal(asgF.evidence['primaryRegion'], 'us-east-1');
  assert.equal(asgF.evidence['regionsFrom'], 'global cluster shop');
  const db = only(findings, 'shop-west');
  assert.equal(db.status, 'pass');
  assert.match(
    db.message,
    /shop-west \(standby of shop in us-west-2\) has 2 instances \(largest db\.r6g\.large\), matching the primary shop-east: 2, writer db\.r6g\.large/,
  );
});

test('dr.standby-capacity: standby MaxSize below the primary peak fails and says by how much', () => {
  const f = only(run(check, inv({ standbyAsgs: [westAsg(2, 4)] }), { peakFactor: 1.5 }), 'us-west-2');
  assert.equal(f.status, 'fail');
  assert.match(
    f.message,
    /us-west-2 can scale to 4 instances \(sum of MaxSize\), below the primary us-east-1 peak of 9 instances \(1\.5 × desired 6.*: 5 short/,
  );
  assert.equal(f.evidence['primaryPeak'], 9);
  assert.equal(f.evidence['standbyMax'], 4);
  assert.equal(f.evidence['shortBy'], 5);
});

test('dr.standby-capacity: no Auto Scaling group in the standby fails', () => {
  const f = only(run(check, inv()), 'us-west-2');
  assert.equal(f.status, 'fail');
  assert.match(
    f.message,
    /us-west-2 has no Auto Scaling group, below the primary us-east-1 peak of 6 instances.*: 6 short/,
  );
});

test('dr.standby-capacity: a pilot-light standby (max covers, desired does not) warns', () => {
  const f = only(run(check, inv({ standbyAsgs: [westAsg(2, 12)] })), 'us-west-2');
  assert.equal(f.status, 'warn');
  assert.match(
    f.message,
    /us-west-2 runs 2 instances \(desired\).*MaxSize 12 covers it, but it must scale out by 4 during the failover \(slower RTO\)/,
  );
  assert.equal(f.evidence['scaleOutBy'], 4);
});

test('dr.standby-capacity: a headless Aurora secondary fails', () => {
  const f = only(
    run(check, inv({ standbyAsgs: [westAsg(6, 12)], west: dbCluster({ id: 'shop-west' }, 'us-west-2', []) })),
    'shop-west',
  );
  assert.equal(f.status, 'fail');
  assert.match(
    f.message,
    /shop-west \(standby of shop in us-west-2\) is headless: 0 instances.*the primary shop-east has 2/,
  );
  assert.equal(f.evidence['standbyInstances'], 0);
});

test('dr.standby-capacity: a smaller or thinner Aurora secondary warns (class from the DB instances)', () => {
  const west = dbCluster({ id: 'shop-west' }, 'us-west-2', [
    ['shop-west-1', 'us-west-2a', true, 'db.r6g.large'],
  ]);
  const i = inv({ standbyAsgs: [westAsg(6, 12)], west });
  // The primary writer is a 2xlarge according to its DB instance (the cluster member does not say).
  delete i.regions['us-east-1']!.dbClusters[0]!.members[0]!.instanceClass;
  i.regions['us-east-1']!.dbInstances[0]!.instanceClass = 'db.r6g.2xlarge';
  const f = only(run(check, i), 'shop-west');
  assert.equal(f.status, 'warn');
  assert.match(
    f.message,
    /1 instance < 2 in the primary shop-east; largest class db\.r6g\.large is smaller than the primary writer's db\.r6g\.2xlarge/,
  );
  assert.equal(f.evidence['primaryWriterClass'], 'db.r6g.2xlarge');
  assert.equal(f.evidence['standbyInstances'], 1);
});

test('dr.standby-capacity: configured regions override the derivation', () => {
  const f = only(
    run(check, inv({ standbyAsgs: [westAsg(6, 12)] }), {
      primaryRegion: 'us-west-2',
      standbyRegion: 'us-east-1',
    }),
    'us-east-1',
  );
  assert.equal(f.evidence['regionsFrom'], 'config');
  assert.equal(f.evidence['primaryPeak'], 6);
  assert.equal(f.evidence['standbyMax'], 12);
});

test('dr.standby-capacity: unknown regions give one skipped finding that says how to configure them', () => {
  const findings = run(check, inv({ globals: false }));
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.status, 'skipped');
  assert.equal(findings[0]!.resource.type, 'AWS::Account');
  assert.match(
    findings[0]!.message,
    /Primary and standby regions unknown: no Aurora global database.*Set primaryRegion and standbyRegion in \.resil\.yml/,
  );
  assert.equal(findings[0]!.evidence['reason'], 'dr-regions-unknown');
});

test('dr.standby-capacity: skipped whole when Auto Scaling groups could not be read in one region', () => {
  const findings = run(
    check,
    inv({
      standbyAsgs: [westAsg(6, 12)],
      collection: [denied('autoscaling', 'DescribeAutoScalingGroups', 'us-west-2')],
    }),
  );
  assert.deepEqual(
    findings.map((f) => f.status),
    ['skipped'],
  );
  assert.match(findings[0]!.message, /AccessDenied on autoscaling:DescribeAutoScalingGroups in us-west-2/);
});

test('dr.standby-capacity: an empty account, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});

test('dr.standby-capacity: a primary group tagged resil:peak counts its declared peak, not peakFactor × desired', () => {
  const inv = inventory(
    {
      'us-east-1': {
        autoScalingGroups: [
          asg(
            { name: 'web', desiredCapacity: 9, tags: { 'resil:peak': '6' } },
            { 'us-east-1a': 3, 'us-east-1b': 3, 'us-east-1c': 3 },
          ),
        ],
      },
      'us-west-2': {
        autoScalingGroups: [
          asg(
            { name: 'web-west', desiredCapacity: 6, maxSize: 6 },
            { 'us-west-2a': 2, 'us-west-2b': 2, 'us-west-2c': 2 },
          ),
        ],
      },
    },
    { globalClusters: [] },
  );
  const findings = run(check, inv, { primaryRegion: 'us-east-1', standbyRegion: 'us-west-2' });
  const asgFinding = findings.find((f) => f.resource.id === 'us-west-2');
  assert.ok(asgFinding, JSON.stringify(findings.map((f) => [f.resource.id, f.status, f.message])));
  assert.equal(asgFinding.status, 'pass');
  assert.match(asgFinding.message, /peak of 6 instances \(resil:peak tags/);
});
