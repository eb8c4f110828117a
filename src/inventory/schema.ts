/**
 * The inventory: a plain, JSON-serialisable model of one AWS account across regions.
 *
 * It is what the checks read and what a snapshot file holds. The zod schemas below are the single
 * source of truth: the TypeScript types are inferred from them, snapshot files are validated with
 * them, and `schemas/snapshot.schema.json` is generated from them.
 *
 * Conventions:
 * - Times are ISO-8601 strings; durations carry their unit in the field name (`...Seconds`, `...Days`).
 * - Optional fields are absent when AWS did not report them; `null` is never used.
 * - Collection failures are data (`collection[]`), so a check can report `skipped` instead of `pass`.
 */
import * as z from 'zod';

/** What a custom issue from a time field carries in its params (src/inventory/load.ts reports those last). */
export const TIME_ISSUE = 'resilTime';

/**
 * The answers of isIsoTime for the times seen last: a snapshot holds a million times at 100k
 * resources, but few distinct ones (every series of a window has points at the same periods).
 */
const ISO_TIME_SEEN = new Map<string, boolean>();
const ISO_TIME_SEEN_MAX = 4096;

/** A string that parses as an ISO-8601 date-time (a check computing a window from it needs one). */
export function isIsoTime(v: string): boolean {
  let ok = ISO_TIME_SEEN.get(v);
  if (ok === undefined) {
    ok = /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v));
    if (ISO_TIME_SEEN.size >= ISO_TIME_SEEN_MAX) ISO_TIME_SEEN.clear();
    ISO_TIME_SEEN.set(v, ok);
  }
  return ok;
}

/**
 * A time field: typed as a string, and checked as an ISO-8601 date-time in the same pass (no second
 * walk over the inventory).
 */
export const isoTime = z.string().superRefine((v, ctx) => {
  if (!isIsoTime(v))
    ctx.addIssue({
      code: 'custom',
      message: `expected an ISO-8601 date-time (e.g. 2026-11-20T14:00:00Z), got ${JSON.stringify(v)}`,
      params: { [TIME_ISSUE]: true },
    });
});

/**
 * The points of a metric series, `[{ t, v }]`: most of a snapshot's objects (a series per metric,
 * a point per period), and ≈ 80 % of its validation when zod parses each point as an object and
 * copies it. A loop checks the usual case instead — an array of plain `{ t, v }` objects, keys in
 * that order and no other, `t` an ISO time, `v` a finite number — and passes the array on as it is;
 * anything else (a wrong type, an extra key zod strips, a `__proto__`) goes to zod's own parse, so
 * the issues, their paths and messages, and the output are exactly zod's. The JSON schema is zod's
 * (only the parse is replaced), and the type is the array's.
 */
export function pointsOf<S extends z.ZodArray<z.ZodObject<{ t: z.ZodType<string>; v: z.ZodNumber }>>>(
  exact: S,
): S {
  const zod = exact._zod;
  const run = zod.run;
  zod.run = (payload, ctx) =>
    ctx.direction !== 'backward' && arePlainPoints(payload.value) ? payload : run(payload, ctx);
  return exact;
}

const hasOwn = Object.prototype.hasOwnProperty;

function arePlainPoints(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const p of value as unknown[]) {
    if (p === null || typeof p !== 'object' || Object.getPrototypeOf(p) !== Object.prototype) return false;
    let n = 0;
    for (const k in p) {
      if (!hasOwn.call(p, k) || (n === 0 ? k !== 't' : n === 1 ? k !== 'v' : true)) return false;
      n++;
    }
    const { t, v } = p as { t: unknown; v: unknown };
    if (n !== 2 || typeof t !== 'string' || typeof v !== 'number' || !Number.isFinite(v) || !isIsoTime(t))
      return false;
  }
  return true;
}

/**
 * The loader renames an own `__proto__` key to this before validation (zod drops that key, so a
 * region named `__proto__` disappeared); `dict` gives it its name back.
 */
export const PROTO_KEY_PLACEHOLDER = '\u0000__proto__';

/** A prototype-free copy: every key (`constructor`, `toString`, `__proto__`) is a key like any other. */
export function dict<V>(record: Record<string, V>): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const [k, v] of Object.entries(record)) out[k === PROTO_KEY_PLACEHOLDER ? '__proto__' : k] = v;
  return out;
}

/**
 * A map keyed by names that AWS or a file chose (regions, tags, dimensions, attributes): validated,
 * then prototype-free, so no key disappears or reads as an inherited property.
 */
function nameMap<V extends z.ZodType>(value: V) {
  return z.record(z.string(), value).overwrite((r) => dict(r));
}
const emptyMap = (): Record<string, string> => dict({});

const tags = nameMap(z.string());

