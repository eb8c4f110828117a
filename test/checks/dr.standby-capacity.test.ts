import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/dr.standby-capacity.js';
import type { AutoScalingGroup, DbCluster } from '../../src/inventory/schema.js';
import { asg, clusterInstances, dbCluster, denied, globalCluster, inventory } from '../support/builders.js';
import { capacityShop } from '../support/capacity-shop.js';
import { only, run } from '../support/harness.js';

const east = dbCluster({ id: 'shop-east' }, 'us-east-1');
const gdb = globalCluster({ id: 'shop' }, [
  { region: 'us-east-1', clusterId: 'shop-east', isWriter: true },
  { region: 'us-west-2', clusterId: 'shop-west', isWriter: false },
]);
/** Primary: web-east (tier=web), 3 + 3 × m6i.large = 12 vCPUs, no policy (assumed demand). Standby: as given. */
function inv(
  o: {
    standbyAsgs?: AutoScalingGroup[];
    west?: DbCluster;
    collection?: ReturnType<typeof denied>[];
    globals?: boolean;
    primaryTags?: Record<string, string>;
  } = {},
) {
  const west = o.west ?? dbCluster({ id: 'shop-west' }, 'us-west-2');
  return inventory(
    {
      'us-east-1': {
        autoScalingGroups: [
          asg(
            { name: 'web-east', tags: { tier: 'web', ...o.primaryTags } },
            { 'us-east-1a': 3, 'us-east-1b': 3 },
          ),
        ],
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
const westAsg = (desired: number, max: number, o: Partial<AutoScalingGroup> = {}) =>
  asg(
    { name: 'web-west', desiredCapacity: desired, maxSize: max, tags: { tier: 'web' }, ...o },
    { 'us-west-2a': Math.ceil(desired / 2), 'us-west-2b': Math.floor(desired / 2) },
  );

test("dr.standby-capacity: a warm standby already running the primary tier's demand passes (ASG and Aurora)", () => {
  // Assumed demand: today's 12 vCPUs; the standby runs 6 × m6i.large = 12: ready.
  const findings = run(check, inv({ standbyAsgs: [westAsg(6, 12)] }));
  const f = only(findings, 'web-west');
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /web-west \(us-west-2, standby of web-east; paired by tag tier=web\) already runs 12 vCPUs \(6 healthy targets\); the primary's peak needs 12 vCPUs \(assumed: /,
  );
  assert.equal(f.evidence['primaryRegion'], 'us-east-1');
  assert.equal(f.evidence['regionsFrom'], 'global cluster shop');
  assert.equal(f.evidence['demandSource'], 'assumed');
  assert.equal(f.evidence['pairedBy'], 'tag tier=web');
  const db = only(findings, 'shop-west');
  assert.equal(db.status, 'pass');
  assert.match(
    db.message,
    /shop-west \(standby of shop in us-west-2\) has 2 instances \(largest db\.r6g\.large\), matching the primary shop-east: 2, writer db\.r6g\.large/,
  );
});

test('dr.standby-capacity: standby MaxSize below a declared peak fails and says by how much', () => {
  // peakFactor 1.5: ceil(1.5 × 6) = 9 instances = 18 vCPUs; the standby reaches 4 × 2 = 8: short by 10.
  const f = only(run(check, inv({ standbyAsgs: [westAsg(2, 4)] }), { peakFactor: 1.5 }), 'web-west');
  assert.equal(f.status, 'fail');
  assert.match(
    f.message,
    /web-west .* can reach only 8 vCPUs \(MaxSize 4 allows 8 vCPUs\); the primary's peak needs 18 vCPUs \(declared: peakFactor \(config\): peak 1\.5 × desired 6 = 9 instances × 2 vCPUs\): short by 10/,
  );
  assert.equal(f.evidence['needed'], 18);
  assert.equal(f.evidence['standbyMaxUnits'], 8);
  assert.equal(f.evidence['verdict'], 'too-small');
});

test('dr.standby-capacity: on an assumed demand a small standby only warns, saying so', () => {
  const f = only(run(check, inv({ standbyAsgs: [westAsg(2, 4)] })), 'web-west');
  assert.equal(f.status, 'warn');
  assert.match(f.message, /on an assumed demand, so not a failure/);
});

test('dr.standby-capacity (defect 3): a primary tier with no standby counterpart is named and fails', () => {
  const f = only(run(check, inv()), 'web-east');
  assert.equal(f.status, 'fail');
  assert.match(
    f.message,
    /web-east \(us-east-1\) has no standby counterpart in us-west-2: after a region failover nothing serves its traffic, whatever the demand/,
  );
  assert.equal(f.evidence['standbyTier'], null);
});

test('dr.standby-capacity (defect 3): instance sizes differ across regions — compared in vCPUs, not instances', () => {
  // Primary: 4 × c6i.xlarge = 16 vCPUs, declared peak 4 instances = 16 vCPUs. Standby: m6i.large,
  // MaxSize 6 → 12 vCPUs: short by 4 (counted in instances, 6 ≥ 4 would have passed).
  const i = inv({ standbyAsgs: [westAsg(4, 6)], primaryTags: { 'resil:peak': '4' } });
  const g = i.regions['us-east-1']!.autoScalingGroups[0]!;
  g.instances = g.instances.slice(0, 4).map((x) => ({ ...x, instanceType: 'c6i.xlarge' }));
  g.instanceTypes = ['c6i.xlarge'];
  g.desiredCapacity = 4;
  const f = only(run(check, i), 'web-west');
  assert.equal(f.status, 'fail');
  assert.equal(f.evidence['unit'], 'vCPUs');
  assert.equal(f.evidence['needed'], 16);
  assert.equal(f.evidence['standbyMaxUnits'], 12);
  assert.deepEqual(f.evidence['primaryInstanceTypes'], { 'c6i.xlarge': 4 });
  assert.deepEqual(f.evidence['standbyInstanceTypes'], { 'm6i.large': 2 });
});

test('dr.standby-capacity: a pilot-light standby (max covers, running does not) warns with the scale-out', () => {
  // 12 vCPUs needed; 2 instances = 4 vCPUs now; MaxSize 12 = 24: scale out by 4 instances.
  const f = only(run(check, inv({ standbyAsgs: [westAsg(2, 12)] })), 'web-west');
  assert.equal(f.status, 'warn');
  assert.match(
    f.message,
    /runs 4 vCPUs now; .* MaxSize 12 allows 24 vCPUs, but it must scale out by 4 instances during the failover/,
  );
  assert.equal(f.evidence['scaleOutInstances'], 4);
  // Nothing of its own scales it: it has no policy that reacts to load.
  assert.match(
    f.message,
    /no scaling policy of its own reacts to load, so someone \(or the runbook\) must raise its desired capacity/,
  );
  assert.equal(f.evidence['standbyCanReact'], false);
  assert.deepEqual(f.evidence['standbyCapacityByAz'], { 'us-west-2a': 2, 'us-west-2b': 2 });
});

test('dr.standby-capacity (defects 2 and 3): the issue-8 shop, tier by tier', () => {
  const findings = run(check, capacityShop());
  const byResource = Object.fromEntries(
    findings.filter((f) => f.resource.type !== 'AWS::RDS::DBCluster').map((f) => [f.resource.id, f]),
  );
  // api → the empty standby target group behind the /api/* rule: fails, whatever the demand.
  const api = byResource['api-tg-west']!;
  assert.equal(api.status, 'fail');
  assert.match(
    api.message,
    /target group api-tg-west \(us-west-2, standby of api; paired by traffic api\.example\.com\. A → path \/api\/\*\) has 0 instances in service and 0 healthy targets behind alb-west listener 443 rule 10 \(path \/api\/\*\): a region failover sends its traffic to errors/,
  );
  // web → must scale (7.5 vCPUs needed, 6 running, MaxSize 9 × 2 = 18).
  assert.equal(byResource['web-west']!.status, 'warn');
  assert.equal(byResource['web-west']!.evidence['demandSource'], 'policy-target');
  // worker → no standby at all.
  assert.equal(byResource['worker']!.status, 'fail');
  assert.match(byResource['worker']!.message, /worker \(us-east-1\) has no standby counterpart in us-west-2/);
});

test('dr.standby-capacity: tiers: in the config pairs and declares; a tiers: name that is not there is reported', () => {
  const i = inv({ standbyAsgs: [westAsg(6, 12, { tags: {} })] });
  const f = only(
    run(check, i, {}, { tiers: { web: { primary: 'web-east', standby: 'web-west', peak: 6 } } }),
    'web-west',
  );
  assert.equal(f.evidence['pairedBy'], 'config tiers.web');
  assert.equal(f.evidence['demandSource'], 'declared');
  assert.equal(f.status, 'pass');
  const bad = run(check, i, {}, { tiers: { web: { primary: 'web-east', standby: 'web-wets' } } });
  const problem = bad.find((x) => x.evidence['reason'] === 'tiers-config')!;
  assert.equal(problem.status, 'skipped');
  assert.match(
    problem.message,
    /tiers\.web\.standby: no Auto Scaling group, ECS service or target group web-wets in us-west-2/,
  );
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
    'web-east',
  );
  assert.equal(f.evidence['regionsFrom'], 'config');
  assert.equal(f.evidence['primaryTier'], 'web-west');
  assert.equal(f.status, 'pass');
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

test('dr.standby-capacity: a primary group tagged resil:peak counts its declared peak', () => {
  // 9 in service, peak 6 instances = 12 vCPUs; the standby runs 6 × 2 = 12: pass.
  const i = inventory(
    {
      'us-east-1': {
        autoScalingGroups: [
          asg(
            { name: 'web', desiredCapacity: 9, tags: { 'resil:peak': '6', tier: 'web' } },
            { 'us-east-1a': 3, 'us-east-1b': 3, 'us-east-1c': 3 },
          ),
        ],
      },
      'us-west-2': {
        autoScalingGroups: [
          asg(
            { name: 'web-west', desiredCapacity: 6, maxSize: 6, tags: { tier: 'web' } },
            { 'us-west-2a': 2, 'us-west-2b': 2, 'us-west-2c': 2 },
          ),
        ],
      },
    },
    { globalClusters: [] },
  );
  const f = only(run(check, i, { primaryRegion: 'us-east-1', standbyRegion: 'us-west-2' }), 'web-west');
  assert.equal(f.status, 'pass');
  assert.match(f.message, /peak needs 12 vCPUs \(declared: tag resil:peak=6: 6 instances × 2 vCPUs\)/);
});

test('dr.standby-capacity: an unpaired primary tier warns (not fails) while a standby tier is left unpaired — it may be its counterpart under another name', () => {
  const f = only(run(check, inv({ standbyAsgs: [westAsg(6, 12, { tags: {} })] })), 'web-east');
  assert.equal(f.status, 'warn');
  assert.match(
    f.message,
    /web-east \(us-east-1\): no standby counterpart identified in us-west-2 .*; unpaired there: web-west\. Pair it in tiers: of \.resil\.yml or with a tier tag \(resil:tier=<name>\)/,
  );
  assert.deepEqual(f.evidence['unpairedStandbyTiers'], ['web-west']);
});
