import { Flags } from '@oclif/core';

/** AWS connection flags shared by audit, snapshot, failover and cutover (named as the AWS CLI names them). */
export const awsFlags = {
  profile: Flags.string({
    summary: 'AWS named profile (as the AWS CLI --profile).',
    env: 'AWS_PROFILE',
    helpGroup: 'AWS',
  }),
  region: Flags.string({
    summary: 'Region to audit; repeat or comma-separate for several.',
    multiple: true,
    delimiter: ',',
    helpGroup: 'AWS',
  }),
  'all-regions': Flags.boolean({
    summary: 'Collect every region enabled for the account.',
    exclusive: ['region'],
    helpGroup: 'AWS',
  }),
  'endpoint-url': Flags.string({
    summary: 'Send every AWS request to this URL (VPC endpoints, emulators).',
    helpGroup: 'AWS',
  }),
  'role-arn': Flags.string({ summary: 'Assume this IAM role first.', helpGroup: 'AWS' }),
  concurrency: Flags.integer({
    summary: 'Most AWS requests in flight at once.',
    default: 16,
    min: 1,
    max: 128,
    helpGroup: 'AWS',
  }),
  'max-attempts': Flags.integer({
    summary: 'SDK attempts per request (retry mode: AWS_RETRY_MODE, adaptive by default).',
    env: 'AWS_MAX_ATTEMPTS',
    default: 5,
    min: 1,
    max: 20,
    helpGroup: 'AWS',
  }),
};
