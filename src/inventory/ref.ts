/** A reference to one resource of the inventory: what a finding points at, and what lookups return. */
export interface ResourceRef {
  /** e.g. AWS::AutoScaling::AutoScalingGroup, AWS::RDS::DBCluster, AWS::Route53::RecordSet, AWS::Region */
  type: string;
  id: string;
  name?: string;
  arn?: string;
  /** AWS region, or "global" for Route 53. */
  region?: string;
  az?: string;
  /** The AZ ID of `az` (e.g. use1-az4): the same physical zone in every account. Since report 1.2. */
  azId?: string;
}
