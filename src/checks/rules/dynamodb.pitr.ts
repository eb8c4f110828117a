import { defineCheck, fail, pass, skipped } from '../define.js';
import { eachRegional, ref } from '../../inventory/query.js';

export default defineCheck({
  id: 'dynamodb.pitr',
  title: 'DynamoDB tables have point-in-time recovery on',
  category: 'data-protection',
  severity: 'medium',
  rationale:
    'Replication copies mistakes too: a bad deployment or a runaway script that overwrites items does so in every ' +
    'replica at once. Point-in-time recovery restores a table to any second of the last 35 days; without it the only ' +
    'way back is an on-demand backup, if someone took one.',
  remediation: {
    text: 'Enable point-in-time recovery on the table (and on each replica of a global table).',
    cli: 'aws dynamodb update-continuous-backups --table-name <table> --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true',
    terraform:
      'resource "aws_dynamodb_table" "orders" {\n  point_in_time_recovery {\n    enabled = true\n  }\n}',
  },
  thresholds: {},
  source: 'prowler dynamodb_tables_pitr_enabled; Amazon DynamoDB Developer Guide (point-in-time recovery)',
  requires: ['dynamodb:ListTables', 'dynamodb:DescribeContinuousBackups'],
  evaluate: (inv) =>
    eachRegional(inv, 'dynamoDbTables').map(({ region, item: table }) => {
      const resource = ref.dynamoDbTable(region, table);
      const evidence = { pointInTimeRecovery: table.pointInTimeRecovery ?? null };
      if (table.pointInTimeRecovery === undefined)
        return skipped(
          resource,
          `${table.name}: its point-in-time recovery status was not collected`,
          evidence,
        );
      return table.pointInTimeRecovery === 'ENABLED'
        ? pass(resource, `${table.name} has point-in-time recovery on`, evidence)
        : fail(
            resource,
            `${table.name} has point-in-time recovery ${table.pointInTimeRecovery.toLowerCase()}: an overwrite or a bad delete cannot be rolled back`,
            evidence,
          );
    }),
});
