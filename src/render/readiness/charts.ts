/**
 * The readiness report's charts, drawn at build time as static SVG with Observable Plot on a
 * server-side DOM (linkedom): no script, no external resource. Each chart is a <figure> with a
 * title, a subtitle, labelled axes with units, an aria-label and a text alternative (figcaption).
 * Plot escapes every text it writes; titles and captions are escaped here.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type {
  AzLossTier,
  DatabaseReadiness,
  FailoverPath,
  QuotaRow,
  RegionLossTier,
} from '../../readiness/types.js';
import { esc } from './escape.js';
import { n } from './common.js';

export interface Chart {
  /** Stable id (data-chart), e.g. "az-capacity:us-east-1:asg/shop-api". */
  id: string;
  kind: 'az-capacity' | 'standby-vs-primary' | 'replication-lag' | 'rto-waterfall' | 'quota-headroom';
  title: string;
  subtitle: string;
  /** The text alternative: what the chart shows, in words. */
  description: string;
  svg: string;
}

export const COLORS = {
  red: '#c62828',
  amber: '#b26a00',
  green: '#2e7d32',
  grey: '#6b7280',
  ink: '#1f2937',
  azs: ['#3b6ea8', '#5aa0c8', '#8cc5b8', '#b7a4d6', '#e0b872', '#9bb06b'],
};

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

function render(options: Plot.PlotOptions): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const el = Plot.plot({
    ...options,
    document: document as never,
    style: { fontFamily: FONT, fontSize: '12px', background: 'transparent', overflow: 'visible' },
  }) as unknown as { outerHTML: string; setAttribute?: (k: string, v: string) => void };
  return el.outerHTML;
}

/** The <figure> markup of a chart. */
export function figure(c: Chart): string {
  return (
    `<figure class="chart" data-chart="${esc(c.kind)}" id="${esc(c.id)}">` +
    `<h3 class="chart-title">${esc(c.title)}</h3>` +
    `<p class="chart-subtitle">${esc(c.subtitle)}</p>` +
    `<div class="chart-body">${c.svg}</div>` +
    `<figcaption>${esc(c.description)}</figcaption>` +
    '</figure>'
  );
}

/** Capacity per AZ of one tier: now, after losing each AZ, against the forecast peak (and today's). */
export function azCapacityChart(a: AzLossTier): Chart {
  const unit = a.tier.unit;
  const scenarios = ['now', ...a.perAz.map((z) => `lose ${z.az}`)];
  const data = scenarios.flatMap((s, i) =>
    a.perAz
      .filter((z) => i === 0 || `lose ${z.az}` !== s)
      .filter((z) => z.units > 0)
      .map((z) => ({ scenario: s, az: z.az, units: z.units })),
  );
  const peak = a.demand.forecastNeeded;
  const today = a.demand.peakNeeded;
  const top = Math.max(peak, a.capacityNow, 1) * 1.15;
  const title = `${a.tier.name} (${a.tier.region}): ${unit} per AZ, now and after losing each AZ`;
  const sched = a.scaling.scheduledBeforeEvent;
  const subtitle =
    `Red line: the forecast peak needs ${n(peak)} ${unit} (${a.demand.source} demand × ${a.demand.peakFactor}); grey: today's peak, ${n(today)}.` +
    (sched
      ? ` Before the event, ${sched.name} raises it to ${Math.max(sched.minSize ?? 0, sched.desiredCapacity ?? 0)} ${a.tier.countNoun} (${sched.reaches ? 'enough' : 'not enough'}).`
      : '');
  const after = a.perAz.map((z) => `losing ${z.az} leaves ${n(z.afterLosingIt)}`).join(', ');
  const description =
    `${a.tier.name} runs ${n(a.capacityNow)} ${unit} now (${a.perAz.map((z) => `${z.az} ${n(z.units)}`).join(', ')}); ${after}; ` +
    `the forecast peak needs ${n(peak)} ${unit}.`;
  const svg = render({
    width: 560,
    height: 300,
    marginLeft: 56,
    marginRight: 24,
    marginTop: 28,
    ariaLabel: title,
    ariaDescription: description,
    marginBottom: 46,
    x: {
      domain: scenarios,
      label: 'Scenario: which AZ is lost',
      padding: 0.3,
      labelOffset: 40,
      labelAnchor: 'center',
    },
    y: { domain: [0, top], grid: true, label: `${unit} in service`, nice: true },
    color: { domain: a.perAz.map((z) => z.az), range: COLORS.azs, legend: true, label: 'AZ' },
    marks: [
      Plot.barY(data, {
        x: 'scenario',
        y: 'units',
        fill: 'az',
        title: (d: { az: string; units: number }) => `${d.az}: ${n(d.units)} ${unit}`,
      }),
      Plot.ruleY([0]),
      Plot.ruleY([today], { stroke: COLORS.grey, strokeDasharray: '3,3' }),
      Plot.text([today], {
        y: (d: number) => d,
        frameAnchor: 'right',
        textAnchor: 'end',
        dy: 10,
        fill: COLORS.grey,
        stroke: 'white',
        strokeWidth: 3,
        paintOrder: 'stroke',
        text: () => `today's peak ${n(today)}`,
      }),
      Plot.ruleY([peak], { stroke: COLORS.red, strokeWidth: 2, strokeDasharray: '6,4' }),
      Plot.text([peak], {
        y: (d: number) => d,
        frameAnchor: 'right',
        textAnchor: 'end',
        dy: -7,
        fill: COLORS.red,
        stroke: 'white',
        strokeWidth: 3,
        paintOrder: 'stroke',
        fontWeight: 600,
        text: () => `forecast peak ${n(peak)}`,
      }),
    ],
  });
  return { id: `az-capacity:${a.tier.id}`, kind: 'az-capacity', title, subtitle, description, svg };
}

