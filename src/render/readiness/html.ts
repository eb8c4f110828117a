/**
 * The readiness report as one self-contained HTML file: inline CSS, static SVG charts drawn at build
 * time (charts.ts), no script, no external style, font or image, so it opens offline and can be
 * attached to a ticket. Everything from AWS, the config or a baseline is escaped (esc()).
 */
import type {
  Action,
  AzLossTier,
  DatabaseReadiness,
  Issue,
  ItemStatus,
  ReadinessReport,
  RegionLossTier,
} from '../../readiness/types.js';
import {
  azCapacityChart,
  figure,
  lagChart,
  quotaChart,
  shortQuota,
  standbyChart,
  waterfallChart,
} from './charts.js';
import {
  SECTION_TITLE,
  SOURCE_LABEL,
  STATUS_LABEL,
  healthyPerAz,
  lagWindowWords,
  maxLabel,
  members,
  metaParts,
  n,
  scheduledLabel,
  seconds,
  when,
} from './common.js';
import { esc } from './escape.js';

const CSS = `
:root{--ink:#1f2937;--muted:#5b6472;--line:#e5e7eb;--bg:#f7f7f5;--card:#fff;--red:#c62828;--red-bg:#fdecea;
--amber:#9a5b00;--amber-bg:#fff4e0;--green:#2e7d32;--green-bg:#e8f5e9;--grey:#4b5563;--grey-bg:#eef0f3;--blue:#3b6ea8}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1080px;margin:0 auto;padding:28px 28px 60px}
h1{font-size:26px;margin:4px 0 14px;letter-spacing:-.01em}
h2{font-size:19px;margin:36px 0 10px;padding-top:10px;border-top:2px solid var(--line)}
h3{font-size:15px;margin:18px 0 6px}
.eyebrow{text-transform:uppercase;letter-spacing:.08em;font-size:11px;color:var(--muted);font-weight:600}
.verdict{display:flex;gap:18px;align-items:center;padding:16px 20px;border-radius:10px;border:1px solid var(--line);background:var(--card)}
.verdict .badge{font-size:20px;padding:8px 16px;border-radius:8px;white-space:nowrap}
.verdict p{margin:0;font-size:16px;font-weight:500}
.v-not-ready{border-left:8px solid var(--red)}.v-at-risk{border-left:8px solid var(--amber)}.v-ready{border-left:8px solid var(--green)}
.meta{color:var(--muted);font-size:12.5px;margin:10px 0 0}
.meta span+span:before{content:" · "}
.badge{display:inline-block;font-weight:700;font-size:11px;letter-spacing:.04em;padding:2px 8px;border-radius:999px;white-space:nowrap}
.s-not-ready{background:var(--red-bg);color:var(--red)}.s-at-risk{background:var(--amber-bg);color:var(--amber)}
.s-unknown{background:var(--grey-bg);color:var(--grey)}.s-ok{background:var(--green-bg);color:var(--green)}
.top{display:grid;grid-template-columns:repeat(3,1fr);gap:12px;margin:14px 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.card h3{margin:6px 0 4px;font-size:14px}
.card p{margin:0;color:var(--ink);font-size:13px}
.counts{display:flex;gap:10px;flex-wrap:wrap;margin:8px 0}
.count{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:8px 14px;min-width:120px}
.count b{display:block;font-size:22px}
.note{color:var(--muted);font-size:12.5px}
nav.toc{margin:18px 0 0;font-size:13px}
nav.toc a{color:var(--blue);text-decoration:none;margin-right:14px}
table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line);border-radius:8px;margin:8px 0 12px;font-size:12.5px}
th,td{text-align:left;padding:6px 9px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#fafafa;font-weight:600;color:var(--grey);font-size:11.5px;text-transform:uppercase;letter-spacing:.03em}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr:last-child td{border-bottom:0}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:14px}
figure.chart{margin:10px 0;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px;break-inside:avoid}
.chart-title{margin:0;font-size:14px}
.chart-subtitle{margin:2px 0 6px;color:var(--muted);font-size:12px}
.chart-body svg{max-width:100%;height:auto}
figcaption{color:var(--muted);font-size:11.5px;margin-top:6px}
ul.reasons{margin:4px 0 8px;padding-left:20px}
ul.reasons li{margin:2px 0}
.src{font-size:11px;color:var(--muted);white-space:nowrap}
.src-assumed{color:var(--amber);font-weight:600}
pre{background:#111827;color:#e5e7eb;padding:10px 12px;border-radius:8px;white-space:pre-wrap;overflow-wrap:anywhere;font-size:12px;margin:6px 0}
details summary{cursor:pointer;color:var(--blue);font-size:12.5px}
ol.actions{padding-left:22px}
ol.actions>li{margin:0 0 14px}
.due{font-size:12px;color:var(--muted)}
footer{margin-top:40px;color:var(--muted);font-size:12px}
@media (max-width:760px){.top{grid-template-columns:1fr}.charts{grid-template-columns:1fr}}
@media print{body{background:#fff}main{padding:0}h2{break-after:avoid}figure.chart,table{break-inside:avoid}}
`;