/** A TCP/UDP port. */
const port = z.number().int().min(1).max(65_535);
/** Automated-backup retention: 0 (off) to 35 days, as RDS and ElastiCache accept. */
const retentionDays = z.number().int().min(0).max(35);
/** Aurora failover priority: tier 0 (first) to 15. */
const promotionTier = z.number().int().min(0).max(15);

// ---------------------------------------------------------------- EC2 / VPC
export const Ec2InstanceSchema = z.object({
  id: z.string(),
  az: z.string(),
  state: z.string(), // pending | running | stopping | stopped | shutting-down | terminated
  type: z.string(),
  subnetId: z.string().optional(),
  vpcId: z.string().optional(),
  tags: tags.default(emptyMap),
});

export const SubnetSchema = z.object({
  id: z.string(),
  vpcId: z.string(),
  az: z.string(),
  /** true when the subnet's route table sends 0.0.0.0/0 to an internet gateway. */
  public: z.boolean(),
  /** Where the default route (0.0.0.0/0) goes. */
  defaultRoute: z
    .object({
      kind: z.enum([
        'nat-gateway',
        'internet-gateway',
        'transit-gateway',
        'instance',
        'vpc-peering',
        'other',
      ]),
      targetId: z.string(),
    })
    .optional(),
  tags: tags.default(emptyMap),
});

export const NatGatewaySchema = z.object({
  id: z.string(),
  vpcId: z.string(),
  subnetId: z.string(),
  az: z.string(),
  state: z.string(), // pending | available | deleting | deleted | failed
  connectivityType: z.enum(['public', 'private']).default('public'),
});

// ---------------------------------------------------------------- Auto Scaling
export const AsgInstanceSchema = z.object({
  id: z.string(),
  az: z.string(),
  lifecycleState: z.string(), // InService | Pending | Terminating | Standby | ...
  healthStatus: z.string(), // Healthy | Unhealthy
  instanceType: z.string().optional(),
  weightedCapacity: z.number().positive().optional(),
});

export const ScalingPolicySchema = z.object({
  name: z.string(),
  type: z.string(), // TargetTrackingScaling | StepScaling | SimpleScaling | PredictiveScaling
  enabled: z.boolean().default(true),
  targetTracking: z
    .object({
      metric: z.string(), // predefined metric type, or "custom"
      targetValue: z.number(),
      disableScaleIn: z.boolean().default(false),
      /** For a customized metric: what it measures (e.g. AWS/SQS ApproximateNumberOfMessagesVisible). */
      customMetric: z
        .object({
          namespace: z.string(),
          metricName: z.string(),
          dimensions: z.record(z.string(), z.string()).default({}),
        })
        .optional(),
    })
    .optional(),
  /** Names of the CloudWatch alarms that trigger a step or simple scaling policy. */
  alarms: z.array(z.string()).optional(),
});

export const ScheduledActionSchema = z.object({
  name: z.string(),
  startTime: isoTime.optional(),
  endTime: isoTime.optional(),
  recurrence: z.string().optional(),
  minSize: z.number().int().nonnegative().optional(),
  maxSize: z.number().int().nonnegative().optional(),
  desiredCapacity: z.number().int().nonnegative().optional(),
});

export const AutoScalingGroupSchema = z.object({
  name: z.string(),
  arn: z.string(),
  availabilityZones: z.array(z.string()),
  subnetIds: z.array(z.string()).default([]),
  minSize: z.number().int().nonnegative(),
  maxSize: z.number().int().nonnegative(),
  desiredCapacity: z.number().int().nonnegative(),
  healthCheckType: z.string(), // EC2 | ELB | VPC_LATTICE | EBS (may be "ELB,EBS" style lists in newer APIs)
  healthCheckGracePeriodSeconds: z.number().int().nonnegative(),
  targetGroupArns: z.array(z.string()).default([]),
  loadBalancerNames: z.array(z.string()).default([]),
  instances: z.array(AsgInstanceSchema).default([]),
  /** Instance types the group can launch (launch template type, or every override of a mixed-instances policy). */
  instanceTypes: z.array(z.string()).default([]),
  mixedInstancesPolicy: z.boolean().default(false),
  capacityRebalance: z.boolean().default(false),
  scalingPolicies: z.array(ScalingPolicySchema).default([]),
  scheduledActions: z.array(ScheduledActionSchema).default([]),
  tags: tags.default(emptyMap),
});

// ---------------------------------------------------------------- ELBv2
/**
 * One routing rule of a listener (the listener's default action is the rule with priority "default").
 * Conditions other than host header and path pattern are listed by type only: a rule that has them
 * matches a subset of the traffic its host/path say.
 */
