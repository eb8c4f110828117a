/**
 * Section 7: actions. One per item that is not ok (readiness items and the audit's failing findings),
 * each with a severity, the resource, what to change (an AWS CLI line with the numbers filled in where
 * the report knows them, and Terraform from the related check's metadata) and a due date relative to
 * the event: critical before the event; the others after it (do not change what works during a freeze).
 */
import { SEVERITY_RANK, type Finding } from '../checks/define.js';
import { checkById } from '../checks/index.js';
import type {
  Action,
  AzLossTier,
  CapacityReservationRow,
  DatabaseReadiness,
  FailoverPath,
  ItemStatus,
  LbReservationRow,
  QuotaRow,
  RegionLossTier,
  RegionUnknown,
} from './types.js';
import { DAY_MS, dayStart, ymd } from './util.js';

export interface Due {
  eventDate: string | null;
  eventEnd: string | null;
}

const SEVERITY_OF: Record<Exclude<ItemStatus, 'ok'>, Action['severity']> = {
  'not-ready': 'critical',
  'at-risk': 'high',
  unknown: 'medium',
};

function dueFor(severity: Action['severity'], d: Due): Pick<Action, 'due' | 'dueWhen'> {
  if (severity === 'critical')
    return {
      dueWhen: 'before the event',
      due: d.eventDate ? ymd(dayStart(d.eventDate) - DAY_MS) : null,
    };
  const end = d.eventEnd ?? d.eventDate;
  return { dueWhen: 'after the event', due: end ? ymd(dayStart(end) + DAY_MS) : null };
}

function meta(checkId: string) {
  return checkById(checkId)?.remediation;
}

function action(
  status: ItemStatus,
  from: string,
  resource: string,
  what: string,
  d: Due,
  fix: { cli?: string | undefined; terraform?: string | undefined } = {},
): Action | undefined {
  if (status === 'ok') return undefined;
  const severity = SEVERITY_OF[status];
  return {
    severity,
    from,
    resource,
    what,
    ...(fix.cli ? { cli: fix.cli } : {}),
    ...(fix.terraform ? { terraform: fix.terraform } : {}),
    ...dueFor(severity, d),
  };
}

function scheduleTime(d: Due): string {
  return d.eventDate ? `${ymd(dayStart(d.eventDate) - DAY_MS)}T06:00:00Z` : '<YYYY-MM-DDT06:00:00Z>';
}

export interface ActionInputs {
  azLoss: AzLossTier[];
  regionLoss: RegionLossTier[];
  databases: DatabaseReadiness[];
  quotas: QuotaRow[];
  capacity: CapacityReservationRow[];
  loadBalancers: LbReservationRow[];
  unknown: RegionUnknown[];
  failover: FailoverPath[];
  /** Audit findings that feed the report (not the ones the readiness items replace). */
  findings: Finding[];
  quotaRedPercent: number;
  eventEnd: string | null;
}

