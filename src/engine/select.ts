/**
 * Check selection for `resil audit` (--checks, --exclude-checks, --category, --min-severity). Pure:
 * the command parses flags, this decides which checks run and which findings are kept.
 */
import picomatch from 'picomatch';
import { SEVERITY_RANK, type Category, type Check, type Severity } from '../checks/define.js';
import { ResilError, usageError } from '../util/errors.js';
import { closest } from '../util/suggest.js';
import { summarize, type AuditResult } from './audit.js';

export interface Selection {
  /** Check ids or globs over ids (`tg.*`); empty or absent means every check. */
  checks?: readonly string[];
  /** Check ids or globs to leave out; applied after `checks`. */
  excludeChecks?: readonly string[];
  /** Keep only checks in these categories; empty or absent means every category. */
  categories?: readonly Category[];
  /** Keep only checks (and findings) at or above this severity. */
  minSeverity?: Severity;
}

const GLOB_CHARS = /[*?[\]{}!]/;

export function isGlob(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/**
 * Resolves patterns against the known ids. A plain id must exist and a glob must match at least
 * one check: a typo in CI would otherwise silently audit less than intended.
 */
function resolvePatterns(patterns: readonly string[], all: readonly Check[], flag: string): Set<string> {
  const ids = all.map((c) => c.id);
  const out = new Set<string>();
  const problems: string[] = [];
  for (const raw of patterns) {
    const pattern = raw.trim();
    if (pattern === '') continue;
    if (isGlob(pattern)) {
      const isMatch = picomatch(pattern, { bash: true });
      const matched = ids.filter((id) => isMatch(id));
      if (matched.length === 0) problems.push(`${flag} ${pattern} matches no check`);
      for (const id of matched) out.add(id);
    } else if (ids.includes(pattern)) {
      out.add(pattern);
    } else {
      const guess = closest(pattern, ids);
      problems.push(`${flag}: unknown check ${pattern}${guess ? ` (did you mean ${guess}?)` : ''}`);
    }
  }
  if (problems.length) {
    throw usageError(problems.join('\n  '), 'Run `resil checks` to list the check ids.');
  }
  return out;
}

/**
 * The checks to run, in index order. Throws a usage error (exit 2) for an unknown id, a glob that
 * matches nothing, or a selection that leaves no check at all.
 */
export function selectChecks(all: readonly Check[], sel: Selection): Check[] {
  const include =
    sel.checks && sel.checks.some((p) => p.trim() !== '')
      ? resolvePatterns(sel.checks, all, '--checks')
      : undefined;
  const exclude = sel.excludeChecks
    ? resolvePatterns(sel.excludeChecks, all, '--exclude-checks')
    : new Set<string>();
  const categories = sel.categories && sel.categories.length ? new Set(sel.categories) : undefined;
  const minRank = sel.minSeverity ? SEVERITY_RANK[sel.minSeverity] : 0;
  const selected = all.filter(
    (c) =>
      (!include || include.has(c.id)) &&
      !exclude.has(c.id) &&
      (!categories || categories.has(c.category)) &&
      SEVERITY_RANK[c.severity] >= minRank,
  );
  if (selected.length === 0) {
    throw new ResilError('The selection leaves no check to run.', {
      suggestions: [
        'Loosen --checks, --exclude-checks, --category or --min-severity; `resil checks` lists every check.',
      ],
    });
  }
  return selected;
}

/**
 * Drops findings below `minSeverity` (a check may lower the severity of one finding) and
 * recomputes the summary from what is left. Without a minimum the result is returned as is.
 */
export function applyMinSeverity(result: AuditResult, minSeverity: Severity | undefined): AuditResult {
  if (!minSeverity) return result;
  const min = SEVERITY_RANK[minSeverity];
  const findings = result.findings.filter((f) => SEVERITY_RANK[f.severity] >= min);
  if (findings.length === result.findings.length) return result;
  return { ...result, findings, summary: summarize(result.checks, findings, result.summary.failOn) };
}