function badge(s: ItemStatus): string {
  return `<span class="badge s-${s}">${STATUS_LABEL[s]}</span>`;
}

function cell(x: string, cls = ''): string {
  return `<td${cls ? ` class="${cls}"` : ''}>${x}</td>`;
}

function tableHtml(head: Array<string | [string, 'num']>, rows: string[][]): string {
  const th = head
    .map((h) => (Array.isArray(h) ? `<th class="num">${esc(h[0])}</th>` : `<th>${esc(h)}</th>`))
    .join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${rows.map((r) => `<tr>${r.join('')}</tr>`).join('')}</tbody></table>`;
}

function reasons(xs: string[]): string {
  return xs.length ? `<ul class="reasons">${xs.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>` : '';
}

function source(s: keyof typeof SOURCE_LABEL): string {
  return `<span class="src src-${s}">${esc(SOURCE_LABEL[s])}</span>`;
}

function issueCard(i: Issue, k: number): string {
  return (
    `<div class="card">${badge(i.status)} <span class="note">#${k + 1}</span>` +
    `<h3>${esc(i.subject)}</h3><p>${esc(i.summary)}</p></div>`
  );
}

function verdictSection(r: ReadinessReport): string {
  const v = r.verdict;
  const cls = v.status === 'NOT READY' ? 'not-ready' : v.status === 'AT RISK' ? 'at-risk' : 'ready';
  const badgeCls = v.status === 'NOT READY' ? 'not-ready' : v.status === 'AT RISK' ? 'at-risk' : 'ok';
  const counts = (['not-ready', 'at-risk', 'unknown', 'ok'] as ItemStatus[])
    .map((s) => `<div class="count">${badge(s)}<b>${v.counts[s]}</b></div>`)
    .join('');
  const demand = Object.entries(v.demandSources)
    .map(([s, c]) => `${c} ${source(s as keyof typeof SOURCE_LABEL)}`)
    .join(' · ');
  let changes = '';
  if (r.changes) {
    const c = r.changes;
    const list = (title: string, items: string[]) =>
      items.length ? `<h3>${esc(title)}</h3><ul class="reasons">${items.join('')}</ul>` : '';
    changes =
      `<h3>Since the baseline of ${esc(when(c.baselineGeneratedAt))}</h3>` +
      `<p>${c.verdictChanged ? `Verdict: ${esc(c.baselineVerdict)} → <b>${esc(v.status)}</b>.` : `Verdict unchanged: ${esc(v.status)}.`}</p>` +
      list(
        'New',
        c.appeared.map((i) => `<li>${badge(i.status)} ${esc(i.subject)}: ${esc(i.summary)}</li>`),
      ) +
      list(
        'Changed',
        c.changed.map(
          (i) => `<li>${esc(i.subject)}: ${badge(i.from)} → ${badge(i.to)} ${esc(i.summary)}</li>`,
        ),
      ) +
      list(
        'Resolved',
        c.resolved.map((i) => `<li>${badge('ok')} ${esc(i.subject)} (was ${STATUS_LABEL[i.status]})</li>`),
      ) +
      (c.appeared.length + c.changed.length + c.resolved.length === 0
        ? '<p class="note">No item changed.</p>'
        : '');
  }
  return (
    `<header><div class="eyebrow">resil readiness report</div>` +
    `<h1>Would we survive losing an AZ, or the region, at the peak?</h1>` +
    `<div class="verdict v-${cls}"><span class="badge s-${badgeCls}">${esc(v.status)}</span><p>${esc(v.headline)}</p></div>` +
    `<p class="meta">${metaParts(r)
      .map((p) => `<span>${esc(p)}</span>`)
      .join('')}</p></header>` +
    `<nav class="toc">${Object.entries(SECTION_TITLE)
      .map(([id, t]) => `<a href="#${id}">${esc(t)}</a>`)
      .join('')}</nav>` +
    `<section id="verdict"><h2>${SECTION_TITLE.verdict}</h2>` +
    (v.top.length
      ? `<p>What matters most:</p><div class="top">${v.top.map(issueCard).join('')}</div>`
      : '<p>Nothing is at risk.</p>') +
    `<div class="counts">${counts}</div>` +
    `<p class="note">Demand of the tiers judged: ${demand}. An assumed demand can make a tier AT RISK, never READY.` +
    (v.incomplete ? ' <b>Some data could not be read: those items are unknown, not passed.</b>' : '') +
    `</p>${changes}</section>`
  );
}

