import { defineCheck, fail, pass, skipped, warn, type Verdict } from '../define.js';
import { drEvidence, drRegionsUnknown, resolveDrRegions } from '../dr-regions.js';
import { nameList } from '../names.js';
import { ref } from '../../inventory/query.js';

export default defineCheck({
  id: 'efs.standby-replication',
  title: 'EFS file systems of the primary region replicate to the standby region',
  category: 'dr',
  severity: 'medium',
  rationale:
    "After a region failover the standby tier mounts the standby region's file system. EFS replication keeps a " +
    'read-only copy there (typically minutes behind) that can be made writable by deleting the replication. A file ' +
    'system without it starts empty, or restores from a backup copied across regions — if one exists. A file system ' +
    'that is regional on purpose (scratch, caches) is named in regionalFileSystems and passes as such.',
  remediation: {
    text: 'Create a replication configuration to the standby region, or list the file system in regionalFileSystems.',
    cli: 'aws efs create-replication-configuration --source-file-system-id <fs-id> --destinations Region=<standby-region>',
    terraform:
      'resource "aws_efs_replication_configuration" "media" {\n  source_file_system_id = aws_efs_file_system.media.id\n' +
      '  destination {\n    region = "us-west-2"\n  }\n}',
  },
  thresholds: {
    regionalFileSystems: [] as string[],
    primaryRegion: null as string | null,
    standbyRegion: null as string | null,
  },
  thresholdDocs: {
    regionalFileSystems:
      'File system ids or names (or globs) that are regional by design: they pass without replication.',
    primaryRegion:
      'Primary region (global setting); derived from the Aurora global database writer when unset.',
    standbyRegion:
      "Standby region (global setting); derived from the Aurora global database's first secondary when unset.",
  },
  source: 'Amazon EFS User Guide (replication); AWS Well-Architected REL13',
  requires: ['elasticfilesystem:DescribeFileSystems', 'elasticfilesystem:DescribeReplicationConfigurations'],
  evaluate: (inv, t) => {
    const regions = resolveDrRegions(inv, t);
    if (!regions.known)
      return Object.values(inv.regions).some((r) => r.efsFileSystems.length > 0)
        ? drRegionsUnknown(inv, regions, t)
        : [];
    const regional = nameList(t.regionalFileSystems);
    return (inv.regions[regions.primary]?.efsFileSystems ?? []).map((fs): Verdict => {
      const resource = ref.efsFileSystem(regions.primary, fs);
      const name = fs.name ? `${fs.id} (${fs.name})` : fs.id;
      const evidence = { ...drEvidence(regions), replications: fs.replications ?? null };
      if (!fs.replications) return skipped(resource, `${name}: its replication was not collected`, evidence);
      const r = fs.replications.find((x) => x.region === regions.standby);
      if (r?.status === 'ENABLED')
        return pass(
          resource,
          `${name} replicates to ${regions.standby}${r.fileSystemId ? ` (${r.fileSystemId})` : ''}`,
          evidence,
        );
      if (r)
        return warn(
          resource,
          `${name} has a replication to ${regions.standby}, but it is ${r.status}`,
          evidence,
        );
      if (regional(fs.id) || (fs.name !== undefined && regional(fs.name)))
        return pass(resource, `${name} is regional by design (regionalFileSystems)`, evidence);
      return fail(
        resource,
        `${name} does not replicate to the standby region ${regions.standby}` +
          (fs.replications.length ? ` (only to ${fs.replications.map((x) => x.region).join(', ')})` : '') +
          ': after a region failover its data is not there',
        evidence,
      );
    });
  },
});
