/**
 * The one factory of AWS SDK v3 clients. Every client it builds shares:
 * - one credentials provider (default chain, or `fromIni({profile})`, then STS AssumeRole for
 *   --role-arn with --external-id, session name `resil-<command>`: see assume.ts);
 * - the endpoint override (--endpoint-url) and the retry mode of AWS_RETRY_MODE (default adaptive) with
 *   `maxAttempts`;
 * - one bounded pool of in-flight requests across every region and service (a semaphore in a
 *   middleware, so paginators and per-resource calls all queue on it);
 * - a recorder middleware that logs every operation sent (the API-call count, and the read-only test).
 */
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EFSClient } from '@aws-sdk/client-efs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { RDSClient } from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { assumedRoleCredentials, baseCredentials, isAssumeRoleError } from './assume.js';
import { retryConfig } from './retry.js';
import { Semaphore } from './semaphore.js';

// resil supports Node 20 (package.json engines); the SDK's warning about its own future Node
// requirement would otherwise land on every user's stderr. An explicit setting wins.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

/** IAM service prefixes (also the `service` of collection records). */
export type ServiceId =
  | 'ec2'
  | 'autoscaling'
  | 'elasticloadbalancing'
  | 'rds'
  | 'route53'
  | 'cloudwatch'
  | 'elasticache'
  | 'servicequotas'
  | 'sts'
  | 'organizations'
  | 'ecs'
  | 'application-autoscaling'
  | 'dynamodb'
  | 'sqs'
  | 'elasticfilesystem';

export interface SentOperation {
  service: ServiceId;
  region: string;
  operation: string;
  at: number;
}

export interface ClientFactoryOptions {
  profile?: string;
  endpointUrl?: string;
  roleArn?: string;
  /** The external id the role's trust policy requires (with roleArn). */
  externalId?: string;
  /** RoleSessionName of the assumed role: `resil-<command>` (default `resil`). */
  roleSessionName?: string;
  /** SDK attempts per request (in the retry mode of AWS_RETRY_MODE, default adaptive). */
  maxAttempts: number;
  /** TCP connection timeout per attempt (default 5 s). */
  connectionTimeoutMs?: number;
  /** Socket inactivity timeout per attempt (default 30 s). */
  requestTimeoutMs?: number;
  /** Requests in flight at once across all clients. */
  concurrency: number;
  /** Region used for STS when assuming a role. */
  homeRegion?: string;
  /**
   * Credentials to sign with, instead of the profile / default chain / --role-arn (an organisation
   * audit passes each member account's assumed-role credentials).
   */
  credentials?: AwsCredentialIdentityProvider;
  /** A pool shared with other factories (an organisation audit: one bound across all accounts). */
  pool?: Semaphore;
}

type AnyClient = {
  middlewareStack: {
    add: (
      mw: unknown,
      opts: { step: 'initialize'; name: string; priority?: 'high' | 'low' | 'normal' },
    ) => void;
  };
};

/** STS refused --role-arn: the role's trust policy does not allow the caller (or the external id), or it does not exist. */
export class AssumeRoleRefused extends Error {
  readonly code: string;
  constructor(
    readonly roleArn: string,
    cause: unknown,
  ) {
    const e = cause as { name?: string; Code?: string; message?: string };
    super((e?.message ?? String(cause)).split('\n')[0]!, { cause });
    this.name = 'AssumeRoleRefused';
    this.code = e?.Code ?? e?.name ?? 'AccessDenied';
  }
}

/** Route 53 is global: its clients sign for us-east-1, and its records say region "global". */
export const ROUTE53_SIGNING_REGION = 'us-east-1';

export class ClientFactory {
  readonly sent: SentOperation[] = [];
  readonly pool: Semaphore;
  private readonly credentials: AwsCredentialIdentityProvider;
  private readonly cache = new Map<string, unknown>();

  constructor(private readonly opts: ClientFactoryOptions) {
    this.pool = opts.pool ?? new Semaphore(opts.concurrency);
    const base = baseCredentials(opts.profile);
    this.credentials = opts.credentials
      ? opts.credentials
      : opts.roleArn
        ? assumedRoleCredentials(
            base,
            {
              roleArn: opts.roleArn,
              sessionName: opts.roleSessionName ?? 'resil',
              ...(opts.externalId ? { externalId: opts.externalId } : {}),
            },
            this.connectionConfig(opts.homeRegion ?? ROUTE53_SIGNING_REGION),
          )
        : base;
  }