function azSection(r: ReadinessReport): string {
  const rows = r.azLoss.map((a: AzLossTier) => [
    cell(
      `<b>${esc(a.tier.name)}</b><br><span class="note">${esc(a.tier.region)} · ${esc(a.tier.kind)}</span>`,
    ),
    cell(badge(a.status)),
    cell(
      `${esc(n(a.demand.peakNeeded))} × ${esc(String(a.demand.peakFactor))} = <b>${esc(n(a.demand.forecastNeeded))}</b> ${esc(a.tier.unit)}<br>${source(a.demand.source)}`,
    ),
    cell(
      `${esc(n(a.capacityNow))} ${esc(a.tier.unit)}<br><span class="note">${members(a.instancesNow, a.tier.countNoun)}</span>`,
      'num',
    ),
    cell(a.worstAz ? `${esc(a.worstAz)} → <b>${esc(n(a.worstAfter))}</b>` : '—'),
    cell(
      a.shortBy > 0
        ? `<b>${esc(n(a.shortBy))}</b> ${esc(a.tier.unit)}<br><span class="note">${members(a.shortByInstances, a.tier.countNoun)}</span>`
        : '—',
      'num',
    ),
    cell(
      a.target
        ? `<b>${a.target.instances}</b> ${a.tier.countNoun} <span class="note">(≤ ${a.target.perAz} per AZ)</span>`
        : 'add AZs first',
    ),
    cell(
      a.tier.kind === 'instances'
        ? 'does not scale'
        : `${esc(maxLabel(a))}${a.target && a.scaling.maxReaches === false ? ' <b>(too low)</b>' : ''}<br><span class="note">${esc(a.scaling.canReact ? a.scaling.reactivePolicies.join(', ') : 'no policy reacts to load')}</span>`,
    ),
    cell(
      a.scaling.scheduledBeforeEvent
        ? `${esc(a.scaling.scheduledBeforeEvent.name)}<br><span class="note">${esc(when(a.scaling.scheduledBeforeEvent.startTime))}${a.scaling.scheduledBeforeEvent.reaches ? ', enough' : ', not enough'}</span>`
        : esc(scheduledLabel(a, r.event.date) ?? ''),
    ),
  ]);
  const details = r.azLoss
    .map(
      (a) =>
        `<h3>${esc(a.tier.name)} (${esc(a.tier.region)}) ${badge(a.status)}</h3>${reasons(a.reasons)}` +
        `<p class="note">Demand (${esc(SOURCE_LABEL[a.demand.source])}): ${esc(a.demand.basis.replace(/^assumed: /, ''))}${a.demand.notUsed.length ? `. Not used: ${esc(a.demand.notUsed.map((x) => `${x.source}: ${x.why}`).join('; '))}` : ''}.</p>`,
    )
    .join('');
  return (
    `<section id="azLoss"><h2>${SECTION_TITLE.azLoss}</h2>` +
    `<p class="note">For each tier serving in ${esc(r.regions.primary ?? 'each region')}: the capacity left after losing each AZ against what the forecast peak needs, and what to set so losing any AZ still leaves it.</p>` +
    (r.azLoss.length
      ? tableHtml(
          [
            'Tier',
            'Status',
            'Forecast need (source)',
            ['Now', 'num'],
            'Worst AZ lost → left',
            ['Short', 'num'],
            'Statically stable size',
            'Max · policies',
            'Scheduled before the event',
          ],
          rows,
        ) + `<div class="charts">${r.azLoss.map((a) => figure(azCapacityChart(a))).join('')}</div>${details}`
      : '<p>No serving tier found.</p>') +
    '</section>'
  );
}

