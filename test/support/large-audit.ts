/**
 * The large-audit golden (test/unit/large-audit.test.ts): the bundled example replicated to a few
 * thousand resources (bench/generate.ts), audited with a config that suppresses some findings
 * (one suppression expired, one matching nothing), rendered in every format with fixed times, and
 * hashed. The digests recorded in test/unit/golden/large-audit.json were computed by the code before
 * the performance work (indexes, compiled suppressions, streaming renderers): equal digests mean
 * byte-identical reports.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copiesFor, writeReplicatedSnapshot } from '../../bench/generate.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { runAudit } from '../../src/engine/audit.js';
import { loadSnapshot } from '../../src/inventory/load.js';
import { RENDERERS } from '../../src/render/index.js';
import { FORMATS } from '../../src/render/types.js';
import type { ResilConfig } from '../../src/config/schema.js';

export const LARGE_AUDIT_RESOURCES = 5000;

export const LARGE_AUDIT_CONFIG: ResilConfig = {
  suppressions: [
    { check: 'lb.*', resource: 'shop-internal-nlb-x1*', reason: 'golden: a glob over names' },
    { check: '*', resource: 'shop-api-x2', reason: 'golden: one group, every check' },
    { check: 'rds.*', resource: 'arn:aws:rds:*:db:shop-catalog-replica-x3', reason: 'golden: by ARN' },
    { check: 'tg.*', resource: '*-x4*', reason: 'golden: expired', expires: '2020-01-01' },
    { check: 'no.such-check', resource: '*', reason: 'golden: matches nothing' },
  ],
} as ResilConfig;

export async function largeAuditDigests(): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'resil-large-audit-'));
  try {
    const file = join(dir, 'large.snapshot.json');
    await writeReplicatedSnapshot(file, copiesFor(LARGE_AUDIT_RESOURCES));
    const { inventory } = await loadSnapshot(file);
    const result = runAudit(inventory, ALL_CHECKS, {
      config: LARGE_AUDIT_CONFIG,
      failOn: 'high',
      now: new Date('2026-11-21T00:00:00Z'),
    });
    const out: Record<string, string> = {
      findings: String(result.findings.length),
      suppressed: String(result.summary.suppressed),
      suppressions: result.suppressions.map((s) => `${s.status} ${s.matched}`).join(', '),
    };
    for (const format of FORMATS) {
      const text = RENDERERS[format]!(result, {
        tool: { name: 'resil', version: '0.0.0-golden' },
        startedAt: '2026-11-21T00:00:00.000Z',
        durationMs: 1234,
        color: false,
        width: 100,
      });
      out[format] = createHash('sha256').update(text).digest('hex');
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
