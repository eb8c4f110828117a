/**
 * The readiness report as Markdown (GitHub-flavoured): the same content as the HTML report, with
 * tables in place of the charts. Everything taken from AWS or the config is escaped (md()); code
 * blocks are fenced with more backticks than they contain.
 */
import type { ReadinessReport } from '../../readiness/types.js';
import { md } from '../markdown.js';
import {
  SECTION_TITLE,
  SOURCE_LABEL,
  STATUS_EMOJI,
  STATUS_LABEL,
  VERDICT_EMOJI,
  dailyMax,
  healthyPerAz,
  lagWindowWords,
  maxLabel,
  members,
  metaParts,
  n,
  scheduledLabel,
  seconds,
} from './common.js';
import type { ItemStatus } from '../../readiness/types.js';

function badge(s: ItemStatus): string {
  return `${STATUS_EMOJI[s]} ${STATUS_LABEL[s]}`;
}

function fence(code: string, lang = ''): string[] {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return [`${f}${lang}`, code, f];
}

function table(head: string[], rows: string[][], align?: Array<'l' | 'r'>): string[] {
  const sep = head.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [`| ${head.join(' | ')} |`, `| ${sep.join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

const bullets = (xs: string[]) => xs.map((x) => `- ${md(x)}`);

export function renderReadinessMarkdown(r: ReadinessReport): string {
  const out: string[] = [];
  const v = r.verdict;
  out.push(`# Readiness report: ${VERDICT_EMOJI[v.status]} ${v.status}`, '');
  out.push(`**${md(v.headline)}**`, '');
  out.push(md(metaParts(r).join(' · ')), '');

  // 1. Verdict
  out.push(`## ${SECTION_TITLE.verdict}`, '');
  if (v.top.length) {
    out.push('What matters most:', '');
    v.top.forEach((i, k) =>
      out.push(`${k + 1}. ${STATUS_EMOJI[i.status]} **${md(i.subject)}**: ${md(i.summary)}`),
    );
    out.push('');
  } else out.push('Nothing is at risk.', '');
  out.push(
    ...table(
      ['❌ Not ready', '⚠️ At risk', '❔ Unknown', '✅ OK'],
      [
        [
          String(v.counts['not-ready']),
          String(v.counts['at-risk']),
          String(v.counts.unknown),
          String(v.counts.ok),
        ],
      ],
      ['r', 'r', 'r', 'r'],
    ),
    '',
  );
  out.push(
    `Demand of the tiers judged: ${Object.entries(v.demandSources)
      .map(([s, c]) => `${c} ${SOURCE_LABEL[s as keyof typeof SOURCE_LABEL]}`)
      .join(' · ')}. ` +
      'An assumed demand can make a tier at risk, never ready. ' +
      (v.incomplete ? '**Some data could not be read: those items are unknown, not passed (exit 3).**' : ''),
    '',
  );
  if (r.changes) {
    const c = r.changes;
    out.push(
      `### Since the baseline of ${md(c.baselineGeneratedAt)}`,
      '',
      c.verdictChanged
        ? `Verdict: ${md(c.baselineVerdict)} → **${md(v.status)}**.`
        : `Verdict unchanged: ${md(v.status)}.`,
      '',
    );
    if (c.appeared.length)
      out.push(
        'New:',
        '',
        ...c.appeared.map((i) => `- ${badge(i.status)} ${md(i.subject)}: ${md(i.summary)}`),
        '',
      );
    if (c.changed.length)
      out.push(
        'Changed:',
        '',
        ...c.changed.map(
          (i) => `- ${md(i.subject)}: ${STATUS_LABEL[i.from]} → ${badge(i.to)}: ${md(i.summary)}`,
        ),
        '',
      );
    if (c.resolved.length)
      out.push(
        'Resolved:',
        '',
        ...c.resolved.map((i) => `- ✅ ${md(i.subject)} (was ${STATUS_LABEL[i.status]})`),
        '',
      );
    if (!c.appeared.length && !c.changed.length && !c.resolved.length) out.push('No item changed.', '');
  }

  // 2. Losing one AZ at peak
  out.push(`## ${SECTION_TITLE.azLoss}`, '');
  if (r.azLoss.length === 0) out.push('No serving tier found.', '');
  else {
    out.push(
      ...table(
        [
          'Tier',
          'Status',
          'Demand (source)',
          'Now',
          'Forecast need',
          'Worst AZ lost → left',
          'Short',
          'Statically stable size',
          'Max · policies',
          'Scheduled before the event',
        ],
        r.azLoss.map((a) => [
          md(`${a.tier.name} (${a.tier.region})`),
          badge(a.status),
          md(
            `${n(a.demand.peakNeeded)} ${a.tier.unit} × ${a.demand.peakFactor} (${SOURCE_LABEL[a.demand.source]})`,
          ),
          md(`${n(a.capacityNow)} ${a.tier.unit} (${members(a.instancesNow, a.tier.countNoun, true)})`),
          md(`${n(a.demand.forecastNeeded)} ${a.tier.unit}`),
          md(a.worstAz ? `${a.worstAz} → ${n(a.worstAfter)}` : '—'),
          md(
            a.shortBy > 0
              ? `${n(a.shortBy)} ${a.tier.unit} (${members(a.shortByInstances, a.tier.countNoun, true)})`
              : '—',
          ),
          md(
            a.target
              ? `${members(a.target.instances, a.tier.countNoun, true)} (≤ ${a.target.perAz}/AZ)`
              : 'add AZs first',
          ),
          md(
            a.tier.kind === 'instances'
              ? 'does not scale'
              : `${maxLabel(a)}${a.target && a.scaling.maxReaches === false ? ' (too low)' : ''} · ${a.scaling.canReact ? a.scaling.reactivePolicies.join(', ') : 'no reactive policy'}`,
          ),
          md(
            a.scaling.scheduledBeforeEvent
              ? `${a.scaling.scheduledBeforeEvent.name} at ${a.scaling.scheduledBeforeEvent.startTime}${a.scaling.scheduledBeforeEvent.reaches ? '' : ' (not enough)'}`
              : (scheduledLabel(a, r.event.date) ?? ''),
          ),
        ]),
      ),
      '',
    );
    for (const a of r.azLoss) {
      out.push(`### ${md(a.tier.name)} (${md(a.tier.region)}): ${badge(a.status)}`, '');
      out.push(...bullets(a.reasons), '');
      out.push(
        `Demand (${SOURCE_LABEL[a.demand.source]}): ${md(a.demand.basis.replace(/^assumed: /, ''))}.`,
        '',
      );
      out.push(
        ...table(
          [
            'AZ',
            a.tier.countNoun === 'tasks' ? 'Tasks running' : 'Instances in service',
            `${md(a.tier.unit)} now`,
            `Left if lost`,
            `Needed at the forecast peak`,
            'Short',
          ],
          a.perAz.map((z) => [
            md(z.az),
            String(z.instances),
            n(z.units),
            n(z.afterLosingIt),
            n(a.demand.forecastNeeded),
            z.shortBy > 0 ? `**${n(z.shortBy)}**` : '0',
          ]),
          ['l', 'r', 'r', 'r', 'r', 'r'],
        ),
        '',
      );
    }
  }

  // 3. Losing the region
  out.push(`## ${SECTION_TITLE.regionLoss}`, '');
  if (!r.regions.known) out.push(`Not judged: ${md(r.regions.how)}.`, '');
  else {
    out.push(
      ...table(
        [
          'Primary tier',
          'Standby tier',
          'Status',
          'Forecast need (source)',
          'Standby now',
          'At its max',
          'Healthy targets per AZ',
          'Standby listener rules',
        ],
        r.regionLoss.pairs.map((p) => [
          md(`${p.primary.name} (${p.primary.region})`),
          md(
            p.standby
              ? `${p.standby.name} (${p.standby.region})${p.pairedBy ? `, ${p.pairedBy}` : ''}`
              : `none: ${p.unpairedWhy ?? ''}`,
          ),
          badge(p.status),
          md(`${n(p.needed)} ${p.unit} (${SOURCE_LABEL[p.demand.source]})`),
          md(`${n(p.standbyNow)} ${p.unit} (${members(p.standbyInstances, p.countNoun, true)})`),
          md(`${n(p.standbyAtMax)} ${p.unit} (${members(p.standbyMaxInstances, p.countNoun, true)})`),
          md(healthyPerAz(p)),
          md(p.standbyRoutes.join('; ') || '—'),
        ]),
      ),
      '',
    );
    for (const p of r.regionLoss.pairs)
      if (p.status !== 'ok')
        out.push(`- ${badge(p.status)} **${md(p.primary.name)}**: ${md(p.reasons.join('; '))}`);
    out.push('');
    if (r.regionLoss.unpairedStandby.length)
      out.push(
        `Standby tiers no primary tier pairs with: ${md(r.regionLoss.unpairedStandby.join(', '))}.`,
        '',
      );
    for (const d of r.regionLoss.databases) {
      out.push(`### Database ${md(d.globalClusterId)}: ${badge(d.status)}`, '');
      out.push(
        ...table(
          ['', 'Cluster', 'Region', 'Instances', 'Class'],
          [
            [
              'Primary',
              md(d.primary.cluster),
              md(d.primary.region),
              String(d.primary.instances),
              md(`${d.primary.writerClass ?? '?'} (writer)`),
            ],
            [
              'Secondary',
              md(d.secondary.cluster),
              md(d.secondary.region),
              String(d.secondary.instances),
              md(
                `${d.secondary.classes.join(', ') || 'none'} (${d.classVsWriter} than the writer)`.replace(
                  '(same than',
                  '(same as',
                ),
              ),
            ],
          ],
        ),
        '',
        ...bullets(d.reasons),
        '',
      );
      if (d.lag) {
        out.push(
          ...table(
            ['Lag', 'p50', 'p99', 'max', 'RPO', 'Window'],
            [
              [
                md(d.lag.metric),
                `${n(d.lag.p50)} s`,
                `${n(d.lag.p99)} s`,
                `${n(d.lag.max)} s`,
                `${d.rpoSeconds} s`,
                md(
                  `${d.lag.window.start} to ${d.lag.window.end}, ${lagWindowWords(d.lag.periodSeconds, d.lag.points)}`,
                ),
              ],
            ],
          ),
          '',
        );
        const judged = d.series.find((s) => s.metric === d.lag!.metric);
        if (judged) {
          const days = dailyMax(judged.points);
          out.push(
            `Daily maximum of ${md(d.lag.metric)} (in place of the chart):`,
            '',
            ...table(
              ['Day', 'Max lag', 'Against the RPO'],
              days.map((x) => [x.day, `${n(x.max)} s`, x.max > d.rpoSeconds ? '**over**' : 'within']),
              ['l', 'r', 'l'],
            ),
            '',
          );
        }
      }
    }
  }

  // 4. Quotas
  out.push(`## ${SECTION_TITLE.quotas}`, '');
  out.push(
    `Red at ≥ ${r.objectives.quotaRedPercent} % of the quota after scaling. A quota that could not be read is unknown, never passed.`,
    '',
  );
  out.push(
    ...table(
      ['Region', 'Quota', 'Counts', 'Quota value', 'Used now', 'Event adds', 'After', '% after', 'Status'],
      r.quotas.rows.map((q) => [
        md(q.region),
        md(`${q.name} (${q.quotaCode})`),
        md(q.counts),
        q.value === null
          ? 'unknown'
          : md(`${n(q.value)}${q.valueSource === 'default' ? ' (AWS default)' : ''}`),
        n(q.usedNow),
        q.added ? n(q.added) : '0',
        n(q.usedAfter),
        q.percentAfter === null ? '—' : `${n(q.percentAfter)} %`,
        badge(q.status),
      ]),
      ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
    '',
  );
  for (const q of r.quotas.rows)
    if (q.status !== 'ok' || q.addedBy.length)
      out.push(`- **${md(q.name)} (${md(q.region)})**: ${md(q.reasons.join('; '))}`);
  out.push('');

  // 5. Reservations
  out.push(`## ${SECTION_TITLE.reservations}`, '');
  const res = r.reservations;
  out.push('### EC2 On-Demand Capacity Reservations', '');
  if (res.capacity.length)
    out.push(
      ...table(
        [
          'Region',
          'Reservation',
          'Type',
          'AZ',
          'Instances (available)',
          'State',
          'From',
          'Until',
          'Across the event',
          'Status',
        ],
        res.capacity.map((c) => [
          md(c.region),
          md(c.id),
          md(c.instanceType),
          md(c.az),
          `${c.total} (${c.available})`,
          md(c.state),
          md(c.startDate ?? '—'),
          md(c.endDate ?? 'until cancelled'),
          c.coversEvent ? 'yes' : '**no**',
          badge(c.status),
        ]),
      ),
      '',
    );
  else out.push('None in force.', '');
  for (const c of res.capacity)
    if (c.status !== 'ok') out.push(`- ${badge(c.status)} ${md(c.id)}: ${md(c.reasons.join('; '))}`);
  if (res.coverage.length) {
    out.push(
      '',
      'Reserved against what the event needs:',
      '',
      ...table(
        ['Region', 'Instance type', 'Needed (instances)', 'Reserved across the event', 'For'],
        res.coverage.map((c) => [
          md(c.region),
          md(c.instanceType),
          String(c.neededInstances),
          String(c.reservedInstances),
          md(c.tiers.join('; ')),
        ]),
        ['l', 'l', 'r', 'r', 'l'],
      ),
    );
  }
  out.push('', '### Load balancer capacity reservations (LCU)', '');
  out.push(
    ...table(
      ['Region', 'Load balancer', 'Type', 'Reserved LCUs', 'Per AZ', 'Status'],
      res.loadBalancers.map((l) => [
        md(l.region),
        md(l.loadBalancer),
        md(l.type),
        l.minimumCapacityUnits === null ? 'none' : String(l.minimumCapacityUnits),
        md(
          l.zones
            .map(
              (z) =>
                `${z.az}: ${z.state}${z.effectiveCapacityUnits !== null ? ` (${n(z.effectiveCapacityUnits)})` : ''}`,
            )
            .join(', ') || '—',
        ),
        badge(l.status),
      ]),
    ),
    '',
  );
  for (const u of res.unknown)
    out.push(`- ${badge('unknown')} ${md(u.what)} in ${md(u.region)}: ${md(u.why)}`);
  out.push(...bullets(res.notes), '');

  // 6. Failover
  out.push(`## ${SECTION_TITLE.failover}`, '');
  out.push(`Promotion: ${md(r.failover.promotion.basis)}.`, '');
  if (!r.regions.known) out.push(`Not judged: ${md(r.regions.how)}.`, '');
  for (const p of r.failover.paths) {
    out.push(
      `### ${md(p.record)}: ${seconds(p.totalSeconds)} of the ${p.rtoSeconds} s RTO, ${badge(p.status)}`,
      '',
    );
    let at = 0;
    out.push(
      ...table(
        ['Term', 'Seconds', 'From → to (s)', 'Source', 'Where the number comes from'],
        [
          ...p.terms.map((t) => {
            const row = [
              md(t.label),
              n(t.seconds),
              `${n(at)} → ${n(at + t.seconds)}`,
              md(t.source),
              md(t.basis),
            ];
            at += t.seconds;
            return row;
          }),
          [
            '**Total**',
            `**${n(p.totalSeconds)}**`,
            '',
            '',
            md(`RTO ${p.rtoSeconds} s (${r.objectives.rtoSource})`),
          ],
        ],
        ['l', 'r', 'r', 'l', 'l'],
      ),
      '',
      ...bullets(p.reasons.slice(1)),
      '',
    );
  }

  // 7. Actions
  out.push(`## ${SECTION_TITLE.actions}`, '');
  if (r.actions.length === 0) out.push('Nothing to do.', '');
  r.actions.forEach((a, k) => {
    const due = a.due ? `due ${a.due} (${a.dueWhen})` : a.dueWhen;
    out.push(
      `${k + 1}. **${a.severity}** · ${md(due)} · ${md(a.resource)} · ${md(a.from)}`,
      '',
      `   ${md(a.what)}`,
      '',
    );
    if (a.cli) out.push(...fence(a.cli, 'sh').map((l) => `   ${l}`), '');
    if (a.terraform)
      out.push(
        '   <details><summary>Terraform</summary>',
        '',
        ...fence(a.terraform, 'hcl').map((l) => `   ${l}`),
        '',
        '   </details>',
        '',
      );
  });

  out.push('## Notes', '', ...bullets(r.notes), '');
  out.push(
    `Audit findings behind the report: ${Object.entries(r.audit.fail)
      .map(([s, c]) => `${c} ${s}`)
      .join(
        ', ',
      )} failing, ${r.audit.warn} warnings, ${r.audit.skipped} skipped (\`resil audit\` lists them).`,
    '',
    `_${md(r.tool.name)} ${md(r.tool.version)} · generated ${md(r.generatedAt)}_`,
  );
  return `${out.join('\n').trimEnd()}\n`;
}