function dbBlock(d: DatabaseReadiness, window: { start: string; end: string }): string {
  const lag = d.lag
    ? tableHtml(
        ['Lag', ['p50', 'num'], ['p99', 'num'], ['max', 'num'], ['RPO', 'num'], 'Window'],
        [
          [
            cell(esc(d.lag.metric)),
            cell(`${esc(n(d.lag.p50))} s`, 'num'),
            cell(`${esc(n(d.lag.p99))} s`, 'num'),
            cell(`<b>${esc(n(d.lag.max))} s</b>`, 'num'),
            cell(`${d.rpoSeconds} s`, 'num'),
            cell(
              esc(
                `${when(d.lag.window.start)} to ${when(d.lag.window.end)}, ${lagWindowWords(d.lag.periodSeconds, d.lag.points)}`,
              ),
            ),
          ],
        ],
      )
    : '';
  return (
    `<h3>Database ${esc(d.globalClusterId)} ${badge(d.status)}</h3>` +
    tableHtml(
      ['', 'Cluster', 'Region', ['Instances', 'num'], 'Class'],
      [
        [
          cell('Primary'),
          cell(esc(d.primary.cluster)),
          cell(esc(d.primary.region)),
          cell(String(d.primary.instances), 'num'),
          cell(`${esc(d.primary.writerClass ?? '?')} (writer)`),
        ],
        [
          cell('Secondary'),
          cell(esc(d.secondary.cluster)),
          cell(esc(d.secondary.region)),
          cell(String(d.secondary.instances), 'num'),
          cell(
            `${esc(d.secondary.classes.join(', ') || 'none')} <span class="note">(${esc(d.classVsWriter === 'same' ? 'same as' : `${d.classVsWriter} than`)} the writer)</span>`,
          ),
        ],
      ],
    ) +
    reasons(d.reasons) +
    lag +
    figure(lagChart(d, window))
  );
}

