/**
 * Seeds an AWS organisation into the emulator (moto keeps resources per account and derives the
 * account from assumed-role credentials): the default credentials are the management account
 * 123456789012, which creates the organisation, OUs and member accounts. Each member is then
 * reached the way an administrator reaches it, through OrganizationAccountAccessRole (created by
 * CreateAccount), to deploy the audit role (as the StackSet in docs/org/member-role.yaml does: trust
 * the management account, require the external id) and a small workload.
 *
 * A member with `assumable: false` gets a role whose trust policy names another account, so the
 * emulator (test/emulator/ext_sts.py) refuses AssumeRole from the management account, as AWS would.
 * Reused by test/integration/org.itest.ts and bench/org.ts.
 */
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

export const MANAGEMENT_ACCOUNT = '123456789012';
export const ORG_ROLE = 'ResilAuditRole';
export const ORG_EXTERNAL_ID = 'resil-test-external-id';

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

function cfg(endpoint: string, region: string, credentials?: Credentials) {
  return {
    region,
    endpoint,
    credentials: credentials ?? { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
}

/** What one member holds: `web` a slow target group (+ a Single-AZ RDS instance), `standby` an ALB with no target. */
export type Workload = 'web' | 'standby' | 'none';

export interface MemberSpec {
  name: string;
  /** Where the account sits: the root, OU "workloads", or OU "prod" (a child of "workloads"). */
  ou?: 'workloads' | 'prod';
  /** false: the audit role trusts another account, so AssumeRole from the management account is denied. */
  assumable?: boolean;
  /** Region → what to deploy there. */
  workloads?: Record<string, Workload>;
}

export interface SeededMember {
  id: string;
  name: string;
  assumable: boolean;
}

export interface SeededOrg {
  organizationId: string;
  rootId: string;
  ous: { workloads: string; prod: string };
  members: SeededMember[];
}

async function assume(endpoint: string, roleArn: string): Promise<Credentials> {
  const sts = new STSClient(cfg(endpoint, 'us-east-1'));
  try {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'seed' }));
    const c = out.Credentials!;
    return {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    };
  } finally {
    sts.destroy();
  }
}

/** The member role as docs/org/member-role.yaml deploys it (trusting `trusted`, with the external id). */
export function memberTrustPolicy(trusted: string, externalId = ORG_EXTERNAL_ID): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${trusted}:root` },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': externalId } },
      },
    ],
  });
}

async function seedWorkload(endpoint: string, creds: Credentials, region: string, kind: Workload, n: number) {
  if (kind === 'none') return;
  const ec2 = new EC2Client(cfg(endpoint, region, creds));
  const elb = new ElasticLoadBalancingV2Client(cfg(endpoint, region, creds));
  const rds = new RDSClient(cfg(endpoint, region, creds));
  try {
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${n}.0.0/16` }))).Vpc!.VpcId!;
    const subnets = await Promise.all(
      ['a', 'b'].map(
        async (az, i) =>
          (
            await ec2.send(
              new CreateSubnetCommand({
                VpcId: vpcId,
                CidrBlock: `10.${n}.${i}.0/24`,
                AvailabilityZone: `${region}${az}`,
              }),
            )
          ).Subnet!.SubnetId!,
      ),
    );
    const tg = async (name: string, interval: number, unhealthy: number) =>
      (
        await elb.send(
          new CreateTargetGroupCommand({
            Name: name,
            Protocol: 'HTTP',
            Port: 80,
            VpcId: vpcId,
            TargetType: 'instance',
            HealthCheckIntervalSeconds: interval,
            HealthCheckTimeoutSeconds: 5,
            HealthyThresholdCount: 3,
            UnhealthyThresholdCount: unhealthy,
            HealthCheckPath: '/healthz',
            HealthCheckProtocol: 'HTTP',
          }),
        )
      ).TargetGroups![0]!.TargetGroupArn!;
    if (kind === 'web') {
      // 30 s × 5 = 150 s to notice a dead target: tg.detection-time fails (medium).
      await tg('web-tg', 30, 5);
      // Single-AZ: rds.instance-multi-az fails (high).
      await rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: 'orders-db',
          Engine: 'mysql',
          DBInstanceClass: 'db.t3.medium',
          AllocatedStorage: 20,
          MasterUsername: 'admin',
          MasterUserPassword: 'not-a-secret-123',
          MultiAZ: false,
          BackupRetentionPeriod: 7,
        }),
      );
    } else {
      // A standby ALB whose target group has no target: dr.standby-lb-healthy fails when paired.
      const tgArn = await tg('standby-tg', 10, 2);
      const lbArn = (
        await elb.send(
          new CreateLoadBalancerCommand({
            Name: 'standby-alb',
            Type: 'application',
            Scheme: 'internet-facing',
            Subnets: subnets,
          }),
        )
      ).LoadBalancers![0]!.LoadBalancerArn!;
      await elb.send(
        new CreateListenerCommand({
          LoadBalancerArn: lbArn,
          Protocol: 'HTTP',
          Port: 80,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
        }),
      );
    }
  } finally {
    ec2.destroy();
    elb.destroy();
    rds.destroy();
  }
}

/** Creates the organisation and its members; returns their ids in the order of `members`. */
export async function seedOrg(opts: {
  endpoint: string;
  members: MemberSpec[];
  roleName?: string;
  externalId?: string;
}): Promise<SeededOrg> {
  const { endpoint } = opts;
  const roleName = opts.roleName ?? ORG_ROLE;
  const org = new OrganizationsClient(cfg(endpoint, 'us-east-1'));
  try {
    const created = await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const workloads = (
      await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'workloads' }))
    ).OrganizationalUnit!.Id!;
    const prod = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: workloads, Name: 'prod' })))
      .OrganizationalUnit!.Id!;
    const members: SeededMember[] = [];
    for (const [i, spec] of opts.members.entries()) {
      const status = await org.send(
        new CreateAccountCommand({ AccountName: spec.name, Email: `${spec.name}@example.com` }),
      );
      const id = status.CreateAccountStatus!.AccountId!;
      if (spec.ou) {
        await org.send(
          new MoveAccountCommand({
            AccountId: id,
            SourceParentId: rootId,
            DestinationParentId: spec.ou === 'prod' ? prod : workloads,
          }),
        );
      }
      const assumable = spec.assumable ?? true;
      // An administrator's way in: the role CreateAccount made, trusting the management account.
      const admin = await assume(endpoint, `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`);
      const iam = new IAMClient(cfg(endpoint, 'us-east-1', admin));
      try {
        await iam.send(
          new CreateRoleCommand({
            RoleName: roleName,
            // The unassumable member trusts some other management account.
            AssumeRolePolicyDocument: memberTrustPolicy(
              assumable ? MANAGEMENT_ACCOUNT : '999999999999',
              opts.externalId ?? ORG_EXTERNAL_ID,
            ),
          }),
        );
      } finally {
        iam.destroy();
      }
      await Promise.all(
        Object.entries(spec.workloads ?? {}).map(([region, kind]) =>
          seedWorkload(endpoint, admin, region, kind, 10 + i),
        ),
      );
      members.push({ id, name: spec.name, assumable });
    }
    return {
      organizationId: created.Organization!.Id!,
      rootId,
      ous: { workloads, prod },
      members,
    };
  } finally {
    org.destroy();
  }
}
