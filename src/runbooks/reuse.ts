/**
 * Preflight reuses the audit checks where they exist: the freshly read state is put in a minimal
 * inventory and the check (looked up by id at runtime) is evaluated on it. When the check is not
 * registered, the runbook falls back to its own precondition code.
 */
import { ALL_CHECKS } from '../checks/index.js';
import type { Finding } from '../checks/define.js';
import type { ClusterView, GlobalClusterView } from '../aws/gateway/types.js';
import { evaluateCheck } from '../engine/audit.js';
import { parseInventory } from '../inventory/load.js';
import type { Inventory } from '../inventory/schema.js';

export function liveInventory(g: GlobalClusterView, clusters: ClusterView[], now: Date): Inventory {
  const regions: Record<string, { dbClusters: unknown[] }> = {};
  for (const m of g.members) regions[m.region] ??= { dbClusters: [] };
  for (const c of clusters) {
    (regions[c.region] ??= { dbClusters: [] }).dbClusters.push({
      id: c.id, arn: c.arn, engine: c.engine, engineVersion: c.engineVersion, status: c.status,
      backupRetentionDays: 1, deletionProtection: true, globalClusterId: g.id,
      ...(c.endpoint ? { endpoint: c.endpoint } : {}),
      members: Array.from({ length: c.instanceCount }, (_, i) => ({ instanceId: `${c.id}-${i}`, isWriter: false })),
    });
  }
  return parseInventory({
    accountId: 'live',
    capturedAt: now.toISOString(),
    regions: regions as never,
    globalClusters: [{
      id: g.id, arn: g.arn, engine: g.engine, engineVersion: g.engineVersion, status: g.status,
      ...(g.endpoint ? { endpoint: g.endpoint } : {}),
      members: g.members.map((m) => ({ clusterArn: m.clusterArn, region: m.region, isWriter: m.isWriter,
        ...(m.synchronizationStatus ? { synchronizationStatus: m.synchronizationStatus } : {}), readers: [] })),
      ...(g.failoverState ? { failoverState: g.failoverState } : {}),
    }],
  } as never);
}

/** The check's non-pass findings on this inventory, or undefined when no check has this id. */
export function reuseCheck(id: string, inv: Inventory): { findings: Finding[] } | undefined {
  const check = ALL_CHECKS.find((c) => c.id === id);
  if (!check) return undefined;
  try {
    return { findings: evaluateCheck(check, inv, { ...check.thresholds }) };
  } catch {
    return undefined;
  }
}
