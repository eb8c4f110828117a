/**
 * `resil init`: a commented .resil.yml for one account, guessed from its inventory (pure).
 * - primaryRegion / standbyRegion from the Aurora global database (the rule the dr checks use: the
 *   first global cluster by id with a writer; the writer's region, then its first secondary);
 * - runbooks.globalCluster when there is one global cluster; load balancers and DNS records a
 *   failover could cut over, as comments (the operator chooses);
 * - tiers: Auto Scaling groups of the primary paired with the standby's, by a tag that names one
 *   group per region, else by name without region words; as comments in the `tiers:` format of the
 *   capacity model (docs/capacity.md);
 * - every objective and an example threshold and suppression, commented, with the defaults.
 * The text must load with the config loader (test/unit/init.test.ts proves it).
 */
import { stringify } from 'yaml';
import type { Check } from '../checks/define.js';
import type { AutoScalingGroup, GlobalCluster, Inventory, RegionInventory } from '../inventory/schema.js';

export interface InitSource {
  tool: { name: string; version: string };
  /** "snapshot FILE" or "the live account". */
  from: string;
}

export interface TierPair {
  primary: string;
  standby: string;
  /** How the pair was found: `tag tier=web` or `name`. */
  by: string;
}

export interface InitGuess {
  primary?: string;
  standby?: string;
  globalCluster?: GlobalCluster;
  tiers: TierPair[];
  unpaired: string[];
}

/** Tag keys that commonly name a tier or service, in the order they are tried. */
export const TIER_TAG_KEYS = ['tier', 'service', 'component', 'role', 'app', 'application', 'Name'];

/** Words that say where a group runs, not what it is: dropped before names are compared. */
const PLACE_WORDS =
  /(^|[-_.])(primary|secondary|standby|dr|prod|east|west|north|south|central|use\d|usw\d|euw\d|euc\d|apse\d|apne\d|[a-z]{2}-[a-z]+-\d)(?=$|[-_.])/g;

/** "web-asg-west" → "web-asg"; "shop-web-us-west-2" → "shop-web". */
export function tierName(name: string): string {
  let n = name.toLowerCase();
  for (let prev = ''; prev !== n;) {
    prev = n;
    n = n.replace(PLACE_WORDS, '$1').replace(/[-_.]{2,}/g, '-');
  }
  return n.replace(/^[-_.]+|[-_.]+$/g, '') || name.toLowerCase();
}

function uniqueBy<T>(items: readonly T[], key: (t: T) => string | undefined): Map<string, T> {
  const seen = new Map<string, T | null>();
  for (const it of items) {
    const k = key(it);
    if (k === undefined) continue;
    seen.set(k, seen.has(k) ? null : it);
  }
  return new Map([...seen].filter((e): e is [string, T] => e[1] !== null));
}

/** Pairs each primary group with one standby group: by a tag value unique on both sides, then by name. */
export function pairTiers(
  primary: readonly AutoScalingGroup[],
  standby: readonly AutoScalingGroup[],
): { pairs: TierPair[]; unpaired: string[] } {
  const pairs: TierPair[] = [];
  const used = new Set<string>();
  const left = [...primary].sort((a, b) => a.name.localeCompare(b.name));
  const open = () => standby.filter((g) => !used.has(g.name));
  const unpaired: string[] = [];
  for (const g of left) {
    let match: { group: AutoScalingGroup; by: string } | undefined;
    for (const key of TIER_TAG_KEYS) {
      const v = g.tags[key];
      if (v === undefined) continue;
      const mine = uniqueBy(left, (x) => x.tags[key]);
      const theirs = uniqueBy(open(), (x) => x.tags[key]);
      if (mine.get(v) === g && theirs.has(v)) {
        match = { group: theirs.get(v)!, by: `tag ${key}=${v}` };
        break;
      }
    }
    if (!match) {
      const theirs = uniqueBy(open(), (x) => tierName(x.name));
      const same = theirs.get(tierName(g.name));
      if (same) match = { group: same, by: 'name' };
    }
    if (match) {
      used.add(match.group.name);
      pairs.push({ primary: g.name, standby: match.group.name, by: match.by });
    } else unpaired.push(g.name);
  }
  return { pairs, unpaired };
}

/** The same rule as the dr checks: the first global cluster (by id) with a writer. */
function derivationCluster(inv: Inventory): GlobalCluster | undefined {
  return [...inv.globalClusters]
    .sort((a, b) => a.id.localeCompare(b.id))
    .find((g) => g.members.some((m) => m.isWriter));
}