export const ListenerRuleSchema = z.object({
  arn: z.string().optional(),
  /** "default" for the listener's default action, else the rule priority ("1".."50000"). */
  priority: z.string(),
  hostHeaders: z.array(z.string()).default([]),
  pathPatterns: z.array(z.string()).default([]),
  /** Types of the other conditions (http-header, query-string, source-ip, http-request-method). */
  otherConditions: z.array(z.string()).default([]),
  /** The action that ends the rule: forward | redirect | fixed-response. */
  actionType: z.string(),
  /** Target groups a forward action sends to, with their weights when weighted. */
  forwardTo: z
    .array(z.object({ targetGroupArn: z.string(), weight: z.number().int().min(0).max(999).optional() }))
    .default([]),
});

export const ListenerSchema = z.object({
  arn: z.string(),
  port: port.optional(),
  protocol: z.string().optional(),
  /** Every rule, the default one included, in priority order (default last). */
  rules: z.array(ListenerRuleSchema).default([]),
});

export const LoadBalancerSchema = z.object({
  arn: z.string(),
  name: z.string(),
  type: z.enum(['application', 'network', 'gateway']),
  scheme: z.enum(['internet-facing', 'internal']),
  vpcId: z.string().optional(),
  dnsName: z.string().optional(),
  canonicalHostedZoneId: z.string().optional(),
  state: z.string().default('active'),
  availabilityZones: z.array(z.object({ zone: z.string(), subnetId: z.string().optional() })),
  attributes: z
    .object({
      crossZoneEnabled: z.boolean().optional(),
      deletionProtection: z.boolean().optional(),
    })
    .default({}),
  tags: tags.default(emptyMap),
  /**
   * Listeners and their rules (which path or host goes to which target group). Absent when not
   * collected (older snapshots, or elasticloadbalancing:DescribeListeners denied): traffic is then
   * followed to every target group attached to the load balancer.
   */
  listeners: z.array(ListenerSchema).optional(),
});

export const TargetSchema = z.object({
  id: z.string(),
  port: port.optional(),
  /** The target's AZ (for instance targets, the instance's AZ; "all" for cross-zone IP targets). */
  az: z.string().optional(),
  state: z.string(), // initial | healthy | unhealthy | unused | draining | unavailable
  reason: z.string().optional(),
});

export const TargetGroupSchema = z.object({
  arn: z.string(),
  name: z.string(),
  protocol: z.string().optional(),
  port: port.optional(),
  targetType: z.string().default('instance'), // instance | ip | lambda | alb
  vpcId: z.string().optional(),
  loadBalancerArns: z.array(z.string()).default([]),
  healthCheck: z.object({
    enabled: z.boolean().default(true),
    protocol: z.string().optional(),
    path: z.string().optional(),
    port: z.string().optional(),
    // The ranges ELBv2 accepts (ModifyTargetGroup): a negative interval made detection "pass".
    intervalSeconds: z.number().min(5).max(300),
    timeoutSeconds: z.number().min(2).max(120),
    healthyThreshold: z.number().int().min(2).max(10),
    unhealthyThreshold: z.number().int().min(2).max(10),
  }),
  /** Raw target-group attributes, e.g. "deregistration_delay.timeout_seconds": "300". */
  attributes: nameMap(z.string()).default(emptyMap),
  targets: z.array(TargetSchema).default([]),
});

// ---------------------------------------------------------------- RDS / Aurora
export const DbInstanceSchema = z.object({
  id: z.string(),
  arn: z.string(),
  engine: z.string(),
  engineVersion: z.string(),
  instanceClass: z.string(),
  status: z.string().default('available'),
  az: z.string().optional(),
  secondaryAz: z.string().optional(),
  multiAz: z.boolean(),
  publiclyAccessible: z.boolean().default(false),
  backupRetentionDays: retentionDays,
  deletionProtection: z.boolean(),
  /** Set for Aurora (and Multi-AZ DB cluster) members: judge those at the cluster level. */
  clusterId: z.string().optional(),
  promotionTier: promotionTier.optional(),
  /** For a read replica: the source instance identifier (or ARN when cross-region). */
  readReplicaSourceId: z.string().optional(),
  readReplicaIds: z.array(z.string()).default([]),
  tags: tags.default(emptyMap),
});

export const DbClusterMemberSchema = z.object({
  instanceId: z.string(),
  isWriter: z.boolean(),
  promotionTier: promotionTier.optional(),
  az: z.string().optional(),
  instanceClass: z.string().optional(),
});

export const DbClusterSchema = z.object({
  id: z.string(),
  arn: z.string(),
  engine: z.string(), // aurora-mysql | aurora-postgresql | mysql | postgres (Multi-AZ DB cluster)
  engineVersion: z.string(),
  status: z.string(),
  multiAz: z.boolean().default(false),
  backupRetentionDays: retentionDays,
  deletionProtection: z.boolean(),
  globalClusterId: z.string().optional(),
  endpoint: z.string().optional(),
  readerEndpoint: z.string().optional(),
  availabilityZones: z.array(z.string()).default([]),
  members: z.array(DbClusterMemberSchema).default([]),
  tags: tags.default(emptyMap),
});

