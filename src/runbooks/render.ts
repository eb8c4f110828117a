/**
 * Text rendering of runbook events (pure): what the CLI host prints on stderr, and what the plan
 * snapshot tests compare. `paint` is identity without colour.
 */
import type { RunEvent } from './io.js';
import { formatDuration } from './poll.js';

export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

export const plain: Paint = {
  bold: (s) => s,
  dim: (s) => s,
  red: (s) => s,
  green: (s) => s,
  yellow: (s) => s,
};

export function renderEvent(e: RunEvent, p: Paint = plain): string {
  switch (e.type) {
    case 'plan': {
      const out = [
        p.bold(`${e.resumed ? 'Resuming' : 'Plan'}: ${e.title}`) + p.dim(`  (run ${e.runId})`),
        ...e.summary.map((l) => `  ${l}`),
        p.bold('Steps:'),
      ];
      e.steps.forEach((s, i) => {
        const tag = s.canLoseData
          ? p.red('[changes AWS, CAN LOSE DATA]')
          : s.mutating
            ? p.yellow('[changes AWS]')
            : s.noop
              ? p.dim('[no change: verification only, nothing sent]')
              : s.postCheck
                ? p.dim('[read-only post-check]')
                : p.dim('[read-only wait]');
        out.push(`  ${i + 1}. ${s.title}  ${tag}`);
        for (const c of s.calls)
          out.push(p.dim(`       ${c.service} ${c.operation} (${c.region}) ${JSON.stringify(c.params)}`));
      });
      return out.join('\n');
    }
    case 'preflight': {
      if (e.results.length === 0) return p.bold('Preflight: nothing to check.');
      const out = [p.bold('Preflight:')];
      for (const r of e.results) {
        const mark = r.skipped
          ? p.dim('-')
          : r.ok
            ? p.green('✓')
            : e.forced.includes(r.id)
              ? p.yellow('!')
              : p.red('✗');
        const note = r.skipped
          ? p.dim(` (not checked: ${r.skipped})`)
          : !r.ok && e.forced.includes(r.id)
            ? p.yellow(' (overridden by --force)')
            : !r.ok && r.forcible
              ? p.dim(' (cannot lose data: --force overrides)')
              : '';
        out.push(`  ${mark} ${r.id}: ${r.message}${note}`);
      }
      return out.join('\n');
    }
    case 'step-start':
      return p.bold(`[${e.index + 1}/${e.total}] ${e.step.title}`);
    case 'step-wait':
      return p.dim(`      … ${formatDuration(e.elapsedMs)}  ${e.observed}`);
    case 'step-end':
      return e.outcome === 'done'
        ? `      ${p.green('✓')} done${e.elapsedMs !== undefined ? ` in ${formatDuration(e.elapsedMs)}` : ''}`
        : e.outcome === 'skipped'
          ? `${p.dim(`[${e.index + 1}/${e.total}] ${e.step.title}`)}\n      ${p.dim(`↷ skipped: ${e.message}`)}`
          : `      ${p.red('✗')} ${e.message}`;
    case 'note':
      return e.level === 'warn' ? p.yellow(`! ${e.text}`) : p.dim(e.text);
    case 'result': {
      const o = e.outcome;
      const head =
        o.status === 'completed' || o.status === 'dry-run'
          ? p.green(o.message)
          : o.status === 'stopped-after-change'
            ? p.red(`STOPPED AFTER A CHANGE (exit ${o.exitCode}): ${o.message}`)
            : p.yellow(`Stopped before any change (exit ${o.exitCode}): ${o.message}`);
      const out = [head];
      if (o.stoppedAt) out.push(`  Stopped at step: ${o.stoppedAt}`);
      if (o.liveState) out.push(`  Live state: ${o.liveState}`);
      if (o.rtoSeconds !== undefined)
        out.push(`  RTO (first change → verified): ${formatDuration(o.rtoSeconds * 1000)}`);
      if (o.rpoSeconds !== undefined) out.push(`  RPO estimate (lag at the cut): ${o.rpoSeconds} s`);
      for (const w of o.warnings ?? []) out.push(p.yellow(`  ! ${w}`));
      if (o.resumeCommand && o.status === 'stopped-after-change')
        out.push(p.bold(`  Resume with: ${o.resumeCommand}`));
      if (o.next?.length) out.push(p.bold('  Next:'), ...o.next.map((l) => `    ${l}`));
      out.push(p.dim(`  Journal: ${o.journalPath}`));
      return out.join('\n');
    }
  }
}
