/**
 * The one explicit, sorted index of every check. A parity test fails when a file in rules/ is
 * missing here, when an id does not match its file name, or when a check lacks tests or docs.
 */
import type { Check } from './define.js';
import asgAzBalance from './rules/asg.az-balance.js';
import asgMultiAz from './rules/asg.multi-az.js';
import auroraFailoverReadyReader from './rules/aurora.failover-ready-reader.js';
import auroraInstancesMultiAz from './rules/aurora.instances-multi-az.js';
import elasticacheMultiAzFailover from './rules/elasticache.multi-az-failover.js';
import lbAzHasHealthyTargets from './rules/lb.az-has-healthy-targets.js';
import lbCrossZone from './rules/lb.cross-zone.js';
import lbMultiAz from './rules/lb.multi-az.js';
import lbTargetImbalance from './rules/lb.target-imbalance.js';
import rdsInstanceMultiAz from './rules/rds.instance-multi-az.js';
import tgDetectionTime from './rules/tg.detection-time.js';
import vpcZonalNat from './rules/vpc.zonal-nat.js';

export const ALL_CHECKS: readonly Check[] = [
  asgAzBalance,
  asgMultiAz,
  auroraFailoverReadyReader,
  auroraInstancesMultiAz,
  elasticacheMultiAzFailover,
  lbAzHasHealthyTargets,
  lbCrossZone,
  lbMultiAz,
  lbTargetImbalance,
  rdsInstanceMultiAz,
  tgDetectionTime,
  vpcZonalNat,
] as unknown as readonly Check[];

export function checkById(id: string): Check | undefined {
  return ALL_CHECKS.find((c) => c.id === id);
}
