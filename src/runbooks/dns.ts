/**
 * Route 53 cutover, planned and executed: weighted records (shift all weight to the target
 * region), failover records (swap PRIMARY/SECONDARY), or a simple record repointed to a new value.
 * The old record sets are snapshotted in the plan (journaled): that is what rollback restores.
 * All changes go in ONE ChangeResourceRecordSets batch, then GetChange is polled until INSYNC,
 * the old TTL is waited out, and the answer is checked with TestDNSAnswer where available.
 *
 * A failover run may cut over several records of ONE hosted zone: each record has its own DnsPlan,
 * and the steps take them all (`DnsPlans`): one batch (Route 53 applies it atomically), one INSYNC
 * wait, the largest old TTL, and each record's answer verified. A journaled plan of one record is a
 * DnsPlan object; of several, an array (older journals, and one-record runs, keep the object form).
 *
 * This module is the one entry point; the work is split by responsibility:
 * - dns-plan.ts: the plan (pure): which records change and how, summaries, batch checks, rollback.
 * - dns-live.ts: live reads: preconditions, "already as planned?", drift since the plan, live state.
 * - dns-steps.ts: the steps: change batch → INSYNC → old TTL → answer verified.
 */
export {
  changeBatchParams,
  checkBatch,
  crossZoneError,
  describeRecord,
  distinctConfiguredZones,
  dnsBatchSummary,
  dnsChanges,
  dnsSummary,
  findZone,
  maxOldTtl,
  packPlans,
  planDnsChange,
  plansOf,
  recordNames,
  recordRegion,
  rollbackPlan,
  rollbackPlans,
  sameRecord,
  type DnsPlan,
  type DnsPlans,
  type DnsTargetSpec,
} from './dns-plan.js';
export { dnsBatchPreconditions, dnsLiveState, dnsPreconditions } from './dns-live.js';
export { dnsSteps, type DnsStepOptions } from './dns-steps.js';
