import type { AuditResult } from '../engine/audit.js';
import type { RenderContext } from './types.js';

/** Placeholder plain table; the full renderer groups by severity with colour. */
export function renderTable(result: AuditResult, _ctx: RenderContext): string {
  const lines = result.findings
    .filter((f) => f.status !== 'pass')
    .map((f) => `${f.status.toUpperCase().padEnd(7)} ${f.severity.padEnd(8)} ${f.checkId.padEnd(32)} ${f.message}`);
  const s = result.summary;
  lines.push('', `${s.pass} pass, ${s.fail} fail, ${s.warn} warn, ${s.skipped} skipped, ${s.suppressed} suppressed`);
  return `${lines.join('\n')}\n`;
}
