/**
 * The operations live collection sends that no check lists in its `requires`: the collector's own
 * calls (who am I, which regions) and the enrichments that fill in optional fields (a missing one
 * is recorded in the snapshot and degrades nothing a check requires), and the readiness reads that
 * `resil snapshot` and `resil readiness` make (a denied one makes those report items unknown). The IAM
 * policy for the audit (`resil iam-policy audit`) is these plus every selected check's `requires`.
 */
export const COLLECTION_OPERATIONS: Readonly<Record<`${string}:${string}`, string>> = {
  'sts:GetCallerIdentity': 'names the account and proves the credentials before anything else',
  'ec2:DescribeRegions': 'lists the regions enabled for the account (--all-regions)',
  'ec2:DescribeLaunchTemplateVersions':
    "the instance type of an Auto Scaling group's launch template (otherwise read from its instances)",
  'elasticloadbalancing:DescribeTags': 'load-balancer tags',
  'elasticloadbalancing:DescribeListeners':
    'listeners, to follow traffic to the tiers (otherwise every target group of the load balancer counts)',
  'elasticloadbalancing:DescribeRules': "each HTTP/HTTPS listener's rules (path or host → target group)",
  'servicequotas:ListServiceQuotas':
    'resil readiness and snapshot: the applied EC2 vCPU, load-balancer and RDS quotas (quota headroom)',
  'servicequotas:GetServiceQuota': 'resil readiness and snapshot: a needed quota the list did not return',
  'servicequotas:GetAWSDefaultServiceQuota':
    "resil readiness and snapshot: AWS's default, for a quota with no applied value",
  'ec2:DescribeCapacityReservations': 'resil readiness and snapshot: On-Demand Capacity Reservations',
  'elasticloadbalancing:DescribeCapacityReservation':
    "resil readiness and snapshot: each load balancer's LCU capacity reservation",
};
