import { defineCheck, fail, pass, warn, type Verdict } from '../define.js';
import { ref, regionsOf } from '../../inventory/query.js';
import { ecsConfiguredAzs } from '../../inventory/zonal.js';
import { sortedUnique } from '../../util/collections.js';

export default defineCheck({
  id: 'efs.multi-az',
  title: 'EFS file systems survive an AZ and have a mount target wherever their clients run',
  category: 'multi-az',
  severity: 'high',
  rationale:
    'A One Zone file system keeps its data in one AZ: it is lost (and its clients stop) with that AZ. A regional file ' +
    'system survives, but a client mounts it through the mount target in its own AZ: a client in an AZ without one ' +
    'mounts across AZs and loses the file system with the other AZ. The clients resil knows are the ECS services whose ' +
    'task definitions mount the file system; without known clients, a file system needs mount targets in at least two ' +
    'AZs.',
  remediation: {
    text:
      'Move the data to a regional (Multi-AZ) file system (One Zone cannot be converted: replicate or back up and ' +
      'restore), and create a mount target in every AZ its clients run in.',
    cli: 'aws efs create-mount-target --file-system-id <fs-id> --subnet-id <subnet-in-missing-az> --security-groups <sg>',
    terraform:
      'resource "aws_efs_file_system" "media" {\n  # no availability_zone_name: regional (Multi-AZ)\n}\n\n' +
      'resource "aws_efs_mount_target" "media" {\n  for_each       = toset(var.private_subnet_ids) # one per AZ\n' +
      '  file_system_id = aws_efs_file_system.media.id\n  subnet_id      = each.value\n}',
  },
  thresholds: { minMountTargetAzs: 2 },
  thresholdDocs: {
    minMountTargetAzs: 'Fewest AZs with a mount target a regional file system without known clients needs.',
  },
  source: 'prowler efs_multi_az_enabled; Amazon EFS User Guide (One Zone storage classes, mount targets)',
  requires: ['elasticfilesystem:DescribeFileSystems', 'elasticfilesystem:DescribeMountTargets'],
  evaluate: (inv, t) => {
    const out: Verdict[] = [];
    for (const [region, r] of regionsOf(inv)) {
      for (const fs of r.efsFileSystems) {
        const clients = r.ecsServices.filter((s) => s.efsFileSystemIds.includes(fs.id));
        const clientAzs = sortedUnique(clients.flatMap((s) => ecsConfiguredAzs(r, s).azs));
        const mountAzs = sortedUnique(fs.mountTargets.filter((m) => m.state !== 'deleted').map((m) => m.az));
        const missing = clientAzs.filter((az) => !mountAzs.includes(az));
        const evidence = {
          oneZone: fs.availabilityZoneName ?? null,
          mountTargetAzs: mountAzs,
          clients: clients.map((s) => `${s.clusterName}/${s.name}`),
          clientAzs,
          missingMountTargetAzs: missing,
          minMountTargetAzs: t.minMountTargetAzs,
        };
        const resource = ref.efsFileSystem(region, fs);
        const name = fs.name ? `${fs.id} (${fs.name})` : fs.id;
        const who = clients.length ? ` its clients ${evidence.clients.join(', ')} stop with it` : '';
        if (fs.availabilityZoneName) {
          out.push(
            fail(
              resource,
              `${name} is a One Zone file system in ${fs.availabilityZoneName}: its data is lost with that AZ${who ? `, and${who}` : ''}`,
              evidence,
            ),
          );
        } else if (missing.length) {
          out.push(
            fail(
              resource,
              `${name} has mount targets in ${mountAzs.join(', ') || 'no AZ'}, but its clients also run in ${missing.join(', ')}: ` +
                'they mount across AZs and lose it with the other AZ',
              evidence,
            ),
          );
        } else if (clients.length === 0 && mountAzs.length < t.minMountTargetAzs) {
          out.push(
            (mountAzs.length === 0 ? warn : fail)(
              resource,
              mountAzs.length === 0
                ? `${name} has no mount target: nothing in the VPC can mount it`
                : `${name} has mount targets in ${mountAzs.join(', ')} only (needs ≥ ${t.minMountTargetAzs} AZs): clients elsewhere lose it with that AZ`,
              evidence,
            ),
          );
        } else {
          out.push(
            pass(
              resource,
              `${name} is regional with mount targets in ${mountAzs.join(', ')}` +
                (clients.length ? `, covering every AZ its clients run in (${clientAzs.join(', ')})` : ''),
              evidence,
            ),
          );
        }
      }
    }
    return out;
  },
});