export function buildActions(x: ActionInputs, d: Due): Action[] {
  const out: Array<Action | undefined> = [];
  for (const a of x.azLoss) {
    const who = `${a.tier.name} (${a.tier.region})`;
    if (a.singleAz || (a.worstAz && a.worstAfter === 0 && a.capacityNow > 0)) {
      const m = meta('asg.multi-az');
      out.push(
        a.tier.kind === 'asg'
          ? action(
              a.status,
              a.key,
              who,
              `Spread ${a.tier.name} over at least two AZs (all its capacity is in one).`,
              d,
              {
                cli: m?.cli.replace('<name>', a.tier.name),
                terraform: m?.terraform,
              },
            )
          : action(
              a.status,
              a.key,
              who,
              `Run ${a.tier.name}'s instances in at least two AZs (all are in ${a.worstAz ?? 'one'}), or put them in an Auto Scaling group over several AZs.`,
              d,
            ),
      );
      continue;
    }
    if (!a.target) continue;
    const m = meta('asg.static-stability');
    const t = a.target;
    const what =
      a.tier.kind === 'asg'
        ? `Raise ${a.tier.name} to min = desired = ${t.instances} (≤ ${t.perAz} per AZ)${a.scaling.maxReaches === false ? ` and MaxSize to ≥ ${t.instances}` : ''} before the event, so losing any AZ leaves the forecast peak; scale back after.`
        : `Add ${t.addInstances} instance(s) to ${a.tier.name} (to ${t.instances}, ≤ ${t.perAz} per AZ), so losing any AZ leaves the forecast peak.`;
    const cli =
      a.tier.kind === 'asg'
        ? `aws autoscaling put-scheduled-update-group-action --region ${a.tier.region} --auto-scaling-group-name ${a.tier.name} ` +
          `--scheduled-action-name readiness-scale-up --start-time ${scheduleTime(d)} --min-size ${t.instances} --desired-capacity ${t.instances}` +
          (a.scaling.maxReaches === false ? ` --max-size ${t.instances}` : '')
        : undefined;
    out.push(action(a.status, a.key, who, what, d, { cli, terraform: m?.terraform }));
  }
  for (const p of x.regionLoss) {
    const m = meta('dr.standby-capacity');
    const who = p.standby
      ? `${p.standby.name} (${p.standby.region})`
      : `${p.primary.name} (${p.primary.region})`;
    if (!p.standby) {
      out.push(
        action(
          p.status,
          p.key,
          who,
          `Give ${p.primary.name} a standby tier in the standby region, and pair it (a resil:tier tag on both, or tiers: in .resil.yml).`,
          d,
          { terraform: m?.terraform },
        ),
      );
      continue;
    }
    const perInstance = p.standbyInstances > 0 ? p.standbyNow / p.standbyInstances : 1;
    const size = Math.max(p.standbyInstances + p.scaleOutInstances, Math.ceil(p.needed / (perInstance || 1)));
    const what =
      p.verdict === 'empty'
        ? `Put healthy capacity behind ${p.standby.name} (${p.standbyRoutes[0] ?? 'its listener rules'}): it serves nothing.`
        : p.verdict === 'too-small'
          ? `Raise ${p.standby.name}'s MaxSize to ≥ ${size} so it can carry ${p.primary.name}'s forecast peak.`
          : `Warm ${p.standby.name} to ${size} instances before the event (or accept a scale-out of ${p.scaleOutInstances} during a failover, and its time in the RTO).`;
    const cli =
      p.standby.kind === 'asg'
        ? `aws autoscaling update-auto-scaling-group --region ${p.standby.region} --auto-scaling-group-name ${p.standby.name} --max-size ${Math.max(size, p.standbyMaxInstances)}` +
          (p.verdict === 'too-small' ? '' : ` --min-size ${size} --desired-capacity ${size}`)
        : m?.cli;
    out.push(action(p.status, p.key, who, what, d, { cli, terraform: m?.terraform }));
  }
  for (const db of x.databases) {
    const who = `${db.secondary.cluster} (${db.secondary.region})`;
    if (db.lag && db.lag.max > db.rpoSeconds) {
      const m = meta('agd.replication-lag');
      out.push(
        action(
          db.lag.p99 > db.rpoSeconds ? 'not-ready' : 'at-risk',
          db.key,
          who,
          `Bring ${db.lag.metric} within the ${db.rpoSeconds} s RPO (p99 ${db.lag.p99} s, max ${db.lag.max} s over the window): ${m?.text ?? ''}`.trim(),
          d,
          { cli: m?.cli, terraform: m?.terraform },
        ),
      );
    }
    if (db.classVsWriter === 'smaller' || db.classVsWriter === 'none') {
      const m = meta('dr.standby-capacity');
      out.push(
        action(
          db.classVsWriter === 'none' ? 'not-ready' : 'at-risk',
          db.key,
          who,
          `Give ${db.secondary.cluster} an instance of the primary writer's class (${db.primary.writerClass ?? '?'}).`,
          d,
          {
            cli: `aws rds create-db-instance --region ${db.secondary.region} --db-cluster-identifier ${db.secondary.cluster} --db-instance-identifier ${db.secondary.cluster}-${db.secondary.instances + 1} --db-instance-class ${db.primary.writerClass ?? '<writer-class>'} --engine <engine>`,
            terraform: m?.terraform,
          },
        ),
      );
    }
    if (db.status === 'unknown')
      out.push(
        action('unknown', db.key, who, `Find out the replication lag: ${db.lagUnknownWhy ?? 'not read'}.`, d),
      );
  }
  for (const q of x.quotas) {
    if (q.status === 'ok') continue;
    const who = `${q.quotaCode} ${q.name} (${q.region})`;
    if (q.value === null || q.status === 'unknown') {
      out.push(
        action(
          'unknown',
          q.key,
          who,
          `Read the quota: ${q.reasons[0] ?? 'unknown'} (grant servicequotas:ListServiceQuotas and servicequotas:GetServiceQuota).`,
          d,
          {
            cli: `aws service-quotas get-service-quota --region ${q.region} --service-code ${q.serviceCode} --quota-code ${q.quotaCode}`,
          },
        ),
      );
      continue;
    }
    const want = Math.ceil(q.usedAfter / (x.quotaRedPercent / 100)) + (q.usedAfter === 0 ? 1 : 0);
    out.push(
      action(
        q.status,
        q.key,
        who,
        `Request ${q.name} ≥ ${want} in ${q.region} (the event needs ${q.usedAfter}; stay under ${x.quotaRedPercent} %). Approval can take days.`,
        d,
        {
          cli: `aws service-quotas request-service-quota-increase --region ${q.region} --service-code ${q.serviceCode} --quota-code ${q.quotaCode} --desired-value ${want}`,
          terraform: `resource "aws_servicequotas_service_quota" "${q.quotaCode.replace(/-/g, '_').toLowerCase()}" {\n  service_code = "${q.serviceCode}"\n  quota_code   = "${q.quotaCode}"\n  value        = ${want}\n}`,
        },
      ),
    );
  }
  for (const c of x.capacity) {
    if (c.status === 'ok') continue;
    const end = x.eventEnd ? `${ymd(dayStart(x.eventEnd) + DAY_MS)}T00:00:00Z` : '<YYYY-MM-DDT00:00:00Z>';
    out.push(
      action(
        c.status,
        c.key,
        `${c.id} (${c.region})`,
        `Keep ${c.id} (${c.total} × ${c.instanceType} in ${c.az}) in force until the event is over: ${c.reasons.join('; ')}.`,
        d,
        {
          cli: `aws ec2 modify-capacity-reservation --region ${c.region} --capacity-reservation-id ${c.id} --end-date-type limited --end-date ${end}`,
        },
      ),
    );
  }
  for (const l of x.loadBalancers) {
    if (l.status === 'ok') continue;
    out.push(
      action(
        l.status,
        l.key,
        `${l.loadBalancer} (${l.region})`,
        l.status === 'unknown'
          ? `Read its capacity reservation: ${l.reasons[0]}.`
          : `Check the LCU reservation of ${l.loadBalancer}: ${l.reasons.join('; ')}.`,
        d,
        {
          cli: `aws elbv2 describe-capacity-reservation --region ${l.region} --load-balancer-arn <${l.loadBalancer}-arn>`,
        },
      ),
    );
  }
  for (const u of x.unknown)
    out.push(action('unknown', u.key, `${u.what} (${u.region})`, `Read ${u.what}: ${u.why}.`, d));
  for (const f of x.failover) {
    const m = meta('dr.rto-budget');
    out.push(
      action(
        f.status,
        f.key,
        f.record,
        `Shorten the failover path of ${f.record}: ${f.reasons[0]}. ${m?.text ?? ''}`.trim(),
        d,
        {
          cli: m?.cli,
          terraform: m?.terraform,
        },
      ),
    );
  }
  for (const f of x.findings) {
    if (f.status !== 'fail' || f.suppressed) continue;
    const m = meta(f.checkId);
    const severity = f.severity;
    out.push({
      severity,
      from: f.checkId,
      resource: `${f.resource.name ?? f.resource.id}${f.resource.region ? ` (${f.resource.region})` : ''}`,
      what: `${f.message}. ${m?.text ?? ''}`.trim(),
      ...(m?.cli ? { cli: m.cli } : {}),
      ...(m?.terraform ? { terraform: m.terraform } : {}),
      ...dueFor(severity, d),
    });
  }
  const rank = (a: Action) => SEVERITY_RANK[a.severity];
  return out
    .filter((a): a is Action => !!a)
    .sort(
      (a, b) => rank(b) - rank(a) || a.from.localeCompare(b.from) || a.resource.localeCompare(b.resource),
    );
}
