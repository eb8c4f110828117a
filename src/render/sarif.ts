/**
 * SARIF 2.1.0, valid against the official schema and shaped for GitHub code-scanning uploads.
 *
 * - One rule per selected check (id, name, short/full description, help with remediation CLI and
 *   Terraform, default level, properties {category, severity, tags}). Rule metadata comes from the
 *   check catalogue; an id missing from it gets a rule built from the result's own check list.
 * - Results only for `fail` and `warn` findings; `pass` and `skipped` are left out (a skip is not a
 *   problem in the code; collection errors appear as tool execution notifications instead).
 *   Suppressed findings are included with `suppressions: [{kind: 'external', status: 'accepted'}]`
 *   (the suppression lives in .resil.yml, outside the analysed artefact), so code scanning shows
 *   them as dismissed rather than open.
 * - level: error for critical/high, warning for medium, note for low; a `warn` one level lower.
 *
 * Locations. Code scanning needs every result to carry a physicalLocation whose
 * artifactLocation.uri is a path in the repository (it rejects URI schemes such as arn: and does
 * not display results without one; it also wants a region with startLine). An AWS resource has no
 * file. The honest option: anchor every result to the audit's configuration file (ctx.artifactUri,
 * default `.resil.yml`, line 1) — the file where the thresholds and suppressions for that finding
 * live — and name the real resource in a logicalLocation (fullyQualifiedName = ARN, or
 * region/type/id; kind 'resource') and in the message. partialFingerprints identify a finding by
 * check id + resource, so alerts stay stable across runs whatever the file anchor.
 */
import { createHash } from 'node:crypto';
import type { Location, Log, Notification, ReportingDescriptor, Result } from 'sarif';
import type { Check, Finding, Severity } from '../checks/define.js';
import { ALL_CHECKS } from '../checks/index.js';
import type { AuditResult, CheckMeta } from '../engine/audit.js';
import { describeCollectionError, resourceKey, resourceLabel } from './common.js';
import type { RenderContext, Renderer, StreamRenderer } from './types.js';
import { joined, safeJsonStreamRenderer, type FindingCheck } from './safe.js';
import { placeholder, STREAM_BATCH, streamJson } from './stream.js';
import { verdictDetail } from './accounts.js';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const DEFAULT_ARTIFACT_URI = '.resil.yml';
/** Key of the fingerprint in partialFingerprints; bump the suffix if the fingerprint input changes. */
export const FINGERPRINT_KEY = 'resilFinding/v1';

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
const LOWER: Record<Level, Level> = { error: 'warning', warning: 'note', note: 'note' };

export function levelOf(f: Pick<Finding, 'severity' | 'status'>): Level {
  const base = LEVEL[f.severity];
  return f.status === 'warn' ? LOWER[base] : base;
}

/** "tg.detection-time" → "TgDetectionTime" (SARIF rule names are identifier-like). */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** Prose from check metadata into help.markdown: HTML-significant characters as entities (so `<arn>` stays visible). */
function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function fence(lang: string, code: string): string {
  const ticks = code.includes('```') ? '````' : '```';
  return `${ticks}${lang}\n${code}\n${ticks}`;
}

function thresholdLines(check: Check): string[] {
  return Object.entries(check.thresholds).map(([k, v]) => {
    const doc = (check.thresholdDocs as Record<string, string | undefined> | undefined)?.[k];
    return `- ${k} = ${JSON.stringify(v)}${doc ? `: ${doc}` : ''}`;
  });
}