export const GlobalClusterSchema = z.object({
  id: z.string(),
  arn: z.string(),
  engine: z.string(),
  engineVersion: z.string(),
  status: z.string(),
  deletionProtection: z.boolean().default(false),
  /** Global writer endpoint, when AWS reports one. */
  endpoint: z.string().optional(),
  members: z.array(
    z.object({
      clusterArn: z.string(),
      region: z.string(),
      isWriter: z.boolean(),
      /** connected | pending-resync; absent for the writer. */
      synchronizationStatus: z.string().optional(),
      readers: z.array(z.string()).default([]),
    }),
  ),
  /** Present only while a switchover or failover is in flight. */
  failoverState: z
    .object({
      status: z.string(), // pending | switching-over | failing-over | cancelling
      fromClusterArn: z.string().optional(),
      toClusterArn: z.string().optional(),
      isDataLossAllowed: z.boolean().optional(),
    })
    .optional(),
});

// ---------------------------------------------------------------- ElastiCache
export const ReplicationGroupSchema = z.object({
  id: z.string(),
  engine: z.string().default('redis'),
  status: z.string().default('available'),
  multiAz: z.boolean(),
  automaticFailover: z.string(), // enabled | disabled | enabling | disabling
  snapshotRetentionDays: retentionDays.default(0),
  clusterMode: z.boolean().default(false),
  memberClusters: z.array(z.string()).default([]),
  /** AZ of each node: primary first. */
  nodeGroups: z
    .array(
      z.object({
        id: z.string(),
        primaryAz: z.string().optional(),
        replicaAzs: z.array(z.string()).default([]),
      }),
    )
    .default([]),
});

// ---------------------------------------------------------------- CloudWatch series (replication lag)
export const MetricSeriesSchema = z.object({
  namespace: z.string().default('AWS/RDS'),
  metric: z.enum(['AuroraGlobalDBReplicationLag', 'AuroraGlobalDBRPOLag', 'ReplicaLag']),
  /** Dimension name → value, e.g. { DBClusterIdentifier: "shop-west" } or { DBInstanceIdentifier: "db-replica" }. */
  dimensions: nameMap(z.string()),
  /** CloudWatch's unit: Aurora global lag is in Milliseconds, ReplicaLag in Seconds. */
  unit: z.enum(['Milliseconds', 'Seconds']),
  periodSeconds: z.number().int().positive(),
  /** Aggregation of each point (usually Maximum). */
  stat: z.string().default('Maximum'),
  startTime: isoTime,
  endTime: isoTime,
  points: pointsOf(z.array(z.object({ t: isoTime, v: z.number() }))),
});

// ---------------------------------------------------------------- CloudWatch series (capacity demand)
/**
 * Hourly history an Auto Scaling group's demand is measured from: the group's average CPU
 * (AWS/EC2 CPUUtilization, Average, by AutoScalingGroupName) and its in-service instances
 * (AWS/AutoScaling GroupInServiceInstances, Average; needs group metrics collection enabled).
 */
export const DemandSeriesSchema = z.object({
  namespace: z.string(), // AWS/EC2 | AWS/AutoScaling (AWS/ECS later)
  metric: z.string(), // CPUUtilization | GroupInServiceInstances
  dimensions: nameMap(z.string()),
  unit: z.string(), // Percent | Count
  periodSeconds: z.number().int().positive(),
  stat: z.string().default('Average'),
  startTime: isoTime,
  endTime: isoTime,
  points: pointsOf(z.array(z.object({ t: isoTime, v: z.number() }))),
});

// ---------------------------------------------------------------- ECS
/** One task of an ECS service (DescribeTasks). */
export const EcsTaskSchema = z.object({
  arn: z.string(),
  /** The task's AZ (AWS reports it for every launch type). */
  az: z.string().optional(),
  lastStatus: z.string(), // PROVISIONING | PENDING | ACTIVATING | RUNNING | DEACTIVATING | STOPPING | STOPPED
  /** HEALTHY | UNHEALTHY | UNKNOWN (container health checks). */
  healthStatus: z.string().optional(),
  containerInstanceArn: z.string().optional(),
});

