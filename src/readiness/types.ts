/**
 * The readiness report model: what `resil readiness` renders as HTML, Markdown and JSON (the JSON is
 * this object; schemas/readiness-report.schema.json describes it). Plain, JSON-serialisable data.
 *
 * Every capacity number says where its demand came from (`DemandSource`); every item has a status,
 * and `unknown` is never counted as passed.
 */
import type { DemandSource } from '../capacity/index.js';

/**
 * What a tier's members are called: instances (Auto Scaling groups, standalone instances) or tasks
 * (ECS services). The report's member counts (instancesNow, target.instances, standbyInstances, …)
 * are in this noun, whatever their JSON field is called.
 */
export type CountNoun = 'instances' | 'tasks';

export const READINESS_SCHEMA_VERSION = '1.0';

/** One item's state: ok; at-risk (works, with a caveat, or only on a guess); not-ready; unknown (not read). */
export type ItemStatus = 'ok' | 'at-risk' | 'not-ready' | 'unknown';
export const ITEM_STATUSES: readonly ItemStatus[] = ['not-ready', 'at-risk', 'unknown', 'ok'];

export type VerdictStatus = 'READY' | 'AT RISK' | 'NOT READY';

export type Section =
  'az-loss' | 'region-loss' | 'database' | 'quotas' | 'reservations' | 'failover' | 'audit';

/** One thing the report judged, in a sentence: what the verdict, the top three and the baseline diff list. */
export interface Issue {
  /** Stable across runs: "az-loss:us-east-1:asg/shop-api", "quota:us-west-2:L-1216C47A". */
  key: string;
  section: Section;
  status: ItemStatus;
  /** What it is about: "shop-api (us-east-1)". */
  subject: string;
  /** The finding with its number and where the number comes from. */
  summary: string;
  demandSource?: DemandSource;
}

export interface DemandView {
  source: DemandSource;
  /** How today's peak was found, in words (from the capacity model). */
  basis: string;
  unit: string;
  /** Capacity today's peak needs in service (busy ÷ safe utilisation, or a declared size). */
  peakNeeded: number;
  peakFactor: number;
  /** The event's forecast: peakNeeded × peakFactor. */
  forecastNeeded: number;
  /** Why each more trusted source could not be used. */
  notUsed: Array<{ source: DemandSource; why: string }>;
  /** The history the measured peak was read from. */
  window?: { start: string; end: string; days: number; hours: number; peakAt: string };
}

export interface AzRow {
  az: string;
  instances: number;
  /** Capacity in service in this AZ, in the tier's unit. */
  units: number;
  /** Capacity left in the other AZs when this one is lost. */
  afterLosingIt: number;
  shortBy: number;
  survivorsUtilizationPercent?: number;
  ok: boolean;
}

export interface ScheduledRaise {
  name: string;
  startTime: string;
  minSize?: number;
  desiredCapacity?: number;
  /** Whether the raised size reaches the statically stable size. */
  reaches: boolean;
}

/** Section 2: losing one AZ at the event's peak, for one tier. */
export interface AzLossTier {
  key: string;
  status: ItemStatus;
  reasons: string[];
  /**
   * countNoun: what the tier's members are called — "instances" (Auto Scaling groups, standalone
   * instances) or "tasks" (ECS services). instancesNow, perAz[].instances, shortByInstances, target and
   * scaling.min/max/desired count members in this noun, whatever the field names say.
   */
  tier: { id: string; name: string; kind: string; region: string; unit: string; countNoun: CountNoun };
  demand: DemandView;
  capacityNow: number;
  /** Members in service now (in tier.countNoun). */
  instancesNow: number;
  unitsPerInstance: number;
  perAz: AzRow[];
  worstAz: string | null;
  /** Capacity left after losing the worst AZ. */
  worstAfter: number;
  /** Units short after losing the worst AZ (0 when none). */
  shortBy: number;
  /** Instances short after losing the worst AZ (0 when none). */
  shortByInstances: number;
  /** Fewer than two configured AZs: no size survives losing the only one. */
  singleAz: boolean;
  /**
   * What to set so losing any AZ still leaves the forecast peak: instances in total (min = desired),
   * and at most per AZ when evenly spread. Null for a single-AZ tier (add AZs first).
   */
  target: { instances: number; perAz: number; addInstances: number } | null;
  scaling: {
    /**
     * What sets the tier's size: its Auto Scaling group (min/max are MinSize/MaxSize); an Application
     * Auto Scaling scalable target of an ECS service's desired count (MinCapacity/MaxCapacity); or none
     * (standalone instances, and an ECS service without a scalable target: min = max = its desired count).
     */
    scaledBy: 'auto-scaling-group' | 'application-auto-scaling' | 'none';
    min: number;
    max: number;
    desired: number;
    /** The max (MaxSize, MaxCapacity, or an unscaled service's desired count) reaches the target (null for standalone instances). */
    maxReaches: boolean | null;
    canReact: boolean;
    reactivePolicies: string[];
    /** The first scheduled action that raises capacity between now and the event start. */
    scheduledBeforeEvent: ScheduledRaise | null;
  };
}

