/**
 * The one explicit, sorted index of every check. A parity test fails when a file in rules/ is
 * missing here, when an id does not match its file name, or when a check lacks tests or docs.
 * (scripts/gen-check-index.mjs rewrites this file from src/checks/rules/.)
 */
import type { Check } from './define.js';
import agdReplicationLag from './rules/agd.replication-lag.js';
import agdTopologyHealthy from './rules/agd.topology-healthy.js';
import agdVersionParity from './rules/agd.version-parity.js';
import alarmsFailoverSignals from './rules/alarms.failover-signals.js';
import appautoscalingScalableTarget from './rules/appautoscaling.scalable-target.js';
import asgAzBalance from './rules/asg.az-balance.js';
import asgElbHealthCheck from './rules/asg.elb-health-check.js';
import asgEventScaleUp from './rules/asg.event-scale-up.js';
import asgGracePeriod from './rules/asg.grace-period.js';
import asgInstanceDiversity from './rules/asg.instance-diversity.js';
import asgMaxSizeHeadroom from './rules/asg.max-size-headroom.js';
import asgMultiAz from './rules/asg.multi-az.js';
import asgScalingPolicy from './rules/asg.scaling-policy.js';
import asgStaticStability from './rules/asg.static-stability.js';
import auroraFailoverReadyReader from './rules/aurora.failover-ready-reader.js';
import auroraGlobalDeletionProtection from './rules/aurora.global-deletion-protection.js';
import auroraInstancesMultiAz from './rules/aurora.instances-multi-az.js';
import drRtoBudget from './rules/dr.rto-budget.js';
import drStandbyCapacity from './rules/dr.standby-capacity.js';
import drStandbyLbHealthy from './rules/dr.standby-lb-healthy.js';
import dynamodbDeletionProtection from './rules/dynamodb.deletion-protection.js';
import dynamodbPitr from './rules/dynamodb.pitr.js';
import dynamodbStandbyReplica from './rules/dynamodb.standby-replica.js';
import ecsAutoScaling from './rules/ecs.auto-scaling.js';
import ecsDeploymentSafety from './rules/ecs.deployment-safety.js';
import ecsMultiAz from './rules/ecs.multi-az.js';
import efsMultiAz from './rules/efs.multi-az.js';
import efsStandbyReplication from './rules/efs.standby-replication.js';
import elasticacheMultiAzFailover from './rules/elasticache.multi-az-failover.js';
import lbAzHasHealthyTargets from './rules/lb.az-has-healthy-targets.js';
import lbCrossZone from './rules/lb.cross-zone.js';
import lbDeletionProtection from './rules/lb.deletion-protection.js';
import lbMultiAz from './rules/lb.multi-az.js';
import lbTargetImbalance from './rules/lb.target-imbalance.js';
import r53CrossRegionHealth from './rules/r53.cross-region-health.js';
import r53DanglingHealthCheck from './rules/r53.dangling-health-check.js';
import r53FailoverPairs from './rules/r53.failover-pairs.js';
import r53FailoverTtl from './rules/r53.failover-ttl.js';
import r53HcDetectionTime from './rules/r53.hc-detection-time.js';
import r53HcDisabledInverted from './rules/r53.hc-disabled-inverted.js';
import r53PrimaryHealth from './rules/r53.primary-health.js';
import r53PrivateZoneHc from './rules/r53.private-zone-hc.js';
import r53SecondaryReady from './rules/r53.secondary-ready.js';
import rdsBackupRetention from './rules/rds.backup-retention.js';
import rdsDeletionProtection from './rules/rds.deletion-protection.js';
import rdsInstanceMultiAz from './rules/rds.instance-multi-az.js';
import rdsReplicaLag from './rules/rds.replica-lag.js';
import sqsDeadLetterQueue from './rules/sqs.dead-letter-queue.js';
import sqsStandbyWorker from './rules/sqs.standby-worker.js';
import tgDetectionTime from './rules/tg.detection-time.js';
import tgDraining from './rules/tg.draining.js';
import tgRecoveryTime from './rules/tg.recovery-time.js';
import tgTimeoutBelowInterval from './rules/tg.timeout-below-interval.js';
import tierStaticStability from './rules/tier.static-stability.js';
import vpcZonalNat from './rules/vpc.zonal-nat.js';

export const ALL_CHECKS: readonly Check[] = [
  agdReplicationLag,
  agdTopologyHealthy,
  agdVersionParity,
  alarmsFailoverSignals,
  appautoscalingScalableTarget,
  asgAzBalance,
  asgElbHealthCheck,
  asgEventScaleUp,
  asgGracePeriod,
  asgInstanceDiversity,
  asgMaxSizeHeadroom,
  asgMultiAz,
  asgScalingPolicy,
  asgStaticStability,
  auroraFailoverReadyReader,
  auroraGlobalDeletionProtection,
  auroraInstancesMultiAz,
  drRtoBudget,
  drStandbyCapacity,
  drStandbyLbHealthy,
  dynamodbDeletionProtection,
  dynamodbPitr,
  dynamodbStandbyReplica,
  ecsAutoScaling,
  ecsDeploymentSafety,
  ecsMultiAz,
  efsMultiAz,
  efsStandbyReplication,
  elasticacheMultiAzFailover,
  lbAzHasHealthyTargets,
  lbCrossZone,
  lbDeletionProtection,
  lbMultiAz,
  lbTargetImbalance,
  r53CrossRegionHealth,
  r53DanglingHealthCheck,
  r53FailoverPairs,
  r53FailoverTtl,
  r53HcDetectionTime,
  r53HcDisabledInverted,
  r53PrimaryHealth,
  r53PrivateZoneHc,
  r53SecondaryReady,
  rdsBackupRetention,
  rdsDeletionProtection,
  rdsInstanceMultiAz,
  rdsReplicaLag,
  sqsDeadLetterQueue,
  sqsStandbyWorker,
  tgDetectionTime,
  tgDraining,
  tgRecoveryTime,
  tgTimeoutBelowInterval,
  tierStaticStability,
  vpcZonalNat,
] as unknown as readonly Check[];

export function checkById(id: string): Check | undefined {
  return ALL_CHECKS.find((c) => c.id === id);
}
