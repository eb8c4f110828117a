/** Distinct values, sorted (default string order). */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}