export function guessConfig(inv: Inventory): InitGuess {
  const gc = derivationCluster(inv);
  const primary = gc?.members.find((m) => m.isWriter)?.region;
  const standby = gc?.members.find((m) => !m.isWriter && m.region !== primary)?.region;
  const p = primary ? inv.regions[primary] : undefined;
  const s = standby ? inv.regions[standby] : undefined;
  const { pairs, unpaired } =
    p && s ? pairTiers(p.autoScalingGroups, s.autoScalingGroups) : { pairs: [], unpaired: [] };
  return {
    ...(primary ? { primary } : {}),
    ...(standby ? { standby } : {}),
    ...(gc ? { globalCluster: gc } : {}),
    tiers: pairs,
    unpaired,
  };
}

function resourceCount(r: RegionInventory): number {
  return (
    r.instances.length +
    r.autoScalingGroups.length +
    r.loadBalancers.length +
    r.targetGroups.length +
    r.dbInstances.length +
    r.dbClusters.length +
    r.replicationGroups.length +
    r.natGateways.length +
    r.ecsServices.length +
    r.dynamoDbTables.length +
    r.sqsQueues.length +
    r.efsFileSystems.length
  );
}

/** A YAML scalar (quoted only when it must be). */
function y(v: string | number): string {
  return stringify(v).trimEnd();
}

function defaultOf(checks: readonly Check[], name: string): string | number | undefined {
  for (const c of checks) {
    const v = c.thresholds[name];
    if (typeof v === 'number' || typeof v === 'string') return v;
  }
  return undefined;
}

/** Records a failover could cut over: failover pairs, and weighted sets of two or more, per zone. */
function dnsCandidates(inv: Inventory): Array<{ zone: string; record: string; how: string }> {
  const out: Array<{ zone: string; record: string; how: string }> = [];
  for (const z of [...inv.route53.hostedZones].sort((a, b) => a.name.localeCompare(b.name))) {
    const byName = new Map<string, typeof z.records>();
    for (const r of z.records) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
    for (const [name, recs] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
      const failover = recs.filter((r) => r.routingPolicy === 'failover');
      const weighted = recs.filter((r) => r.routingPolicy === 'weighted');
      const how =
        failover.some((r) => r.failover === 'PRIMARY') && failover.some((r) => r.failover === 'SECONDARY')
          ? `failover records ${failover.map((r) => r.setIdentifier ?? '?').join(' / ')}`
          : weighted.length >= 2
            ? `weighted records ${weighted.map((r) => r.setIdentifier ?? '?').join(' / ')}`
            : undefined;
      if (how)
        out.push({
          zone: z.name.replace(/\.$/, ''),
          record: name.replace(/\.$/, ''),
          how: `${how}${z.private ? ' (private zone)' : ''}`,
        });
    }
  }
  return out;
}

