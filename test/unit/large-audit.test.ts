import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resourcesPerCopy, writeReplicatedSnapshot } from '../../bench/generate.js';
import { loadSnapshot } from '../../src/inventory/load.js';
import { largeAuditDigests } from '../support/large-audit.js';

test('a 5k-resource audit renders every format byte-identically to the code before the performance work', async () => {
  const golden = JSON.parse(
    readFileSync(new URL('./golden/large-audit.json', import.meta.url), 'utf8'),
  ) as Record<string, string>;
  // When the example or a check changes on purpose, recompute the digests (see test/support/large-audit.ts).
  assert.deepEqual(await largeAuditDigests(), golden);
});

test('bench/generate.ts replicates the example with every id, ARN and DNS name unique', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'resil-generate-'));
  try {
    const file = join(dir, 's.json');
    const written = await writeReplicatedSnapshot(file, 3);
    assert.equal(written.resources, 3 * resourcesPerCopy());
    const { inventory: inv } = await loadSnapshot(file);
    const unique = (what: string, values: Array<string | undefined>) => {
      const present = values.filter((v): v is string => v !== undefined);
      assert.ok(present.length > 0, `${what}: none`);
      assert.equal(new Set(present).size, present.length, `${what} repeat across copies`);
    };
    for (const r of Object.values(inv.regions)) {
      assert.equal(r.instances.length % 3, 0);
      unique(
        'instance ids',
        r.instances.map((i) => i.id),
      );
      unique(
        'subnet ids',
        r.subnets.map((s) => s.id),
      );
      unique(
        'load balancer ARNs',
        r.loadBalancers.map((lb) => lb.arn),
      );
      unique(
        'load balancer DNS names',
        r.loadBalancers.map((lb) => lb.dnsName),
      );
      unique(
        'target group ARNs',
        r.targetGroups.map((tg) => tg.arn),
      );
      unique(
        'Auto Scaling group names',
        r.autoScalingGroups.map((g) => g.name),
      );
      unique(
        'DB instance ids',
        r.dbInstances.map((d) => d.id),
      );
      unique(
        'ECS service ARNs',
        r.ecsServices.map((s) => s.arn),
      );
    }
    unique(
      'hosted zone ids',
      inv.route53.hostedZones.map((z) => z.id),
    );
    unique(
      'health check ids',
      inv.route53.healthChecks.map((h) => h.id),
    );
    unique(
      'global cluster ids',
      inv.globalClusters.map((g) => g.id),
    );
    // References follow their copy: copy 2's alias targets name copy 2's load balancers.
    const alias = inv.route53.hostedZones
      .flatMap((z) => z.records)
      .map((r) => r.aliasTarget?.dnsName)
      .filter((n): n is string => n?.includes('-x2.') ?? false);
    assert.ok(alias.length > 0);
    const lbNames = new Set(
      Object.values(inv.regions).flatMap((r) => r.loadBalancers.map((lb) => lb.dnsName)),
    );
    for (const a of alias) assert.ok(lbNames.has(a.replace(/^dualstack\./, '').replace(/\.$/, '')), a);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
