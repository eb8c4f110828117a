/**
 * Which region is the primary and which the standby, for the dr checks (not a check itself).
 *
 * The top-level `primaryRegion` / `standbyRegion` settings win. Otherwise both are derived from the
 * first Aurora global database (by id) that has a writer: the primary is the writer's region, the
 * standby the region of its first secondary. When neither source says, the dr checks report one
 * `skipped` finding that explains how to configure them — a readiness report must not silently say
 * nothing — unless the account holds nothing a DR plan could concern.
 */
import type { Inventory } from '../inventory/schema.js';
import { ref } from '../inventory/query.js';
import {
  hasDrResources,
  resolveDrRegions,
  type DrRegionSettings,
  type DrRegions,
} from '../inventory/dr-regions.js';
import { skipped, type Verdict } from './define.js';

export { resolveDrRegions, type DrRegionSettings, type DrRegions };

/** The one finding a dr check returns when the region pair is unknown (none for an empty account). */
export function drRegionsUnknown(
  inv: Inventory,
  r: Extract<DrRegions, { known: false }>,
  t: DrRegionSettings,
): Verdict[] {
  if (!hasDrResources(inv)) return [];
  return [
    skipped(
      ref.account(inv),
      `Primary and standby regions unknown: ${r.reason}. Set primaryRegion and standbyRegion in .resil.yml to judge DR readiness.`,
      {
        reason: 'dr-regions-unknown',
        detail: r.reason,
        primaryRegion: t.primaryRegion,
        standbyRegion: t.standbyRegion,
      },
    ),
  ];
}

/** Evidence every dr finding carries about the region pair. */
export function drEvidence(r: Extract<DrRegions, { known: true }>): Record<string, unknown> {
  return { primaryRegion: r.primary, standbyRegion: r.standby, regionsFrom: r.source };
}
