/** RDS: DB instances, DB clusters, global clusters (as seen from this region), ElastiCache replication groups. */
import { paginateDescribeReplicationGroups } from '@aws-sdk/client-elasticache';
import {
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  paginateDescribeGlobalClusters,
  type GlobalCluster as AwsGlobalCluster,
} from '@aws-sdk/client-rds';
import { regionFromArn } from '../../inventory/query.js';
import type { DbCluster, DbInstance, GlobalCluster, ReplicationGroup } from '../../inventory/schema.js';
import { allPages, attempt, clampPage, tagsOf, type CollectContext } from './context.js';

export interface RdsResult {
  dbInstances: DbInstance[];
  dbClusters: DbCluster[];
  /** Global clusters as this region reports them (AWS, and moto, list every global cluster from every region). */
  globalClusters: GlobalCluster[] | undefined;
}

export function mapGlobalCluster(g: AwsGlobalCluster): GlobalCluster {
  const fs = g.FailoverState;
  return {
    id: g.GlobalClusterIdentifier ?? 'unknown',
    arn: g.GlobalClusterArn ?? g.GlobalClusterIdentifier ?? 'unknown',
    engine: g.Engine ?? 'unknown',
    engineVersion: g.EngineVersion ?? 'unknown',
    status: g.Status ?? 'unknown',
    deletionProtection: g.DeletionProtection ?? false,
    ...(g.Endpoint ? { endpoint: g.Endpoint } : {}),
    members: (g.GlobalClusterMembers ?? [])
      .filter((m) => m.DBClusterArn)
      .map((m) => ({
        clusterArn: m.DBClusterArn!,
        region: regionFromArn(m.DBClusterArn!) ?? 'unknown',
        isWriter: m.IsWriter ?? false,
        ...(m.SynchronizationStatus ? { synchronizationStatus: m.SynchronizationStatus } : {}),
        readers: m.Readers ?? [],
      })),
    ...(fs?.Status
      ? {
          failoverState: {
            status: fs.Status,
            ...(fs.FromDbClusterArn ? { fromClusterArn: fs.FromDbClusterArn } : {}),
            ...(fs.ToDbClusterArn ? { toClusterArn: fs.ToDbClusterArn } : {}),
            ...(fs.IsDataLossAllowed !== undefined ? { isDataLossAllowed: fs.IsDataLossAllowed } : {}),
          },
        }
      : {}),
  };
}