function regionSection(r: ReadinessReport): string {
  if (!r.regions.known)
    return `<section id="regionLoss"><h2>${SECTION_TITLE.regionLoss}</h2><p>${badge('unknown')} Not judged: ${esc(r.regions.how)}.</p></section>`;
  const rows = r.regionLoss.pairs.map((p: RegionLossTier) => [
    cell(`<b>${esc(p.primary.name)}</b><br><span class="note">${esc(p.primary.region)}</span>`),
    cell(
      p.standby
        ? `<b>${esc(p.standby.name)}</b><br><span class="note">${esc(p.standby.region)}${p.pairedBy ? ` · ${esc(p.pairedBy)}` : ''}</span>`
        : `<span class="note">none: ${esc(p.unpairedWhy ?? '')}</span>`,
    ),
    cell(badge(p.status)),
    cell(`<b>${esc(n(p.needed))}</b> ${esc(p.unit)}<br>${source(p.demand.source)}`, 'num'),
    cell(
      `${esc(n(p.standbyNow))}<br><span class="note">${members(p.standbyInstances, p.countNoun)}</span>`,
      'num',
    ),
    cell(
      `${esc(n(p.standbyAtMax))}<br><span class="note">${members(p.standbyMaxInstances, p.countNoun)}</span>`,
      'num',
    ),
    cell(esc(healthyPerAz(p))),
    cell(esc(p.standbyRoutes.join('; ') || '—')),
  ]);
  const notOk = r.regionLoss.pairs.filter((p) => p.status !== 'ok');
  return (
    `<section id="regionLoss"><h2>${SECTION_TITLE.regionLoss}</h2>` +
    `<p class="note">If ${esc(r.regions.primary!)} is lost at the peak, can ${esc(r.regions.standby!)} carry each tier's forecast, and the database?</p>` +
    (r.regionLoss.pairs.length
      ? tableHtml(
          [
            'Primary tier',
            'Standby tier',
            'Status',
            ['Forecast need', 'num'],
            ['Standby now', 'num'],
            ['At its max', 'num'],
            'Healthy targets per AZ',
            'Standby listener rules',
          ],
          rows,
        ) +
        (notOk.length
          ? `<ul class="reasons">${notOk.map((p) => `<li>${badge(p.status)} <b>${esc(p.primary.name)}</b>: ${esc(p.reasons.join('; '))}</li>`).join('')}</ul>`
          : '') +
        figure(standbyChart(r.regionLoss.pairs))
      : '<p>No primary tier found.</p>') +
    (r.regionLoss.unpairedStandby.length
      ? `<p class="note">Standby tiers no primary tier pairs with: ${esc(r.regionLoss.unpairedStandby.join(', '))}.</p>`
      : '') +
    r.regionLoss.databases.map((d) => dbBlock(d, r.event.history)).join('') +
    '</section>'
  );
}

function quotaSection(r: ReadinessReport): string {
  const rows = r.quotas.rows.map((q) => [
    cell(esc(q.region)),
    cell(`<b>${esc(shortQuota(q))}</b><br><span class="note">${esc(q.quotaCode)} · ${esc(q.counts)}</span>`),
    cell(
      q.value === null
        ? 'unknown'
        : `${esc(n(q.value))}${q.valueSource === 'default' ? '<br><span class="note">AWS default</span>' : ''}`,
      'num',
    ),
    cell(esc(n(q.usedNow)), 'num'),
    cell(q.added ? `+${esc(n(q.added))}` : '0', 'num'),
    cell(`<b>${esc(n(q.usedAfter))}</b>`, 'num'),
    cell(q.percentAfter === null ? '—' : `${esc(n(q.percentAfter))} %`, 'num'),
    cell(badge(q.status)),
  ]);
  const explain = r.quotas.rows.filter((q) => q.status !== 'ok' || q.addedBy.length);
  return (
    `<section id="quotas"><h2>${SECTION_TITLE.quotas}</h2>` +
    `<p class="note">What the peak and the failover need in each region, against its quota. Red at ≥ ${r.objectives.quotaRedPercent} % after scaling; a quota that could not be read is unknown, never passed.</p>` +
    (r.quotas.rows.some((q) => q.percentAfter !== null)
      ? figure(quotaChart(r.quotas.rows, r.objectives.quotaRedPercent))
      : '<p class="note">No quota could be read, so there is nothing to chart: see the table.</p>') +
    tableHtml(
      [
        'Region',
        'Quota',
        ['Quota', 'num'],
        ['Used now', 'num'],
        ['Event adds', 'num'],
        ['After', 'num'],
        ['% after', 'num'],
        'Status',
      ],
      rows,
    ) +
    (explain.length
      ? `<ul class="reasons">${explain.map((q) => `<li>${badge(q.status)} <b>${esc(shortQuota(q))} (${esc(q.region)})</b>: ${esc(q.reasons.join('; '))}</li>`).join('')}</ul>`
      : '') +
    '</section>'
  );
}

