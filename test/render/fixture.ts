/**
 * The one findings fixture every renderer golden test reads: an AuditResult written by hand, covering
 * every status and severity, a suppressed finding, an expired and an unused suppression, a collection
 * error, and messages with characters that need escaping in XML, Markdown and terminals.
 */
import type { Check, Finding } from '../../src/checks/define.js';
import { sortFindings, summarize, type AuditResult, type CheckMeta } from '../../src/engine/audit.js';
import type { RenderContext } from '../../src/render/types.js';

export const CONTEXT: RenderContext = {
  tool: { name: 'resil', version: '0.1.0' },
  startedAt: '2024-11-20T09:15:00.000Z',
  durationMs: 1234,
  color: false,
};

const ACCOUNT = '123456789012';
const arn = (service: string, region: string, rest: string) =>
  `arn:aws:${service}:${region}:${ACCOUNT}:${rest}`;

export const CHECKS: CheckMeta[] = [
  {
    id: 'asg.multi-az',
    title: 'Auto Scaling group spans at least two AZs',
    category: 'multi-az',
    severity: 'high',
  },
  {
    id: 'rds.multi-az',
    title: 'Standalone RDS instance is Multi-AZ',
    category: 'multi-az',
    severity: 'high',
  },
  {
    id: 'tg.detection-time',
    title: 'Target group notices a dead target fast enough',
    category: 'health-check',
    severity: 'medium',
  },
  {
    id: 'asg.scaling-policy',
    title: 'Auto Scaling group has a scaling policy or schedule',
    category: 'scaling',
    severity: 'low',
  },
  {
    id: 'aurora.global-lag',
    title: 'Global database replication lag within the RPO',
    category: 'replication',
    severity: 'critical',
  },
  { id: 'dns.failover-ttl', title: 'Failover records have a short TTL', category: 'dns', severity: 'medium' },
  { id: 'dr.rto-budget', title: 'Failover time budget fits the RTO', category: 'dr', severity: 'high' },
  {
    id: 'rds.backup-retention',
    title: 'Automated backups are retained',
    category: 'data-protection',
    severity: 'medium',
  },
  {
    id: 'lb.deletion-protection',
    title: 'Load balancer has deletion protection',
    category: 'data-protection',
    severity: 'low',
  },
  {
    id: 'elasticache.multi-az',
    title: 'ElastiCache replication group is Multi-AZ with automatic failover',
    category: 'multi-az',
    severity: 'high',
  },
];

const meta = (id: string) => {
  const c = CHECKS.find((x) => x.id === id)!;
  return { checkId: c.id, category: c.category, severity: c.severity };
};

