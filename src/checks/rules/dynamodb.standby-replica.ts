import { defineCheck, fail, pass, warn, type Verdict } from '../define.js';
import { drEvidence, drRegionsUnknown, resolveDrRegions } from '../dr-regions.js';
import { nameList } from '../names.js';
import { ref } from '../../inventory/query.js';

export default defineCheck({
  id: 'dynamodb.standby-replica',
  title: 'DynamoDB tables of the primary region have a replica in the standby region',
  category: 'dr',
  severity: 'high',
  rationale:
    'A region failover moves the application to the standby region; a table that exists only in the primary region is ' +
    'out of reach with it, so the standby tier fails on its first read. A global table (version 2019.11.21) keeps a ' +
    'replica in the standby region, written in both. A table that is regional on purpose (a cache, per-region state) ' +
    'is named in regionalTables, and then passes as such.',
  remediation: {
    text: 'Add a replica in the standby region (the table becomes a global table), or list the table in regionalTables.',
    cli: 'aws dynamodb update-table --region <primary-region> --table-name <table> --replica-updates \'[{"Create":{"RegionName":"<standby-region>"}}]\'',
    terraform: 'resource "aws_dynamodb_table" "orders" {\n  replica {\n    region_name = "us-west-2"\n  }\n}',
  },
  thresholds: {
    regionalTables: [] as string[],
    primaryRegion: null as string | null,
    standbyRegion: null as string | null,
  },
  thresholdDocs: {
    regionalTables:
      'Names (or globs) of tables that are regional by design: they pass without a standby replica.',
    primaryRegion:
      'Primary region (global setting); derived from the Aurora global database writer when unset.',
    standbyRegion:
      "Standby region (global setting); derived from the Aurora global database's first secondary when unset.",
  },
  source: 'Amazon DynamoDB Developer Guide (global tables, version 2019.11.21); AWS Well-Architected REL13',
  requires: ['dynamodb:ListTables', 'dynamodb:DescribeTable'],
  evaluate: (inv, t) => {
    const regions = resolveDrRegions(inv, t);
    if (!regions.known)
      return Object.values(inv.regions).some((r) => r.dynamoDbTables.length > 0)
        ? drRegionsUnknown(inv, regions, t)
        : [];
    const tables = inv.regions[regions.primary]?.dynamoDbTables ?? [];
    const regional = nameList(t.regionalTables);
    return tables.map((table): Verdict => {
      const replica = table.replicas.find((r) => r.region === regions.standby);
      const evidence = {
        ...drEvidence(regions),
        replicas: table.replicas,
        globalTableVersion: table.globalTableVersion ?? null,
        regionalByConfig: regional(table.name),
      };
      const resource = ref.dynamoDbTable(regions.primary, table);
      if (replica?.status === 'ACTIVE')
        return pass(
          resource,
          `${table.name} has an active replica in ${regions.standby} (global table)`,
          evidence,
        );
      if (replica)
        return warn(
          resource,
          `${table.name} has a replica in ${regions.standby}, but it is ${replica.status}: not yet (or no longer) serving`,
          evidence,
        );
      if (regional(table.name))
        return pass(
          resource,
          `${table.name} is regional by design (regionalTables): a region failover starts without it`,
          evidence,
        );
      const others = table.replicas.map((r) => r.region);
      return fail(
        resource,
        `${table.name} has no replica in the standby region ${regions.standby}` +
          (others.length ? ` (replicas: ${others.join(', ')})` : ' (a single-region table)') +
          ': after a region failover the standby tier cannot read it',
        evidence,
      );
    });
  },
});
