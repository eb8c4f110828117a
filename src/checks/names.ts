/** Name lists in thresholds (e.g. regionalTables): exact names or globs, given as a list or one string. */
import picomatch from 'picomatch';
import type { ThresholdValue } from './define.js';

/** A matcher for a threshold that lists names or globs (`*` matches anything). Empty: matches nothing. */
export function nameList(v: ThresholdValue | undefined): (name: string) => boolean {
  const list = Array.isArray(v) ? v : typeof v === 'string' && v.trim() ? [v] : [];
  if (list.length === 0) return () => false;
  const tests = list.map((g) => picomatch(g, { bash: true }));
  return (name) => tests.some((t) => t(name));
}
