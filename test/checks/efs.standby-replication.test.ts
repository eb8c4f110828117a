import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/rules/efs.standby-replication.js';
import { denied, efsFileSystem, inventory } from '../support/builders.js';
import { only, run } from '../support/harness.js';

const regions = { primaryRegion: 'us-east-1', standbyRegion: 'us-west-2' };
const inv = (fss: ReturnType<typeof efsFileSystem>[]) =>
  inventory({ 'us-east-1': { efsFileSystems: fss }, 'us-west-2': {} });

test('efs.standby-replication: replicating to the standby passes; none fails; paused warns; regional by design passes', () => {
  const out = run(
    check,
    inv([
      efsFileSystem({
        id: 'fs-media',
        replications: [{ region: 'us-west-2', fileSystemId: 'fs-west', status: 'ENABLED' }],
      }),
      efsFileSystem({ id: 'fs-docs', name: 'docs' }),
      efsFileSystem({ id: 'fs-p', replications: [{ region: 'us-west-2', status: 'PAUSED' }] }),
      efsFileSystem({ id: 'fs-tmp', name: 'scratch' }),
    ]),
    { ...regions, regionalFileSystems: ['scratch'] },
  );
  assert.equal(only(out, 'fs-media').message, 'fs-media replicates to us-west-2 (fs-west)');
  assert.equal(only(out, 'fs-docs').status, 'fail');
  assert.match(
    only(out, 'fs-docs').message,
    /fs-docs \(docs\) does not replicate to the standby region us-west-2/,
  );
  assert.equal(only(out, 'fs-p').status, 'warn');
  assert.equal(only(out, 'fs-tmp').status, 'pass');
});

test('efs.standby-replication: replication not collected is skipped per file system; denied skips the whole check', () => {
  const [f] = run(check, inv([efsFileSystem({ id: 'fs-old', replications: undefined })]), regions);
  assert.equal(f!.status, 'skipped');
  const [d] = run(
    check,
    inventory(
      { 'us-east-1': {}, 'us-west-2': {} },
      { collection: [denied('elasticfilesystem', 'DescribeReplicationConfigurations', 'us-east-1')] },
    ),
    regions,
  );
  assert.equal(d!.status, 'skipped');
  assert.deepEqual(run(check, inventory()), []);
});
