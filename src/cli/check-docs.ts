/**
 * Check metadata for people: the `resil checks --json` contract, the `resil checks explain` text and
 * docs/checks.md. All pure; one source (the check definitions) for all three.
 */
import {
  CATEGORIES,
  GLOBAL_SETTINGS,
  type Check,
  type Remediation,
  type ThresholdValue,
} from '../checks/define.js';
import { plural } from '../util/text.js';

export interface ThresholdInfo {
  default: ThresholdValue;
  description: string;
  /** The top-level .resil.yml setting that feeds this threshold (rpoSeconds, peakFactor, ...), if any. */
  globalSetting?: string;
}

/** One entry of `resil checks --json`. Field order and names are a contract: add, never rename. */
export interface CheckInfo {
  id: string;
  title: string;
  category: string;
  severity: string;
  rationale: string;
  thresholds: Record<string, ThresholdInfo>;
  remediation: Remediation;
  source: string | null;
  requires: string[];
}

export function thresholdInfo(check: Check): Record<string, ThresholdInfo> {
  const docs = (check.thresholdDocs ?? {}) as Record<string, string | undefined>;
  return Object.fromEntries(
    Object.entries(check.thresholds).map(([name, value]) => [
      name,
      {
        default: value,
        description: docs[name] ?? '',
        ...((GLOBAL_SETTINGS as readonly string[]).includes(name) ? { globalSetting: name } : {}),
      },
    ]),
  );
}

export function checkInfo(check: Check): CheckInfo {
  return {
    id: check.id,
    title: check.title,
    category: check.category,
    severity: check.severity,
    rationale: check.rationale.trim(),
    thresholds: thresholdInfo(check),
    remediation: check.remediation,
    source: check.source ?? null,
    requires: [...check.requires],
  };
}

export function formatValue(v: ThresholdValue | undefined): string {
  if (v === undefined) return '(unset)';
  if (v === null) return 'none';
  if (Array.isArray(v)) return v.length ? v.join(', ') : '(empty list)';
  return String(v);
}

/** Checks grouped by category, in the category order of the contract, each group sorted by id. */
export function byCategory(checks: readonly Check[]): Array<[string, Check[]]> {
  return CATEGORIES.map((cat) => [
    cat,
    checks.filter((c) => c.category === cat).sort((a, b) => a.id.localeCompare(b.id)),
  ]);
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** docs/checks.md. Deterministic: no dates, stable order. */
export function renderChecksMarkdown(checks: readonly Check[]): string {
  const out: string[] = [];
  out.push(
    '# resil checks',
    '',
    '<!-- Generated from the check metadata in src/checks/rules/ by `npm run docs`. Do not edit by hand. -->',
    '',
    `resil runs ${plural(checks.length, 'check')} in ${CATEGORIES.length} categories. Each check reports \`pass\`, \`fail\`, \`warn\` or`,
    '`skipped` (when the data it needs could not be collected) per resource. Thresholds are set per check in',
    '`.resil.yml` (`checks: { <id>: { <threshold>: value } }`; see the README, "Configuration"), and',
    '`resil checks explain <id>` prints the same information as this page, with the values in effect.',
    '',
    '**Capacity.** The capacity checks (`asg.static-stability`, `asg.max-size-headroom`, `tier.static-stability`,',
    '`ecs.auto-scaling`, `dr.standby-capacity`, `dr.rto-budget`) judge tiers — Auto Scaling groups, ECS services,',
    'standalone instances — in vCPUs against a peak demand whose source every finding names in',
    '`evidence.demandSource`: `declared`, `measured`, `policy-target` or `assumed` (an assumed demand gives at',
    'most a warning). [The capacity model](capacity.md) explains tiers, demand, pairing and the N−1 arithmetic.',
    '',
    '**Scope.** Every check can be narrowed by tag: `scope: { includeTags: [...], excludeTags: [...] }` at the',
    'top of `.resil.yml` applies to all checks, and `checks.<id>.scope` to one (its `includeTags` replace the',
    'top-level ones; the `excludeTags` add up). Tags are `key=value` or `key`. A finding whose resource is out of',
    'scope is not reported; resources that carry no tags (Route 53 records, target groups, regions, the',
    'account) are always in scope. Example: `scope: { excludeTags: ["env=dev"] }`.',
    '',
    "**One cause, one finding.** A finding that follows from another — a single-AZ group's static-stability,",
    'max-size and AZ-balance findings follow from its `asg.multi-az` failure — carries `relatedTo:',
    '{ checkId, resource }` pointing at the root-cause finding (when that finding failed or warned in the same',
    'run). It is still reported, and still gates; fix the root first.',
    '',
    '**AZ IDs.** A finding whose resource lives in one AZ carries `resource.azId` (e.g. `use1-az4`) next to',
    '`resource.az`: AZ names map to different physical zones in different accounts, AZ IDs do not.',
    '',
    '**Categories that are not obvious.** `sqs.dead-letter-queue` is `data-protection`: what it guards against is',
    'messages deleted unseen when their retention ends. `ecs.deployment-safety` and `alarms.failover-signals` are',
    '`health-check`: they are about noticing a failure (a bad deployment, a lost signal) and acting on it.',
    '`ecs.auto-scaling`, `tier.static-stability` and `appautoscaling.scalable-target` are `scaling`, like their',
    'Auto Scaling group counterparts. `dynamodb.standby-replica`, `sqs.standby-worker` and `efs.standby-replication`',
    "are `dr`: they ask whether the standby region can do the primary's work.",
    '',
    '## Index',
    '',
  );
  for (const [cat, list] of byCategory(checks)) {
    out.push(`### ${cat}`, '');
    if (list.length === 0) {
      out.push('_No checks in this category yet._', '');
      continue;
    }
    out.push('| Check | Severity | Title |', '| --- | --- | --- |');
    for (const c of list) out.push(`| [\`${c.id}\`](#${c.id}) | ${c.severity} | ${mdCell(c.title)} |`);
    out.push('');
  }
  for (const [cat, list] of byCategory(checks)) {
    if (list.length === 0) continue;
    out.push(`## ${cat}`, '');
    for (const c of list) {
      const info = checkInfo(c);
      out.push(`<a id="${c.id}"></a>`, '', `### \`${c.id}\` — ${c.title}`, '');
      out.push(
        `**Category:** ${c.category} · **Severity:** ${c.severity}${c.source ? ` · **Source:** ${c.source}` : ''}`,
        '',
      );
      out.push(info.rationale, '');
      const names = Object.keys(info.thresholds);
      if (names.length) {
        out.push('**Thresholds**', '', '| Name | Default | Meaning |', '| --- | --- | --- |');
        for (const n of names) {
          const t = info.thresholds[n]!;
          const global = t.globalSetting ? ` (top-level \`${t.globalSetting}\` applies)` : '';
          out.push(
            `| \`${n}\` | \`${mdCell(formatValue(t.default))}\` | ${mdCell(t.description)}${global} |`,
          );
        }
        out.push('');
      }
      out.push(
        '**Remediation**',
        '',
        c.remediation.text.trim(),
        '',
        '```sh',
        c.remediation.cli.trim(),
        '```',
        '',
      );
      out.push('```hcl', c.remediation.terraform.trim(), '```', '');
      out.push(`**Required permissions:** ${c.requires.map((r) => `\`${r}\``).join(', ')}`, '');
    }
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