function reservationSection(r: ReadinessReport): string {
  const res = r.reservations;
  const odcr = res.capacity.length
    ? tableHtml(
        [
          'Region',
          'Reservation',
          'Type',
          'AZ',
          ['Instances', 'num'],
          'State',
          'From',
          'Until',
          'Across the event',
          'Status',
        ],
        res.capacity.map((c) => [
          cell(esc(c.region)),
          cell(esc(c.id)),
          cell(esc(c.instanceType)),
          cell(esc(c.az)),
          cell(`${c.total} <span class="note">(${c.available} free)</span>`, 'num'),
          cell(esc(c.state)),
          cell(esc(c.startDate ? when(c.startDate) : '—')),
          cell(esc(c.endDate ? when(c.endDate) : 'until cancelled')),
          cell(c.coversEvent ? 'yes' : '<b>no</b>'),
          cell(
            `${badge(c.status)}${c.status === 'ok' ? '' : `<br><span class="note">${esc(c.reasons.join('; '))}</span>`}`,
          ),
        ]),
      )
    : '<p class="note">No capacity reservation in force.</p>';
  const coverage = res.coverage.length
    ? `<h3>Reserved against what the event needs</h3>` +
      tableHtml(
        ['Region', 'Instance type', ['Needed', 'num'], ['Reserved across the event', 'num'], 'For'],
        res.coverage.map((c) => [
          cell(esc(c.region)),
          cell(esc(c.instanceType)),
          cell(String(c.neededInstances), 'num'),
          cell(String(c.reservedInstances), 'num'),
          cell(esc(c.tiers.join('; '))),
        ]),
      )
    : '';
  const lcu = tableHtml(
    ['Region', 'Load balancer', 'Type', ['Reserved LCUs', 'num'], 'Per AZ', 'Status'],
    res.loadBalancers.map((l) => [
      cell(esc(l.region)),
      cell(esc(l.loadBalancer)),
      cell(esc(l.type)),
      cell(l.minimumCapacityUnits === null ? 'none' : String(l.minimumCapacityUnits), 'num'),
      cell(
        esc(
          l.zones
            .map(
              (z) =>
                `${z.az}: ${z.state}${z.effectiveCapacityUnits !== null ? ` (${n(z.effectiveCapacityUnits)})` : ''}`,
            )
            .join(', ') || '—',
        ),
      ),
      cell(`${badge(l.status)}<br><span class="note">${esc(l.reasons.join('; '))}</span>`),
    ]),
  );
  const unknown = res.unknown.length
    ? `<ul class="reasons">${res.unknown.map((u) => `<li>${badge('unknown')} ${esc(u.what)} in ${esc(u.region)}: ${esc(u.why)}</li>`).join('')}</ul>`
    : '';
  return (
    `<section id="reservations"><h2>${SECTION_TITLE.reservations}</h2>` +
    `<h3>EC2 On-Demand Capacity Reservations</h3>${odcr}${coverage}` +
    `<h3>Load balancer capacity reservations (LCU)</h3>${lcu}${unknown}` +
    `<p class="note">${res.notes.map(esc).join(' ')}</p></section>`
  );
}

