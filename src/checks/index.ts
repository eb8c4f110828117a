/**
 * The one explicit, sorted index of every check. A parity test fails when a file in rules/ is
 * missing here, when an id does not match its file name, or when a check lacks tests or docs.
 */
import type { Check } from './define.js';
import tgDetectionTime from './rules/tg.detection-time.js';

export const ALL_CHECKS: readonly Check[] = [
  tgDetectionTime,
] as unknown as readonly Check[];

export function checkById(id: string): Check | undefined {
  return ALL_CHECKS.find((c) => c.id === id);
}