  /**
   * With --role-arn: assumes the role now (one STS AssumeRole, counted as an operation sent), so a role
   * that cannot be assumed stops the command before anything else, with STS's message. Resolves to
   * false without a role. Errors of the base credentials (none found) or the network are rethrown as
   * they are; STS's refusal is an {@link AssumeRoleRefused}.
   */
  async assumeRole(): Promise<boolean> {
    if (!this.opts.roleArn || this.opts.credentials) return false;
    const region = this.opts.homeRegion ?? ROUTE53_SIGNING_REGION;
    await this.pool.run(async () => {
      this.sent.push({ service: 'sts', region, operation: 'AssumeRole', at: Date.now() });
      try {
        await this.credentials();
      } catch (err) {
        if (isAssumeRoleError(err)) throw new AssumeRoleRefused(this.opts.roleArn!, err);
        throw err;
      }
    });
    return true;
  }

  /** Number of operations sent so far. */
  get apiCalls(): number {
    return this.sent.length;
  }

  private config(region: string) {
    return {
      region,
      credentials: this.credentials,
      ...retryConfig(this.opts.maxAttempts),
      // The SDK's default is to wait forever: a black-holed endpoint (a region in trouble, a
      // firewall dropping packets) must fail the operation, be recorded, and let the audit go on.
      requestHandler: {
        connectionTimeout:
          this.opts.connectionTimeoutMs ?? ClientFactory.DEFAULT_TIMEOUTS.connectionTimeoutMs,
        requestTimeout: this.opts.requestTimeoutMs ?? ClientFactory.DEFAULT_TIMEOUTS.requestTimeoutMs,
        throwOnRequestTimeout: true,
      },
      ...(this.opts.endpointUrl ? { endpoint: this.opts.endpointUrl } : {}),
    };
  }

  /** Per-attempt timeouts: TCP connect, and socket inactivity. */
  static readonly DEFAULT_TIMEOUTS = { connectionTimeoutMs: 5_000, requestTimeoutMs: 30_000 };

  private build<C>(
    service: ServiceId,
    region: string,
    make: (cfg: ReturnType<ClientFactory['config']>) => C,
  ): C {
    const key = `${service}@${region}`;
    const hit = this.cache.get(key);
    if (hit) return hit as C;
    const client = make(this.config(service === 'route53' ? ROUTE53_SIGNING_REGION : region));
    const recordRegion = service === 'route53' ? 'global' : region;
    (client as unknown as AnyClient).middlewareStack.add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
        async (args: unknown) => {
          const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
          return this.pool.run(() => {
            this.sent.push({ service, region: recordRegion, operation, at: Date.now() });
            return next(args);
          });
        },
      { step: 'initialize', name: 'resilPoolAndRecorder', priority: 'high' },
    );
    this.cache.set(key, client);
    return client;
  }

  ec2(region: string): EC2Client {
    return this.build('ec2', region, (c) => new EC2Client(c));
  }
  autoscaling(region: string): AutoScalingClient {
    return this.build('autoscaling', region, (c) => new AutoScalingClient(c));
  }
  elbv2(region: string): ElasticLoadBalancingV2Client {
    return this.build('elasticloadbalancing', region, (c) => new ElasticLoadBalancingV2Client(c));
  }
  rds(region: string): RDSClient {
    return this.build('rds', region, (c) => new RDSClient(c));
  }
  route53(): Route53Client {
    return this.build('route53', 'global', (c) => new Route53Client(c));
  }
  cloudwatch(region: string): CloudWatchClient {
    return this.build('cloudwatch', region, (c) => new CloudWatchClient(c));
  }
  elasticache(region: string): ElastiCacheClient {
    return this.build('elasticache', region, (c) => new ElastiCacheClient(c));
  }
  ecs(region: string): ECSClient {
    return this.build('ecs', region, (c) => new ECSClient(c));
  }
  applicationAutoScaling(region: string): ApplicationAutoScalingClient {
    return this.build('application-autoscaling', region, (c) => new ApplicationAutoScalingClient(c));
  }
  dynamodb(region: string): DynamoDBClient {
    return this.build('dynamodb', region, (c) => new DynamoDBClient(c));
  }
  sqs(region: string): SQSClient {
    return this.build('sqs', region, (c) => new SQSClient(c));
  }
  efs(region: string): EFSClient {
    return this.build('elasticfilesystem', region, (c) => new EFSClient(c));
  }
  servicequotas(region: string): ServiceQuotasClient {
    return this.build('servicequotas', region, (c) => new ServiceQuotasClient(c));
  }
  sts(region: string): STSClient {
    return this.build('sts', region, (c) => new STSClient(c));
  }
  organizations(region: string): OrganizationsClient {
    return this.build('organizations', region, (c) => new OrganizationsClient(c));
  }

  /** The credentials every client of this factory signs with (the base of an assumed role). */
  get baseCredentials(): AwsCredentialIdentityProvider {
    return this.credentials;
  }

  /** The connection settings of this factory's clients, for a client built outside it (STS of a credential provider). */
  connectionConfig(region: string) {
    const { credentials: _credentials, ...rest } = this.config(region);
    return rest;
  }

  /** Closes every client's sockets. */
  destroy(): void {
    for (const c of this.cache.values()) (c as { destroy?: () => void }).destroy?.();
    this.cache.clear();
  }
}
