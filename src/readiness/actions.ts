/**
 * Section 7: actions. One per item that is not ok (readiness items and the audit's failing findings),
 * each with a severity, the resource, what to change (an AWS CLI line with the numbers filled in where
 * the report knows them, and Terraform from the related check's metadata) and a due date relative to
 * the event: critical before the event; the others after it (do not change what works during a freeze).
 */
import { ECS_DESIRED_COUNT, ecsResourceId, type Tier } from '../capacity/index.js';
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
import { DAY_MS, ceilClean, count, countNounOf, dayStart, ymd } from './util.js';

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
  /** The capacity model's tiers, by id: what an action on an ECS service needs (cluster, network mode, scalable target). */
  tiers?: ReadonlyMap<string, Tier>;
}

/** `aws application-autoscaling … --resource-id service/<cluster>/<service>` for an ECS service's desired count. */
function aasArgs(t: Tier): string {
  return `--region ${t.region} --service-namespace ecs --scalable-dimension ${ECS_DESIRED_COUNT} --resource-id ${ecsResourceId(t.ecs!)}`;
}

function ecsServiceArgs(t: Tier): string {
  return `--region ${t.region} --cluster ${t.ecs!.clusterName} --service ${t.ecs!.name}`;
}

/** An ECS service whose tasks sit in one AZ: give it subnets (awsvpc) or placement (EC2) in several, and rebalancing. */
function ecsSpreadFix(t: Tier, az: string): { what: string; cli: string; terraform: string } {
  const s = t.ecs!;
  const rebalance =
    s.availabilityZoneRebalancing === 'ENABLED'
      ? ''
      : ', and enable availabilityZoneRebalancing so ECS moves tasks back after an AZ recovers';
  if (s.networkMode === 'awsvpc' || s.subnetIds.length > 0)
    return {
      what: `Give ${t.name} subnets in at least two AZs (its awsvpc network configuration; all its tasks are in ${az})${rebalance}.`,
      cli:
        `aws ecs update-service ${ecsServiceArgs(t)} --availability-zone-rebalancing ENABLED ` +
        `--network-configuration "awsvpcConfiguration={subnets=[<subnet-a>,<subnet-b>,<subnet-c>],securityGroups=[<its-security-groups>]}"`,
      terraform:
        'resource "aws_ecs_service" "app" {\n  availability_zone_rebalancing = "ENABLED"\n' +
        '  network_configuration {\n    subnets         = [aws_subnet.a.id, aws_subnet.b.id, aws_subnet.c.id]\n' +
        '    security_groups = [aws_security_group.app.id]\n  }\n}',
    };
  return {
    what:
      `Give ${t.name}'s cluster ${s.clusterName} container instances in at least two AZs and spread the service's placement over AZs ` +
      `(all its tasks are in ${az})${rebalance}.`,
    cli:
      `aws ecs update-service ${ecsServiceArgs(t)} --availability-zone-rebalancing ENABLED ` +
      '--placement-strategy type=spread,field=attribute:ecs.availability-zone',
    terraform:
      'resource "aws_ecs_service" "app" {\n  availability_zone_rebalancing = "ENABLED"\n' +
      '  ordered_placement_strategy {\n    type  = "spread"\n    field = "attribute:ecs.availability-zone"\n  }\n}',
  };
}