function rule(meta: CheckMeta, check: Check | undefined): ReportingDescriptor {
  const explain = `Run \`resil checks explain ${meta.id}\` for details.`;
  let text: string;
  let markdown: string;
  if (check) {
    const thresholds = thresholdLines(check);
    const tText = thresholds.length
      ? `\n\nThresholds (defaults; override under checks.${meta.id} in .resil.yml):\n${thresholds.join('\n')}`
      : '';
    text =
      `${check.rationale.trim()}\n\nRemediation: ${check.remediation.text}\n\nAWS CLI:\n${check.remediation.cli}\n\n` +
      `Terraform:\n${check.remediation.terraform}${tText}`;
    markdown =
      `**Why it matters.** ${html(check.rationale.trim())}\n\n**Remediation.** ${html(check.remediation.text)}\n\n` +
      `AWS CLI:\n\n${fence('sh', check.remediation.cli)}\n\nTerraform:\n\n${fence('hcl', check.remediation.terraform)}` +
      (thresholds.length
        ? `\n\n**Thresholds** (defaults; override under \`checks.${meta.id}\` in \`.resil.yml\`):\n\n${thresholds.map(html).join('\n')}`
        : '') +
      (check.source ? `\n\nSource: ${html(check.source)}` : '');
  } else {
    text = `${meta.title}. ${explain}`;
    markdown = `${meta.title}. ${explain}`;
  }
  return {
    id: meta.id,
    name: ruleName(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: check ? check.rationale.trim() : meta.title },
    help: { text, markdown },
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: { category: meta.category, severity: meta.severity, tags: ['resilience', meta.category] },
  };
}

function fingerprint(f: Finding): string {
  // In a report of several accounts the account is part of the identity (not every resource has an ARN).
  const account = f.account !== undefined ? `${f.account}\u0000` : '';
  return createHash('sha256')
    .update(`${f.checkId}\u0000${account}${resourceKey(f.resource)}`)
    .digest('hex');
}

function location(f: Finding, artifactUri: string): Location {
  const r = f.resource;
  return {
    physicalLocation: { artifactLocation: { uri: artifactUri }, region: { startLine: 1 } },
    logicalLocations: [
      {
        name: resourceLabel(r),
        fullyQualifiedName:
          f.account !== undefined && !r.arn ? `${f.account}/${resourceKey(r)}` : resourceKey(r),
        kind: 'resource',
      },
    ],
  };
}

function sarifResult(f: Finding, ruleIndex: number, artifactUri: string): Result {
  const r = f.resource;
  return {
    ruleId: f.checkId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: levelOf(f),
    message: { text: f.account !== undefined ? `Account ${f.account}: ${f.message}` : f.message },
    locations: [location(f, artifactUri)],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(f) },
    ...(f.suppressed
      ? {
          suppressions: [
            {
              kind: 'external' as const,
              status: 'accepted' as const,
              justification: f.suppressed.expires
                ? `${f.suppressed.reason} (until ${f.suppressed.expires})`
                : f.suppressed.reason,
            },
          ],
        }
      : {}),
    properties: {
      ...(f.account !== undefined ? { account: f.account } : {}),
      status: f.status,
      severity: f.severity,
      category: f.category,
      resource: { ...r },
      evidence: f.evidence,
      ...(f.relatedTo ? { relatedTo: f.relatedTo } : {}),
    },
  };
}

function endTime(startedAt: string, durationMs: number): string {
  const t = Date.parse(startedAt);
  return Number.isNaN(t) ? startedAt : new Date(t + durationMs).toISOString();
}

/** Builds the SARIF log. `catalog` is the check metadata source (the live index by default). */
export function toSarif(
  result: AuditResult,
  ctx: RenderContext,
  catalog: readonly Check[] = ALL_CHECKS,
): Log {
  const ruleIndex = new Map(result.checks.map((c, i) => [c.id, i]));
  const artifactUri = ctx.artifactUri ?? DEFAULT_ARTIFACT_URI;
  return sarifLog(
    result,
    ctx,
    catalog,
    result.findings
      .filter((f) => f.status === 'fail' || f.status === 'warn')
      .map((f) => sarifResult(f, ruleIndex.get(f.checkId) ?? -1, artifactUri)),
  ) as Log;
}

