import { Flags } from '@oclif/core';
import { ALL_CHECKS } from '../../checks/index.js';
import type { Category, Severity } from '../../checks/define.js';
import { BaseCommand } from '../../cli/base.js';
import { assertWritable, writeFileAtomic } from '../../cli/output.js';
import { selectionFlags } from '../../cli/selection-flags.js';
import { auditPolicy, renderPolicy } from '../../engine/iam-policy.js';
import { selectChecks } from '../../engine/select.js';

export default class IamPolicyAudit extends BaseCommand {
  static override summary =
    'Print the least-privilege IAM policy for a live audit, resil snapshot and resil readiness.';
  static override description = `The policy is generated from the IAM actions each selected check requires, plus the calls \
collection makes itself (sts:GetCallerIdentity, ec2:DescribeRegions, launch-template versions, load-balancer tags) \
and the readiness reads (Service Quotas, capacity reservations). \
Every action is a Describe, List or Get: an audit never changes anything.

With the selection flags of resil audit (--checks, --exclude-checks, --category, --min-severity), the policy covers \
only those checks; an audit with the same selection then skips nothing for lack of permission.`;

  static override examples = [
    {
      description: 'The policy for every check, as a file for the AWS CLI:',
      command:
        '<%= config.bin %> iam-policy audit --output resil-audit.json\naws iam create-policy --policy-name resil-audit --policy-document file://resil-audit.json',
    },
    {
      description: 'Only what the DNS and DR checks need:',
      command: '<%= config.bin %> iam-policy audit --category dns,dr',
    },
  ];

  static override flags = {
    ...selectionFlags,
    output: Flags.string({
      char: 'o',
      summary: 'Write the policy to this file (atomically) instead of stdout.',
      helpValue: 'FILE',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(IamPolicyAudit);
    const checks = selectChecks(ALL_CHECKS, {
      checks: flags.checks,
      excludeChecks: flags['exclude-checks'],
      categories: flags.category as Category[] | undefined,
      minSeverity: flags['min-severity'] as Severity | undefined,
    });
    const text = renderPolicy(auditPolicy(checks));
    if (flags.output === undefined) {
      process.stdout.write(text);
      return;
    }
    await assertWritable(flags.output);
    await writeFileAtomic(flags.output, text);
    this.note(`Wrote the audit policy (${checks.length} check(s)) to ${flags.output}`);
  }
}
