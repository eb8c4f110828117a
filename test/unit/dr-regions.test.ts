import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveDrRegions } from '../../src/checks/dr-regions.js';
import { globalCluster, inventory } from '../support/builders.js';

const regions = { 'us-east-1': {}, 'us-west-2': {}, 'eu-west-1': {} };
const none = { primaryRegion: null, standbyRegion: null };

test('dr-regions: derived from the first global cluster by id that has a writer', () => {
  const inv = inventory(regions, {
    globalClusters: [
      globalCluster({ id: 'zeta' }, [
        { region: 'eu-west-1', clusterId: 'z', isWriter: true },
        { region: 'us-east-1', clusterId: 'z2', isWriter: false },
      ]),
      globalCluster({ id: 'alpha' }, [
        { region: 'us-west-2', clusterId: 'a2', isWriter: false },
        { region: 'us-east-1', clusterId: 'a', isWriter: true },
      ]),
    ],
  });
  assert.deepEqual(
    (({ primary, standby, source }) => ({ primary, standby, source }))(
      resolveDrRegions(inv, none) as { primary: string; standby: string; source: string },
    ),
    { primary: 'us-east-1', standby: 'us-west-2', source: 'global cluster alpha' },
  );
});

test('dr-regions: a configured primary picks the standby among the other members, the old writer included', () => {
  const inv = inventory(regions, {
    globalClusters: [
      globalCluster({ id: 'g' }, [
        { region: 'us-east-1', clusterId: 'a', isWriter: true },
        { region: 'us-west-2', clusterId: 'b', isWriter: false },
      ]),
    ],
  });
  const r = resolveDrRegions(inv, { primaryRegion: 'us-west-2', standbyRegion: null });
  assert.equal(r.known && r.standby, 'us-east-1');
  assert.equal(r.known && r.source, 'config (primaryRegion) and global cluster g');
});

test('dr-regions: unknown without a global cluster or config, and when both name one region', () => {
  const inv = inventory(regions);
  const r = resolveDrRegions(inv, none);
  assert.equal(r.known, false);
  assert.match(!r.known ? r.reason : '', /no Aurora global database/);
  const same = resolveDrRegions(inv, { primaryRegion: 'us-east-1', standbyRegion: 'us-east-1' });
  assert.match(!same.known ? same.reason : '', /same region \(us-east-1\)/);
  assert.equal(resolveDrRegions(inv, { primaryRegion: 'us-east-1', standbyRegion: 'us-west-2' }).known, true);
});
