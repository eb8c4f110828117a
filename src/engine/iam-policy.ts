/**
 * Least-privilege IAM policy documents, generated from what the code declares it calls:
 * - audit: every selected check's `requires` plus the collector's own operations
 *   (COLLECTION_OPERATIONS); only Describe/List/Get actions, by construction and by test;
 * - runbooks: the Gateway methods each runbook (and failover mode) uses, mapped to IAM actions.
 * The README's policy and docs/runbooks.md's list are generated from these (`npm run docs`).
 */
import type { Check } from '../checks/define.js';
import { COLLECTION_OPERATIONS } from '../aws/collect/operations.js';
import { GATEWAY_ACTIONS } from '../aws/gateway/actions.js';
import {
  FAILOVER_MODES,
  RUNBOOK_CALLS,
  RUNBOOK_NAMES,
  type FailoverMode,
  type RunbookName,
} from '../runbooks/permissions.js';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: '*';
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** An action that only reads: Describe*, List* or Get*. */
export const READ_ONLY_ACTION = /^[a-z0-9-]+:(Describe|List|Get)[A-Z]\w*$/;

function sortActions(actions: Iterable<string>): string[] {
  return [...new Set(actions)].sort((a, b) => a.localeCompare(b));
}

/** The actions a live audit running `checks` needs. */
export function auditActions(checks: readonly Check[]): string[] {
  return sortActions([...Object.keys(COLLECTION_OPERATIONS), ...checks.flatMap((c) => c.requires)]);
}

export function auditPolicy(checks: readonly Check[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'ResilAuditReadOnly', Effect: 'Allow', Action: auditActions(checks), Resource: '*' }],
  };
}

export interface RunbookSelection {
  runbooks?: readonly RunbookName[];
  /** Failover modes to allow (default: all). Ignored when failover is not selected. */
  modes?: readonly FailoverMode[];
}

/** The runbooks' actions, split into reads and changes. */
export function runbookActions(sel: RunbookSelection = {}): { reads: string[]; changes: string[] } {
  const runbooks = sel.runbooks?.length ? sel.runbooks : RUNBOOK_NAMES;
  const modes = sel.modes?.length ? sel.modes : FAILOVER_MODES;
  const reads = new Set<string>();
  const changes = new Set<string>();
  for (const name of runbooks) {
    const calls = RUNBOOK_CALLS[name];
    for (const m of calls.reads) for (const a of GATEWAY_ACTIONS[m]) reads.add(a);
    const mutating = [...calls.changes, ...(calls.byMode ? modes.flatMap((m) => calls.byMode![m]) : [])];
    for (const m of mutating) for (const a of GATEWAY_ACTIONS[m]) changes.add(a);
  }
  return { reads: sortActions(reads), changes: sortActions(changes) };
}

export function runbookPolicy(sel: RunbookSelection = {}): PolicyDocument {
  const { reads, changes } = runbookActions(sel);
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ResilRunbookRead', Effect: 'Allow', Action: reads, Resource: '*' },
      { Sid: 'ResilRunbookChange', Effect: 'Allow', Action: changes, Resource: '*' },
    ],
  };
}

/** The document as `aws iam create-policy --policy-document file://...` takes it. */
export function renderPolicy(doc: PolicyDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