export function initConfigText(inv: Inventory, checks: readonly Check[], src: InitSource): string {
  const g = guessConfig(inv);
  const L: string[] = [];
  const seen = Object.entries(inv.regions)
    .map(([r, ri]) => [r, resourceCount(ri)] as const)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b));

  L.push(
    `# resil configuration for AWS account ${inv.accountId}, written by \`resil init\` (${src.tool.name} ${src.tool.version})`,
    `# from ${src.from}, captured ${inv.capturedAt}.`,
    '# Every key is optional: keep what you mean, delete the rest. The keys: README, "Configuration";',
    "# a check's thresholds: `resil checks explain ID`. An editor can validate this file against",
    '# schemas/config.schema.json, shipped with resil.',
    '#',
  );
  if (seen.length) {
    L.push(
      `# Regions with resources: ${seen.map(([r, n]) => `${r} (${n} resources)`).join(', ')}.`,
      `# Audit them with: resil audit --region ${seen.map(([r]) => r).join(',')}`,
    );
  } else {
    L.push('# No regional resources were found in the regions read.');
  }
  L.push('');

  // ---- primary / standby
  if (g.primary && g.standby && g.globalCluster) {
    L.push(
      `# Primary and standby, from the Aurora global database ${g.globalCluster.id} (writer in ${g.primary},`,
      `# secondary in ${g.standby}). The dr checks compare these two regions.`,
      `primaryRegion: ${y(g.primary)}`,
      `standbyRegion: ${y(g.standby)}`,
    );
    if (!(g.standby in inv.regions))
      L.push(
        `# (${g.standby} was not read: run resil init --region ${g.primary},${g.standby} to pair tiers.)`,
      );
  } else {
    const [a, b] = seen.map(([r]) => r);
    L.push(
      g.globalCluster
        ? `# The global database ${g.globalCluster.id} has no secondary region: set the standby region yourself.`
        : '# No Aurora global database to take the primary and standby regions from: set them for the dr checks.',
      `# primaryRegion: ${a ?? 'us-east-1'}`,
      `# standbyRegion: ${b ?? 'us-west-2'}`,
    );
  }
  L.push('');

  // ---- objectives
  const rpo = defaultOf(checks, 'rpoSeconds') ?? 15;
  const rto = defaultOf(checks, 'rtoSeconds') ?? 900;
  const peak = defaultOf(checks, 'peakFactor');
  L.push(
    '# Objectives (the values shown are the defaults):',
    `# rpoSeconds: ${rpo}             # recovery point objective: replication lag above it fails`,
    `# rtoSeconds: ${rto}            # recovery time objective: the failover time budget`,
    peak === undefined
      ? "# peakFactor: 1.5            # declares peak load = peakFactor × today's desired capacity (no default)"
      : `# peakFactor: ${peak}              # peak load = peakFactor × today's desired capacity`,
    '# eventDate: "YYYY-MM-DD"    # a peak-traffic day: scale-ups must be scheduled before it',
    '',
  );

  // ---- tiers
  if (g.primary && g.standby && (g.tiers.length || g.unpaired.length)) {
    L.push(
      `# Tiers: the Auto Scaling groups of ${g.primary} paired with those of ${g.standby} (by a tag that`,
      '# names one group per region, else by name). The capacity model pairs tiers itself (tiers:, a',
      '# shared tag, or the traffic); uncomment to pin a pair or declare a peak (docs/capacity.md).',
      '# tiers:',
    );
    const used = new Set<string>();
    const key = (name: string) => {
      const base = tierName(name).replace(/[^\w.-]+/g, '-') || 'tier';
      let k = base;
      for (let n = 2; used.has(k); n++) k = `${base}-${n}`;
      used.add(k);
      return k;
    };
    for (const t of g.tiers)
      L.push(
        `#   ${y(key(t.primary))}:    # paired by ${t.by}`,
        `#     primary: ${y(t.primary)}`,
        `#     standby: ${y(t.standby)}`,
      );
    for (const name of g.unpaired)
      L.push(
        `#   ${y(key(name))}:`,
        `#     primary: ${y(name)}`,
        `#     standby: null    # no counterpart found in ${g.standby}; null declares none on purpose`,
      );
    L.push('');
  }

  // ---- runbooks
  const lbs =
    g.standby && inv.regions[g.standby]
      ? inv.regions[g.standby]!.loadBalancers.filter((l) => l.scheme === 'internet-facing')
      : [];
  const dns = dnsCandidates(inv);
  const others = inv.globalClusters.filter((c) => c !== g.globalCluster).map((c) => c.id);
  const runbookLines: string[] = [];
  if (lbs.length && g.standby) {
    runbookLines.push(
      '  # loadBalancers:            # checked for healthy targets in the target region before a failover',
      `  #   ${g.standby}: ${y(lbs[0]!.name)}${
        lbs.length > 1
          ? `    # or: ${lbs
              .slice(1)
              .map((l) => l.name)
              .join(', ')}`
          : ''
      }`,
    );
  }
  if (dns.length) {
    runbookLines.push(
      '  # dns:                      # what resil failover cuts over: records of ONE hosted zone',
    );
    for (const d of dns)
      runbookLines.push(`  #   - zone: ${y(d.zone)}`, `  #     record: ${y(d.record)}    # ${d.how}`);
  }
  if (g.globalCluster) {
    L.push(
      '# Runbooks (docs/runbooks.md): the defaults of resil failover.',
      'runbooks:',
      `  globalCluster: ${y(g.globalCluster.id)}${others.length ? `    # others: ${others.join(', ')}` : ''}`,
      ...runbookLines,
    );
  } else if (runbookLines.length) {
    L.push('# Runbooks (docs/runbooks.md): the defaults of resil failover and resil cutover.', '# runbooks:');
    L.push(...runbookLines);
  }
  L.push('');

  // ---- checks and suppressions
  const example = checks.find((c) => c.id === 'tg.detection-time') ?? checks[0];
  const threshold = example ? Object.entries(example.thresholds)[0] : undefined;
  if (example && threshold) {
    L.push(
      '# checks:                    # per-check thresholds, or enabled: false to turn a check off',
      `#   ${example.id}:`,
      `#     ${threshold[0]}: ${y(threshold[1] as string | number)}`,
      '',
    );
  }
  L.push(
    '# suppressions:              # accepted findings: still shown (as suppressed), never gate',
    `#   - check: ${example?.id ?? 'tg.*'}`,
    '#     resource: legacy-*',
    '#     reason: Retired in Q1; tracked in OPS-123',
    '#     expires: 2027-03-31',
  );
  return `${L.join('\n')}\n`;
}
