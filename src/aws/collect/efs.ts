/** EFS: file systems (One Zone or regional), their mount targets, and their replication destinations. */
import {
  paginateDescribeFileSystems,
  paginateDescribeMountTargets,
  paginateDescribeReplicationConfigurations,
  type FileSystemDescription,
  type MountTargetDescription,
  type ReplicationConfigurationDescription,
} from '@aws-sdk/client-efs';
import type { EfsFileSystem } from '../../inventory/schema.js';
import { allPages, attempt, attemptEach, clampPage, tagsOf, type CollectContext } from './context.js';

export function mapFileSystem(
  fs: FileSystemDescription,
  mountTargets: MountTargetDescription[],
  replications: ReplicationConfigurationDescription[] | undefined,
): EfsFileSystem {
  const id = fs.FileSystemId ?? 'unknown';
  return {
    id,
    arn: fs.FileSystemArn ?? id,
    ...(fs.Name ? { name: fs.Name } : {}),
    lifeCycleState: fs.LifeCycleState ?? 'available',
    ...(fs.AvailabilityZoneName ? { availabilityZoneName: fs.AvailabilityZoneName } : {}),
    mountTargets: mountTargets
      .filter((m) => m.MountTargetId)
      .map((m) => ({
        id: m.MountTargetId!,
        subnetId: m.SubnetId ?? 'unknown',
        az: m.AvailabilityZoneName ?? 'unknown',
        state: m.LifeCycleState ?? 'available',
      }))
      .sort((a, b) => a.az.localeCompare(b.az)),
    ...(replications
      ? {
          replications: replications
            .filter((r) => r.SourceFileSystemId === id)
            .flatMap((r) => r.Destinations ?? [])
            .map((d) => ({
              region: d.Region ?? 'unknown',
              ...(d.FileSystemId ? { fileSystemId: d.FileSystemId } : {}),
              status: d.Status ?? 'unknown',
            })),
        }
      : {}),
    tags: tagsOf(fs.Tags),
  };
}

export async function collectEfs(ctx: CollectContext, region: string): Promise<EfsFileSystem[]> {
  const efs = ctx.clients.efs(region);
  const page = (min: number, max: number) => ({ client: efs, pageSize: clampPage(ctx.pageSize, min, max) });
  // Each file system's mount targets once the file systems are listed (not after the replications).
  const systemsRead = attempt(ctx, 'elasticfilesystem', region, 'DescribeFileSystems', () =>
    allPages(paginateDescribeFileSystems(page(1, 100), {}), (p) => p.FileSystems),
  ).then(async (systems) => {
    if (!systems || systems.length === 0) return undefined;
    const sorted = [...systems].sort((a, b) => (a.FileSystemId ?? '').localeCompare(b.FileSystemId ?? ''));
    const mounts = await attemptEach(ctx, 'elasticfilesystem', region, 'DescribeMountTargets', sorted, (fs) =>
      allPages(
        paginateDescribeMountTargets(page(1, 100), { FileSystemId: fs.FileSystemId }),
        (p) => p.MountTargets,
      ),
    );
    return { sorted, mounts };
  });
  const replicationsRead = attempt(
    ctx,
    'elasticfilesystem',
    region,
    'DescribeReplicationConfigurations',
    () => allPages(paginateDescribeReplicationConfigurations(page(1, 100), {}), (p) => p.Replications),
  );
  const [listed, replications] = await Promise.all([systemsRead, replicationsRead]);
  if (!listed) return [];
  const { sorted, mounts } = listed;
  return sorted.map((fs, i) => mapFileSystem(fs, mounts[i] ?? [], replications));
}