export const EcsServiceSchema = z.object({
  name: z.string(),
  arn: z.string(),
  clusterName: z.string(),
  clusterArn: z.string(),
  status: z.string().default('ACTIVE'), // ACTIVE | DRAINING | INACTIVE
  /** FARGATE | EC2 | EXTERNAL; absent when the service uses a capacity provider strategy. */
  launchType: z.string().optional(),
  capacityProviders: z.array(z.string()).default([]),
  schedulingStrategy: z.string().default('REPLICA'), // REPLICA | DAEMON
  desiredCount: z.number().int(),
  runningCount: z.number().int(),
  pendingCount: z.number().int().default(0),
  taskDefinition: z.string().optional(),
  /** Task-level CPU in CPU units (1024 = 1 vCPU), from the task definition; absent when unknown. */
  taskCpuUnits: z.number().optional(),
  taskMemoryMiB: z.number().optional(),
  networkMode: z.string().optional(), // awsvpc | bridge | host | none
  /** Subnets of an awsvpc service (networkConfiguration.awsvpcConfiguration.subnets). */
  subnetIds: z.array(z.string()).default([]),
  loadBalancers: z
    .array(
      z.object({
        targetGroupArn: z.string().optional(),
        containerName: z.string().optional(),
        containerPort: z.number().int().optional(),
      }),
    )
    .default([]),
  /** Absent when AWS does not report one (it then ignores load-balancer health checks for 0 s). */
  healthCheckGracePeriodSeconds: z.number().int().optional(),
  deploymentConfiguration: z
    .object({
      minimumHealthyPercent: z.number().optional(),
      maximumPercent: z.number().optional(),
      circuitBreaker: z.object({ enable: z.boolean(), rollback: z.boolean() }).optional(),
    })
    .default({}),
  /** ENABLED | DISABLED; absent when not reported (services created before it existed are DISABLED). */
  availabilityZoneRebalancing: z.string().optional(),
  /** EFS file systems the task definition mounts (efsVolumeConfiguration.fileSystemId). */
  efsFileSystemIds: z.array(z.string()).default([]),
  /** Running and starting tasks (DescribeTasks); absent when not collected. */
  tasks: z.array(EcsTaskSchema).optional(),
  tags: tags.default({}),
});

/** An ECS cluster's container instances (EC2 launch type): where its tasks can be placed. */
export const EcsClusterSchema = z.object({
  name: z.string(),
  arn: z.string(),
  containerInstances: z
    .array(
      z.object({
        arn: z.string(),
        ec2InstanceId: z.string().optional(),
        az: z.string().optional(),
        status: z.string().default('ACTIVE'),
      }),
    )
    .default([]),
});

// ---------------------------------------------------------------- Application Auto Scaling
export const ScalableTargetPolicySchema = z.object({
  name: z.string(),
  type: z.string(), // TargetTrackingScaling | StepScaling | PredictiveScaling
  targetTracking: z
    .object({
      /** Predefined metric type (ECSServiceAverageCPUUtilization, ...), or "custom". */
      metric: z.string(),
      targetValue: z.number(),
      disableScaleIn: z.boolean().default(false),
      customMetric: z
        .object({
          namespace: z.string(),
          metricName: z.string(),
          dimensions: z.record(z.string(), z.string()).default({}),
        })
        .optional(),
    })
    .optional(),
  /** Names of the CloudWatch alarms that trigger a step scaling policy. */
  alarms: z.array(z.string()).default([]),
});

export const ScalableTargetSchema = z.object({
  /** ecs | dynamodb | ... */
  namespace: z.string(),
  /** e.g. service/<cluster>/<service>, table/<name>. */
  resourceId: z.string(),
  /** e.g. ecs:service:DesiredCount, dynamodb:table:ReadCapacityUnits. */
  scalableDimension: z.string(),
  minCapacity: z.number().int(),
  maxCapacity: z.number().int(),
  suspended: z
    .object({
      dynamicScalingIn: z.boolean().default(false),
      dynamicScalingOut: z.boolean().default(false),
      scheduledScaling: z.boolean().default(false),
    })
    .default({ dynamicScalingIn: false, dynamicScalingOut: false, scheduledScaling: false }),
  policies: z.array(ScalableTargetPolicySchema).default([]),
});

// ---------------------------------------------------------------- DynamoDB
export const DynamoDbTableSchema = z.object({
  name: z.string(),
  arn: z.string(),
  status: z.string().default('ACTIVE'),
  billingMode: z.string().default('PROVISIONED'), // PROVISIONED | PAY_PER_REQUEST
  deletionProtection: z.boolean().default(false),
  /** Point-in-time recovery: ENABLED | DISABLED; absent when DescribeContinuousBackups was not collected. */
  pointInTimeRecovery: z.string().optional(),
  /** Replica regions of a global table (version 2019.11.21), the table's own region excluded. */
  replicas: z.array(z.object({ region: z.string(), status: z.string().default('ACTIVE') })).default([]),
  /** 2019.11.21 or 2017.11.29, for a global table. */
  globalTableVersion: z.string().optional(),
});

// ---------------------------------------------------------------- SQS
export const SqsQueueSchema = z.object({
  name: z.string(),
  url: z.string(),
  arn: z.string(),
  fifo: z.boolean().default(false),
  /** The redrive policy: where messages go after maxReceiveCount failed receives. */
  redrivePolicy: z.object({ deadLetterTargetArn: z.string(), maxReceiveCount: z.number().int() }).optional(),
  messageRetentionSeconds: z.number().int().optional(),
  visibilityTimeoutSeconds: z.number().int().optional(),
});

