/**
 * Which region is the primary and which the standby (not a check itself): shared by the dr checks,
 * the capacity model (src/capacity) and anything else that compares the two regions.
 *
 * The top-level `primaryRegion` / `standbyRegion` settings win. Otherwise both are derived from the
 * first Aurora global database (by id) that has a writer: the primary is the writer's region, the
 * standby the region of its first secondary.
 */
import type { GlobalCluster, Inventory } from './schema.js';

export interface DrRegionSettings {
  primaryRegion: string | null;
  standbyRegion: string | null;
}

export type DrRegions =
  | {
      known: true;
      primary: string;
      standby: string;
      /** Where the pair came from, for evidence: "config", or "global cluster <id>", or a mix. */
      source: string;
      /** The global cluster the pair was derived from, if any. */
      globalCluster?: GlobalCluster;
    }
  | { known: false; reason: string };

/** The first global cluster (by id) that has a writer; the derivation source. */
function derivationCluster(inv: Inventory): GlobalCluster | undefined {
  return [...inv.globalClusters]
    .sort((a, b) => a.id.localeCompare(b.id))
    .find((g) => g.members.some((m) => m.isWriter));
}

export function resolveDrRegions(inv: Inventory, t: DrRegionSettings): DrRegions {
  const gc = derivationCluster(inv);
  const writerRegion = gc?.members.find((m) => m.isWriter)?.region;
  const primary = t.primaryRegion || writerRegion;
  if (!primary) {
    return {
      known: false,
      reason: 'no Aurora global database to derive them from, and primaryRegion is not set',
    };
  }
  // Secondaries first, then the writer (when the configured primary is not the writer's region).
  const candidates = gc
    ? [...gc.members.filter((m) => !m.isWriter), ...gc.members.filter((m) => m.isWriter)]
    : [];
  const standby = t.standbyRegion || candidates.find((m) => m.region !== primary)?.region;
  if (!standby) {
    return {
      known: false,
      reason: gc
        ? `global cluster ${gc.id} has no member outside ${primary}, and standbyRegion is not set`
        : 'standbyRegion is not set and there is no Aurora global database to derive it from',
    };
  }
  if (primary === standby)
    return { known: false, reason: `primary and standby are the same region (${primary})` };
  for (const region of [primary, standby]) {
    if (!(region in inv.regions)) {
      return {
        known: false,
        reason: `region ${region} is not in the inventory (audit it too: --region ${primary},${standby})`,
      };
    }
  }
  const fromConfig = [t.primaryRegion ? 'primaryRegion' : '', t.standbyRegion ? 'standbyRegion' : ''].filter(
    Boolean,
  );
  const source =
    fromConfig.length === 2
      ? 'config'
      : fromConfig.length === 1
        ? `config (${fromConfig[0]}) and global cluster ${gc?.id ?? '?'}`
        : `global cluster ${gc?.id ?? '?'}`;
  return { known: true, primary, standby, source, ...(gc ? { globalCluster: gc } : {}) };
}

/** True when the account holds anything a DR plan could concern (then unknown regions deserve a note). */
export function hasDrResources(inv: Inventory): boolean {
  if (inv.globalClusters.length > 0) return true;
  if (inv.route53.hostedZones.some((z) => z.records.some((r) => r.routingPolicy === 'failover'))) return true;
  return Object.values(inv.regions).some(
    (r) =>
      r.autoScalingGroups.length +
        r.loadBalancers.length +
        r.dbClusters.length +
        r.dbInstances.length +
        r.ecsServices.length +
        r.dynamoDbTables.length +
        r.sqsQueues.length +
        r.efsFileSystems.length >
      0,
  );
}
