/**
 * --role-arn and --external-id: the credentials every AWS client of a command signs with. The base is
 * --profile (fromIni) or the SDK's default chain; with --role-arn, STS AssumeRole is called with the
 * base credentials (session name `resil-<command>`, the external id when given) and the role's
 * temporary credentials are shared by every client, refreshed before they expire.
 *
 * sts:AssumeRole is the CALLER's permission (the base credentials'), and the role's trust policy must
 * name the caller (and require the external id, if it does); the role itself needs the policy of
 * `resil iam-policy audit` / `resil iam-policy runbooks`.
 */
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';

export interface RoleToAssume {
  roleArn: string;
  externalId?: string;
  /** RoleSessionName: `resil-<command>` (shows in CloudTrail and in the assumed-role ARN). */
  sessionName: string;
}

/** Refresh temporary credentials this long before they expire. */
const REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * One credential resolution shared by every caller (clients resolve credentials per client: without
 * this, each client would call AssumeRole), refreshed when near expiry; a failure is not cached.
 */
export function sharedCredentials(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const fresh = (c: AwsCredentialIdentity) =>
    !c.expiration || c.expiration.getTime() - Date.now() > REFRESH_BEFORE_MS;
  return async () => {
    const p = (pending ??= provider());
    let c: AwsCredentialIdentity;
    try {
      c = await p;
    } catch (err) {
      if (pending === p) pending = undefined;
      throw err;
    }
    if (fresh(c)) return c;
    if (pending === p) pending = provider();
    return pending;
  };
}

/** The base credentials: --profile, else the default chain. */
export function baseCredentials(profile: string | undefined): AwsCredentialIdentityProvider {
  return profile ? fromIni({ profile }) : fromNodeProviderChain();
}

/**
 * The role's credentials, assumed from `base` with STS in `clientConfig` (region, endpoint, retries,
 * timeouts of the command's own clients).
 */
export function assumedRoleCredentials(
  base: AwsCredentialIdentityProvider,
  role: RoleToAssume,
  clientConfig: Record<string, unknown>,
): AwsCredentialIdentityProvider {
  return sharedCredentials(
    fromTemporaryCredentials({
      masterCredentials: base,
      params: {
        RoleArn: role.roleArn,
        RoleSessionName: role.sessionName,
        ...(role.externalId ? { ExternalId: role.externalId } : {}),
      },
      clientConfig,
    }),
  );
}

/**
 * Whether an error thrown while resolving assumed-role credentials came from STS AssumeRole (the role
 * refused the caller, or does not exist) rather than from the base credentials (none found) or the
 * network: those keep their own messages.
 */
export function isAssumeRoleError(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number }; message?: string };
  if (e?.name === 'CredentialsProviderError') return false;
  return e?.$metadata?.httpStatusCode !== undefined || /sts:AssumeRole|AssumeRole/.test(e?.message ?? '');
}

/** The credentials of a connection: the role's (assumed from the profile / default chain), the profile's, or the SDK default (undefined). */
export function connectionCredentials(
  c: { profile?: string; roleArn?: string; externalId?: string; roleSessionName?: string },
  stsConfig: Record<string, unknown>,
): AwsCredentialIdentityProvider | undefined {
  if (c.roleArn)
    return assumedRoleCredentials(
      baseCredentials(c.profile),
      {
        roleArn: c.roleArn,
        sessionName: c.roleSessionName ?? 'resil',
        ...(c.externalId ? { externalId: c.externalId } : {}),
      },
      stsConfig,
    );
  return c.profile ? fromIni({ profile: c.profile }) : undefined;
}
