import { defineCheck, fail, pass, skipped, type ResourceRef, type Verdict } from '../define.js';
import { findDbCluster, healthCheckById, nameFromArn, ref, regionsOf } from '../../inventory/query.js';
import type { Alarm, Inventory } from '../../inventory/schema.js';

/** Route 53 publishes health-check metrics in us-east-1 only. */
export const ROUTE53_METRICS_REGION = 'us-east-1';

/** The LoadBalancer dimension of an ELB metric: app/<name>/<id> or net/<name>/<id>, from the ARN. */
export function loadBalancerDimension(arn: string): string | undefined {
  const i = arn.indexOf(':loadbalancer/');
  return i < 0 ? undefined : arn.slice(i + ':loadbalancer/'.length);
}

interface Signal {
  resource: ResourceRef;
  what: string;
  /** Region whose alarms watch it. */
  region: string;
  matches: (a: Alarm) => boolean;
  /** A further judgement of a matching alarm (e.g. its threshold against the RPO): a problem, or undefined. */
  judge?: (a: Alarm) => string | undefined;
}

function signals(inv: Inventory, rpoSeconds: number): Signal[] {
  const out: Signal[] = [];
  // 1. Health checks that decide a PRIMARY failover record.
  const primaryChecks = new Set<string>();
  for (const zone of inv.route53.hostedZones)
    for (const r of zone.records)
      if (r.failover === 'PRIMARY' && r.healthCheckId) primaryChecks.add(r.healthCheckId);
  for (const id of [...primaryChecks].sort()) {
    const hc = healthCheckById(inv, id);
    out.push({
      resource: hc
        ? ref.healthCheck(hc)
        : { type: 'AWS::Route53::HealthCheck', id, name: id, region: 'global' },
      what: `Route 53 health check ${id} of a PRIMARY record`,
      region: ROUTE53_METRICS_REGION,
      matches: (a) =>
        a.metrics.some(
          (m) =>
            m.namespace === 'AWS/Route53' &&
            m.metricName === 'HealthCheckStatus' &&
            m.dimensions['HealthCheckId'] === id,
        ),
    });
  }
  // 2. Each load balancer's (un)healthy host count.
  for (const [region, r] of regionsOf(inv)) {
    for (const lb of r.loadBalancers) {
      if (lb.type === 'gateway') continue;
      const dim = loadBalancerDimension(lb.arn);
      const ns = lb.type === 'network' ? 'AWS/NetworkELB' : 'AWS/ApplicationELB';
      out.push({
        resource: ref.loadBalancer(region, lb),
        what: `load balancer ${lb.name}'s unhealthy hosts`,
        region,
        matches: (a) =>
          a.metrics.some(
            (m) =>
              m.namespace === ns &&
              (m.metricName === 'UnHealthyHostCount' || m.metricName === 'HealthyHostCount') &&
              m.dimensions['LoadBalancer'] === dim,
          ),
      });
    }
  }
  // 3. Aurora global database lag of each secondary, against the RPO.
  for (const g of inv.globalClusters) {
    for (const m of g.members.filter((x) => !x.isWriter)) {
      const hit = findDbCluster(inv, m.clusterArn);
      const id = hit?.cluster.id ?? nameFromArn(m.clusterArn);
      const region = hit?.region ?? m.region;
      const limitMs = rpoSeconds * 1000;
      out.push({
        resource: hit
          ? ref.dbCluster(hit.region, hit.cluster)
          : { type: 'AWS::RDS::DBCluster', id, name: id, arn: m.clusterArn, region },
        what: `replication lag of ${id} (secondary of ${g.id})`,
        region,
        matches: (a) =>
          a.metrics.some(
            (x) =>
              x.namespace === 'AWS/RDS' &&
              (x.metricName === 'AuroraGlobalDBRPOLag' || x.metricName === 'AuroraGlobalDBReplicationLag') &&
              x.dimensions['DBClusterIdentifier'] === id,
          ),
        // A single-metric alarm's threshold is in the metric's unit (milliseconds); metric math is not judged.
        judge: (a) =>
          a.metrics.length === 1 &&
          a.statistic !== undefined &&
          a.threshold !== undefined &&
          (a.comparisonOperator ?? '').startsWith('GreaterThan') &&
          a.threshold > limitMs
            ? `it fires only above ${a.threshold} ms, beyond the RPO of ${rpoSeconds} s`
            : undefined,
      });
    }
  }
  return out;
}

const actionable = (a: Alarm) => a.actionsEnabled && a.alarmActions.length > 0;

