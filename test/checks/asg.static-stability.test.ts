/**
 * asg.static-stability on the capacity model: vCPUs per AZ against a demand whose source is named.
 * Every expected number below is worked out by hand in the comment above it (m6i.large = 2 vCPUs,
 * m6i.2xlarge = 8 vCPUs, safe utilisation 80 % unless said otherwise).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/asg.static-stability.js';
import { asg, asgInstance, cpuTargetTracking, demandSeries, denied, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const inv = (groups: ReturnType<typeof asg>[], demandMetrics: ReturnType<typeof demandSeries>[] = []) =>
  inventory({ 'us-east-1': { autoScalingGroups: groups, demandMetrics } });
const even = { 'us-east-1a': 2, 'us-east-1b': 2, 'us-east-1c': 2 };

test('asg.static-stability (defect 1): 50 % CPU target tracking over 3 AZs survives losing one — survivors at 75 %', () => {
  // 6 × m6i.large = 12 vCPUs, 4 per AZ. Busy = 50 % × 12 = 6; needed = 6 / 0.8 = 7.5.
  // Losing any AZ leaves 8 ≥ 7.5: pass; the survivors run at 6 / 8 = 75 %.
  const g = asg({ name: 'web', scalingPolicies: [cpuTargetTracking(50)] }, even);
  const f = only(run(check, inv([g])), 'web');
  assert.equal(f.status, 'pass');
  assert.equal(f.evidence['demandSource'], 'policy-target');
  assert.equal(f.evidence['needed'], 7.5);
  assert.equal(f.evidence['busyAtPeak'], 6);
  assert.equal(f.evidence['unit'], 'vCPUs');
  assert.equal(f.evidence['window'], null);
  const steps = f.evidence['perAz'] as Array<Record<string, unknown>>;
  assert.deepEqual(
    steps.map((s) => [
      s['az'],
      s['before'],
      s['afterLosingIt'],
      s['needed'],
      s['survivorsUtilizationPercent'],
    ]),
    [
      ['us-east-1a', 12, 8, 7.5, 75],
      ['us-east-1b', 12, 8, 7.5, 75],
      ['us-east-1c', 12, 8, 7.5, 75],
    ],
  );
  assert.match(
    f.message,
    /web keeps 8 vCPUs of 12 with us-east-1a \(4\) lost; the peak needs 7\.5 vCPUs at ≤ 80 %/,
  );
  assert.match(f.message, /policy-target: target tracking cpu50 keeps CPU at 50 %/);
  assert.match(f.message, /survivors would run at 75 %/);
});

test('asg.static-stability (defect 1): with no declared, measured or targeted demand it warns, never fails, and says the demand was assumed', () => {
  // Assumed: today's 12 vCPUs are the peak. Losing an AZ leaves 8: short by 4, but only a warning.
  const g = asg({ name: 'web' }, even);
  const f = only(run(check, inv([g])), 'web');
  assert.equal(f.status, 'warn');
  assert.equal(f.evidence['demandSource'], 'assumed');
  assert.equal(f.evidence['needed'], 12);
  assert.match(f.message, /web: demand unknown — assumed: nothing declares, measures or targets the load/);
  assert.match(f.message, /losing us-east-1a would leave 8 vCPUs of 12 vCPUs \(short by 4\)/);
  assert.match(f.message, /declare the peak \(tag resil:peak/);
  const why = (f.evidence['demandSourcesNotUsed'] as Array<{ source: string }>).map((n) => n.source);
  assert.deepEqual(why, ['declared', 'measured', 'policy-target']);
});

test('asg.static-stability: an uneven spread loses its heaviest AZ (declared peak of 4 instances)', () => {
  // 1a: 4, 1b: 1, 1c: 1 × m6i.large = 8 + 2 + 2 = 12 vCPUs. Declared peak 4 instances × 2 = 8 vCPUs.
  // Losing 1a leaves 4 < 8: short by 4. Stable size: ceil(4 × 3 / 2) = 6 instances.
  const g = asg(
    { name: 'skew', tags: { 'resil:peak': '4' } },
    { 'us-east-1a': 4, 'us-east-1b': 1, 'us-east-1c': 1 },
  );
  g.instances.push(asgInstance('i-pending', 'us-east-1b', { lifecycleState: 'Pending' }));
  const f = only(run(check, inv([g])), 'skew');
  assert.equal(f.status, 'fail');
  assert.equal(f.evidence['demandSource'], 'declared');
  assert.equal(f.evidence['worstAz'], 'us-east-1a');
  assert.equal(f.evidence['staticallyStableInstances'], 6);
  assert.deepEqual(f.evidence['capacityByAz'], { 'us-east-1a': 8, 'us-east-1b': 2, 'us-east-1c': 2 });
  assert.match(
    f.message,
    /skew would keep 4 vCPUs of 12 with us-east-1a \(8\) lost; the peak needs 8 vCPUs at ≤ 80 % \(declared: tag resil:peak=4: 4 instances × 2 vCPUs\): short by 4\. Statically stable size over 3 AZs: 6 instances/,
  );
});

test('asg.static-stability: mixed instance sizes — the AZ with fewer but larger instances is the one that hurts', () => {
  // 1a: 2 × m6i.2xlarge = 16 vCPUs; 1b, 1c: 4 × m6i.large = 8 each; total 32.
  // CPU target 50 %: busy 16, needed 16 / 0.8 = 20. Losing 1a leaves 16 < 20 (short by 4, survivors at 100 %);
  // losing 1b leaves 24 (survivors at 66.7 %). Counted in instances, 1a (2) would look like the smallest loss.
  const g = asg(
    { name: 'mixed', scalingPolicies: [cpuTargetTracking(50)], instanceTypes: ['m6i.2xlarge', 'm6i.large'] },
    {},
  );
  g.availabilityZones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  g.instances = [
    asgInstance('i-big-1', 'us-east-1a', { instanceType: 'm6i.2xlarge' }),
    asgInstance('i-big-2', 'us-east-1a', { instanceType: 'm6i.2xlarge' }),
    ...[0, 1, 2, 3].map((n) => asgInstance(`i-b${n}`, 'us-east-1b')),
    ...[0, 1, 2, 3].map((n) => asgInstance(`i-c${n}`, 'us-east-1c')),
  ];
  g.desiredCapacity = 10;
  g.maxSize = 20;
  const f = only(run(check, inv([g])), 'mixed');
  assert.equal(f.status, 'fail');
  assert.equal(f.evidence['worstAz'], 'us-east-1a');
  assert.equal(f.evidence['needed'], 20);
  const steps = f.evidence['perAz'] as Array<Record<string, unknown>>;
  assert.deepEqual(
    steps.map((s) => [s['az'], s['afterLosingIt'], s['shortBy'], s['survivorsUtilizationPercent']]),
    [
      ['us-east-1a', 16, 4, 100],
      ['us-east-1b', 24, 0, 66.7],
      ['us-east-1c', 24, 0, 66.7],
    ],
  );
  assert.deepEqual(f.evidence['instanceTypes'], { 'm6i.2xlarge': 8, 'm6i.large': 2 });
});

test('asg.static-stability: a measured peak (hourly CPU × in-service instances over the history) is the demand', () => {
  // 24 hours: 40 % CPU on 6 instances, except one hour at 60 %. Busy at the peak: 0.6 × 6 × 2 = 7.2 vCPUs;
  // needed 7.2 / 0.8 = 9. Losing an AZ of 2+2+2 leaves 8 < 9: short by 1, survivors at 90 %.
  const cpu = Array.from({ length: 24 }, (_, i) => (i === 17 ? 60 : 40));
  const g = asg({ name: 'web', scalingPolicies: [cpuTargetTracking(50)] }, even);
  const f = only(
    run(
      check,
      inv(
        [g],
        [
          demandSeries('web', 'CPUUtilization', cpu),
          demandSeries('web', 'GroupInServiceInstances', Array(24).fill(6)),
        ],
      ),
    ),
    'web',
  );
  assert.equal(f.status, 'fail');
  assert.equal(f.evidence['demandSource'], 'measured');
  assert.equal(f.evidence['busyAtPeak'], 7.2);
  assert.equal(f.evidence['needed'], 9);
  const window = f.evidence['window'] as Record<string, unknown>;
  assert.equal(window['days'], 1);
  assert.equal(window['hours'], 24);
  assert.equal(window['peakAt'], '2026-11-20T05:00:00.000Z');
  assert.match(
    f.message,
    /measured: peak of 24 hourly points over 1 day: 60 % CPU × 6 in-service instances × 2 vCPUs = 7\.2 busy/,
  );
  // The same group measured with too little history falls back to its target (and says why).
  const short = only(
    run(
      check,
      inv(
        [g],
        [demandSeries('web', 'CPUUtilization', [60]), demandSeries('web', 'GroupInServiceInstances', [6])],
      ),
    ),
    'web',
  );
  assert.equal(short.evidence['demandSource'], 'policy-target');
  assert.match(JSON.stringify(short.evidence['demandSourcesNotUsed']), /only 1 hourly points/);
});

test('asg.static-stability: CPU history without in-service history is not a measurement (says to enable group metrics)', () => {
  const g = asg({ name: 'web' }, even);
  const f = only(run(check, inv([g], [demandSeries('web', 'CPUUtilization', Array(48).fill(30))])), 'web');
  assert.equal(f.evidence['demandSource'], 'assumed');
  assert.match(JSON.stringify(f.evidence['demandSourcesNotUsed']), /enable group metrics collection/);
});

test('asg.static-stability: safeUtilizationPercent and a declared peakFactor change the verdict', () => {
  // Target 50 % on 12 vCPUs: busy 6. At 70 % safe: needed 6 / 0.7 = 8.57 > 8 left: fail.
  const g = asg({ name: 'web', scalingPolicies: [cpuTargetTracking(50)] }, even);
  const f = only(run(check, inv([g]), { safeUtilizationPercent: 70 }), 'web');
  assert.equal(f.status, 'fail');
  assert.equal(f.evidence['needed'], 8.57);
  // peakFactor 1.5 (declared): ceil(1.5 × 6) = 9 instances × 2 = 18 vCPUs; 8 left: fail, declared.
  const g2 = asg({ name: 'web' }, even);
  const f2 = only(run(check, inv([g2]), { peakFactor: 1.5 }), 'web');
  assert.equal(f2.status, 'fail');
  assert.equal(f2.evidence['demandSource'], 'declared');
  assert.equal(f2.evidence['needed'], 18);
  assert.equal(f2.evidence['staticallyStableInstances'], 14);
});

test('asg.static-stability: a resil:peak tag declares the peak (over-provisioned groups pass); a factor tag works too', () => {
  // 9 × m6i.large over 3 AZs = 18 vCPUs; peak 6 instances = 12 vCPUs; losing an AZ leaves 12: pass.
  const nine = { 'us-east-1a': 3, 'us-east-1b': 3, 'us-east-1c': 3 };
  const f = only(run(check, inv([asg({ name: 'web', tags: { 'resil:peak': '6' } }, nine)])), 'web');
  assert.equal(f.status, 'pass');
  assert.equal(f.evidence['needed'], 12);
  // "1.5x": ceil(1.5 × desired 9) = 14 instances = 28 vCPUs > 12 left: fail.
  const x = only(run(check, inv([asg({ name: 'web', tags: { 'resil:peak': '1.5x' } }, nine)])), 'web');
  assert.equal(x.status, 'fail');
  assert.equal(x.evidence['needed'], 28);
  // A malformed tag is not a declaration: the demand is assumed, and the evidence says why.
  const bad = only(run(check, inv([asg({ name: 'web', tags: { 'resil:peak': 'six' } }, nine)])), 'web');
  assert.equal(bad.evidence['demandSource'], 'assumed');
  assert.match(JSON.stringify(bad.evidence['demandSourcesNotUsed']), /resil:peak=six is neither/);
});

test('asg.static-stability: a group in one AZ fails whatever its demand, and names asg.multi-az as the root cause', () => {
  const g = asg({ name: 'solo', desiredCapacity: 2 }, { 'us-east-1a': 10 });
  const f = only(run(check, inv([g])), 'solo');
  assert.equal(f.status, 'fail');
  assert.equal(f.evidence['demandSource'], 'assumed');
  assert.match(
    f.message,
    /solo runs in 1 AZ \(us-east-1a\): losing it loses all 20 vCPUs \(10 instances\), whatever the demand/,
  );
  assert.deepEqual((f as { rootCause?: unknown }).rootCause, { checkId: 'asg.multi-az' });
});

test('asg.static-stability: unknown instance sizes are counted in instances, and the evidence says so', () => {
  const g = asg({ name: 'odd', instanceTypes: ['x9z.metal'], tags: { 'resil:peak': '4' } }, even);
  for (const i of g.instances) i.instanceType = 'x9z.metal';
  const f = only(run(check, inv([g])), 'odd');
  assert.equal(f.evidence['unit'], 'instances');
  assert.equal(f.evidence['needed'], 4);
  assert.equal(f.status, 'pass');
  assert.match(JSON.stringify(f.evidence['capacityNotes']), /vCPUs of x9z\.metal are not known/);
});

test('asg.static-stability: a group scaled to 0 gives no finding; no groups, no findings', () => {
  assert.deepEqual(
    run(
      check,
      inv([asg({ name: 'idle', desiredCapacity: 0, minSize: 0 }, { 'us-east-1a': 0, 'us-east-1b': 0 })]),
    ),
    [],
  );
  assert.deepEqual(run(check, inventory()), []);
});

test('asg.static-stability: skipped in a region where groups could not be read', () => {
  const i = inventory(
    { 'us-east-1': {} },
    { collection: [denied('autoscaling', 'DescribeAutoScalingGroups', 'us-east-1')] },
  );
  const [f, ...rest] = run(check, i);
  assert.equal(rest.length, 0);
  assert.equal(f!.status, 'skipped');
  assert.match(f!.message, /AccessDenied on autoscaling:DescribeAutoScalingGroups in us-east-1/);
});