function failoverSection(r: ReadinessReport): string {
  const paths = r.failover.paths
    .map((p) => {
      let at = 0;
      const rows = p.terms.map((t) => {
        const row = [
          cell(esc(t.label)),
          cell(`${t.seconds} s`, 'num'),
          cell(`${at} → ${at + t.seconds}`, 'num'),
          cell(`<span class="src">${esc(t.source)}</span>`),
          cell(esc(t.basis)),
        ];
        at += t.seconds;
        return row;
      });
      rows.push([
        cell('<b>Total</b>'),
        cell(`<b>${p.totalSeconds} s</b>`, 'num'),
        cell(''),
        cell(''),
        cell(esc(`RTO ${p.rtoSeconds} s (${r.objectives.rtoSource})`)),
      ]);
      return (
        `<h3>${esc(p.record)}: ${esc(seconds(p.totalSeconds))} of the ${p.rtoSeconds} s RTO ${badge(p.status)}</h3>` +
        figure(waterfallChart(p)) +
        tableHtml(
          ['Term', ['Seconds', 'num'], ['From → to (s)', 'num'], 'Source', 'Where the number comes from'],
          rows,
        ) +
        reasons(p.reasons.slice(1))
      );
    })
    .join('');
  return (
    `<section id="failover"><h2>${SECTION_TITLE.failover}</h2>` +
    `<p class="note">Per failover path: detection, DNS TTL, DNS propagation, database promotion and the standby's scale-out, against the RTO. ` +
    `Promotion: ${esc(r.failover.promotion.basis)}.</p>` +
    (r.regions.known ? paths : `<p>${badge('unknown')} Not judged: ${esc(r.regions.how)}.</p>`) +
    '</section>'
  );
}

function actionItem(a: Action): string {
  const sev = a.severity === 'critical' ? 'not-ready' : a.severity === 'high' ? 'at-risk' : 'unknown';
  return (
    `<li><span class="badge s-${sev}">${esc(a.severity.toUpperCase())}</span> <b>${esc(a.resource)}</b> ` +
    `<span class="due">· ${esc(a.due ? `due ${a.due} (${a.dueWhen})` : a.dueWhen)} · ${esc(a.from)}</span>` +
    `<div>${esc(a.what)}</div>` +
    (a.cli ? `<pre><code>${esc(a.cli)}</code></pre>` : '') +
    (a.terraform
      ? `<details><summary>Terraform</summary><pre><code>${esc(a.terraform)}</code></pre></details>`
      : '') +
    '</li>'
  );
}

function actionsSection(r: ReadinessReport): string {
  const critical = r.actions.filter((a) => a.severity === 'critical');
  const later = r.actions.filter((a) => a.severity !== 'critical');
  return (
    `<section id="actions"><h2>${SECTION_TITLE.actions}</h2>` +
    `<p class="note">Critical: before the event. The others: after it — do not change what works during the freeze.</p>` +
    (critical.length
      ? `<h3>Before the event (${critical.length})</h3><ol class="actions">${critical.map(actionItem).join('')}</ol>`
      : '') +
    (later.length
      ? `<details><summary>After the event (${later.length})</summary><ol class="actions">${later.map(actionItem).join('')}</ol></details>`
      : '') +
    (r.actions.length === 0 ? '<p>Nothing to do.</p>' : '') +
    '</section>'
  );
}

export function renderReadinessHtml(r: ReadinessReport): string {
  const failBy = Object.entries(r.audit.fail)
    .map(([s, c]) => `${c} ${s}`)
    .join(', ');
  const body =
    verdictSection(r) +
    azSection(r) +
    regionSection(r) +
    quotaSection(r) +
    reservationSection(r) +
    failoverSection(r) +
    actionsSection(r) +
    `<section id="notes"><h2>Notes</h2>${reasons(r.notes)}` +
    `<p class="note">Audit findings behind the report: ${esc(failBy)} failing, ${r.audit.warn} warnings, ${r.audit.skipped} skipped (<code>resil audit</code> lists them).</p></section>` +
    `<footer>${esc(r.tool.name)} ${esc(r.tool.version)} · generated ${esc(when(r.generatedAt))} · readiness report schema ${esc(r.schemaVersion)}</footer>`;
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${esc(`Readiness: ${r.verdict.status} · account ${r.account.id}${r.event.date ? ` · ${r.event.date}` : ''}`)}</title>` +
    `<style>${CSS}</style></head><body><main>${body}</main></body></html>\n`
  );
}
