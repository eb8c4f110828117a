import type { Finding, ResourceRef } from '../checks/define.js';
import type { AuditResult } from '../engine/audit.js';
import type { AccountAudit } from '../engine/org-audit.js';
import type { RenderContext, Renderer, StreamRenderer } from './types.js';
import { joined, safeJsonStreamRenderer, type FindingCheck } from './safe.js';
import { placeholder, STREAM_BATCH, streamJson } from './stream.js';

/**
 * Version of the JSON report contract (schemas/audit-report.schema.json). Minor versions add fields;
 * a major version removes or changes one. Consumers should check the major part.
 */
export const REPORT_SCHEMA_VERSION = '1.3';
/**
 * The version a report of several accounts states: 1.2 added `accounts`, `organization`, and the
 * `account` of each finding and collection record; 1.3 added `resource.azId` to findings, which a
 * one-account report carries too, so since 1.3 both kinds of report state the same version.
 */
export const REPORT_SCHEMA_VERSION_ACCOUNTS = '1.3';

function resource(r: ResourceRef) {
  return {
    type: r.type,
    id: r.id,
    ...(r.name !== undefined ? { name: r.name } : {}),
    ...(r.arn !== undefined ? { arn: r.arn } : {}),
    ...(r.region !== undefined ? { region: r.region } : {}),
    ...(r.az !== undefined ? { az: r.az } : {}),
    ...(r.azId !== undefined ? { azId: r.azId } : {}),
  };
}

/** Builds each finding field by field, so the output holds exactly the documented contract. */
function finding(f: Finding) {
  return {
    ...(f.account !== undefined ? { account: f.account } : {}),
    checkId: f.checkId,
    category: f.category,
    severity: f.severity,
    status: f.status,
    resource: resource(f.resource),
    message: f.message,
    evidence: f.evidence,
    ...(f.relatedTo
      ? {
          relatedTo: {
            checkId: f.relatedTo.checkId,
            resource: {
              type: f.relatedTo.resource.type,
              id: f.relatedTo.resource.id,
              ...(f.relatedTo.resource.region ? { region: f.relatedTo.resource.region } : {}),
            },
          },
        }
      : {}),
    ...(f.suppressed
      ? {
          suppressed: {
            reason: f.suppressed.reason,
            resource: f.suppressed.resource,
            ...(f.suppressed.expires ? { expires: f.suppressed.expires } : {}),
          },
        }
      : {}),
  };
}

function account(a: AccountAudit) {
  return {
    id: a.id,
    ...(a.name !== undefined ? { name: a.name } : {}),
    verdict: a.verdict,
    ...(a.source !== undefined ? { source: a.source } : {}),
    ...(a.capturedAt !== undefined ? { capturedAt: a.capturedAt } : {}),
    regions: a.regions,
    ...(a.drPair !== undefined ? { drPair: a.drPair } : {}),
    ...(a.error ? { error: { stage: a.error.stage, code: a.error.code, message: a.error.message } } : {}),
    summary: a.summary,
  };
}

/** The report as one object (every finding copied into it); the CLI streams it instead (renderJsonStream). */
export function toJsonReport(result: AuditResult, ctx: RenderContext) {
  return jsonReport(result, result.findings.map(finding), ctx);
}

function jsonReport<F>(result: Omit<AuditResult, 'findings'>, findings: F, ctx: RenderContext) {
  return {
    schemaVersion: result.accounts ? REPORT_SCHEMA_VERSION_ACCOUNTS : REPORT_SCHEMA_VERSION,
    tool: { name: ctx.tool.name, version: ctx.tool.version },
    account: result.accountId,
    regions: result.regions,
    capturedAt: result.capturedAt,
    startedAt: ctx.startedAt,
    durationMs: ctx.durationMs,
    checks: result.checks.map((c) => ({
      id: c.id,
      title: c.title,
      category: c.category,
      severity: c.severity,
    })),
    findings,
    collection: result.collection.map((c) => ({
      ...(c.account !== undefined ? { account: c.account } : {}),
      service: c.service,
      region: c.region,
      operation: c.operation,
      status: c.status,
      error: c.error
        ? {
            code: c.error.code,
            message: c.error.message,
            ...(c.error.action ? { action: c.error.action } : {}),
          }
        : null,
    })),
    suppressions: result.suppressions.map((s) => ({
      check: s.check,
      resource: s.resource,
      reason: s.reason,
      ...(s.expires ? { expires: s.expires } : {}),
      status: s.status,
      matched: s.matched,
    })),
    summary: result.summary,
    ...(result.organization ? { organization: result.organization } : {}),
    ...(result.accounts ? { accounts: result.accounts.map(account) } : {}),
  };
}

function* renderJsonChunks(
  result: Omit<AuditResult, 'findings'>,
  findings: Iterable<Finding>,
  ctx: RenderContext,
  check: FindingCheck,
): Generator<string> {
  const hole = placeholder();
  yield* streamJson(jsonReport(result, hole, ctx), hole, findings, STREAM_BATCH, { map: finding, check });
  yield '\n';
}

/**
 * The JSON report as a stream of chunks, a batch of findings at a time; every string from the
 * account or the config is made safe (./safe.ts: the findings by the text of their batch).
 */
export const renderJsonStream: StreamRenderer = safeJsonStreamRenderer(renderJsonChunks);

/** The JSON report as one string: the stream's chunks joined (the same bytes). */
export const renderJson: Renderer = joined(renderJsonStream);