// ---------------------------------------------------------------- EFS
export const EfsFileSystemSchema = z.object({
  id: z.string(),
  arn: z.string(),
  name: z.string().optional(),
  lifeCycleState: z.string().default('available'),
  /** Set for a One Zone file system: the AZ it lives (and dies) in. */
  availabilityZoneName: z.string().optional(),
  mountTargets: z
    .array(
      z.object({
        id: z.string(),
        subnetId: z.string(),
        az: z.string(),
        state: z.string().default('available'),
      }),
    )
    .default([]),
  /** Replication destinations; absent when DescribeReplicationConfigurations was not collected. */
  replications: z
    .array(z.object({ region: z.string(), fileSystemId: z.string().optional(), status: z.string() }))
    .optional(),
  tags: tags.default({}),
});

// ---------------------------------------------------------------- CloudWatch alarms
export const AlarmMetricSchema = z.object({
  namespace: z.string(),
  metricName: z.string(),
  dimensions: z.record(z.string(), z.string()).default({}),
});

export const AlarmSchema = z.object({
  name: z.string(),
  arn: z.string(),
  /** The metric of a single-metric alarm, or every metric a metric-math alarm reads. */
  metrics: z.array(AlarmMetricSchema).default([]),
  statistic: z.string().optional(),
  threshold: z.number().optional(),
  comparisonOperator: z.string().optional(),
  evaluationPeriods: z.number().int().optional(),
  periodSeconds: z.number().int().optional(),
  actionsEnabled: z.boolean().default(true),
  alarmActions: z.array(z.string()).default([]),
  okActions: z.array(z.string()).default([]),
  state: z.string().default('OK'), // OK | ALARM | INSUFFICIENT_DATA
});

// ---------------------------------------------------------------- Route 53 (global)
export const RecordSetSchema = z.object({
  name: z.string(),
  type: z.string(),
  setIdentifier: z.string().optional(),
  routingPolicy: z.enum([
    'simple',
    'failover',
    'weighted',
    'latency',
    'geolocation',
    'geoproximity',
    'multivalue',
    'cidr',
  ]),
  failover: z.enum(['PRIMARY', 'SECONDARY']).optional(),
  weight: z.number().int().min(0).max(255).optional(),
  region: z.string().optional(),
  ttl: z.number().int().min(0).max(2_147_483_647).optional(),
  values: z.array(z.string()).default([]),
  aliasTarget: z
    .object({ dnsName: z.string(), hostedZoneId: z.string(), evaluateTargetHealth: z.boolean() })
    .optional(),
  healthCheckId: z.string().optional(),
});

export const HostedZoneSchema = z.object({
  id: z.string(),
  name: z.string(),
  private: z.boolean(),
  records: z.array(RecordSetSchema).default([]),
});

export const HealthCheckSchema = z.object({
  id: z.string(),
  type: z.string(), // HTTP | HTTPS | HTTP_STR_MATCH | HTTPS_STR_MATCH | TCP | CALCULATED | CLOUDWATCH_METRIC | RECOVERY_CONTROL
  fqdn: z.string().optional(),
  ipAddress: z.string().optional(),
  port: port.optional(),
  resourcePath: z.string().optional(),
  /** 10 (fast) or 30 (standard), as Route 53 accepts. */
  requestIntervalSeconds: z.number().int().min(10).max(30).default(30),
  failureThreshold: z.number().int().min(1).max(10).default(3),
  disabled: z.boolean().default(false),
  inverted: z.boolean().default(false),
  /** Aggregate of the checkers' last observations; "unknown" when not collected. */
  status: z.enum(['healthy', 'unhealthy', 'unknown']).default('unknown'),
  childHealthCheckIds: z.array(z.string()).default([]),
  cloudWatchAlarm: z.object({ name: z.string(), region: z.string() }).optional(),
  tags: tags.default(emptyMap),
});

// ---------------------------------------------------------------- collection records
export const CollectionRecordSchema = z.object({
  service: z.string(), // IAM prefix: ec2 | autoscaling | elasticloadbalancing | rds | route53 | cloudwatch | elasticache | sts | ecs | application-autoscaling | dynamodb | sqs | elasticfilesystem
  /** An AWS region, or "global" for Route 53 and other global services. */
  region: z.string(),
  operation: z.string(), // API operation name, e.g. DescribeDBClusters
  status: z.enum(['ok', 'error']),
  /** Items returned (ok) — informative only. */
  count: z.number().int().nonnegative().optional(),
  error: z
    .object({
      code: z.string(), // AccessDenied | UnauthorizedOperation | Throttling | ...
      message: z.string(),
      /** The IAM action that was denied, e.g. rds:DescribeDBClusters. */
      action: z.string().optional(),
    })
    .optional(),
});

