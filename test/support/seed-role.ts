/**
 * An IAM role for --role-arn tests, in the emulator's default account (123456789012, the `testing`
 * credentials): its trust policy allows that account and, when given, requires an external id —
 * test/emulator/ext_sts.py enforces both, as AWS does.
 */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';

export const ROLE_ACCOUNT = '123456789012';

export async function seedRole(endpoint: string, name: string, externalId?: string): Promise<string> {
  const iam = new IAMClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  });
  try {
    const out = await iam.send(
      new CreateRoleCommand({
        RoleName: name,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ROLE_ACCOUNT}:root` },
              Action: 'sts:AssumeRole',
              ...(externalId ? { Condition: { StringEquals: { 'sts:ExternalId': externalId } } } : {}),
            },
          ],
        }),
      }),
    );
    return out.Role!.Arn!;
  } finally {
    iam.destroy();
  }
}
