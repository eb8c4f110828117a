import { defineCheck, fail, pass } from '../define.js';
import { eachRegional, ref } from '../../inventory/query.js';

export default defineCheck({
  id: 'dynamodb.deletion-protection',
  title: 'DynamoDB tables have deletion protection',
  category: 'data-protection',
  severity: 'medium',
  rationale:
    "Deleting a table is one API call, and deleting a global table replica deletes that region's copy. During an " +
    'incident, with people and scripts cleaning up under pressure, deletion protection turns that call into an error.',
  remediation: {
    text: 'Turn on deletion protection for the table.',
    cli: 'aws dynamodb update-table --table-name <table> --deletion-protection-enabled',
    terraform: 'resource "aws_dynamodb_table" "orders" {\n  deletion_protection_enabled = true\n}',
  },
  thresholds: {},
  source: 'Amazon DynamoDB Developer Guide (deletion protection)',
  requires: ['dynamodb:ListTables', 'dynamodb:DescribeTable'],
  evaluate: (inv) =>
    eachRegional(inv, 'dynamoDbTables').map(({ region, item: table }) => {
      const resource = ref.dynamoDbTable(region, table);
      const evidence = { deletionProtection: table.deletionProtection };
      return table.deletionProtection
        ? pass(resource, `${table.name} has deletion protection`, evidence)
        : fail(
            resource,
            `${table.name} has no deletion protection: one DeleteTable call removes it`,
            evidence,
          );
    }),
});