const FINDINGS: Finding[] = [
  // ---- fail, every severity
  {
    ...meta('aurora.global-lag'),
    status: 'fail',
    resource: {
      type: 'AWS::RDS::DBCluster',
      id: 'shop-db-west',
      name: 'shop-db-west',
      arn: arn('rds', 'us-west-2', 'cluster:shop-db-west'),
      region: 'us-west-2',
    },
    message:
      'shop-db-west p99 replication lag is 42.7 s over 60 min (RPO 15 s): writes < 42.7 s old & "committed" would be lost',
    evidence: { p99Seconds: 42.7, windowMinutes: 60, rpoSeconds: 15, points: 60 },
  },
  {
    ...meta('asg.multi-az'),
    status: 'fail',
    resource: {
      type: 'AWS::AutoScaling::AutoScalingGroup',
      id: 'web-asg',
      name: 'web-asg',
      arn: arn('autoscaling', 'us-east-1', 'autoScalingGroup:1a2b:autoScalingGroupName/web-asg'),
      region: 'us-east-1',
    },
    message: 'web-asg has 6 in-service instances in 1 AZ (us-east-1a); needs ≥ 2',
    evidence: { azs: ['us-east-1a'], inService: 6, minAzs: 2 },
  },
  {
    ...meta('rds.multi-az'),
    status: 'fail',
    resource: {
      type: 'AWS::RDS::DBInstance',
      id: 'legacy-reports',
      name: 'legacy-reports',
      arn: arn('rds', 'us-east-1', 'db:legacy-reports'),
      region: 'us-east-1',
      az: 'us-east-1b',
    },
    message: 'legacy-reports is a Single-AZ db.t3.medium instance',
    evidence: { multiAz: false, instanceClass: 'db.t3.medium' },
    suppressed: {
      reason: 'Reporting DB | rebuilt nightly, owner <data-team>',
      resource: 'legacy-*',
      expires: '2025-03-31',
    },
  },
  {
    ...meta('tg.detection-time'),
    status: 'fail',
    resource: {
      type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
      id: 'api-tg',
      name: 'api-tg',
      arn: arn('elasticloadbalancing', 'us-east-1', 'targetgroup/api-tg/73e2d6bc24d8a067'),
      region: 'us-east-1',
    },
    message: 'api-tg needs 90 s (30 s × 3) to detect a failed target (limit 30 s)',
    evidence: {
      intervalSeconds: 30,
      unhealthyThreshold: 3,
      timeoutSeconds: 5,
      detectionSeconds: 90,
      maxDetectionSeconds: 30,
    },
  },
  {
    ...meta('lb.deletion-protection'),
    status: 'fail',
    resource: {
      type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      id: 'shop-alb',
      name: 'shop-alb',
      arn: arn('elasticloadbalancing', 'us-west-2', 'loadbalancer/app/shop-alb/50dc6c495c0c9188'),
      region: 'us-west-2',
    },
    message: 'shop-alb has deletion protection off',
    evidence: { deletionProtection: false },
  },
  // ---- warn
  {
    ...meta('dns.failover-ttl'),
    status: 'warn',
    resource: {
      type: 'AWS::Route53::RecordSet',
      id: 'Z0123456789ABC/shop.example.com./A/primary',
      name: 'shop.example.com. A (primary)',
      region: 'global',
    },
    message: 'Record `shop.example.com.` | TTL 120 s > 60 s: *failover* waits for [resolver] caches',
    evidence: { ttlSeconds: 120, maxTtlSeconds: 60 },
  },
  {
    ...meta('asg.scaling-policy'),
    status: 'warn',
    resource: {
      type: 'AWS::AutoScaling::AutoScalingGroup',
      id: 'batch-asg',
      name: 'batch-asg',
      arn: arn('autoscaling', 'us-east-1', 'autoScalingGroup:9f8e:autoScalingGroupName/batch-asg'),
      region: 'us-east-1',
    },
    message: 'batch-asg has no scaling policy and no scheduled action (min 2 = desired 2 = max 2)',
    evidence: { min: 2, desired: 2, max: 2, policies: 0, scheduledActions: 0 },
    // One cause, one finding: a pointer to the root-cause finding (here, the single-AZ web-asg it feeds).
    relatedTo: {
      checkId: 'asg.multi-az',
      resource: { type: 'AWS::AutoScaling::AutoScalingGroup', id: 'web-asg', region: 'us-east-1' },
    },
  },
  // ---- skipped: collection error (per region) and not judgeable
  {
    ...meta('rds.backup-retention'),
    status: 'skipped',
    resource: { type: 'AWS::Region', id: 'us-west-2', region: 'us-west-2' },
    message:
      'Skipped in us-west-2: data could not be collected (AccessDenied on rds:DescribeDBInstances in us-west-2)',
    evidence: {
      reason: 'collection-error',
      errors: [
        {
          service: 'rds',
          region: 'us-west-2',
          operation: 'DescribeDBInstances',
          status: 'error',
          error: { code: 'AccessDenied', message: 'not authorized', action: 'rds:DescribeDBInstances' },
        },
      ],
    },
  },
  {
    ...meta('aurora.global-lag'),
    status: 'skipped',
    resource: {
      type: 'AWS::RDS::DBCluster',
      id: 'shop-db-east',
      name: 'shop-db-east',
      arn: arn('rds', 'us-east-1', 'cluster:shop-db-east'),
      region: 'us-east-1',
    },
    message: 'shop-db-east has no AuroraGlobalDBReplicationLag data points in the last 60 min',
    evidence: { points: 0, windowMinutes: 60 },
  },
  // ---- pass
  {
    ...meta('asg.multi-az'),
    status: 'pass',
    resource: {
      type: 'AWS::AutoScaling::AutoScalingGroup',
      id: 'api-asg',
      name: 'api-asg',
      region: 'us-east-1',
    },
    message: 'api-asg spans 3 AZs',
    evidence: { azs: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
  },
  {
    ...meta('asg.multi-az'),
    status: 'pass',
    resource: {
      type: 'AWS::AutoScaling::AutoScalingGroup',
      id: 'web-asg-west',
      name: 'web-asg-west',
      region: 'us-west-2',
    },
    message: 'web-asg-west spans 2 AZs',
    evidence: { azs: ['us-west-2a', 'us-west-2b'] },
  },
  {
    ...meta('tg.detection-time'),
    status: 'pass',
    resource: {
      type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
      id: 'web-tg',
      name: 'web-tg',
      region: 'us-east-1',
    },
    message: 'web-tg detects a failed target in 20 s',
    evidence: { detectionSeconds: 20, maxDetectionSeconds: 30 },
  },
  {
    ...meta('dr.rto-budget'),
    status: 'pass',
    resource: { type: 'AWS::Account', id: ACCOUNT },
    message:
      'Failover budget 6 min 40 s (detection 90 s + DNS 60 s + TTL 60 s + promotion 190 s) fits the RTO of 15 min',
    evidence: { budgetSeconds: 400, rtoSeconds: 900 },
  },
  {
    ...meta('rds.backup-retention'),
    status: 'pass',
    resource: { type: 'AWS::RDS::DBCluster', id: 'shop-db-east', name: 'shop-db-east', region: 'us-east-1' },
    message: 'shop-db-east keeps backups for 14 days',
    evidence: { retentionDays: 14 },
  },
];

export const FIXTURE: AuditResult = {
  accountId: ACCOUNT,
  regions: ['us-east-1', 'us-west-2'],
  capturedAt: '2024-11-20T08:00:00.000Z',
  checks: CHECKS,
  findings: sortFindings(FINDINGS),
  collection: [
    {
      service: 'autoscaling',
      region: 'us-east-1',
      operation: 'DescribeAutoScalingGroups',
      status: 'ok',
      count: 3,
    },
    { service: 'rds', region: 'us-east-1', operation: 'DescribeDBInstances', status: 'ok', count: 1 },
    {
      service: 'rds',
      region: 'us-west-2',
      operation: 'DescribeDBInstances',
      status: 'error',
      error: {
        code: 'AccessDenied',
        message:
          'User: arn:aws:sts::123456789012:assumed-role/auditor/ci is not authorized to perform: rds:DescribeDBInstances',
        action: 'rds:DescribeDBInstances',
      },
    },
    { service: 'route53', region: 'global', operation: 'ListHostedZones', status: 'ok', count: 1 },
  ],
  suppressions: [
    {
      check: 'rds.multi-az',
      resource: 'legacy-*',
      reason: 'Reporting DB | rebuilt nightly, owner <data-team>',
      expires: '2025-03-31',
      status: 'active',
      matched: 1,
    },
    {
      check: 'asg.multi-az',
      resource: 'web-asg',
      reason: 'Migration to 3 AZs & new AMI in progress',
      expires: '2024-10-01',
      status: 'expired',
      matched: 1,
    },
    {
      check: 'tg.*',
      resource: 'old-*',
      reason: 'Old stack, being decommissioned',
      status: 'unused',
      matched: 0,
    },
  ],
  summary: summarize(CHECKS, FINDINGS, 'high'),
};

/**
 * A fixed check catalogue for the SARIF golden, so the golden does not change when real checks with
 * these ids land (tg.detection-time is real: the SARIF test also checks the live catalogue).
 */
export const CATALOG = CHECKS.filter((c) => c.id !== 'elasticache.multi-az').map(
  (c) =>
    ({
      ...c,
      rationale: `Why ${c.id} matters when an AZ or a Region fails.`,
      remediation: {
        text: `Fix ${c.id} <as documented> & re-run the audit.`,
        cli: `aws example fix-${c.id} --resource <id>`,
        terraform: `resource "aws_example" "fix" {\n  setting = true\n}`,
      },
      thresholds: {},
      requires: [],
      evaluate: () => [],
    }) as Check,
);