export function buildActions(x: ActionInputs, d: Due): Action[] {
  const out: Array<Action | undefined> = [];
  for (const a of x.azLoss) {
    const who = `${a.tier.name} (${a.tier.region})`;
    const tier = x.tiers?.get(a.tier.id);
    const ecs = tier?.kind === 'ecs-service' && tier.ecs ? tier : undefined;
    if (a.singleAz || (a.worstAz && a.worstAfter === 0 && a.capacityNow > 0)) {
      const m = meta('asg.multi-az');
      if (ecs || a.tier.kind === 'ecs-service') {
        const fix = ecs ? ecsSpreadFix(ecs, a.worstAz ?? 'one AZ') : undefined;
        const mm = meta('ecs.multi-az');
        out.push(
          action(
            a.status,
            a.key,
            who,
            fix?.what ??
              `Give ${a.tier.name} subnets (awsvpc) or container instances in at least two AZs (all its tasks are in ${a.worstAz ?? 'one'}), and enable availabilityZoneRebalancing.`,
            d,
            { cli: fix?.cli ?? mm?.cli, terraform: fix?.terraform ?? mm?.terraform },
          ),
        );
        continue;
      }
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
    const t = a.target;
    if (ecs) {
      const raiseMax = a.scaling.maxReaches === false;
      const scaled = a.scaling.scaledBy === 'application-auto-scaling';
      const what = scaled
        ? `Raise ${a.tier.name}'s scalable target MinCapacity and the service's desired count to ${count(t.instances, 'tasks')} (≤ ${t.perAz} per AZ)` +
          `${raiseMax ? ` and its MaxCapacity to ≥ ${t.instances}` : ''} before the event, so losing any AZ leaves the forecast peak; scale back after.`
        : `Raise ${a.tier.name}'s desired count to ${count(t.instances, 'tasks')} (≤ ${t.perAz} per AZ) before the event, so losing any AZ leaves the forecast peak; ` +
          'it has no Application Auto Scaling scalable target, so register one (with a target-tracking policy) to let it grow past that.';
      const cli = scaled
        ? `aws application-autoscaling put-scheduled-action ${aasArgs(ecs)} --scheduled-action-name readiness-scale-up ` +
          `--schedule "at(${scheduleTime(d).replace(/Z$/, '')})" --scalable-target-action MinCapacity=${t.instances}${raiseMax ? `,MaxCapacity=${t.instances}` : ''}`
        : `aws ecs update-service ${ecsServiceArgs(ecs)} --desired-count ${t.instances}`;
      const m = meta(scaled ? 'ecs.auto-scaling' : 'tier.static-stability');
      out.push(action(a.status, a.key, who, what, d, { cli, terraform: m?.terraform }));
      continue;
    }
    const m = meta('asg.static-stability');
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
      const primary = x.tiers?.get(p.primary.id);
      const ecsPrimary = p.primary.kind === 'ecs-service';
      const per = primary && p.unit === primary.capacity.unit ? primary.capacity.unitsPerInstance : 1;
      const tasks = ceilClean(p.needed / (per || 1));
      out.push(
        action(
          p.status,
          p.key,
          who,
          ecsPrimary
            ? `Give ${p.primary.name} a standby ECS service in the standby region (${count(tasks, 'tasks')} carry its forecast peak), and pair it (a resil:tier tag on both, or tiers: in .resil.yml).`
            : `Give ${p.primary.name} a standby tier in the standby region, and pair it (a resil:tier tag on both, or tiers: in .resil.yml).`,
          d,
          {
            terraform: ecsPrimary
              ? `resource "aws_ecs_service" "standby" {\n  provider      = aws.standby # the standby region\n  desired_count = ${tasks} # the primary's forecast peak, in tasks\n  tags = { "resil:tier" = "${p.primary.name}" }\n}`
              : m?.terraform,
          },
        ),
      );
      continue;
    }
    const perInstance = p.standbyInstances > 0 ? p.standbyNow / p.standbyInstances : 1;
    const size = Math.max(p.standbyInstances + p.scaleOutInstances, Math.ceil(p.needed / (perInstance || 1)));
    const standby = x.tiers?.get(p.standby.id);
    if (standby?.kind === 'ecs-service' && standby.ecs && p.verdict !== 'empty') {
      const scaled = !!standby.scalableTarget;
      const n = count(size, 'tasks');
      const what = !scaled
        ? `${p.standby.name} has no Application Auto Scaling scalable target: raise its desired count to ${n} before the event so it can carry ${p.primary.name}'s forecast peak (or register a scalable target with MaxCapacity ≥ ${size} and a target-tracking policy, and accept the scale-out in the RTO).`
        : p.verdict === 'too-small'
          ? `Raise ${p.standby.name}'s scalable target MaxCapacity to ≥ ${size} so it can carry ${p.primary.name}'s forecast peak.`
          : `Warm ${p.standby.name} to ${n} before the event (raise its scalable target's MinCapacity and the service's desired count to ${size}), or accept a scale-out of ${count(p.scaleOutInstances, 'tasks')} during a failover, and its time in the RTO.`;
      const cli = !scaled
        ? `aws ecs update-service ${ecsServiceArgs(standby)} --desired-count ${size}`
        : `aws application-autoscaling register-scalable-target ${aasArgs(standby)} --max-capacity ${Math.max(size, p.standbyMaxInstances)}` +
          (p.verdict === 'too-small' ? '' : ` --min-capacity ${size}`);
      out.push(
        action(p.status, p.key, who, what, d, {
          cli,
          terraform: meta(scaled ? 'ecs.auto-scaling' : 'tier.static-stability')?.terraform,
        }),
      );
      continue;
    }
    const noun = countNounOf(p.standby.kind);
    const what =
      p.verdict === 'empty'
        ? `Put healthy capacity behind ${p.standby.name} (${p.standbyRoutes[0] ?? 'its listener rules'}): it serves nothing.`
        : p.verdict === 'too-small'
          ? `Raise ${p.standby.name}'s MaxSize to ≥ ${size} so it can carry ${p.primary.name}'s forecast peak.`
          : `Warm ${p.standby.name} to ${count(size, noun)} before the event (or accept a scale-out of ${p.scaleOutInstances} during a failover, and its time in the RTO).`;
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
    if (q.value !== null && q.status === 'unknown') {
      // The quota was read; what it must hold is not all known (instances or tasks of unknown size,
      // Fargate services whose On-Demand share is not known): say what, not "read the quota".
      const open = q.reasons.slice(1).filter((x) => !x.startsWith('added by: '));
      out.push(
        action(
          'unknown',
          q.key,
          who,
          `Find out what the quota must also hold: ${open.join('; ') || 'unknown'}.`,
          d,
        ),
      );
      continue;
    }
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
