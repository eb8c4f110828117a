/**
 * The one explicit, sorted index of every check. A parity test fails when a file in rules/ is
 * missing here, when an id does not match its file name, or when a check lacks tests or docs.
 */
import type { Check } from './define.js';
import agdReplicationLag from './rules/agd.replication-lag.js';
import agdTopologyHealthy from './rules/agd.topology-healthy.js';
import agdVersionParity from './rules/agd.version-parity.js';
import asgEventScaleUp from './rules/asg.event-scale-up.js';
import asgInstanceDiversity from './rules/asg.instance-diversity.js';
import asgMaxSizeHeadroom from './rules/asg.max-size-headroom.js';
import asgScalingPolicy from './rules/asg.scaling-policy.js';
import asgStaticStability from './rules/asg.static-stability.js';
import rdsReplicaLag from './rules/rds.replica-lag.js';
import tgDetectionTime from './rules/tg.detection-time.js';

export const ALL_CHECKS: readonly Check[] = [
  agdReplicationLag,
  agdTopologyHealthy,
  agdVersionParity,
  asgEventScaleUp,
  asgInstanceDiversity,
  asgMaxSizeHeadroom,
  asgScalingPolicy,
  asgStaticStability,
  rdsReplicaLag,
  tgDetectionTime,
] as unknown as readonly Check[];

export function checkById(id: string): Check | undefined {
  return ALL_CHECKS.find((c) => c.id === id);
}