/** The SARIF log around `results` (the results array, or a placeholder the stream fills in). */
function sarifLog(
  result: Omit<AuditResult, 'findings'>,
  ctx: RenderContext,
  catalog: readonly Check[],
  results: unknown,
) {
  const byId = new Map(catalog.map((c) => [c.id, c]));
  const notifications: Notification[] = result.collection
    .filter((c) => c.status === 'error')
    .map((c) => ({
      level: 'warning',
      message: {
        text: `Data could not be collected: ${describeCollectionError(c)} in ${c.region}${c.account !== undefined ? ` of account ${c.account}` : ''}${c.error ? ` (${c.error.message})` : ''}`,
      },
      properties: {
        ...(c.account !== undefined ? { account: c.account } : {}),
        service: c.service,
        region: c.region,
        operation: c.operation,
        code: c.error?.code ?? 'error',
        action: c.error?.action ?? `${c.service}:${c.operation}`,
      },
    }));
  for (const a of result.accounts ?? []) {
    if (a.verdict !== 'not-captured') continue;
    notifications.push({
      level: 'error',
      message: { text: `Account ${a.id} was not captured: ${verdictDetail(a)}` },
      properties: { account: a.id, ...(a.error ? { stage: a.error.stage, code: a.error.code } : {}) },
    });
  }
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: ctx.tool.name,
            version: ctx.tool.version,
            semanticVersion: ctx.tool.version,
            ...(ctx.tool.informationUri ? { informationUri: ctx.tool.informationUri } : {}),
            rules: result.checks.map((c) => rule(c, byId.get(c.id))),
          },
        },
        // One code-scanning category per account, so audits of several accounts in one repository do not close each other's alerts.
        automationDetails: {
          id: result.accounts
            ? `${ctx.tool.name}/audit/${result.organization?.id ?? 'accounts'}/`
            : `${ctx.tool.name}/audit/${result.accountId}/`,
        },
        invocations: [
          {
            executionSuccessful: true,
            startTimeUtc: ctx.startedAt,
            endTimeUtc: endTime(ctx.startedAt, ctx.durationMs),
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results,
        properties: {
          account: result.accountId,
          regions: result.regions,
          capturedAt: result.capturedAt,
          summary: result.summary,
          ...(result.accounts
            ? {
                accounts: result.accounts.map((a) => ({
                  id: a.id,
                  ...(a.name ? { name: a.name } : {}),
                  verdict: a.verdict,
                  exitCode: a.summary.exitCode,
                })),
              }
            : {}),
        },
      },
    ],
  };
}

function* renderSarifChunks(
  result: Omit<AuditResult, 'findings'>,
  findings: Iterable<Finding>,
  ctx: RenderContext,
  check: FindingCheck,
): Generator<string> {
  const ruleIndex = new Map(result.checks.map((c, i) => [c.id, i]));
  const artifactUri = ctx.artifactUri ?? DEFAULT_ARTIFACT_URI;
  function* reported() {
    for (const f of findings) if (f.status === 'fail' || f.status === 'warn') yield f;
  }
  const hole = placeholder();
  // Every string a result's fingerprint hashes (check id, account, resource) is in the result's
  // text too, so a batch whose text is clean had nothing to sanitise in its fingerprints either.
  yield* streamJson(sarifLog(result, ctx, ALL_CHECKS, hole), hole, reported(), STREAM_BATCH, {
    map: (f) => sarifResult(f, ruleIndex.get(f.checkId) ?? -1, artifactUri),
    check,
  });
  yield '\n';
}

/**
 * The SARIF log as a stream of chunks, a batch of results at a time; every string from the account
 * or the config is made safe (./safe.ts: the findings by the text of their batch).
 */
export const renderSarifStream: StreamRenderer = safeJsonStreamRenderer(renderSarifChunks);

/** The SARIF log as one string: the stream's chunks joined (the same bytes). */
export const renderSarif: Renderer = joined(renderSarifStream);