/** Standby vs primary per tier: the forecast need, what the standby runs now and at its max (MaxSize, or an ECS service's MaxCapacity). */
export function standbyChart(pairs: RegionLossTier[]): Chart {
  const series = ['forecast need', 'standby now', 'standby at its max'];
  const label = (p: RegionLossTier) => `${p.primary.name} → ${p.standby?.name ?? 'no standby'} (${p.unit})`;
  const data = pairs.flatMap((p) => [
    { pair: label(p), series: series[0]!, value: p.needed },
    { pair: label(p), series: series[1]!, value: p.standbyNow },
    { pair: label(p), series: series[2]!, value: p.standbyAtMax },
  ]);
  const title = 'Standby vs primary, per tier: can the standby carry the forecast peak?';
  const subtitle =
    "Each tier: what the forecast peak needs, what its standby runs now, and the most its max allows (an Auto Scaling group's MaxSize, an ECS service's scalable target MaxCapacity).";
  const description = pairs
    .map(
      (p) =>
        `${p.primary.name}: needs ${n(p.needed)} ${p.unit}; ${p.standby ? `${p.standby.name} runs ${n(p.standbyNow)} now, ${n(p.standbyAtMax)} at its max` : 'no standby'} (${p.verdict ?? 'not judged'})`,
    )
    .join('; ');
  const svg = render({
    width: 960,
    height: Math.max(160, pairs.length * 78 + 60),
    marginLeft: 250,
    marginRight: 40,
    ariaLabel: title,
    ariaDescription: description,
    marginBottom: 46,
    x: {
      grid: true,
      label: 'Capacity in the unit of each tier (vCPUs, instances or tasks) →',
      nice: true,
      labelOffset: 38,
    },
    y: { domain: series, axis: null },
    fy: { domain: pairs.map(label), label: null, padding: 0.25 },
    color: { domain: series, range: [COLORS.red, COLORS.azs[0]!, COLORS.azs[2]!], legend: true },
    marks: [
      Plot.barX(data, {
        x: 'value',
        y: 'series',
        fy: 'pair',
        fill: 'series',
        title: (d: { series: string; value: number }) => `${d.series}: ${n(d.value)}`,
      }),
      Plot.text(data, {
        x: 'value',
        y: 'series',
        fy: 'pair',
        text: (d: { value: number }) => n(d.value),
        dx: 4,
        textAnchor: 'start',
        fill: COLORS.ink,
      }),
      Plot.ruleX([0]),
    ],
  });
  return { id: 'standby-vs-primary', kind: 'standby-vs-primary', title, subtitle, description, svg };
}

