/**
 * Seeds the AWS emulator (moto + test/emulator/ext_runbooks.py) for the runbook integration tests and
 * `npm run demo:failover`: an Aurora PostgreSQL global database shop-global (writer shop-east in
 * us-east-1, secondary shop-west in us-west-2), its replication lag in CloudWatch, and a Route 53
 * zone example.com with weighted records api.example.com (us-east-1: 100, us-west-2: 0) and
 * failover records db.example.com, each with a health check.
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateDBClusterCommand,
  CreateDBInstanceCommand,
  CreateGlobalClusterCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import {
  ChangeResourceRecordSetsCommand,
  CreateHealthCheckCommand,
  CreateHostedZoneCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

export const RB = {
  globalCluster: 'shop-global',
  primary: { region: 'us-east-1', cluster: 'shop-east' },
  standby: { region: 'us-west-2', cluster: 'shop-west' },
  zone: 'example.com.',
  weighted: 'api.example.com.',
  failover: 'db.example.com.',
};

function cfg(endpoint: string, region: string) {
  return {
    region,
    endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  };
}

export interface RunbookSeed {
  zoneId: string;
  healthChecks: { east: string; west: string };
}

export async function seedRunbooks(
  endpoint: string,
  o: { lagMs?: number; ttl?: number } = {},
): Promise<RunbookSeed> {
  const east = new RDSClient(cfg(endpoint, RB.primary.region));
  const west = new RDSClient(cfg(endpoint, RB.standby.region));
  await east.send(
    new CreateGlobalClusterCommand({
      GlobalClusterIdentifier: RB.globalCluster,
      Engine: 'aurora-postgresql',
      EngineVersion: '15.4',
    }),
  );
  for (const [client, c] of [
    [east, RB.primary],
    [west, RB.standby],
  ] as const) {
    await client.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: c.cluster,
        Engine: 'aurora-postgresql',
        EngineVersion: '15.4',
        GlobalClusterIdentifier: RB.globalCluster,
        ...(c === RB.primary ? { MasterUsername: 'admin', MasterUserPassword: 'not-a-secret-1' } : {}),
      }),
    );
    await client.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: `${c.cluster}-1`,
        DBClusterIdentifier: c.cluster,
        Engine: 'aurora-postgresql',
        DBInstanceClass: 'db.r6g.large',
      }),
    );
  }
  // Lag as CloudWatch reports it in each secondary's region (shop-east's for the switch back).
  const lag = async (region: string, cluster: string, ms: number) => {
    const cw = new CloudWatchClient(cfg(endpoint, region));
    await cw.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/RDS',
        MetricData: [
          {
            MetricName: 'AuroraGlobalDBRPOLag',
            Dimensions: [{ Name: 'DBClusterIdentifier', Value: cluster }],
            Value: ms,
            Unit: 'Milliseconds',
            Timestamp: new Date(Date.now() - 60_000),
          },
        ],
      }),
    );
    cw.destroy();
  };
  await lag(RB.standby.region, RB.standby.cluster, o.lagMs ?? 800);
  await lag(RB.primary.region, RB.primary.cluster, 500);

  const r53 = new Route53Client(cfg(endpoint, 'us-east-1'));
  const zoneId = (
    await r53.send(new CreateHostedZoneCommand({ Name: RB.zone, CallerReference: `resil-${Date.now()}` }))
  ).HostedZone!.Id!.replace('/hostedzone/', '');
  const hc = async (fqdn: string) =>
    (
      await r53.send(
        new CreateHealthCheckCommand({
          CallerReference: `${fqdn}-${Date.now()}`,
          HealthCheckConfig: {
            Type: 'HTTPS',
            FullyQualifiedDomainName: fqdn,
            Port: 443,
            ResourcePath: '/health',
            RequestInterval: 10,
            FailureThreshold: 3,
          },
        }),
      )
    ).HealthCheck!.Id!;
  const hcEast = await hc('east-alb.us-east-1.elb.amazonaws.com');
  const hcWest = await hc('west-alb.us-west-2.elb.amazonaws.com');
  const ttl = o.ttl ?? 1;
  const rr = (r: ResourceRecordSet) => ({ Action: 'CREATE' as const, ResourceRecordSet: r });
  await r53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: {
        Changes: [
          rr({
            Name: RB.weighted,
            Type: 'CNAME',
            SetIdentifier: 'us-east-1',
            Weight: 100,
            TTL: ttl,
            ResourceRecords: [{ Value: 'east-alb.us-east-1.elb.amazonaws.com' }],
            HealthCheckId: hcEast,
          }),
          rr({
            Name: RB.weighted,
            Type: 'CNAME',
            SetIdentifier: 'us-west-2',
            Weight: 0,
            TTL: ttl,
            ResourceRecords: [{ Value: 'west-alb.us-west-2.elb.amazonaws.com' }],
            HealthCheckId: hcWest,
          }),
          rr({
            Name: RB.failover,
            Type: 'CNAME',
            SetIdentifier: 'east',
            Failover: 'PRIMARY',
            TTL: ttl,
            ResourceRecords: [{ Value: 'shop-east.cluster-x.us-east-1.rds.amazonaws.com' }],
            HealthCheckId: hcEast,
          }),
          rr({
            Name: RB.failover,
            Type: 'CNAME',
            SetIdentifier: 'west',
            Failover: 'SECONDARY',
            TTL: ttl,
            ResourceRecords: [{ Value: 'shop-west.cluster-x.us-west-2.rds.amazonaws.com' }],
            HealthCheckId: hcWest,
          }),
        ],
      },
    }),
  );
  for (const c of [east, west, r53]) c.destroy();
  return { zoneId, healthChecks: { east: hcEast, west: hcWest } };
}

/**
 * Adds one more weighted CNAME pair to the seeded zone (us-east-1: 100, us-west-2: 0), for the tests
 * that cut over several records in one run; `seedRunbooks` alone never creates it.
 */
export async function seedWeightedPair(
  endpoint: string,
  zoneId: string,
  name: string,
  o: { ttl?: number } = {},
): Promise<void> {
  const r53 = new Route53Client(cfg(endpoint, 'us-east-1'));
  const ttl = o.ttl ?? 1;
  const label = name.split('.')[0]!;
  const rr = (region: string, weight: number) => ({
    Action: 'CREATE' as const,
    ResourceRecordSet: {
      Name: name,
      Type: 'CNAME' as const,
      SetIdentifier: region,
      Weight: weight,
      TTL: ttl,
      ResourceRecords: [{ Value: `${label}-alb.${region}.elb.amazonaws.com` }],
    },
  });
  await r53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: { Changes: [rr(RB.primary.region, 100), rr(RB.standby.region, 0)] },
    }),
  );
  r53.destroy();
}

/** The record sets of one name, as the emulator holds them (for assertions). */
export async function recordsOf(
  endpoint: string,
  zoneId: string,
  name: string,
): Promise<ResourceRecordSet[]> {
  const r53 = new Route53Client(cfg(endpoint, 'us-east-1'));
  const res = await r53.send(
    new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, StartRecordName: name }),
  );
  r53.destroy();
  return (res.ResourceRecordSets ?? []).filter((r) => r.Name === name);
}
