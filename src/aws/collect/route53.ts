/** Route 53 (global, collected once): hosted zones with their records, health checks with their status. */
import {
  GetHealthCheckStatusCommand,
  ListResourceRecordSetsCommand,
  paginateListHealthChecks,
  paginateListHostedZones,
  type ResourceRecordSet,
  type RRType,
} from '@aws-sdk/client-route-53';
import type { HealthCheck, HostedZone, RecordSet } from '../../inventory/schema.js';
import { allPages, attempt, attemptEach, clampPage, type CollectContext } from './context.js';

const REGION = 'global';

export function routingPolicyOf(r: ResourceRecordSet): RecordSet['routingPolicy'] {
  if (r.Failover) return 'failover';
  if (r.Weight !== undefined) return 'weighted';
  if (r.Region) return 'latency';
  if (r.GeoLocation) return 'geolocation';
  if (r.GeoProximityLocation) return 'geoproximity';
  if (r.MultiValueAnswer) return 'multivalue';
  if (r.CidrRoutingConfig) return 'cidr';
  return 'simple';
}

export function mapRecord(r: ResourceRecordSet): RecordSet {
  return {
    name: r.Name ?? '',
    type: r.Type ?? 'A',
    ...(r.SetIdentifier ? { setIdentifier: r.SetIdentifier } : {}),
    routingPolicy: routingPolicyOf(r),
    ...(r.Failover === 'PRIMARY' || r.Failover === 'SECONDARY' ? { failover: r.Failover } : {}),
    ...(r.Weight !== undefined ? { weight: r.Weight } : {}),
    ...(r.Region ? { region: r.Region } : {}),
    ...(r.TTL !== undefined ? { ttl: r.TTL } : {}),
    values: (r.ResourceRecords ?? []).map((v) => v.Value ?? '').filter(Boolean),
    ...(r.AliasTarget
      ? {
          aliasTarget: {
            dnsName: r.AliasTarget.DNSName ?? '',
            hostedZoneId: r.AliasTarget.HostedZoneId ?? '',
            evaluateTargetHealth: r.AliasTarget.EvaluateTargetHealth ?? false,
          },
        }
      : {}),
    ...(r.HealthCheckId ? { healthCheckId: r.HealthCheckId } : {}),
  };
}

/**
 * Every record of a zone. ListResourceRecordSets has no SDK paginator: follow NextRecordName /
 * NextRecordType / NextRecordIdentifier. A page that repeats the previous cursor or brings nothing
 * new ends the loop (an emulator that ignores NextRecordIdentifier would otherwise loop forever).
 */
