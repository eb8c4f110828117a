import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/asg.scaling-policy.js';
import { asg, denied, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const spread = { 'us-east-1a': 2, 'us-east-1b': 2, 'us-east-1c': 2 };
const inv = (...groups: ReturnType<typeof asg>[]) =>
  inventory({ 'us-east-1': { autoScalingGroups: groups } });

test('asg.scaling-policy: passes with an enabled target-tracking policy', () => {
  const g = asg(
    { name: 'web', scalingPolicies: [{ name: 'cpu50', type: 'TargetTrackingScaling', enabled: true }] },
    spread,
  );
  const f = only(run(check, inv(g)), 'web');
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /web has 1 enabled scaling policy that reacts to load \(cpu50 \(TargetTrackingScaling\)\)/,
  );
  assert.deepEqual(f.evidence['reactivePolicies'], ['cpu50 (TargetTrackingScaling)']);
  assert.equal(f.evidence['canReact'], true);
});

test('asg.scaling-policy (defect 5): a scheduled-only group fails — a schedule cannot react to a lost AZ', () => {
  // Was a pass before: scheduled actions were counted as "can add capacity".
  const g = asg(
    { name: 'batch', scheduledActions: [{ name: 'nightly', recurrence: '0 2 * * *', desiredCapacity: 4 }] },
    spread,
  );
  const f = only(run(check, inv(g)), 'batch');
  assert.equal(f.status, 'fail');
  assert.equal(f.evidence['canReact'], false);
  assert.match(
    f.message,
    /batch has only 1 scheduled action \(nightly\): they change its capacity at set or forecast times and cannot react when an AZ fails outside them; it stays at 6 instances/,
  );
});

test('asg.scaling-policy: a predictive policy alone does not react either; with a target-tracking policy it passes', () => {
  const predictive = { name: 'forecast', type: 'PredictiveScaling', enabled: true };
  const f = only(run(check, inv(asg({ name: 'p', scalingPolicies: [predictive] }, spread))), 'p');
  assert.equal(f.status, 'fail');
  assert.match(f.message, /p has only 1 predictive policy \(forecast\)/);
  const both = asg(
    {
      name: 'pt',
      scalingPolicies: [predictive, { name: 'cpu', type: 'TargetTrackingScaling', enabled: true }],
    },
    spread,
  );
  assert.equal(only(run(check, inv(both)), 'pt').status, 'pass');
});

test('asg.scaling-policy: fails with no policy, counting disabled ones as none', () => {
  const g = asg(
    { name: 'api', scalingPolicies: [{ name: 'old', type: 'StepScaling', enabled: false }] },
    spread,
  );
  const f = only(run(check, inv(g)), 'api');
  assert.equal(f.status, 'fail');
  assert.equal(f.severity, 'high');
  assert.match(
    f.message,
    /api has no enabled scaling policy \(1 disabled policy\) and no scheduled action: it stays at 6 instances/,
  );
  assert.match(f.message, /tag it resil:static/);
  assert.equal(f.evidence['disabledPolicies'], 1);
});

test('asg.scaling-policy: a group tagged static passes as "declared static"; the tag is configurable', () => {
  const g = asg({ name: 'legacy', tags: { 'resil:static': 'true' } }, spread);
  const f = only(run(check, inv(g)), 'legacy');
  assert.equal(f.status, 'pass');
  assert.match(f.message, /declared static/);
  const h = asg({ name: 'fixed', tags: { 'team:fixed-size': '' } }, spread);
  assert.equal(only(run(check, inv(h)), 'fixed').status, 'fail');
  assert.equal(only(run(check, inv(h), { staticTag: 'team:fixed-size' }), 'fixed').status, 'pass');
});

test('asg.scaling-policy: skipped in a region where policies could not be read', () => {
  const i = inventory(
    {
      'us-east-1': { autoScalingGroups: [asg({ name: 'east' }, spread)] },
      'us-west-2': {
        autoScalingGroups: [
          asg(
            { name: 'west', scalingPolicies: [{ name: 'step', type: 'StepScaling', enabled: true }] },
            { 'us-west-2a': 1, 'us-west-2b': 1 },
          ),
        ],
      },
    },
    { collection: [denied('autoscaling', 'DescribePolicies', 'us-east-1')] },
  );
  const findings = run(check, i);
  const s = only(findings, 'us-east-1');
  assert.equal(s.status, 'skipped');
  assert.match(s.message, /AccessDenied on autoscaling:DescribePolicies in us-east-1/);
  assert.equal(only(findings, 'west').status, 'pass');
  assert.equal(findings.length, 2);
});

test('asg.scaling-policy: no groups, no findings', () => {
  assert.deepEqual(run(check, inventory()), []);
});