/** Replication lag over the --history window (the x axis spans all of it) against the RPO line. */
export function lagChart(d: DatabaseReadiness, window: { start: string; end: string }): Chart {
  const data = d.series.flatMap((s) =>
    s.points.map((p) => ({ metric: s.metric, t: new Date(p.t), seconds: p.seconds })),
  );
  const over = data.filter((p) => p.seconds > d.rpoSeconds);
  const title = `Replication lag of ${d.secondary.cluster} (${d.secondary.region}) against the ${d.rpoSeconds} s RPO`;
  const subtitle = d.lag
    ? `${d.lag.metric}: p50 ${n(d.lag.p50)} s, p99 ${n(d.lag.p99)} s, max ${n(d.lag.max)} s over the window; red dots are above the RPO.`
    : `No lag data: ${d.lagUnknownWhy ?? 'unknown'}.`;
  const description = d.lag
    ? `${d.series.map((s) => s.metric).join(' and ')} from ${d.lag.window.start} to ${d.lag.window.end}: p50 ${n(d.lag.p50)} s, p99 ${n(d.lag.p99)} s, maximum ${n(d.lag.max)} s; ${over.length} point(s) above the ${d.rpoSeconds} s RPO.`
    : `No replication-lag data for ${d.secondary.cluster}: ${d.lagUnknownWhy ?? 'unknown'}.`;
  const top = Math.max(d.rpoSeconds, ...data.map((p) => p.seconds), 1) * 1.1;
  const svg = render({
    width: 960,
    height: 300,
    marginLeft: 56,
    marginTop: 28,
    ariaLabel: title,
    ariaDescription: description,
    marginBottom: 46,
    x: {
      type: 'utc',
      domain: [new Date(window.start), new Date(window.end)],
      label: 'Time (UTC) →',
      labelOffset: 38,
    },
    y: { domain: [0, top], grid: true, label: 'Lag (s)' },
    color: { domain: d.series.map((s) => s.metric), range: [COLORS.azs[0]!, COLORS.azs[4]!], legend: true },
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(data, { x: 't', y: 'seconds', stroke: 'metric', strokeWidth: 1.3 }),
      // Few points (a short history): show each one, a line alone would not.
      ...(data.length < 100 ? [Plot.dot(data, { x: 't', y: 'seconds', stroke: 'metric', r: 2.5 })] : []),
      Plot.ruleY([d.rpoSeconds], { stroke: COLORS.red, strokeWidth: 2, strokeDasharray: '6,4' }),
      Plot.text([d.rpoSeconds], {
        y: (v: number) => v,
        frameAnchor: 'left',
        textAnchor: 'start',
        dy: -7,
        dx: 4,
        fill: COLORS.red,
        fontWeight: 600,
        text: () => `RPO ${d.rpoSeconds} s`,
      }),
      Plot.dot(over, {
        x: 't',
        y: 'seconds',
        fill: COLORS.red,
        r: 3.5,
        title: (p: { seconds: number; t: Date }) => `${p.t.toISOString()}: ${n(p.seconds)} s`,
      }),
    ],
  });
  return {
    id: `replication-lag:${d.globalClusterId}`,
    kind: 'replication-lag',
    title,
    subtitle,
    description,
    svg,
  };
}

const SOURCE_COLOR: Record<string, string> = {
  configured: '#3b6ea8',
  measured: '#2e7d32',
  estimate: '#d08c1a',
  none: '#9ca3af',
};

/** The failover time budget of one path as a waterfall against the RTO. */
export function waterfallChart(p: FailoverPath): Chart {
  let at = 0;
  const steps = p.terms.map((t) => {
    const row = { label: t.label, start: at, end: at + t.seconds, seconds: t.seconds, source: t.source };
    at += t.seconds;
    return row;
  });
  const total = { label: 'Total', start: 0, end: p.totalSeconds, seconds: p.totalSeconds, source: 'total' };
  const rows = [...steps, total];
  const title = `Failover time budget: ${p.record}, ${p.totalSeconds} s of the ${p.rtoSeconds} s RTO`;
  const subtitle =
    'Each term starts where the previous ends; colour says where its number comes from. Red line: the RTO.';
  const description =
    `${p.record}: ${p.terms.map((t) => `${t.label.toLowerCase()} ${t.seconds} s (${t.source})`).join(', ')}; ` +
    `total ${p.totalSeconds} s against an RTO of ${p.rtoSeconds} s.`;
  const top = Math.max(p.rtoSeconds, p.totalSeconds) * 1.12;
  const svg = render({
    width: 960,
    height: 250,
    marginLeft: 150,
    marginRight: 30,
    marginTop: 24,
    ariaLabel: title,
    ariaDescription: description,
    marginBottom: 46,
    x: { domain: [0, top], grid: true, label: 'Seconds after the failure →', labelOffset: 38 },
    y: { domain: rows.map((r) => r.label), label: null },
    color: {
      domain: ['configured', 'measured', 'estimate', 'none', 'total'],
      range: [
        SOURCE_COLOR['configured']!,
        SOURCE_COLOR['measured']!,
        SOURCE_COLOR['estimate']!,
        SOURCE_COLOR['none']!,
        COLORS.ink,
      ],
      legend: true,
      label: 'Source',
    },
    marks: [
      Plot.barX(rows, {
        x1: 'start',
        x2: 'end',
        y: 'label',
        fill: 'source',
        title: (r: { label: string; seconds: number; source: string }) =>
          `${r.label}: ${r.seconds} s (${r.source})`,
      }),
      Plot.text(rows, {
        x: 'end',
        y: 'label',
        text: (r: { seconds: number }) => `${r.seconds} s`,
        dx: 5,
        textAnchor: 'start',
        fill: COLORS.ink,
      }),
      Plot.ruleX([p.rtoSeconds], { stroke: COLORS.red, strokeWidth: 2, strokeDasharray: '6,4' }),
      Plot.text([p.rtoSeconds], {
        x: (v: number) => v,
        frameAnchor: 'top',
        dy: -10,
        fill: COLORS.red,
        fontWeight: 600,
        text: () => `RTO ${p.rtoSeconds} s`,
      }),
    ],
  });
  return { id: `rto-waterfall:${p.record}`, kind: 'rto-waterfall', title, subtitle, description, svg };
}