export default defineCheck({
  id: 'alarms.failover-signals',
  title: 'The failover signals have alarms, and the alarms page someone',
  category: 'health-check',
  severity: 'high',
  rationale:
    'A failover decision starts with a signal: the health check behind a PRIMARY record going unhealthy, a load ' +
    'balancer losing its healthy hosts, Aurora global replication falling behind the RPO. Route 53 acts on its health ' +
    'checks by itself, but people act only on what pages them: each of these signals needs a CloudWatch alarm, and the ' +
    'alarm needs an action (an alarm without actions, or with actions disabled, pages no one). A lag alarm set above ' +
    'the RPO fires only after the data-loss budget is spent. Route 53 health-check metrics exist only in us-east-1.',
  remediation: {
    text:
      'Create an alarm for each signal with an SNS (or incident-manager) action: HealthCheckStatus < 1 per health check ' +
      '(in us-east-1), UnHealthyHostCount > 0 per load balancer, AuroraGlobalDBRPOLag above a threshold under the RPO ' +
      'in each secondary region; enable actions on existing alarms.',
    cli:
      'aws cloudwatch put-metric-alarm --region us-east-1 --alarm-name primary-health --namespace AWS/Route53 ' +
      '--metric-name HealthCheckStatus --dimensions Name=HealthCheckId,Value=<id> --statistic Minimum --period 60 ' +
      '--evaluation-periods 1 --threshold 1 --comparison-operator LessThanThreshold --alarm-actions <sns-topic-arn>\n' +
      'aws cloudwatch enable-alarm-actions --alarm-names <alarm>',
    terraform:
      'resource "aws_cloudwatch_metric_alarm" "unhealthy_hosts" {\n  alarm_name          = "shop-alb-unhealthy"\n' +
      '  namespace           = "AWS/ApplicationELB"\n  metric_name         = "UnHealthyHostCount"\n' +
      '  dimensions          = { LoadBalancer = aws_lb.shop.arn_suffix, TargetGroup = aws_lb_target_group.web.arn_suffix }\n' +
      '  statistic           = "Maximum"\n  period              = 60\n  evaluation_periods  = 2\n' +
      '  threshold           = 0\n  comparison_operator = "GreaterThanThreshold"\n' +
      '  alarm_actions       = [aws_sns_topic.on_call.arn]\n}',
  },
  thresholds: { rpoSeconds: 15 },
  thresholdDocs: {
    rpoSeconds:
      'Recovery point objective, in seconds: a replication-lag alarm must fire at or below it. Shared with the top-level rpoSeconds setting.',
  },
  source:
    'prowler cloudwatch alarm-action checks; AWS Well-Architected REL06/REL11-BP01 (monitor and alert); Route 53 docs (health-check metrics in us-east-1)',
  requires: ['cloudwatch:DescribeAlarms'],
  evaluate: (inv, t) =>
    signals(inv, t.rpoSeconds).map((s): Verdict => {
      const r = inv.regions[s.region];
      if (!r)
        return skipped(
          s.resource,
          `${s.what}: its alarms would be in ${s.region}, which was not audited (add --region ${s.region})`,
          { alarmRegion: s.region },
        );
      const alarms = r.alarms.filter(s.matches);
      const evidence = {
        alarmRegion: s.region,
        alarms: alarms.map((a) => ({
          name: a.name,
          actionsEnabled: a.actionsEnabled,
          alarmActions: a.alarmActions.length,
          threshold: a.threshold ?? null,
        })),
        rpoSeconds: t.rpoSeconds,
      };
      if (alarms.length === 0)
        return fail(s.resource, `No CloudWatch alarm watches the ${s.what} (in ${s.region})`, evidence);
      const paging = alarms.filter(actionable);
      if (paging.length === 0) {
        const why = alarms
          .map((a) => `${a.name} (${a.actionsEnabled ? 'no alarm actions' : 'actions disabled'})`)
          .join(', ');
        return fail(s.resource, `The ${s.what} has alarms that page no one: ${why}`, evidence);
      }
      const problems = paging.map((a) => [a, s.judge?.(a)] as const);
      const good = problems.filter(([, p]) => p === undefined).map(([a]) => a);
      if (good.length === 0)
        return fail(
          s.resource,
          `The ${s.what} is alarmed too late: ${problems.map(([a, p]) => `${a.name}: ${p}`).join('; ')}`,
          evidence,
        );
      return pass(
        s.resource,
        `The ${s.what} is alarmed: ${good.map((a) => `${a.name} (${a.alarmActions.length} action${a.alarmActions.length === 1 ? '' : 's'})`).join(', ')}`,
        evidence,
      );
    }),
});
