import { defineCheck, fail, pass, skipped } from '../define.js';
import { eachRecord, findLoadBalancerByDnsName, healthCheckById, ref } from '../../inventory/query.js';
import { healthyTargetsByAz } from '../../inventory/zonal.js';
import { plural } from '../../util/text.js';

export default defineCheck({
  id: 'r53.secondary-ready',
  title: 'The SECONDARY failover target is healthy now',
  category: 'dns',
  severity: 'critical',
  rationale:
    'Failover only helps if the SECONDARY can serve. If its health check is already unhealthy, or its load balancer has no healthy ' +
    'target, failing over moves users from one outage to another. Worse, when the PRIMARY and the SECONDARY are both unhealthy, ' +
    'Route 53 "reverts to considering all records healthy" (its last-resort behaviour) and keeps answering with the failed primary. ' +
    'An ALB with no healthy target fails open, so an alias with evaluate-target-health can still look healthy: resil counts the targets.',
  remediation: {
    text: 'Fix the standby before you need it: bring its targets to healthy (scale up the standby ASG, fix its health endpoint), then re-run the audit.',
    cli:
      'aws route53 get-health-check-status --health-check-id <health-check-id>\n' +
      'aws elbv2 describe-target-health --target-group-arn <standby-target-group-arn>\n' +
      'aws autoscaling set-desired-capacity --auto-scaling-group-name <standby-asg> --desired-capacity <n>',
    terraform:
      'resource "aws_autoscaling_group" "standby" {\n  # a warm standby keeps healthy capacity behind its load balancer\n  min_size         = 2\n  desired_capacity = 2\n}',
  },
  thresholds: {},
  source: 'Route 53 docs (dns-failover-problems: all records unhealthy); REFERENCE R53-005',
  requires: [
    'route53:ListHostedZones',
    'route53:ListResourceRecordSets',
    'route53:ListHealthChecks',
    'route53:GetHealthCheckStatus',
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeTargetHealth',
  ],
  evaluate: (inv) =>
    eachRecord(inv)
      .filter(({ record }) => record.routingPolicy === 'failover' && record.failover === 'SECONDARY')
      .map(({ zone, record: r }) => {
        const resource = ref.record(zone, r);
        const what = `SECONDARY ${r.name} ${r.type}${r.setIdentifier ? ` (${r.setIdentifier})` : ''}`;
        const hc = r.healthCheckId ? healthCheckById(inv, r.healthCheckId) : undefined;
        const target = r.aliasTarget ? findLoadBalancerByDnsName(inv, r.aliasTarget.dnsName) : undefined;
        const byAz = target ? healthyTargetsByAz(inv.regions[target.region]!, target.lb) : undefined;
        const healthyTargets = byAz ? Object.values(byAz).reduce((a, b) => a + b, 0) : undefined;
        const evidence = {
          zone: zone.name,
          healthCheckId: r.healthCheckId ?? null,
          healthCheckStatus: r.healthCheckId ? (hc?.status ?? 'not-found') : null,
          loadBalancer: target?.lb.name ?? null,
          loadBalancerRegion: target?.region ?? null,
          healthyTargets: healthyTargets ?? null,
          healthyTargetsByAz: byAz ?? null,
        };
        const problems: string[] = [];
        if (hc?.status === 'unhealthy') problems.push(`its health check ${hc.id} reports unhealthy`);
        if (target && healthyTargets === 0)
          problems.push(`its load balancer ${target.lb.name} (${target.region}) has 0 healthy targets`);
        if (problems.length > 0) {
          return fail(
            resource,
            `${what} is not ready: ${problems.join(' and ')}. Failing over now would not help; if the PRIMARY is unhealthy too, Route 53 treats both as healthy`,
            evidence,
          );
        }
        const lbNote = target
          ? `load balancer ${target.lb.name} (${target.region}) has ${plural(healthyTargets ?? 0, 'healthy target')}`
          : '';
        if (hc?.status === 'unknown') {
          return skipped(
            resource,
            `${what}: health check ${hc.id} status unknown (not collected: needs route53:GetHealthCheckStatus)${lbNote ? `; ${lbNote}` : ''}`,
            evidence,
          );
        }
        if (hc?.status === 'healthy' || target) {
          const parts = [
            hc?.status === 'healthy' ? `health check ${hc.id} reports healthy` : '',
            lbNote,
          ].filter(Boolean);
          return pass(resource, `${what} is ready: ${parts.join('; ')}`, evidence);
        }
        const why =
          r.healthCheckId && !hc
            ? `its health check ${r.healthCheckId} was deleted (see r53.dangling-health-check)`
            : 'it has no health check';
        return skipped(
          resource,
          `${what}: cannot judge readiness: ${why}${r.aliasTarget ? ` and its alias target ${r.aliasTarget.dnsName} is not a load balancer in the inventory` : ''}`,
          evidence,
        );
      }),
});
