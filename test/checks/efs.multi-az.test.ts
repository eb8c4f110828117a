import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/efs.multi-az.js';
import { azs, denied, ecsService, efsFileSystem, inventory, subnetsFor } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const Z = azs('us-east-1');

test('efs.multi-az: a regional file system with mount targets in every AZ its clients use passes', () => {
  const client = ecsService({ name: 'media', efsFileSystemIds: ['fs-media'] }, { [Z[0]!]: 1, [Z[1]!]: 1 });
  const f = only(
    run(
      check,
      inventory({
        'us-east-1': {
          subnets: subnetsFor(Z),
          ecsServices: [client],
          efsFileSystems: [efsFileSystem({ id: 'fs-media' })],
        },
      }),
    ),
    'fs-media',
  );
  assert.equal(f.status, 'pass');
  assert.match(
    f.message,
    /regional with mount targets in us-east-1a, us-east-1b, us-east-1c, covering every AZ its clients run in \(us-east-1a, us-east-1b\)/,
  );
});

test('efs.multi-az: One Zone fails (the finding carries the AZ and its ID); a client AZ without a mount target fails', () => {
  const oneZone = efsFileSystem({ id: 'fs-one', name: 'scratch', availabilityZoneName: Z[0]! }, [Z[0]!]);
  const client = ecsService({ name: 'media', efsFileSystemIds: ['fs-media'] }, { [Z[0]!]: 1, [Z[2]!]: 1 });
  const inv = inventory({
    'us-east-1': {
      subnets: subnetsFor(Z),
      availabilityZoneIds: { 'us-east-1a': 'use1-az4', 'us-east-1b': 'use1-az6', 'us-east-1c': 'use1-az1' },
      ecsServices: [client],
      efsFileSystems: [oneZone, efsFileSystem({ id: 'fs-media' }, [Z[0]!, Z[1]!])],
    },
  });
  const out = run(check, inv);
  const one = only(out, 'fs-one');
  assert.equal(one.status, 'fail');
  assert.equal(
    one.message,
    'fs-one (scratch) is a One Zone file system in us-east-1a: its data is lost with that AZ',
  );
  assert.deepEqual([one.resource.az, one.resource.azId], ['us-east-1a', 'use1-az4']);
  const media = only(out, 'fs-media');
  assert.equal(media.status, 'fail');
  assert.match(
    media.message,
    /mount targets in us-east-1a, us-east-1b, but its clients also run in us-east-1c/,
  );
});

test('efs.multi-az: without known clients, one mount target AZ fails and none warns', () => {
  const out = run(
    check,
    inventory({
      'us-east-1': {
        efsFileSystems: [efsFileSystem({ id: 'fs-a' }, [Z[0]!]), efsFileSystem({ id: 'fs-b' }, [])],
      },
    }),
  );
  assert.equal(only(out, 'fs-a').status, 'fail');
  assert.match(only(out, 'fs-a').message, /mount targets in us-east-1a only \(needs ≥ 2 AZs\)/);
  assert.equal(only(out, 'fs-b').status, 'warn');
});

test('efs.multi-az: skipped on denial; no file systems, no findings', () => {
  const [f] = run(
    check,
    inventory(
      { 'us-east-1': {} },
      { collection: [denied('elasticfilesystem', 'DescribeMountTargets', 'us-east-1')] },
    ),
  );
  assert.equal(f!.status, 'skipped');
  assert.match(f!.message, /elasticfilesystem:DescribeMountTargets/);
  assert.deepEqual(run(check, inventory()), []);
});
