import { defineCheck, fail, pass, warn } from '../define.js';
import { eachRegional, ref } from '../../inventory/query.js';

export default defineCheck({
  id: 'ecs.deployment-safety',
  title: 'ECS deployments roll back on failure and never stop every task',
  category: 'health-check',
  severity: 'medium',
  rationale:
    'A bad deployment during an AZ or region event doubles the outage. Without the deployment circuit breaker, ECS keeps ' +
    'replacing failing tasks for hours; with it but without rollback, the service is left on the broken revision. A ' +
    'minimumHealthyPercent of 0 lets ECS stop every running task before starting new ones. A load-balanced service ' +
    'without a health-check grace period has new tasks killed by the target group health check before they finish ' +
    'starting, which turns a slow start into a replacement loop.',
  remediation: {
    text:
      'Enable the deployment circuit breaker with rollback, keep minimumHealthyPercent at 100 (or at least 50), and give ' +
      'load-balanced services a health-check grace period longer than their start-up time.',
    cli:
      'aws ecs update-service --cluster <cluster> --service <service> --health-check-grace-period-seconds 60 ' +
      '--deployment-configuration "deploymentCircuitBreaker={enable=true,rollback=true},minimumHealthyPercent=100,maximumPercent=200"',
    terraform:
      'resource "aws_ecs_service" "app" {\n' +
      '  deployment_minimum_healthy_percent = 100\n' +
      '  health_check_grace_period_seconds  = 60\n' +
      '  deployment_circuit_breaker {\n    enable   = true\n    rollback = true\n  }\n' +
      '}',
  },
  thresholds: { minHealthyPercent: 1 },
  thresholdDocs: {
    minHealthyPercent:
      'Lowest acceptable minimumHealthyPercent, in percent (0 lets a deployment stop every task).',
  },
  source:
    'Amazon ECS Developer Guide (deployment circuit breaker; minimumHealthyPercent; healthCheckGracePeriodSeconds)',
  requires: ['ecs:ListClusters', 'ecs:ListServices', 'ecs:DescribeServices'],
  evaluate: (inv, t) =>
    eachRegional(inv, 'ecsServices')
      .filter(({ item: s }) => s.status !== 'INACTIVE' && s.schedulingStrategy !== 'DAEMON')
      .map(({ region, item: s }) => {
        const dc = s.deploymentConfiguration;
        const cb = dc.circuitBreaker;
        const lb = s.loadBalancers.some((l) => l.targetGroupArn);
        const failures: string[] = [];
        const warnings: string[] = [];
        if (!cb?.enable)
          failures.push(
            'no deployment circuit breaker: a failing deployment keeps replacing tasks instead of stopping',
          );
        else if (!cb.rollback)
          warnings.push('the circuit breaker stops a failing deployment but does not roll it back');
        if (dc.minimumHealthyPercent !== undefined && dc.minimumHealthyPercent < t.minHealthyPercent)
          failures.push(
            `minimumHealthyPercent ${dc.minimumHealthyPercent} % lets a deployment stop every running task (limit ≥ ${t.minHealthyPercent} %)`,
          );
        if (lb && !s.healthCheckGracePeriodSeconds)
          warnings.push(
            'it is behind a load balancer with no health-check grace period: a slow-starting task is killed by the target-group health check before it is ready',
          );
        const evidence = {
          circuitBreaker: cb ?? null,
          minimumHealthyPercent: dc.minimumHealthyPercent ?? null,
          maximumPercent: dc.maximumPercent ?? null,
          loadBalanced: lb,
          healthCheckGracePeriodSeconds: s.healthCheckGracePeriodSeconds ?? null,
          minHealthyPercentLimit: t.minHealthyPercent,
        };
        const resource = ref.ecsService(region, s);
        const name = `${s.clusterName}/${s.name}`;
        const all = [...failures, ...warnings];
        if (failures.length) return fail(resource, `${name}: ${all.join('; ')}`, evidence);
        if (warnings.length) return warn(resource, `${name}: ${all.join('; ')}`, evidence);
        return pass(
          resource,
          `${name} rolls back a failing deployment (circuit breaker with rollback), keeps ≥ ${dc.minimumHealthyPercent ?? 100} % of its tasks during one` +
            (lb
              ? `, and gives new tasks ${s.healthCheckGracePeriodSeconds} s before load-balancer health checks count`
              : ''),
          evidence,
        );
      }),
});