/** Section 3: losing the region, for one primary tier and its standby. */
export interface RegionLossTier {
  key: string;
  status: ItemStatus;
  reasons: string[];
  primary: { id: string; name: string; kind: string; region: string };
  standby: { id: string; name: string; kind: string; region: string } | null;
  pairedBy: string | null;
  unpairedWhy: string | null;
  demand: DemandView;
  unit: string;
  /**
   * What the standby tier's members are called ("instances" or "tasks", as AzLossTier.tier.countNoun;
   * the primary's when there is no standby): standbyInstances, standbyMaxInstances and
   * scaleOutInstances count them.
   */
  countNoun: CountNoun;
  /** The forecast need, in the pair's unit. */
  needed: number;
  standbyNow: number;
  standbyInstances: number;
  /** What the standby reaches at its max (MaxSize, its scalable target's MaxCapacity, or its size when nothing scales it). */
  standbyAtMax: number;
  standbyMaxInstances: number;
  standbyHealthyTargetsPerAz: Record<string, number>;
  /** Listener rules that route to the standby tier: "shop-alb-west :443 rule 10 (path /api/*)". */
  standbyRoutes: string[];
  verdict: 'ready' | 'must-scale' | 'too-small' | 'empty' | 'no-standby' | null;
  scaleOutUnits: number;
  scaleOutInstances: number;
}

export interface LagStatsView {
  metric: string;
  unit: 'seconds';
  p50: number;
  p99: number;
  max: number;
  points: number;
  periodSeconds: number;
  window: { start: string; end: string };
}

/** Section 3: the database the standby region promotes (an Aurora global database secondary). */
export interface DatabaseReadiness {
  key: string;
  status: ItemStatus;
  reasons: string[];
  globalClusterId: string;
  primary: { cluster: string; region: string; writerClass: string | null; instances: number };
  secondary: {
    cluster: string;
    region: string;
    instances: number;
    classes: string[];
    largestClass: string | null;
    synchronizationStatus: string | null;
  };
  /** The secondary's largest class against the primary writer's: bigger, same, smaller or unknown. */
  classVsWriter: 'larger' | 'same' | 'smaller' | 'unknown' | 'none';
  rpoSeconds: number;
  /** The lag the RPO is judged on (RPO lag, else replication lag), over the window. */
  lag: LagStatsView | null;
  /** Every lag series of the secondary over the window (for the chart), in seconds. */
  series: Array<{ metric: string; points: Array<{ t: string; seconds: number }> }>;
  lagUnknownWhy: string | null;
}

export interface QuotaRow {
  key: string;
  status: ItemStatus;
  reasons: string[];
  region: string;
  serviceCode: string;
  quotaCode: string;
  name: string;
  /** What it counts, with the unit: "vCPUs of running Standard instances". */
  counts: string;
  /** The quota, or null when it could not be read. */
  value: number | null;
  valueSource: 'applied' | 'default' | null;
  usedNow: number;
  /** What the peak and the failover add in this region (scale-outs to the forecast). */
  added: number;
  addedBy: string[];
  usedAfter: number;
  /** usedAfter ÷ value, in percent (null when the value is unknown or 0 with nothing used). */
  percentAfter: number | null;
  percentNow: number | null;
}

export interface CapacityReservationRow {
  key: string;
  status: ItemStatus;
  reasons: string[];
  region: string;
  id: string;
  instanceType: string;
  az: string;
  total: number;
  available: number;
  state: string;
  startDate: string | null;
  endDate: string | null;
  /** In force for the whole event window (or, without one, now). */
  coversEvent: boolean;
  matchCriteria: string | null;
}

