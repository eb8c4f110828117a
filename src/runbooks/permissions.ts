/**
 * Which Gateway methods each runbook may call: the reads of its plan, preflight and verification,
 * and its changes (by failover mode). `resil iam-policy runbooks` maps them to IAM actions through
 * GATEWAY_ACTIONS. test/runbooks/permissions.test.ts runs every runbook and mode on the in-memory
 * gateway and fails when a call, or a step's declared call, is not listed here; the integration
 * tests do the same with the emulator's request log.
 */
import type { Gateway } from '../aws/gateway/types.js';

type Method = keyof Gateway;
export type RunbookName = 'failover' | 'cutover';
export type FailoverMode = 'switchover' | 'failover' | 'detach';

export const RUNBOOK_NAMES: readonly RunbookName[] = ['failover', 'cutover'];
export const FAILOVER_MODES: readonly FailoverMode[] = ['switchover', 'failover', 'detach'];

/** Route 53 reads: find the records, wait for INSYNC, check the answer and the health checks. */
const DNS_READS: readonly Method[] = [
  'listHostedZones',
  'listRecordSets',
  'getChange',
  'testDnsAnswer',
  'healthCheckStatus',
];

export interface RunbookCalls {
  reads: readonly Method[];
  /** Changes; for failover, by mode (the DNS change applies to every mode that cuts DNS over). */
  changes: readonly Method[];
  byMode?: Readonly<Record<FailoverMode, readonly Method[]>>;
}

/** Every run reads who the caller is, once, before its first change: the journal records it. */
const RUN_READS: readonly Method[] = ['callerIdentity'];

export const RUNBOOK_CALLS: Readonly<Record<RunbookName, RunbookCalls>> = {
  failover: {
    reads: [
      'describeGlobalClusters',
      'describeCluster',
      'readLag',
      'targetHealth',
      ...DNS_READS,
      ...RUN_READS,
    ],
    changes: ['changeRecordSets'],
    byMode: {
      switchover: ['switchoverGlobalCluster'],
      failover: ['failoverGlobalCluster'],
      detach: ['removeFromGlobalCluster'],
    },
  },
  // cutover and its --rollback.
  cutover: { reads: [...DNS_READS, ...RUN_READS], changes: ['changeRecordSets'] },
};