export async function listAllRecords(ctx: CollectContext, zoneId: string): Promise<ResourceRecordSet[]> {
  const r53 = ctx.clients.route53();
  const out: ResourceRecordSet[] = [];
  const seen = new Set<string>();
  const maxItems = clampPage(ctx.pageSize, 1, 300);
  let cursor: { name?: string; type?: RRType; id?: string } = {};
  for (;;) {
    const page = await r53.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ...(cursor.name ? { StartRecordName: cursor.name } : {}),
        ...(cursor.type ? { StartRecordType: cursor.type } : {}),
        ...(cursor.id ? { StartRecordIdentifier: cursor.id } : {}),
        ...(maxItems ? { MaxItems: maxItems } : {}),
      }),
    );
    let fresh = 0;
    for (const r of page.ResourceRecordSets ?? []) {
      const key = `${r.Name}|${r.Type}|${r.SetIdentifier ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(r);
      fresh++;
    }
    if (!page.IsTruncated || !page.NextRecordName) break;
    const next = { name: page.NextRecordName, type: page.NextRecordType, id: page.NextRecordIdentifier };
    if (fresh === 0 || (next.name === cursor.name && next.type === cursor.type && next.id === cursor.id))
      break;
    cursor = next;
  }
  return out;
}

/** Checkers' observations → healthy when more than 18% report success (Route 53's own rule). */
export function aggregateStatus(
  observations: Array<{ StatusReport?: { Status?: string } }> | undefined,
): HealthCheck['status'] {
  const obs = observations ?? [];
  if (obs.length === 0) return 'unknown';
  const ok = obs.filter((o) => (o.StatusReport?.Status ?? '').startsWith('Success')).length;
  return ok / obs.length > 0.18 ? 'healthy' : 'unhealthy';
}

const NO_STATUS_TYPES = new Set(['CALCULATED', 'RECOVERY_CONTROL']);

export async function collectRoute53(
  ctx: CollectContext,
): Promise<{ hostedZones: HostedZone[]; healthChecks: HealthCheck[] }> {
  const r53 = ctx.clients.route53();
  const pageSize = clampPage(ctx.pageSize, 1, 100);
  // Each zone's records once the zones are listed; each health check's status once the checks are.
  const zonesRead = attempt(ctx, 'route53', REGION, 'ListHostedZones', () =>
    allPages(paginateListHostedZones({ client: r53, pageSize }, {}), (p) => p.HostedZones),
  ).then(async (zones) => {
    const zoneList = (zones ?? []).filter((z) => z.Id);
    const records = await attemptEach(ctx, 'route53', REGION, 'ListResourceRecordSets', zoneList, (z) =>
      listAllRecords(ctx, z.Id!),
    );
    return { zoneList, records };
  });
  const checksRead = attempt(ctx, 'route53', REGION, 'ListHealthChecks', () =>
    allPages(paginateListHealthChecks({ client: r53, pageSize }, {}), (p) => p.HealthChecks),
  ).then(async (checks) => {
    const checkList = (checks ?? []).filter((c) => c.Id);
    const statuses = await attemptEach(
      ctx,
      'route53',
      REGION,
      'GetHealthCheckStatus',
      checkList.filter((c) => !NO_STATUS_TYPES.has(c.HealthCheckConfig?.Type ?? '')),
      async (c) => ({
        id: c.Id!,
        status: aggregateStatus(
          (await r53.send(new GetHealthCheckStatusCommand({ HealthCheckId: c.Id }))).HealthCheckObservations,
        ),
      }),
    );
    return { checkList, statuses };
  });
  const [{ zoneList, records }, { checkList, statuses }] = await Promise.all([zonesRead, checksRead]);
  const statusById = new Map(statuses.filter((s) => s !== undefined).map((s) => [s.id, s.status]));

  const hostedZones: HostedZone[] = zoneList.map((z, i) => ({
    id: z.Id!.replace(/^\/hostedzone\//, ''),
    name: z.Name ?? '',
    private: z.Config?.PrivateZone ?? false,
    records: (records[i] ?? []).map(mapRecord),
  }));

  const healthChecks: HealthCheck[] = checkList.map((c) => {
    const cfg = c.HealthCheckConfig;
    return {
      id: c.Id!,
      type: cfg?.Type ?? 'HTTP',
      ...(cfg?.FullyQualifiedDomainName ? { fqdn: cfg.FullyQualifiedDomainName } : {}),
      ...(cfg?.IPAddress ? { ipAddress: cfg.IPAddress } : {}),
      ...(cfg?.Port !== undefined ? { port: cfg.Port } : {}),
      ...(cfg?.ResourcePath ? { resourcePath: cfg.ResourcePath } : {}),
      requestIntervalSeconds: cfg?.RequestInterval ?? 30,
      failureThreshold: cfg?.FailureThreshold ?? 3,
      disabled: cfg?.Disabled ?? false,
      inverted: cfg?.Inverted ?? false,
      status: statusById.get(c.Id!) ?? 'unknown',
      childHealthCheckIds: cfg?.ChildHealthChecks ?? [],
      ...(cfg?.AlarmIdentifier?.Name && cfg.AlarmIdentifier.Region
        ? { cloudWatchAlarm: { name: cfg.AlarmIdentifier.Name, region: cfg.AlarmIdentifier.Region } }
        : {}),
      tags: {},
    };
  });

  return { hostedZones, healthChecks };
}