/** A short name for a quota row label. */
export function shortQuota(q: Pick<QuotaRow, 'quotaCode' | 'name' | 'serviceCode'>): string {
  const known: Record<string, string> = {
    'L-1216C47A': 'EC2 Standard vCPUs',
    'L-53DA6B97': 'ALBs',
    'L-69A177A2': 'NLBs',
    'L-B22855CB': 'Target groups',
    'L-7B6409FD': 'DB instances',
    'L-952B80B8': 'DB clusters',
    'L-3032A538': 'Fargate vCPUs',
  };
  const vcpu = /^Running On-Demand (.+) instances$/.exec(q.name);
  return known[q.quotaCode] ?? (vcpu ? `EC2 ${vcpu[1]} vCPUs` : q.name);
}

/** Quota headroom: % of each quota used now and after the event's scaling, against the red line. */
export function quotaChart(rows: QuotaRow[], redPercent: number): Chart {
  const known = rows.filter((q) => q.value !== null && q.percentAfter !== null);
  const unknown = rows.length - known.length;
  const label = (q: QuotaRow) => `${q.region} · ${shortQuota(q)}`;
  const parts = ['used now', 'the event adds', 'the event adds (≥ red line)'];
  const data = known.flatMap((q) => {
    const now = q.percentNow ?? 0;
    const after = q.percentAfter ?? 0;
    const red = after >= redPercent;
    return [
      { quota: label(q), part: parts[0]!, x1: 0, x2: now, after, q },
      ...(after > now
        ? [{ quota: label(q), part: red ? parts[2]! : parts[1]!, x1: now, x2: after, after, q }]
        : []),
    ];
  });
  const maxPct = Math.max(100, ...known.map((q) => q.percentAfter ?? 0));
  const title = 'Quota headroom: share of each quota used now and after the peak and failover scale out';
  const subtitle = `Red line: ${redPercent} % (the report's limit); black: 100 %.${unknown ? ` ${unknown} quota(s) could not be read and are not charted.` : ''}`;
  const description =
    known
      .map(
        (q) =>
          `${label(q)}: ${n(q.usedNow)} now + ${n(q.added)} = ${n(q.usedAfter)} of ${n(q.value!)} (${n(q.percentAfter!)} %)`,
      )
      .join('; ') + (unknown ? `; ${unknown} quota(s) unknown.` : '.');
  const svg = render({
    width: 960,
    height: Math.max(140, known.length * 30 + 70),
    marginLeft: 230,
    marginRight: 60,
    marginTop: 24,
    ariaLabel: title,
    ariaDescription: description,
    marginBottom: 46,
    x: {
      domain: [0, maxPct * 1.08],
      grid: true,
      label: '% of the quota →',
      tickFormat: (d: number) => `${d} %`,
      labelOffset: 38,
    },
    y: { domain: known.map(label), label: null },
    color: { domain: parts, range: [COLORS.azs[0]!, COLORS.azs[2]!, COLORS.red], legend: true },
    marks: [
      Plot.barX(data, {
        x1: 'x1',
        x2: 'x2',
        y: 'quota',
        fill: 'part',
        title: (d: { part: string; x1: number; x2: number }) => `${d.part}: ${n(d.x2 - d.x1)} %`,
      }),
      Plot.text(known, {
        x: (q: QuotaRow) => q.percentAfter,
        y: label,
        text: (q: QuotaRow) => `${n(q.percentAfter!)} %`,
        dx: 5,
        textAnchor: 'start',
        fill: COLORS.ink,
      }),
      Plot.ruleX([redPercent], { stroke: COLORS.red, strokeWidth: 2, strokeDasharray: '6,4' }),
      Plot.text([redPercent], {
        x: (v: number) => v,
        frameAnchor: 'top',
        dy: -10,
        fill: COLORS.red,
        fontWeight: 600,
        text: () => `${redPercent} %`,
      }),
      Plot.ruleX([100], { stroke: COLORS.ink }),
      Plot.ruleX([0]),
    ],
  });
  return { id: 'quota-headroom', kind: 'quota-headroom', title, subtitle, description, svg };
}
