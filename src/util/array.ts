/**
 * Appends every item of `items` to `target`. Unlike `target.push(...items)`, it does not pass the
 * items as call arguments, so it works for arrays of any length (a spread of ~100k+ items overflows
 * the call stack: a large account's findings can be that many).
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
