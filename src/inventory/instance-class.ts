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
