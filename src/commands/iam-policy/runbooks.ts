import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base.js';
import { assertWritable, writeFileAtomic } from '../../cli/output.js';
import { renderPolicy, runbookPolicy } from '../../engine/iam-policy.js';
import {
  FAILOVER_MODES,
  RUNBOOK_NAMES,
  type FailoverMode,
  type RunbookName,
} from '../../runbooks/permissions.js';
import { usageError } from '../../util/errors.js';

export default class IamPolicyRunbooks extends BaseCommand {
  static override summary = 'Print the least-privilege IAM policy for resil failover and resil cutover.';
  static override description = `Two statements: the reads of the plan, the preflight and the verification \
(ResilRunbookRead), and the changes (ResilRunbookChange). Generated from the calls each runbook and failover \
mode declares; narrow it with --runbook and --mode, e.g. a role that may switch over without data loss but never \
run a managed failover.

The policy grants on every resource ("Resource": "*"); you may narrow the change statement to your global \
cluster and hosted zone ARNs.`;

  static override examples = [
    {
      description: 'Everything both runbooks may do:',
      command: '<%= config.bin %> iam-policy runbooks',
    },
    {
      description: 'Switchover (no data loss) and DNS cutover only, no managed failover or detach:',
      command: '<%= config.bin %> iam-policy runbooks --mode switchover',
    },
    {
      description: 'Route 53 cutover and rollback only:',
      command: '<%= config.bin %> iam-policy runbooks --runbook cutover',
    },
  ];

  static override flags = {
    runbook: Flags.string({
      summary: 'Only these runbooks (repeat or comma-separate). Default: both.',
      options: [...RUNBOOK_NAMES],
      multiple: true,
      delimiter: ',',
    }),
    mode: Flags.string({
      summary: 'Only these failover modes (repeat or comma-separate). Default: all three.',
      options: [...FAILOVER_MODES],
      multiple: true,
      delimiter: ',',
    }),
    output: Flags.string({
      char: 'o',
      summary: 'Write the policy to this file (atomically) instead of stdout.',
      helpValue: 'FILE',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(IamPolicyRunbooks);
    const runbooks = flags.runbook as RunbookName[] | undefined;
    const modes = flags.mode as FailoverMode[] | undefined;
    if (modes?.length && runbooks?.length && !runbooks.includes('failover')) {
      throw usageError(
        '--mode selects failover modes, but --runbook leaves the failover runbook out.',
        'Add failover to --runbook, or leave --mode out.',
      );
    }
    const text = renderPolicy(
      runbookPolicy({ ...(runbooks ? { runbooks } : {}), ...(modes ? { modes } : {}) }),
    );
    if (flags.output === undefined) {
      process.stdout.write(text);
      return;
    }
    await assertWritable(flags.output);
    await writeFileAtomic(flags.output, text);
    this.note(`Wrote the runbook policy to ${flags.output}`);
  }
}
