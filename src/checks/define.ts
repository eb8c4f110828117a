/**
 * The check API. A check is metadata plus a pure `evaluate(inventory, thresholds) → Finding[]`.
 * One module per check in src/checks/rules/<id>.ts (file name = id), registered in src/checks/index.ts.
 */
import type { ResilConfig } from '../config/schema.js';
import type { ResourceRef } from '../inventory/ref.js';
import type { Inventory } from '../inventory/schema.js';

export type { ResourceRef };

/** The categories are a public contract (JSON output, --category): exactly these. */
export const CATEGORIES = [
  'multi-az',
  'health-check',
  'scaling',
  'replication',
  'dns',
  'dr',
  'data-protection',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** Higher is worse. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

export const STATUSES = ['pass', 'fail', 'warn', 'skipped'] as const;
export type Status = (typeof STATUSES)[number];

export interface Suppression {
  reason: string;
  expires?: string;
  /** The resource glob that matched. */
  resource: string;
}

/**
 * Points a finding at the finding of its root cause (same run): e.g. a single-AZ group's
 * static-stability failure relates to its asg.multi-az failure. The related finding is still
 * reported (and still gates); a reader fixes the root first.
 */
export interface RelatedTo {
  checkId: string;
  resource: { type: string; id: string; region?: string };
}

export interface Finding {
  checkId: string;
  category: Category;
  severity: Severity;
  status: Status;
  resource: ResourceRef;
  message: string;
  /** The measured numbers and settings behind the verdict, for a reviewer who cannot open the console. */
  evidence: Record<string, unknown>;
  /** Present when a suppression in .resil.yml matched; suppressed findings never gate the exit code. */
  suppressed?: Suppression;
  /** The root-cause finding this one follows from, when that finding is in the same report. */
  relatedTo?: RelatedTo;
  /** The account the finding belongs to: set only in an audit of several accounts (the engine sets it, not checks). */
  account?: string;
}

/** What `evaluate` returns: a finding without the fields the engine fills from the check's metadata. */
export type Verdict = Omit<Finding, 'checkId' | 'category' | 'severity' | 'suppressed' | 'relatedTo'> & {
  /** Override the check's severity for this one finding (rare: e.g. a warn that is less severe). */
  severity?: Severity;
  /**
   * The likely root cause: a finding of `checkId` on `resource` (default: this finding's resource).
   * The engine turns it into `relatedTo` when that finding failed or warned in the same run, and
   * drops it otherwise.
   */
  rootCause?: { checkId: string; resource?: ResourceRef };
};

/** What a check may read besides the inventory and its thresholds. */
export interface CheckContext {
  /** The whole .resil.yml (for structured settings such as `tiers:`; thresholds come resolved). */
  config: ResilConfig;
}

/** Values a check's thresholds may hold. */
export type ThresholdValue = number | string | boolean | string[] | null;
export type Thresholds = Record<string, ThresholdValue>;

/**
 * Settings shared by several checks, set at the top level of .resil.yml. A check that declares a
 * threshold with one of these names receives the top-level value unless the check's own config
 * overrides it.
 */
export const GLOBAL_SETTINGS = [
  'rpoSeconds',
  'rtoSeconds',
  'peakFactor',
  'safeUtilizationPercent',
  'eventDate',
  'primaryRegion',
  'standbyRegion',
] as const;
export type GlobalSetting = (typeof GLOBAL_SETTINGS)[number];

export interface Remediation {
  text: string;
  /** An AWS CLI command (with placeholders in <angle brackets>). */
  cli: string;
  /** A Terraform snippet. */
  terraform: string;
}

/**
 * The operations a check needs, as IAM-style `service:Operation` (e.g. `autoscaling:DescribeAutoScalingGroups`).
 * When a required operation failed in a region, the engine reports the check `skipped` for that region
 * with the error, and evaluates it on the other regions only.
 */
export type Requirement = `${string}:${string}`;

export interface CheckDefinition<T extends Thresholds = Thresholds> {
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  /** Why this matters when an AZ or a Region fails. */
  rationale: string;
  remediation: Remediation;
  /** Defaults, overridable per check in .resil.yml (`checks: { <id>: { <name>: value } }`). */
  thresholds: T;
  /** One line per threshold: what it means and its unit. */
  thresholdDocs?: Partial<Record<keyof T, string>>;
  /** Where the rule comes from (Trusted Advisor, Well-Architected, AWS docs, heuristic). */
  source?: string;
  requires: Requirement[];
  evaluate: (inventory: Inventory, thresholds: T, context: CheckContext) => Verdict[];
}

export type Check = CheckDefinition<Thresholds>;

export function defineCheck<T extends Thresholds>(def: CheckDefinition<T>): CheckDefinition<T> {
  return def;
}

// ------------------------------------------------------------------ verdict helpers
export function pass(
  resource: ResourceRef,
  message: string,
  evidence: Record<string, unknown> = {},
): Verdict {
  return { status: 'pass', resource, message, evidence };
}
export function fail(
  resource: ResourceRef,
  message: string,
  evidence: Record<string, unknown> = {},
): Verdict {
  return { status: 'fail', resource, message, evidence };
}
export function warn(
  resource: ResourceRef,
  message: string,
  evidence: Record<string, unknown> = {},
): Verdict {
  return { status: 'warn', resource, message, evidence };
}
/** For data that exists but cannot be judged (e.g. no lag data points in the window). */
export function skipped(
  resource: ResourceRef,
  message: string,
  evidence: Record<string, unknown> = {},
): Verdict {
  return { status: 'skipped', resource, message, evidence };
}
