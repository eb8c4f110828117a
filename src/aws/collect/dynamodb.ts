/** DynamoDB: tables with their deletion protection, point-in-time recovery and global-table replicas. */
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  paginateListTables,
  type ContinuousBackupsDescription,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDbTable } from '../../inventory/schema.js';
import { allPages, attempt, attemptEach, clampPage, type CollectContext } from './context.js';

export function mapTable(
  t: TableDescription,
  backups: ContinuousBackupsDescription | undefined,
  region: string,
): DynamoDbTable {
  const pitr = backups?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus;
  return {
    name: t.TableName ?? 'unknown',
    arn: t.TableArn ?? t.TableName ?? 'unknown',
    status: t.TableStatus ?? 'ACTIVE',
    billingMode: t.BillingModeSummary?.BillingMode ?? 'PROVISIONED',
    deletionProtection: t.DeletionProtectionEnabled ?? false,
    ...(pitr ? { pointInTimeRecovery: pitr } : {}),
    replicas: (t.Replicas ?? [])
      .filter((r) => r.RegionName && r.RegionName !== region)
      .map((r) => ({ region: r.RegionName!, status: r.ReplicaStatus ?? 'ACTIVE' }))
      .sort((a, b) => a.region.localeCompare(b.region)),
    ...(t.GlobalTableVersion ? { globalTableVersion: t.GlobalTableVersion } : {}),
  };
}

export async function collectDynamoDb(ctx: CollectContext, region: string): Promise<DynamoDbTable[]> {
  const ddb = ctx.clients.dynamodb(region);
  const names = await attempt(ctx, 'dynamodb', region, 'ListTables', () =>
    allPages(
      paginateListTables({ client: ddb, pageSize: clampPage(ctx.pageSize, 1, 100) }, {}),
      (p) => p.TableNames,
    ),
  );
  if (!names || names.length === 0) return [];
  const sorted = [...names].sort();
  const [tables, backups] = await Promise.all([
    attemptEach(ctx, 'dynamodb', region, 'DescribeTable', sorted, (TableName) =>
      ddb.send(new DescribeTableCommand({ TableName })),
    ),
    attemptEach(ctx, 'dynamodb', region, 'DescribeContinuousBackups', sorted, (TableName) =>
      ddb.send(new DescribeContinuousBackupsCommand({ TableName })),
    ),
  ]);
  return sorted.flatMap((name, i) => {
    const t = tables[i]?.Table;
    return t ? [mapTable(t, backups[i]?.ContinuousBackupsDescription, region)] : [];
  });
}
