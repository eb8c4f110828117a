/**
 * Scoping by tag (`scope: { includeTags, excludeTags }` at the top of .resil.yml and per check under
 * `checks.<id>.scope`). Pure.
 *
 * A finding is kept when its resource is in scope:
 * - includeTags: the resource carries at least one of them. A check's own includeTags replace the
 *   top-level ones (the legacy per-check `onlyTagged: "k=v"` counts as includeTags: ["k=v"]).
 * - excludeTags: the resource carries none of them. The top-level and the check's own lists add up.
 * Resources that carry no tags in the inventory (Route 53 records, target groups, regions, the
 * account) are always in scope: a tag filter cannot speak for them.
 */
import type { ResilConfig, ScopeConfig } from '../config/schema.js';
import type { ResourceRef } from '../inventory/ref.js';
import { resourceTags, tagFilter } from '../inventory/query.js';
import type { Inventory } from '../inventory/schema.js';

export interface ResolvedScope {
  includeTags: string[];
  excludeTags: string[];
}

/** The per-check settings keys that are not thresholds. */
export const CHECK_SETTING_KEYS = ['enabled', 'scope', 'onlyTagged'] as const;

/** Checks that took `onlyTagged` before `scope` existed: it still means scope.includeTags there. */
export const LEGACY_ONLY_TAGGED: readonly string[] = ['lb.deletion-protection', 'rds.deletion-protection'];

export function scopeFor(checkId: string, config: ResilConfig): ResolvedScope {
  const own = (config.checks?.[checkId] ?? {}) as { scope?: ScopeConfig; onlyTagged?: unknown };
  const legacy = typeof own.onlyTagged === 'string' && own.onlyTagged.trim() ? [own.onlyTagged] : undefined;
  return {
    includeTags: own.scope?.includeTags ?? legacy ?? config.scope?.includeTags ?? [],
    excludeTags: [...(config.scope?.excludeTags ?? []), ...(own.scope?.excludeTags ?? [])],
  };
}

export function isScoped(s: ResolvedScope): boolean {
  return s.includeTags.length > 0 || s.excludeTags.length > 0;
}

/** Whether a resource is in scope (see the module comment). */
export function inScope(inv: Inventory, resource: ResourceRef, s: ResolvedScope): boolean {
  if (!isScoped(s)) return true;
  const tags = resourceTags(inv, resource);
  if (tags === undefined) return true;
  if (s.includeTags.length > 0 && !s.includeTags.some((spec) => tagFilter(spec)(tags))) return false;
  return !s.excludeTags.some((spec) => tagFilter(spec)(tags));
}
