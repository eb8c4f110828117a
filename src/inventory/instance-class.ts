/**
 * Instance-class sizes (db.r6g.2xlarge, m6i.large): one ordering for every check that compares them.
 */

/** Named sizes below the numbered NxLarge ones; NxLarge ranks N, so xlarge < 2xlarge < … < 48xlarge. */
const NAMED_SIZES: Record<string, number> = {
  nano: -4,
  micro: -3,
  small: -2,
  medium: -1,
  large: 0,
  xlarge: 1,
  metal: Infinity,
};

function sizeRank(size: string): number | undefined {
  if (Object.hasOwn(NAMED_SIZES, size)) return NAMED_SIZES[size];
  const n = /^(\d+)xlarge$/.exec(size);
  return n ? Number(n[1]) : undefined;
}

/**
 * Rank of an instance class's size (higher is bigger): nano < micro < small < medium < large < xlarge
 * < 2xlarge < … < 48xlarge < metal. Undefined when not a sized class (e.g. db.serverless).
 */
export function instanceSizeRank(instanceClass: string): number | undefined {
  return sizeRank(instanceClass.split('.').pop() ?? '');
}

export interface DbClass {
  family: string;
  size: string;
  /** Orderable size (see instanceSizeRank); undefined if unknown. */
  rank: number | undefined;
}

/** Parses db.<family>.<size> (e.g. db.r6g.2xlarge); undefined for db.serverless and other shapes. */
export function parseDbClass(cls: string): DbClass | undefined {
  const m = /^db\.([a-z0-9-]+)\.([a-z0-9]+)$/.exec(cls);
  if (!m) return undefined;
  const size = m[2]!;
  return { family: m[1]!, size, rank: sizeRank(size) };
}

/**
 * Compares a candidate's instance class with a reference class by size (the family may differ).
 * Returns -1/0/1, or undefined when either class cannot be ordered (e.g. db.serverless vs db.r6g.large).
 */
export function compareDbClassSize(
  candidate: string,
  reference: string,
): { cmp: -1 | 0 | 1 | undefined; sameFamily: boolean } {
  if (candidate === reference) return { cmp: 0, sameFamily: true };
  const a = parseDbClass(candidate);
  const b = parseDbClass(reference);
  if (!a || !b || a.rank === undefined || b.rank === undefined)
    return { cmp: undefined, sameFamily: a?.family === b?.family };
  const cmp = a.rank === b.rank ? 0 : a.rank > b.rank ? 1 : -1;
  return { cmp, sameFamily: a.family === b.family };
}

// ------------------------------------------------------------------ EC2 instance sizes in vCPUs

/**
 * vCPUs of a named size below xlarge, for most current families (m6i.large: 2). Exceptions by family
 * follow: Graviton families (a `g` after the generation: m6g, c7g, r6gd…) and a1 have 1 vCPU at
 * `medium` (the burstable t4g has 2 at every size); the t2 family has 1 vCPU up to `small`.
 */
const SIZE_VCPUS: Record<string, number> = { nano: 2, micro: 2, small: 2, medium: 2, large: 2, xlarge: 4 };

/**
 * vCPUs of an EC2 instance type (m6i.large → 2, c6i.4xlarge → 16, t3.micro → 2, m6g.medium → 1),
 * from its size: xlarge is 4 vCPUs and Nxlarge is 4·N across the general-purpose, compute, memory and
 * storage families, the sizes below it are 2 (1 for Graviton `medium` and the small t2 sizes).
 * Undefined when the size does not say (`metal`, `db.serverless`, an unknown shape): callers then count
 * instances and say so. DescribeInstanceTypes is the authority; this table avoids a call per type and
 * is exact for the families the sizes above describe.
 */
export function instanceVcpus(type: string): number | undefined {
  const m = /^([a-z][a-z0-9-]*)\.([a-z0-9]+)$/.exec(type.trim().toLowerCase());
  if (!m) return undefined;
  const family = m[1]!;
  const size = m[2]!;
  const n = /^(\d+)xlarge$/.exec(size);
  if (n) return 4 * Number(n[1]);
  if (!Object.hasOwn(SIZE_VCPUS, size)) return undefined;
  if (family === 't2' && ['nano', 'micro', 'small'].includes(size)) return 1;
  const graviton = family === 'a1' || (!family.startsWith('t') && /^[a-z]+\d+g[a-z]*$/.test(family));
  if (graviton && size === 'medium') return 1;
  return SIZE_VCPUS[size];
}
