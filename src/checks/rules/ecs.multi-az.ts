import { defineCheck, fail, pass, warn, type Verdict } from '../define.js';
import { ref, regionsOf } from '../../inventory/query.js';
import { ecsConfiguredAzs, ecsRunningTasks, ecsTasksPerAz } from '../../inventory/zonal.js';
import { formatCounts, spread } from '../zonal.js';
import { plural } from '../../util/text.js';

export default defineCheck({
  id: 'ecs.multi-az',
  title: 'ECS service tasks are spread and balanced over several AZs, and rebalanced',
  category: 'multi-az',
  severity: 'high',
  rationale:
    "An ECS service can only place tasks where its subnets (awsvpc) or its cluster's container instances (EC2 launch " +
    'type) are. Tasks in one AZ stop with it; tasks piled into one of three AZs lose most of the service with that AZ. ' +
    'After an AZ recovers, ECS moves tasks back only when AZ rebalancing is on: services created before it existed, ' +
    'or updated without setting it, have it off and stay lopsided after every incident.',
  remediation: {
    text:
      'Give the service subnets (or container instances) in at least two — better three — AZs, run at least one task per ' +
      'AZ, and turn on availability-zone rebalancing.',
    cli:
      'aws ecs update-service --cluster <cluster> --service <service> --availability-zone-rebalancing ENABLED ' +
      '--network-configuration "awsvpcConfiguration={subnets=[<subnet-a>,<subnet-b>,<subnet-c>]}"',
    terraform:
      'resource "aws_ecs_service" "app" {\n' +
      '  availability_zone_rebalancing = "ENABLED"\n' +
      '  network_configuration {\n    subnets = [aws_subnet.a.id, aws_subnet.b.id, aws_subnet.c.id]\n  }\n' +
      '}',
  },
  thresholds: { minAzs: 2, maxImbalancePercent: 20 },
  thresholdDocs: {
    minAzs: 'Fewest AZs the service can place tasks in (and its running tasks occupy) that passes.',
    maxImbalancePercent:
      'Largest acceptable (max − min) / max of running tasks per AZ, in percent; max − min = 1 always passes.',
  },
  source:
    'Amazon ECS Developer Guide (Balancing an Amazon ECS service across Availability Zones; availabilityZoneRebalancing defaults); REL10 fault isolation',
  requires: [
    'ecs:ListClusters',
    'ecs:ListServices',
    'ecs:DescribeServices',
    'ecs:ListTasks',
    'ecs:DescribeTasks',
    'ecs:ListContainerInstances',
    'ecs:DescribeContainerInstances',
    'ec2:DescribeSubnets',
  ],
  evaluate: (inv, t) => {
    const out: Verdict[] = [];
    for (const [region, r] of regionsOf(inv)) {
      for (const s of r.ecsServices) {
        if (s.schedulingStrategy === 'DAEMON' || s.status === 'INACTIVE' || s.desiredCount === 0) continue;
        const { azs, from } = ecsConfiguredAzs(r, s);
        const perAz = ecsTasksPerAz(s, azs);
        const running = ecsRunningTasks(s);
        const occupied = perAz
          ? Object.entries(perAz)
              .filter(([, n]) => n > 0)
              .map(([az]) => az)
          : [];
        const sp = perAz ? spread(perAz) : undefined;
        const rebalancing = s.availabilityZoneRebalancing ?? 'DISABLED';
        const evidence = {
          configuredAzs: azs,
          azsFrom: from,
          runningTasksPerAz: perAz ?? null,
          runningTasks: running,
          desiredCount: s.desiredCount,
          ...(sp ? { imbalancePercent: sp.imbalancePercent, difference: sp.difference } : {}),
          availabilityZoneRebalancing: s.availabilityZoneRebalancing ?? null,
          minAzs: t.minAzs,
          maxImbalancePercent: t.maxImbalancePercent,
        };
        const resource = ref.ecsService(region, s);
        const name = `${s.clusterName}/${s.name}`;
        const where = `${plural(azs.length, 'AZ')}${azs.length ? ` (${azs.join(', ')})` : ''}`;
        if (azs.length < t.minAzs) {
          out.push(
            fail(
              resource,
              `${name} can place tasks in ${where} only (from its ${from.replace('-', ' ')}); needs ≥ ${t.minAzs}: losing that AZ stops the service`,
              evidence,
            ),
          );
          continue;
        }
        if (perAz && running > 0 && occupied.length < t.minAzs) {
          out.push(
            fail(
              resource,
              `${name} runs ${running === 1 ? 'its only task' : `all ${plural(running, 'task')}`} in ${occupied.join(', ')} although it can use ${where}` +
                (running < t.minAzs
                  ? `: ${plural(running, 'task')} cannot be spread; run at least ${t.minAzs}`
                  : ''),
              evidence,
            ),
          );
          continue;
        }
        const problems: string[] = [];
        if (perAz && sp && sp.difference > 1 && sp.imbalancePercent > t.maxImbalancePercent)
          problems.push(
            `its running tasks are imbalanced (${formatCounts(perAz)}: max − min = ${sp.difference}, ${sp.imbalancePercent} % of max, limit ${t.maxImbalancePercent} %)`,
          );
        if (rebalancing !== 'ENABLED')
          problems.push(
            `AZ rebalancing is ${s.availabilityZoneRebalancing ? rebalancing : 'not set (off for services created before it existed)'}: after an AZ recovers, its tasks stay where they were moved`,
          );
        const counts = perAz ? ` (${formatCounts(perAz)})` : '';
        if (problems.length)
          out.push(
            warn(resource, `${name} spans ${where}${counts}, but ${problems.join('; and ')}`, evidence),
          );
        else
          out.push(
            pass(
              resource,
              `${name} runs ${plural(running, 'task')} over ${where}${counts}, with AZ rebalancing on`,
              evidence,
            ),
          );
      }
    }
    return out;
  },
});
