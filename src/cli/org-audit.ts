/**
 * `resil audit --snapshot DIR` (several accounts): the glue between the resolved inputs
 * (src/org/inputs.ts), the engine (src/engine/org-audit.ts) and the command's stderr notes.
 */
import type { Check, Severity } from '../checks/define.js';
import type { ResilConfig } from '../config/schema.js';
import type { AuditResult } from '../engine/audit.js';
import { runOrgAudit } from '../engine/org-audit.js';
import type { AuditInputs } from '../org/inputs.js';
import { plural } from '../util/text.js';

export async function auditAccounts(
  inputs: AuditInputs,
  checks: readonly Check[],
  opts: { config: ResilConfig; failOn: Severity | 'never'; minSeverity?: Severity },
  say: (line: string) => void,
): Promise<AuditResult> {
  for (const n of inputs.notes) say(n);
  const { result, notes } = await runOrgAudit(inputs.accounts, checks, {
    config: opts.config,
    failOn: opts.failOn,
    now: new Date(),
    ...(opts.minSeverity ? { minSeverity: opts.minSeverity } : {}),
    ...(inputs.organization ? { organization: inputs.organization } : {}),
    missingShards: inputs.missingShards,
  });
  for (const n of notes) say(n);
  return result;
}

/** The stderr line for an incomplete audit of several accounts: which accounts, and why. */
export function accountsIncompleteNote(result: AuditResult, missingShards: readonly string[] = []): string {
  const accounts = result.accounts ?? [];
  const parts: string[] = [];
  const notCaptured = accounts.filter((a) => a.verdict === 'not-captured');
  if (notCaptured.length)
    parts.push(
      `${plural(notCaptured.length, 'account')} not captured (${notCaptured
        .map(
          (a) =>
            `${a.id}: ${a.error ? `${a.error.code} ${a.error.stage === 'assume-role' ? 'assuming the role' : 'collecting'}` : 'no snapshot'}`,
        )
        .join('; ')})`,
    );
  const partial = accounts.filter((a) => a.verdict !== 'not-captured' && a.summary.incomplete);
  if (partial.length) {
    const failed = (id: string) =>
      [
        ...new Set(
          result.collection
            .filter((c) => c.account === id && c.status === 'error')
            .map(
              (c) =>
                `${c.error?.action ?? `${c.service}:${c.operation}`} (${c.error?.code ?? 'error'}) in ${c.region}`,
            ),
        ),
      ].join(', ') || 'a DR pair could not be judged';
    parts.push(
      `${plural(partial.length, 'account')} with data missing (${partial.map((a) => `${a.id}: ${failed(a.id)}`).join('; ')})`,
    );
  }
  if (missingShards.length)
    parts.push(`shard${missingShards.length === 1 ? '' : 's'} ${missingShards.join(', ')} missing`);
  return (
    `Audit incomplete: ${parts.join('; ')}. Deploy or fix the member role where it could not be assumed ` +
    `(docs/organisations.md), grant what was denied (\`resil checks explain ID\`), and capture again.`
  );
}