// ---------------------------------------------------------------- readiness: quotas, reservations, lag history
/**
 * One Service Quotas value the readiness report judges headroom against (EC2 On-Demand vCPUs per
 * instance family, load balancers and target groups per region, RDS instances and clusters).
 */
export const ServiceQuotaSchema = z.object({
  serviceCode: z.string(), // ec2 | elasticloadbalancing | rds | fargate
  quotaCode: z.string(), // e.g. L-1216C47A
  name: z.string(),
  value: z.number(),
  unit: z.string().optional(),
  /** applied: the account's value (ListServiceQuotas / GetServiceQuota); default: AWS's default, no applied value reported. */
  source: z.enum(['applied', 'default']).default('applied'),
  adjustable: z.boolean().optional(),
});

/** An EC2 On-Demand Capacity Reservation (DescribeCapacityReservations). */
export const CapacityReservationSchema = z.object({
  id: z.string(),
  instanceType: z.string(),
  platform: z.string().optional(),
  az: z.string(),
  totalInstances: z.number().int(),
  availableInstances: z.number().int(),
  state: z.string(), // active | scheduled | pending | expired | cancelled | failed | ...
  startDate: z.string().optional(),
  /** Absent with endDateType "unlimited": in force until cancelled. */
  endDate: z.string().optional(),
  endDateType: z.string().optional(), // unlimited | limited
  /** open: any matching instance uses it; targeted: only launches that name it. */
  matchCriteria: z.string().optional(),
  tags: tags.default({}),
});

/** A load balancer's LCU capacity reservation (elbv2 DescribeCapacityReservation). */
export const LbCapacityReservationSchema = z.object({
  loadBalancerArn: z.string(),
  /** The reserved minimum, in capacity units; absent when no reservation is set. */
  minimumCapacityUnits: z.number().optional(),
  lastModified: z.string().optional(),
  zones: z
    .array(
      z.object({
        az: z.string(),
        state: z.string(), // provisioned | pending | rebalancing | failed
        reason: z.string().optional(),
        effectiveCapacityUnits: z.number().optional(),
      }),
    )
    .default([]),
});

// ---------------------------------------------------------------- region and account
export const RegionInventorySchema = z.object({
  /** The region's AZ names as the account sees them (e.g. us-east-1a). */
  availabilityZones: z.array(z.string()).default([]),
  /**
   * AZ name → AZ ID (e.g. us-east-1a → use1-az4). Names map to different physical zones in
   * different accounts; the ID is the same everywhere. Since snapshot 1.2.
   */
  availabilityZoneIds: z.record(z.string(), z.string()).default({}),
  instances: z.array(Ec2InstanceSchema).default([]),
  subnets: z.array(SubnetSchema).default([]),
  natGateways: z.array(NatGatewaySchema).default([]),
  autoScalingGroups: z.array(AutoScalingGroupSchema).default([]),
  loadBalancers: z.array(LoadBalancerSchema).default([]),
  targetGroups: z.array(TargetGroupSchema).default([]),
  dbInstances: z.array(DbInstanceSchema).default([]),
  dbClusters: z.array(DbClusterSchema).default([]),
  replicationGroups: z.array(ReplicationGroupSchema).default([]),
  /** Replication-lag series collected in this region. */
  metrics: z.array(MetricSeriesSchema).default([]),
  /** Capacity-demand history of this region's Auto Scaling groups (CPU, in-service instances). */
  demandMetrics: z.array(DemandSeriesSchema).default([]),
  /** Since snapshot 1.2: ECS services (with their tasks) and clusters (with container instances). */
  ecsServices: z.array(EcsServiceSchema).default([]),
  ecsClusters: z.array(EcsClusterSchema).default([]),
  /** Since 1.2: Application Auto Scaling targets (ECS services, DynamoDB tables) and their policies. */
  scalableTargets: z.array(ScalableTargetSchema).default([]),
  /** Since 1.2: DynamoDB tables, SQS queues, EFS file systems, CloudWatch metric alarms. */
  dynamoDbTables: z.array(DynamoDbTableSchema).default([]),
  sqsQueues: z.array(SqsQueueSchema).default([]),
  efsFileSystems: z.array(EfsFileSystemSchema).default([]),
  alarms: z.array(AlarmSchema).default([]),
  // Readiness (resil readiness, snapshot 1.2). Absent: not collected (an older snapshot, or an
  // audit, which does not read them); the report then calls those items unknown.
  /** Service Quotas values (EC2 vCPUs per family, ELB, RDS) in this region. */
  serviceQuotas: z.array(ServiceQuotaSchema).optional(),
  /** EC2 On-Demand Capacity Reservations in this region. */
  capacityReservations: z.array(CapacityReservationSchema).optional(),
  /** LCU capacity reservations of this region's load balancers (application and network). */
  loadBalancerCapacityReservations: z.array(LbCapacityReservationSchema).optional(),
  /** Replication-lag series over the --history window (5-minute maxima), for the lag chart and p50/p99/max. */
  lagHistory: z.array(MetricSeriesSchema).optional(),
});

