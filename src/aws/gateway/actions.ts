/**
 * The IAM actions each Gateway method calls (the SDK gateway in sdk.ts sends exactly these
 * operations). `resil iam-policy runbooks` maps the methods a runbook uses through this table;
 * the type makes it complete: a new Gateway method does not compile until it is listed here.
 */
import type { Gateway } from './types.js';

export const GATEWAY_ACTIONS: Readonly<Record<keyof Gateway, readonly `${string}:${string}`[]>> = {
  describeGlobalClusters: ['rds:DescribeGlobalClusters'],
  describeCluster: ['rds:DescribeDBClusters'],
  readLag: ['cloudwatch:GetMetricData'],
  switchoverGlobalCluster: ['rds:SwitchoverGlobalCluster'],
  failoverGlobalCluster: ['rds:FailoverGlobalCluster'],
  removeFromGlobalCluster: ['rds:RemoveFromGlobalCluster'],
  listHostedZones: ['route53:ListHostedZones'],
  listRecordSets: ['route53:ListResourceRecordSets'],
  changeRecordSets: ['route53:ChangeResourceRecordSets'],
  getChange: ['route53:GetChange'],
  testDnsAnswer: ['route53:TestDNSAnswer'],
  targetHealth: [
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeTargetHealth',
    'ec2:DescribeInstances',
  ],
  healthCheckStatus: ['route53:GetHealthCheck', 'route53:GetHealthCheckStatus'],
  callerIdentity: ['sts:GetCallerIdentity'],
};
