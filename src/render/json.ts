import type { AuditResult } from '../engine/audit.js';
import type { RenderContext } from './types.js';

/** Version of the JSON report contract (schemas/audit-report.schema.json). */
export const REPORT_SCHEMA_VERSION = '1.0';

export function toJsonReport(result: AuditResult, ctx: RenderContext) {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: ctx.tool,
    account: result.accountId,
    regions: result.regions,
    capturedAt: result.capturedAt,
    startedAt: ctx.startedAt,
    durationMs: ctx.durationMs,
    checks: result.checks,
    findings: result.findings,
    collection: result.collection.map((c) => ({
      service: c.service,
      region: c.region,
      operation: c.operation,
      status: c.status,
      error: c.error ?? null,
    })),
    suppressions: result.suppressions,
    summary: result.summary,
  };
}

export function renderJson(result: AuditResult, ctx: RenderContext): string {
  return `${JSON.stringify(toJsonReport(result, ctx), null, 2)}\n`;
}