export async function collectRds(ctx: CollectContext, region: string): Promise<RdsResult> {
  const rds = ctx.clients.rds(region);
  const cfg = { client: rds, pageSize: clampPage(ctx.pageSize, 20, 100) };
  const [instances, clusters, globals] = await Promise.all([
    attempt(ctx, 'rds', region, 'DescribeDBInstances', () =>
      allPages(paginateDescribeDBInstances(cfg, {}), (p) => p.DBInstances),
    ),
    attempt(ctx, 'rds', region, 'DescribeDBClusters', () =>
      allPages(paginateDescribeDBClusters(cfg, {}), (p) => p.DBClusters),
    ),
    attempt(ctx, 'rds', region, 'DescribeGlobalClusters', () =>
      allPages(paginateDescribeGlobalClusters(cfg, {}), (p) => p.GlobalClusters),
    ),
  ]);

  const dbInstances: DbInstance[] = (instances ?? [])
    .filter((i) => i.DBInstanceIdentifier)
    .map((i) => ({
      id: i.DBInstanceIdentifier!,
      arn: i.DBInstanceArn ?? i.DBInstanceIdentifier!,
      engine: i.Engine ?? 'unknown',
      engineVersion: i.EngineVersion ?? 'unknown',
      instanceClass: i.DBInstanceClass ?? 'unknown',
      status: i.DBInstanceStatus ?? 'unknown',
      ...(i.AvailabilityZone ? { az: i.AvailabilityZone } : {}),
      ...(i.SecondaryAvailabilityZone ? { secondaryAz: i.SecondaryAvailabilityZone } : {}),
      multiAz: i.MultiAZ ?? false,
      publiclyAccessible: i.PubliclyAccessible ?? false,
      backupRetentionDays: i.BackupRetentionPeriod ?? 0,
      deletionProtection: i.DeletionProtection ?? false,
      ...(i.DBClusterIdentifier ? { clusterId: i.DBClusterIdentifier } : {}),
      ...(i.PromotionTier !== undefined ? { promotionTier: i.PromotionTier } : {}),
      ...(i.ReadReplicaSourceDBInstanceIdentifier
        ? { readReplicaSourceId: i.ReadReplicaSourceDBInstanceIdentifier }
        : {}),
      readReplicaIds: i.ReadReplicaDBInstanceIdentifiers ?? [],
      tags: tagsOf(i.TagList),
    }));
  const byId = new Map(dbInstances.map((i) => [i.id, i]));

  const globalClusters = globals?.filter((g) => g.GlobalClusterIdentifier).map(mapGlobalCluster);
  const globalOf = (arn: string | undefined) =>
    globalClusters?.find((g) => g.members.some((m) => m.clusterArn === arn))?.id;

  const dbClusters: DbCluster[] = (clusters ?? [])
    .filter((c) => c.DBClusterIdentifier)
    .map((c) => {
      const globalId = c.GlobalClusterIdentifier ?? globalOf(c.DBClusterArn);
      return {
        id: c.DBClusterIdentifier!,
        arn: c.DBClusterArn ?? c.DBClusterIdentifier!,
        engine: c.Engine ?? 'unknown',
        engineVersion: c.EngineVersion ?? 'unknown',
        status: c.Status ?? 'unknown',
        multiAz: c.MultiAZ ?? false,
        backupRetentionDays: c.BackupRetentionPeriod ?? 0,
        deletionProtection: c.DeletionProtection ?? false,
        ...(globalId ? { globalClusterId: globalId } : {}),
        ...(c.Endpoint ? { endpoint: c.Endpoint } : {}),
        ...(c.ReaderEndpoint ? { readerEndpoint: c.ReaderEndpoint } : {}),
        availabilityZones: c.AvailabilityZones ?? [],
        members: (c.DBClusterMembers ?? [])
          .filter((m) => m.DBInstanceIdentifier)
          .map((m) => {
            const inst = byId.get(m.DBInstanceIdentifier!);
            return {
              instanceId: m.DBInstanceIdentifier!,
              isWriter: m.IsClusterWriter ?? false,
              ...(m.PromotionTier !== undefined ? { promotionTier: m.PromotionTier } : {}),
              ...(inst?.az ? { az: inst.az } : {}),
              ...(inst ? { instanceClass: inst.instanceClass } : {}),
            };
          }),
        tags: tagsOf(c.TagList),
      };
    });

  return { dbInstances, dbClusters, globalClusters };
}

export async function collectElastiCache(ctx: CollectContext, region: string): Promise<ReplicationGroup[]> {
  const ec = ctx.clients.elasticache(region);
  const groups = await attempt(ctx, 'elasticache', region, 'DescribeReplicationGroups', () =>
    allPages(
      paginateDescribeReplicationGroups({ client: ec, pageSize: clampPage(ctx.pageSize, 20, 100) }, {}),
      (p) => p.ReplicationGroups,
    ),
  );
  return (groups ?? [])
    .filter((g) => g.ReplicationGroupId)
    .map((g) => ({
      id: g.ReplicationGroupId!,
      engine: g.Engine ?? 'redis',
      status: g.Status ?? 'unknown',
      multiAz: g.MultiAZ === 'enabled',
      automaticFailover: g.AutomaticFailover ?? 'disabled',
      snapshotRetentionDays: g.SnapshotRetentionLimit ?? 0,
      clusterMode: g.ClusterEnabled ?? false,
      memberClusters: g.MemberClusters ?? [],
      nodeGroups: (g.NodeGroups ?? []).map((n) => {
        const members = n.NodeGroupMembers ?? [];
        const primary = members.find((m) => m.CurrentRole === 'primary');
        return {
          id: n.NodeGroupId ?? 'unknown',
          ...(primary?.PreferredAvailabilityZone ? { primaryAz: primary.PreferredAvailabilityZone } : {}),
          replicaAzs: members
            .filter((m) => m !== primary && m.PreferredAvailabilityZone)
            .map((m) => m.PreferredAvailabilityZone!),
        };
      }),
    }));
}