export const InventorySchema = z.object({
  accountId: z.string(),
  /** When the inventory was captured: checks use it as "now", so evaluation stays pure. */
  capturedAt: isoTime,
  regions: nameMap(RegionInventorySchema),
  globalClusters: z.array(GlobalClusterSchema).default([]),
  route53: z
    .object({
      hostedZones: z.array(HostedZoneSchema).default([]),
      healthChecks: z.array(HealthCheckSchema).default([]),
    })
    .default({ hostedZones: [], healthChecks: [] }),
  collection: z.array(CollectionRecordSchema).default([]),
});

/** Current snapshot schema version. Minor bumps add optional fields; a major bump is refused by older readers. */
export const SNAPSHOT_SCHEMA_VERSION = '1.2';

export const SnapshotSchema = z.object({
  schemaVersion: z.string(),
  capture: z.object({
    tool: z.object({ name: z.string(), version: z.string() }),
    /** live: collected from AWS; synthetic: written by hand or generated (examples, fixtures). */
    source: z.enum(['live', 'synthetic']),
    endpointUrl: z.string().optional(),
    /**
     * Since 1.2. Who captured it: the caller ARN of sts:GetCallerIdentity — with --role-arn (or a
     * member role of `snapshot --org`) the assumed-role session, arn:aws:sts::<account>:assumed-role/<role>/resil-<command>.
     */
    callerArn: z.string().optional(),
    durationMs: z.number().nonnegative().optional(),
    apiCalls: z.number().int().nonnegative().optional(),
  }),
  inventory: InventorySchema,
});

export type Ec2Instance = z.infer<typeof Ec2InstanceSchema>;
export type Subnet = z.infer<typeof SubnetSchema>;
export type NatGateway = z.infer<typeof NatGatewaySchema>;
export type AsgInstance = z.infer<typeof AsgInstanceSchema>;
export type ScalingPolicy = z.infer<typeof ScalingPolicySchema>;
export type ScheduledAction = z.infer<typeof ScheduledActionSchema>;
export type AutoScalingGroup = z.infer<typeof AutoScalingGroupSchema>;
export type ListenerRule = z.infer<typeof ListenerRuleSchema>;
export type Listener = z.infer<typeof ListenerSchema>;
export type LoadBalancer = z.infer<typeof LoadBalancerSchema>;
export type Target = z.infer<typeof TargetSchema>;
export type TargetGroup = z.infer<typeof TargetGroupSchema>;
export type DbInstance = z.infer<typeof DbInstanceSchema>;
export type DbClusterMember = z.infer<typeof DbClusterMemberSchema>;
export type DbCluster = z.infer<typeof DbClusterSchema>;
export type GlobalCluster = z.infer<typeof GlobalClusterSchema>;
export type ReplicationGroup = z.infer<typeof ReplicationGroupSchema>;
export type MetricSeries = z.infer<typeof MetricSeriesSchema>;
export type DemandSeries = z.infer<typeof DemandSeriesSchema>;
export type EcsTask = z.infer<typeof EcsTaskSchema>;
export type EcsService = z.infer<typeof EcsServiceSchema>;
export type EcsCluster = z.infer<typeof EcsClusterSchema>;
export type ScalableTargetPolicy = z.infer<typeof ScalableTargetPolicySchema>;
export type ScalableTarget = z.infer<typeof ScalableTargetSchema>;
export type DynamoDbTable = z.infer<typeof DynamoDbTableSchema>;
export type SqsQueue = z.infer<typeof SqsQueueSchema>;
export type EfsFileSystem = z.infer<typeof EfsFileSystemSchema>;
export type AlarmMetric = z.infer<typeof AlarmMetricSchema>;
export type Alarm = z.infer<typeof AlarmSchema>;
export type RecordSet = z.infer<typeof RecordSetSchema>;
export type HostedZone = z.infer<typeof HostedZoneSchema>;
export type HealthCheck = z.infer<typeof HealthCheckSchema>;
export type ServiceQuota = z.infer<typeof ServiceQuotaSchema>;
export type CapacityReservation = z.infer<typeof CapacityReservationSchema>;
export type LbCapacityReservation = z.infer<typeof LbCapacityReservationSchema>;
export type CollectionRecord = z.infer<typeof CollectionRecordSchema>;
export type RegionInventory = z.infer<typeof RegionInventorySchema>;
export type Inventory = z.infer<typeof InventorySchema>;
export type Snapshot = z.infer<typeof SnapshotSchema>;
/** What a hand-written fixture may omit (defaults are filled in by `parseInventory`). */
export type InventoryInput = z.input<typeof InventorySchema>;
export type RegionInventoryInput = z.input<typeof RegionInventorySchema>;
