/**
 * Appends every item of `items` to `target`. Unlike `target.push(...items)`, it does not pass the
 * items as call arguments, so it works for arrays of any length (a spread of ~100k+ items overflows
 * the call stack: a large account's findings can be that many).
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** Splits a list into consecutive batches of at most `size` items (an API's batch limit). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
