/**
 * Lookups over the inventory's lists, indexed once per list instead of scanned per lookup: the
 * checks ask "the instance with this id", "the target groups of this load balancer", ... once per
 * resource, and a scan each time makes an audit quadratic in the size of the account.
 *
 * Each index is a Map built on first use and cached against the list itself (a WeakMap keyed by the
 * array, so it lives exactly as long as the inventory does, and every view of an inventory that
 * shares its region objects shares the indexes). Answers are exactly those of the scans they
 * replace: `firstBy` gives the first item in list order, like `Array.prototype.find`; `allBy` gives
 * every item in list order, each once, like `Array.prototype.filter`. The inventory is treated as
 * immutable once read; a list whose length changed is re-indexed (fixtures that push to a list
 * between audits stay correct).
 */

interface Entry {
  length: number;
  map: Map<unknown, unknown>;
}

const cache = new WeakMap<readonly unknown[], Map<string, Entry>>();

function cached<K, V>(items: readonly unknown[], name: string, build: () => Map<K, V>): Map<K, V> {
  let byName = cache.get(items);
  if (!byName) {
    byName = new Map();
    cache.set(items, byName);
  }
  const hit = byName.get(name);
  if (hit && hit.length === items.length) return hit.map as Map<K, V>;
  const map = build();
  byName.set(name, { length: items.length, map });
  return map;
}

/**
 * The first item of `items` whose key (`keysOf` may give several, or none) is `key`: the answer of
 * `items.find((x) => keysOf(x) includes key)`. `name` identifies the key function for the cache.
 */
export function firstBy<T>(
  items: readonly T[],
  name: string,
  keysOf: (item: T) => string | undefined | ReadonlyArray<string | undefined>,
): Map<string, T> {
  return cached(items, `first:${name}`, () => {
    const map = new Map<string, T>();
    for (const item of items) {
      const keys = keysOf(item);
      for (const k of typeof keys === 'string' || keys === undefined ? [keys] : keys)
        if (k !== undefined && !map.has(k)) map.set(k, item);
    }
    return map;
  });
}

/**
 * Every item of `items` that has `key` among its keys, in list order, each once: the answer of
 * `items.filter((x) => keysOf(x) includes key)`.
 */
export function allBy<T>(
  items: readonly T[],
  name: string,
  keysOf: (item: T) => ReadonlyArray<string | undefined>,
): Map<string, readonly T[]> {
  return cached(items, `all:${name}`, () => {
    const map = new Map<string, T[]>();
    for (const item of items) {
      for (const k of keysOf(item)) {
        if (k === undefined) continue;
        const list = map.get(k);
        if (!list) map.set(k, [item]);
        else if (list[list.length - 1] !== item) list.push(item);
      }
    }
    return map;
  });
}

/** The position of each item in its list (to order answers gathered from several indexes). */
export function positionOf<T>(items: readonly T[]): Map<T, number> {
  return cached(items, '#position', () => {
    const m = new Map<T, number>();
    items.forEach((x, i) => {
      if (!m.has(x)) m.set(x, i);
    });
    return m;
  });
}

/** Of the candidates (items of `items` or undefined), the one earliest in the list. */
export function earliest<T>(items: readonly T[], ...candidates: Array<T | undefined>): T | undefined {
  const found = candidates.filter((c): c is T => c !== undefined);
  if (found.length <= 1) return found[0];
  const pos = positionOf(items);
  return found.reduce((a, b) => ((pos.get(b) ?? Infinity) < (pos.get(a) ?? Infinity) ? b : a));
}

const EMPTY: readonly never[] = [];
/** `map.get(key)` or an empty list. */
export function listOf<T>(map: Map<string, readonly T[]>, key: string): readonly T[] {
  return map.get(key) ?? EMPTY;
}
