/** Builds a readiness report the way the command does (audit, then the model), for the unit tests. */
import { ALL_CHECKS } from '../../src/checks/index.js';
import type { ResilConfig } from '../../src/config/schema.js';
import { runAudit } from '../../src/engine/audit.js';
import type { Inventory } from '../../src/inventory/schema.js';
import {
  buildReadiness,
  type DrillMeasurement,
  type ReadinessOptions,
  type ReadinessReport,
} from '../../src/readiness/index.js';

export function readiness(
  inv: Inventory,
  o: Partial<ReadinessOptions> & { config?: ResilConfig; drills?: DrillMeasurement[] } = {},
): ReadinessReport {
  const config: ResilConfig = {
    ...(o.config ?? {}),
    ...(o.eventDate ? { eventDate: o.eventDate } : {}),
  };
  const audit = runAudit(inv, ALL_CHECKS, { config, failOn: 'high' });
  return buildReadiness({
    inventory: inv,
    audit,
    config,
    drills: o.drills ?? [],
    options: {
      tool: { name: 'resil', version: 'test' },
      generatedAt: '2026-11-20T12:30:00.000Z',
      peakFactor: o.peakFactor ?? 1.5,
      historyHours: o.historyHours ?? 14 * 24,
      strict: o.strict ?? false,
      ...(o.eventDate ? { eventDate: o.eventDate } : {}),
      ...(o.eventEnd ? { eventEnd: o.eventEnd } : {}),
      ...(o.baseline ? { baseline: o.baseline } : {}),
    },
  });
}

/** The AZ-loss row of a tier, by name. */
export function az(r: ReadinessReport, name: string) {
  const row = r.azLoss.find((a) => a.tier.name === name);
  if (!row) throw new Error(`no AZ-loss row for ${name}: ${r.azLoss.map((a) => a.tier.name).join(', ')}`);
  return row;
}

/** The region-loss row of a primary tier, by name. */
export function region(r: ReadinessReport, name: string) {
  const row = r.regionLoss.pairs.find((p) => p.primary.name === name);
  if (!row) throw new Error(`no region-loss row for ${name}`);
  return row;
}
