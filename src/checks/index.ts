/**
 * The one explicit, sorted index of every check. A parity test fails when a file in rules/ is
 * missing here, when an id does not match its file name, or when a check lacks tests or docs.
 */
import type { Check } from './define.js';
import drRtoBudget from './rules/dr.rto-budget.js';
import drStandbyCapacity from './rules/dr.standby-capacity.js';
import drStandbyLbHealthy from './rules/dr.standby-lb-healthy.js';
import r53DanglingHealthCheck from './rules/r53.dangling-health-check.js';
import r53FailoverPairs from './rules/r53.failover-pairs.js';
import r53FailoverTtl from './rules/r53.failover-ttl.js';
import r53PrimaryHealth from './rules/r53.primary-health.js';
import r53PrivateZoneHc from './rules/r53.private-zone-hc.js';
import r53SecondaryReady from './rules/r53.secondary-ready.js';
import tgDetectionTime from './rules/tg.detection-time.js';

export const ALL_CHECKS: readonly Check[] = [
  drRtoBudget,
  drStandbyCapacity,
  drStandbyLbHealthy,
  r53DanglingHealthCheck,
  r53FailoverPairs,
  r53FailoverTtl,
  r53PrimaryHealth,
  r53PrivateZoneHc,
  r53SecondaryReady,
  tgDetectionTime,
] as unknown as readonly Check[];

export function checkById(id: string): Check | undefined {
  return ALL_CHECKS.find((c) => c.id === id);
}
