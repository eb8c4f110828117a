import { defineCheck, fail, pass, skipped, warn } from '../define.js';
import { eachRecord, healthCheckById, ref } from '../../inventory/query.js';
import type { TargetGroup } from '../../inventory/schema.js';
import {
  describeRoute,
  failoverPartner,
  forwardingRoutes,
  recordLoadBalancer,
  recordTargetName,
  type Route,
} from '../../inventory/traffic.js';
import { healthyTargetsByAz, isServingTarget } from '../../inventory/zonal.js';
import { plural } from '../../util/text.js';

/** Each target group the routes forward to, once, with the routes that reach it and its healthy targets. */
function targetGroupsServed(routes: Route[]): Array<{ tg: TargetGroup; routes: Route[]; healthy: number }> {
  const out = new Map<string, { tg: TargetGroup; routes: Route[]; healthy: number }>();
  for (const route of routes) {
    for (const tg of route.targetGroups) {
      const x = out.get(tg.arn) ?? {
        tg,
        routes: [],
        healthy: tg.targets.filter((t) => isServingTarget(tg, t)).length,
      };
      x.routes.push(route);
      out.set(tg.arn, x);
    }
  }
  return [...out.values()];
}

function targetsNote(registered: number): string {
  return registered === 0 ? 'no registered target' : `${plural(registered, 'target')}, none healthy`;
}

export default defineCheck({
  id: 'r53.secondary-ready',
  title: 'The SECONDARY failover target is healthy now',
  category: 'dns',
  severity: 'critical',
  rationale:
    'Failover only helps if the SECONDARY can serve. If its health check is already unhealthy, or its load balancer has no healthy ' +
    'target — or one of its listener rules (say /api/*) forwards to an empty target group — failing over moves users from one ' +
    'outage to another. resil follows an alias or CNAME to the load balancer and judges every target group its listener rules ' +
    'forward to. A health check shared with the PRIMARY watches the primary: it tells nothing about the SECONDARY. Worse, when the PRIMARY and the SECONDARY are both unhealthy, ' +
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
        const partner = failoverPartner(zone, r);
        const shared = r.healthCheckId !== undefined && partner?.healthCheckId === r.healthCheckId;
        const hc = r.healthCheckId ? healthCheckById(inv, r.healthCheckId) : undefined;
        const target = recordLoadBalancer(inv, r);
        const region = target ? inv.regions[target.region]! : undefined;
        const byAz = target ? healthyTargetsByAz(region!, target.lb) : undefined;
        const healthyTargets = byAz ? Object.values(byAz).reduce((a, b) => a + b, 0) : undefined;
        // The target groups that serve the record: those its load balancer's listener rules forward to.
        const routes = target ? forwardingRoutes(region!, target.region, target.lb) : [];
        const served = targetGroupsServed(routes);
        const watches = hc ? (hc.fqdn ?? hc.ipAddress ?? hc.id) : undefined;
        const evidence = {
          zone: zone.name,
          healthCheckId: r.healthCheckId ?? null,
          healthCheckStatus: r.healthCheckId ? (hc?.status ?? 'not-found') : null,
          healthCheckSharedWithPrimary: shared,
          ...(shared ? { healthCheckWatches: watches ?? null } : {}),
          loadBalancer: target?.lb.name ?? null,
          loadBalancerRegion: target?.region ?? null,
          healthyTargets: healthyTargets ?? null,
          healthyTargetsByAz: byAz ?? null,
          targetGroups: served.map((x) => ({
            name: x.tg.name,
            registered: x.tg.targets.length,
            healthy: x.healthy,
            routes: x.routes.map(describeRoute),
          })),
        };
        const problems: string[] = [];
        if (hc?.status === 'unhealthy' && !shared)
          problems.push(`its health check ${hc.id} reports unhealthy`);
        if (target && healthyTargets === 0) {
          const detail = served.length
            ? ` (${served.map((x) => `target group ${x.tg.name}: ${targetsNote(x.tg.targets.length)}`).join('; ')})`
            : '';
          problems.push(
            `its load balancer ${target.lb.name} (${target.region}) has 0 healthy targets${detail}`,
          );
        } else if (target) {
          for (const x of served.filter((y) => y.healthy === 0)) {
            problems.push(
              `${x.routes.map(describeRoute).join(' and ')} ${x.routes.length > 1 ? 'forward' : 'forwards'} to target group ${x.tg.name}, ` +
                `which has ${targetsNote(x.tg.targets.length)}: the requests it matches get HTTP 503`,
            );
          }
        }
        const sharedNote = shared
          ? `its health check ${r.healthCheckId} is shared with the PRIMARY${watches ? ` (it watches ${watches})` : ''} and tells nothing about the SECONDARY`
          : '';
        if (problems.length > 0) {
          const empty = target ? served.find((x) => x.healthy === 0) : undefined;
          const cause =
            empty && hc?.status !== 'unhealthy'
              ? {
                  rootCause: {
                    checkId: 'dr.standby-capacity',
                    resource: ref.targetGroup(target!.region, empty.tg),
                  },
                }
              : {};
          return {
            ...fail(
              resource,
              `${what} is not ready: ${problems.join('; ')}${shared ? `; ${sharedNote}` : ''}. Failing over now would not help; if the PRIMARY is unhealthy too, Route 53 treats both as healthy`,
              evidence,
            ),
            ...cause,
          };
        }
        const lbNote = target
          ? `load balancer ${target.lb.name} (${target.region}) has ${plural(healthyTargets ?? 0, 'healthy target')}` +
            (served.length > 1
              ? ` across ${served.map((x) => `${x.tg.name} (${x.healthy})`).join(', ')}`
              : '')
          : '';
        if (shared) {
          if (target)
            return pass(
              resource,
              `${what} is ready: ${lbNote}; ${sharedNote} (see r53.failover-pairs)`,
              evidence,
            );
          return {
            ...warn(
              resource,
              `${what}: readiness unknown — ${sharedNote}, and its target ${recordTargetName(r) ?? (r.values.join(', ') || '?')} is not a load balancer in the inventory. Give the SECONDARY its own health check`,
              evidence,
            ),
            rootCause: {
              checkId: 'r53.failover-pairs',
              resource: ref.recordGroup(zone, partner!.name, r.type),
            },
          };
        }
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
