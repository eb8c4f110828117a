/**
 * Preflight reuses the audit checks where they exist: the freshly read state is put in a minimal
 * inventory and the check (looked up by id at runtime) is evaluated on it. When the check is not
 * registered, the runbook falls back to its own precondition code.
 */
import { ALL_CHECKS } from '../checks/index.js';
import type { Finding } from '../checks/define.js';
import type { ClusterView, GlobalClusterView, LbHealthView } from '../aws/gateway/types.js';
import { evaluateCheck } from '../engine/audit.js';
import { parseInventory } from '../inventory/load.js';
import type { Inventory } from '../inventory/schema.js';

export function liveInventory(g: GlobalClusterView, clusters: ClusterView[], now: Date): Inventory {
  const regions: Record<string, { dbClusters: unknown[] }> = {};
  for (const m of g.members) regions[m.region] ??= { dbClusters: [] };
  for (const c of clusters) {
    (regions[c.region] ??= { dbClusters: [] }).dbClusters.push({
      id: c.id,
      arn: c.arn,
      engine: c.engine,
      engineVersion: c.engineVersion,
      status: c.status,
      backupRetentionDays: 1,
      deletionProtection: true,
      globalClusterId: g.id,
      ...(c.endpoint ? { endpoint: c.endpoint } : {}),
      members: Array.from({ length: c.instanceCount }, (_, i) => ({
        instanceId: `${c.id}-${i}`,
        isWriter: false,
      })),
    });
  }
  return parseInventory({
    accountId: 'live',
    capturedAt: now.toISOString(),
    regions: regions as never,
    globalClusters: [
      {
        id: g.id,
        arn: g.arn,
        engine: g.engine,
        engineVersion: g.engineVersion,
        status: g.status,
        ...(g.endpoint ? { endpoint: g.endpoint } : {}),
        members: g.members.map((m) => ({
          clusterArn: m.clusterArn,
          region: m.region,
          isWriter: m.isWriter,
          ...(m.synchronizationStatus ? { synchronizationStatus: m.synchronizationStatus } : {}),
          readers: [],
        })),
        ...(g.failoverState ? { failoverState: g.failoverState } : {}),
      },
    ],
  } as never);
}

/** A region holding one load balancer with its healthy targets per AZ (for dr.standby-lb-healthy). */
export function lbInventory(region: string, lb: LbHealthView, now: Date, primaryRegion?: string): Inventory {
  const targets = Object.entries(lb.healthyByAz).flatMap(([az, n]) =>
    Array.from({ length: n }, (_, i) => ({
      id: `target-${az}-${i}`,
      ...(az === 'unknown' ? {} : { az }),
      state: 'healthy',
    })),
  );
  return parseInventory({
    accountId: 'live',
    capturedAt: now.toISOString(),
    regions: {
      // The check compares regions: the primary must be present (empty: nothing is read from it).
      ...(primaryRegion && primaryRegion !== region ? { [primaryRegion]: {} } : {}),
      [region]: {
        availabilityZones: lb.azs,
        loadBalancers: [
          {
            arn: lb.arn,
            name: lb.name,
            type: 'application',
            scheme: 'internet-facing',
            state: 'active',
            availabilityZones: lb.azs.map((zone) => ({ zone })),
          },
        ],
        targetGroups: [
          {
            arn: `${lb.arn}/resil-preflight`,
            name: `${lb.name}-targets`,
            loadBalancerArns: [lb.arn],
            targets,
            healthCheck: {
              intervalSeconds: 10,
              timeoutSeconds: 5,
              healthyThreshold: 3,
              unhealthyThreshold: 2,
            },
          },
        ],
      },
    },
  } as never);
}

/** The check's findings on this inventory, or undefined when no check has this id. */
export function reuseCheck(
  id: string,
  inv: Inventory,
  overrides: Record<string, unknown> = {},
): { findings: Finding[] } | undefined {
  const check = ALL_CHECKS.find((c) => c.id === id);
  if (!check) return undefined;
  try {
    return {
      findings: evaluateCheck(check, inv, { ...check.thresholds, ...(overrides as Record<string, never>) }),
    };
  } catch {
    return undefined;
  }
}