export interface ReservationCoverage {
  region: string;
  instanceType: string;
  /**
   * Instances of this type the peak (primary) or the failover (standby) needs; for an ECS service on EC2
   * capacity, its container instances (tasks × task vCPUs ÷ the type's vCPUs, by CPU alone). Fargate
   * tasks cannot be reserved: they have no row (the section's notes say so).
   */
  neededInstances: number;
  /** Instances reserved by capacity reservations in force across the event. */
  reservedInstances: number;
  tiers: string[];
}

export interface LbReservationRow {
  key: string;
  status: ItemStatus;
  reasons: string[];
  region: string;
  loadBalancer: string;
  type: string;
  minimumCapacityUnits: number | null;
  zones: Array<{ az: string; state: string; effectiveCapacityUnits: number | null; reason?: string }>;
}

export interface RegionUnknown {
  key: string;
  region: string;
  what: string;
  why: string;
}

export interface FailoverTerm {
  name: 'detection' | 'ttl' | 'dns-propagation' | 'promotion' | 'scale-out';
  label: string;
  seconds: number;
  /** configured: read from the account; measured: from runbook journals; estimate: a documented default; none: not on this path. */
  source: 'configured' | 'measured' | 'estimate' | 'none';
  basis: string;
}

export interface FailoverPath {
  key: string;
  status: ItemStatus;
  reasons: string[];
  record: string;
  zone: string | null;
  terms: FailoverTerm[];
  totalSeconds: number;
  rtoSeconds: number;
}

export interface PromotionEvidence {
  seconds: number;
  source: 'measured' | 'estimate' | 'none';
  basis: string;
  runs: Array<{ runId: string; startedAt: string; seconds: number; kind: string }>;
}

export interface Action {
  severity: 'critical' | 'high' | 'medium' | 'low';
  /** Where it came from: a readiness item key, or an audit check id. */
  from: string;
  resource: string;
  what: string;
  cli?: string;
  terraform?: string;
  /** YYYY-MM-DD, or null without an event date. */
  due: string | null;
  /** "before the event" (critical) or "after the event" (the others: do not change things during a freeze). */
  dueWhen: 'before the event' | 'after the event';
}

export interface BaselineChanges {
  baselineGeneratedAt: string;
  baselineVerdict: VerdictStatus;
  verdictChanged: boolean;
  appeared: Issue[];
  resolved: Issue[];
  changed: Array<{ key: string; subject: string; from: ItemStatus; to: ItemStatus; summary: string }>;
}

export interface ReadinessReport {
  schemaVersion: string;
  kind: 'resil-readiness-report';
  tool: { name: string; version: string };
  generatedAt: string;
  account: { id: string; capturedAt: string; regions: string[] };
  event: {
    date: string | null;
    end: string | null;
    /** Whole days from the capture to the event start (negative: it has started). */
    daysUntil: number | null;
    peakFactor: number;
    history: { start: string; end: string; days: number };
  };
  regions: { known: boolean; primary: string | null; standby: string | null; how: string };
  objectives: {
    rtoSeconds: number;
    rtoSource: string;
    rpoSeconds: number;
    rpoSource: string;
    safeUtilizationPercent: number;
    quotaRedPercent: number;
  };
  verdict: {
    status: VerdictStatus;
    exitCode: number;
    strict: boolean;
    /** Some item is unknown (not read): the verdict cannot be READY, and the exit code is 3 unless worse. */
    incomplete: boolean;
    headline: string;
    top: Issue[];
    counts: Record<ItemStatus, number>;
    /** Tiers judged on each demand source. */
    demandSources: Record<DemandSource, number>;
  };
  changes: BaselineChanges | null;
  azLoss: AzLossTier[];
  regionLoss: { pairs: RegionLossTier[]; unpairedStandby: string[]; databases: DatabaseReadiness[] };
  quotas: { rows: QuotaRow[] };
  reservations: {
    capacity: CapacityReservationRow[];
    coverage: ReservationCoverage[];
    loadBalancers: LbReservationRow[];
    unknown: RegionUnknown[];
    notes: string[];
  };
  failover: { promotion: PromotionEvidence; paths: FailoverPath[] };
  actions: Action[];
  /** Every item that is not ok, worst first. */
  issues: Issue[];
  /** Audit findings that fed the report: failing and warning counts by severity. */
  audit: { fail: Record<string, number>; warn: number; skipped: number };
  notes: string[];
}
