import type { Check, Finding, Thresholds } from '../../src/checks/define.js';
import type { ResilConfig } from '../../src/config/schema.js';
import { evaluateCheck, type EvaluatedFinding } from '../../src/engine/audit.js';
import type { Inventory } from '../../src/inventory/schema.js';

/**
 * Runs one check the way the engine does (collection-error skipping and scope included), with optional
 * threshold overrides and config (for structured settings such as tiers: and scope).
 */
export function run(
  check: { id: string },
  inv: Inventory,
  overrides: Thresholds = {},
  config: ResilConfig = {},
): EvaluatedFinding[] {
  const c = check as Check;
  return evaluateCheck(c, inv, { ...c.thresholds, ...overrides }, { config });
}

/** The statuses of the findings for one resource id (or all, in order). */
export function statuses(findings: Finding[], resourceId?: string): string[] {
  return findings
    .filter((f) => resourceId === undefined || f.resource.id === resourceId)
    .map((f) => f.status);
}

export function only<F extends Finding>(findings: F[], resourceId: string): F {
  const matches = findings.filter((f) => f.resource.id === resourceId);
  if (matches.length !== 1) {
    throw new Error(
      `expected exactly one finding for ${resourceId}, got ${matches.length}: ${JSON.stringify(findings.map((f) => [f.resource.id, f.status]))}`,
    );
  }
  return matches[0]!;
}
