/**
 * `resil diff OLD NEW`: what changed between two audits (pure). A finding is identified by its
 * check and resource (type, region, AZ, id); it is "open" when it is an unsuppressed fail, warn or
 * skipped. So CI can gate on regressions only, a regression is a finding that fails at or above
 * --fail-on in NEW and did not in OLD (new, worse status or higher severity).
 */
import { SEVERITY_RANK, type Category, type Severity, type Status } from '../checks/define.js';
import type { ResourceRef } from '../inventory/ref.js';
import { ExitCode } from '../util/errors.js';

/** The part of a finding a diff reads (a JSON report's finding, or one evaluated from a snapshot). */
export interface DiffFinding {
  checkId: string;
  category: Category;
  severity: Severity;
  status: Status;
  resource: ResourceRef;
  message: string;
  suppressed?: unknown;
}

/** One side of the diff: the findings, the checks that ran, and where they came from. */
export interface DiffSide {
  file: string;
  kind: 'snapshot' | 'report';
  account: string;
  capturedAt: string;
  checks: string[];
  findings: DiffFinding[];
}

export interface FindingState {
  status: Status;
  severity: Severity;
  message: string;
  suppressed: boolean;
}

export interface DiffEntry {
  checkId: string;
  category: Category;
  resource: ResourceRef;
  /** Absent: the finding did not exist on that side (resource or check gone, or new). */
  before?: FindingState;
  after?: FindingState;
  /** Fails at or above --fail-on in NEW, and did not in OLD. */
  regression: boolean;
}

export type DiffInput = Omit<DiffSide, 'findings' | 'checks'>;

export interface DiffResult {
  inputs: { old: DiffInput; new: DiffInput };
  checks: { compared: number; onlyInOld: string[]; onlyInNew: string[] };
  /** Open in NEW, and not open in OLD (absent, pass or suppressed). */
  new: DiffEntry[];
  /** Open in OLD, and not open in NEW. */
  fixed: DiffEntry[];
  /** Open in both, with another status, severity or message. */
  changed: DiffEntry[];
  summary: {
    new: number;
    fixed: number;
    changed: number;
    unchanged: number;
    failOn: Severity | 'never';
    regressions: number;
    exitCode: number;
  };
}

const OPEN = new Set<Status>(['fail', 'warn', 'skipped']);

function isOpen(f: DiffFinding | undefined): boolean {
  return !!f && OPEN.has(f.status) && !f.suppressed;
}

function failsAt(f: DiffFinding | undefined, failOn: Severity | 'never'): boolean {
  return (
    !!f &&
    failOn !== 'never' &&
    f.status === 'fail' &&
    !f.suppressed &&
    SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]
  );
}

function state(f: DiffFinding): FindingState {
  return { status: f.status, severity: f.severity, message: f.message, suppressed: !!f.suppressed };
}

/** check | type | region | az | id; a repeated key (rare) gets #2, #3 in order. */
export function findingKeys(findings: readonly DiffFinding[]): Map<string, DiffFinding> {
  const out = new Map<string, DiffFinding>();
  for (const f of findings) {
    const r = f.resource;
    const base = [f.checkId, r.type, r.region ?? '', r.az ?? '', r.id].join('|');
    let key = base;
    for (let n = 2; out.has(key); n++) key = `${base}#${n}`;
    out.set(key, f);
  }
  return out;
}

const ORDER = (a: DiffEntry, b: DiffEntry) =>
  Number(b.regression) - Number(a.regression) ||
  SEVERITY_RANK[(b.after ?? b.before)!.severity] - SEVERITY_RANK[(a.after ?? a.before)!.severity] ||
  a.checkId.localeCompare(b.checkId) ||
  (a.resource.region ?? '').localeCompare(b.resource.region ?? '') ||
  a.resource.id.localeCompare(b.resource.id);

export function diffAudits(oldSide: DiffSide, newSide: DiffSide, failOn: Severity | 'never'): DiffResult {
  // Compare only the checks that ran on both sides: a check added in a newer resil, or left out by
  // a selection, says nothing about a change in the account.
  const inOld = new Set(oldSide.checks);
  const inNew = new Set(newSide.checks);
  const both = new Set(oldSide.checks.filter((c) => inNew.has(c)));
  const keep = (fs: readonly DiffFinding[]) => fs.filter((f) => both.has(f.checkId));
  const before = findingKeys(keep(oldSide.findings));
  const after = findingKeys(keep(newSide.findings));

  const added: DiffEntry[] = [];
  const fixed: DiffEntry[] = [];
  const changed: DiffEntry[] = [];
  let unchanged = 0;
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(key);
    const a = after.get(key);
    const f = (a ?? b)!;
    const entry: DiffEntry = {
      checkId: f.checkId,
      category: f.category,
      resource: f.resource,
      ...(b ? { before: state(b) } : {}),
      ...(a ? { after: state(a) } : {}),
      regression: failsAt(a, failOn) && !failsAt(b, failOn),
    };
    if (isOpen(a) && !isOpen(b)) added.push(entry);
    else if (isOpen(b) && !isOpen(a)) fixed.push(entry);
    else if (
      isOpen(a) &&
      isOpen(b) &&
      (a!.status !== b!.status || a!.severity !== b!.severity || a!.message !== b!.message)
    )
      changed.push(entry);
    else unchanged++;
  }
  for (const list of [added, fixed, changed]) list.sort(ORDER);
  const regressions = [...added, ...changed].filter((e) => e.regression).length;
  const side = ({ findings: _f, checks: _c, ...rest }: DiffSide) => rest;
  return {
    inputs: { old: side(oldSide), new: side(newSide) },
    checks: {
      compared: both.size,
      onlyInOld: oldSide.checks.filter((c) => !inNew.has(c)).sort(),
      onlyInNew: newSide.checks.filter((c) => !inOld.has(c)).sort(),
    },
    new: added,
    fixed,
    changed,
    summary: {
      new: added.length,
      fixed: fixed.length,
      changed: changed.length,
      unchanged,
      failOn,
      regressions,
      exitCode: regressions > 0 ? ExitCode.FINDINGS : ExitCode.OK,
    },
  };
}
