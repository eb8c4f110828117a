import { Flags } from '@oclif/core';
import { usageError } from '../util/errors.js';

/**
 * --role-arn and --external-id, shared by every command that talks to AWS (audit, snapshot, readiness,
 * init, failover, cutover). The role is assumed with the base credentials (--profile or the default
 * chain); `snapshot --org` then assumes each member role with the credentials of that role.
 */
export const roleFlags = {
  'role-arn': Flags.string({
    summary: 'Assume this IAM role first (STS AssumeRole from your credentials; session resil-<command>).',
    helpValue: 'ARN',
    helpGroup: 'AWS',
  }),
  'external-id': Flags.string({
    summary:
      "The external id the assumed role's trust policy requires: of --role-arn, and with snapshot --org of each member role.",
    helpValue: 'ID',
    helpGroup: 'AWS',
  }),
};

const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

export interface RoleOptions {
  roleArn?: string;
  externalId?: string;
  /** `resil-<command>`. */
  roleSessionName: string;
}

/**
 * Validates --role-arn and --external-id (exit 2 before any AWS call) and names the session after the
 * command. --external-id without --role-arn is refused, except where another role takes it
 * (`snapshot --org`: the member roles).
 */
export function roleOptions(
  flags: { 'role-arn'?: string | undefined; 'external-id'?: string | undefined },
  command: string,
  opts: { externalIdAlone?: boolean } = {},
): RoleOptions {
  const roleArn = flags['role-arn']?.trim();
  const externalId = flags['external-id'];
  if (roleArn !== undefined && !ROLE_ARN.test(roleArn))
    throw usageError(
      `--role-arn ${JSON.stringify(flags['role-arn'])} is not an IAM role ARN.`,
      'Give the whole ARN, e.g. --role-arn arn:aws:iam::123456789012:role/ResilAudit.',
    );
  if (externalId !== undefined && !EXTERNAL_ID.test(externalId))
    throw usageError(
      '--external-id must be 2 to 1224 characters of letters, digits and +=,.@:/-_ (as STS requires).',
      "Give the external id exactly as the role's trust policy names it (sts:ExternalId).",
    );
  if (externalId !== undefined && roleArn === undefined && !opts.externalIdAlone)
    throw usageError(
      '--external-id is sent with the role resil assumes: it needs --role-arn.',
      'Add --role-arn ARN, or leave --external-id out.',
    );
  return {
    ...(roleArn !== undefined ? { roleArn } : {}),
    ...(externalId !== undefined ? { externalId } : {}),
    roleSessionName: `resil-${command}`,
  };
}

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
  ...roleFlags,
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
