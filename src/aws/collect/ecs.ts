/**
 * ECS: clusters, their services (with the task definition's size and EFS volumes), each service's
 * running tasks (with their AZ), and the clusters' container instances (the AZs an EC2-launch-type
 * service can place tasks in). Read-only, paged, one call per batch where the API batches.
 */
import {
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  paginateListClusters,
  paginateListContainerInstances,
  paginateListServices,
  paginateListTasks,
  type ContainerInstance,
  type Service,
  type Task,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { nameFromArn } from '../../inventory/query.js';
import type { EcsCluster, EcsService, EcsTask } from '../../inventory/schema.js';
import { chunk } from '../../util/array.js';
import { allPages, attempt, attemptEach, clampPage, type CollectContext } from './context.js';

export interface EcsResult {
  services: EcsService[];
  clusters: EcsCluster[];
}

/** Task-level CPU (CPU units) and memory (MiB) of a task definition; the containers' sum when the task sets none. */
export function taskSize(td: TaskDefinition | undefined): { cpu?: number; memory?: number } {
  if (!td) return {};
  const num = (v: string | number | undefined) =>
    v === undefined || v === '' || Number.isNaN(Number(v)) ? undefined : Number(v);
  let cpu = num(td.cpu);
  let memory = num(td.memory);
  const containers = td.containerDefinitions ?? [];
  if (cpu === undefined && containers.length > 0 && containers.every((c) => (c.cpu ?? 0) > 0))
    cpu = containers.reduce((n, c) => n + (c.cpu ?? 0), 0);
  if (memory === undefined && containers.length > 0 && containers.every((c) => (c.memory ?? 0) > 0))
    memory = containers.reduce((n, c) => n + (c.memory ?? 0), 0);
  return { ...(cpu !== undefined ? { cpu } : {}), ...(memory !== undefined ? { memory } : {}) };
}

export function mapTask(t: Task): EcsTask {
  return {
    arn: t.taskArn ?? 'unknown',
    ...(t.availabilityZone ? { az: t.availabilityZone } : {}),
    lastStatus: t.lastStatus ?? 'UNKNOWN',
    ...(t.healthStatus ? { healthStatus: t.healthStatus } : {}),
    ...(t.containerInstanceArn ? { containerInstanceArn: t.containerInstanceArn } : {}),
  };
}

/** The inventory shape of a service, given its task definition and tasks (when collected). */
export function mapService(
  s: Service,
  td: TaskDefinition | undefined,
  tasks: Task[] | undefined,
): EcsService {
  const size = taskSize(td);
  const dc = s.deploymentConfiguration;
  const cb = dc?.deploymentCircuitBreaker;
  const clusterArn = s.clusterArn ?? 'unknown';
  return {
    name: s.serviceName ?? nameFromArn(s.serviceArn ?? 'unknown'),
    arn: s.serviceArn ?? s.serviceName ?? 'unknown',
    clusterName: nameFromArn(clusterArn),
    clusterArn,
    status: s.status ?? 'ACTIVE',
    ...(s.launchType ? { launchType: s.launchType } : {}),
    capacityProviders: (s.capacityProviderStrategy ?? [])
      .map((c) => c.capacityProvider)
      .filter((c): c is string => !!c),
    schedulingStrategy: s.schedulingStrategy ?? 'REPLICA',
    desiredCount: s.desiredCount ?? 0,
    runningCount: s.runningCount ?? 0,
    pendingCount: s.pendingCount ?? 0,
    ...(s.taskDefinition ? { taskDefinition: s.taskDefinition } : {}),
    ...(size.cpu !== undefined ? { taskCpuUnits: size.cpu } : {}),
    ...(size.memory !== undefined ? { taskMemoryMiB: size.memory } : {}),
    ...(td?.networkMode ? { networkMode: td.networkMode } : {}),
    subnetIds: s.networkConfiguration?.awsvpcConfiguration?.subnets ?? [],
    loadBalancers: (s.loadBalancers ?? []).map((lb) => ({
      ...(lb.targetGroupArn ? { targetGroupArn: lb.targetGroupArn } : {}),
      ...(lb.containerName ? { containerName: lb.containerName } : {}),
      ...(lb.containerPort !== undefined ? { containerPort: lb.containerPort } : {}),
    })),
    ...(s.healthCheckGracePeriodSeconds !== undefined
      ? { healthCheckGracePeriodSeconds: s.healthCheckGracePeriodSeconds }
      : {}),
    deploymentConfiguration: {
      ...(dc?.minimumHealthyPercent !== undefined ? { minimumHealthyPercent: dc.minimumHealthyPercent } : {}),
      ...(dc?.maximumPercent !== undefined ? { maximumPercent: dc.maximumPercent } : {}),
      ...(cb ? { circuitBreaker: { enable: cb.enable ?? false, rollback: cb.rollback ?? false } } : {}),
    },
    ...(s.availabilityZoneRebalancing ? { availabilityZoneRebalancing: s.availabilityZoneRebalancing } : {}),
    efsFileSystemIds: [
      ...new Set(
        (td?.volumes ?? [])
          .map((v) => v.efsVolumeConfiguration?.fileSystemId)
          .filter((id): id is string => !!id),
      ),
    ].sort(),
    ...(tasks ? { tasks: tasks.map(mapTask) } : {}),
    tags: Object.fromEntries((s.tags ?? []).filter((t) => t.key).map((t) => [t.key!, t.value ?? ''])),
  };
}

function mapContainerInstance(ci: ContainerInstance): EcsCluster['containerInstances'][number] {
  const az = ci.attributes?.find((a) => a.name === 'ecs.availability-zone')?.value;
  return {
    arn: ci.containerInstanceArn ?? 'unknown',
    ...(ci.ec2InstanceId ? { ec2InstanceId: ci.ec2InstanceId } : {}),
    ...(az ? { az } : {}),
    status: ci.status ?? 'ACTIVE',
  };
}

export async function collectEcs(
  ctx: CollectContext,
  region: string,
  instanceAz: Promise<Map<string, string>>,
): Promise<EcsResult> {
  const ecs = ctx.clients.ecs(region);
  const page = (min: number, max: number) => ({ client: ecs, pageSize: clampPage(ctx.pageSize, min, max) });
  const clusterArns = await attempt(ctx, 'ecs', region, 'ListClusters', () =>
    allPages(paginateListClusters(page(1, 100), {}), (p) => p.clusterArns),
  );
  if (!clusterArns || clusterArns.length === 0) return { services: [], clusters: [] };

  // Each cluster's services (listed, described, then their task definitions and tasks) and its
  // container instances (listed, then described): two chains that need only the cluster list.
  const servicesRead = (async () => {
    const serviceArns = await attemptEach(ctx, 'ecs', region, 'ListServices', clusterArns, (cluster) =>
      allPages(paginateListServices(page(1, 100), { cluster }), (p) => p.serviceArns),
    );
    const batches = clusterArns.flatMap((cluster, i) =>
      chunk(serviceArns[i] ?? [], 10).map((services) => ({ cluster, services })),
    );
    const described = await attemptEach(ctx, 'ecs', region, 'DescribeServices', batches, (b) =>
      ecs.send(new DescribeServicesCommand({ cluster: b.cluster, services: b.services, include: ['TAGS'] })),
    );
    return described
      .flatMap((d) => d?.services ?? [])
      .filter((s) => s.status !== 'INACTIVE')
      .sort((a, b) => (a.serviceArn ?? '').localeCompare(b.serviceArn ?? ''));
  })();
  const containerInstancesRead = (async () => {
    const ciArns = await attemptEach(ctx, 'ecs', region, 'ListContainerInstances', clusterArns, (cluster) =>
      allPages(paginateListContainerInstances(page(1, 100), { cluster }), (p) => p.containerInstanceArns),
    );
    const ciBatches = clusterArns.flatMap((cluster, i) =>
      chunk(ciArns[i] ?? [], 100).map((arns) => ({ cluster, arns })),
    );
    const ciDescribed = await attemptEach(ctx, 'ecs', region, 'DescribeContainerInstances', ciBatches, (b) =>
      ecs.send(new DescribeContainerInstancesCommand({ cluster: b.cluster, containerInstances: b.arns })),
    );
    return { ciBatches, ciDescribed };
  })();
  const taskDefinitionsRead = servicesRead.then(async (services) => {
    const arns = [...new Set(services.map((s) => s.taskDefinition).filter((t): t is string => !!t))];
    const out = await attemptEach(ctx, 'ecs', region, 'DescribeTaskDefinition', arns, (taskDefinition) =>
      ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition })),
    );
    return new Map(arns.map((a, i) => [a, out[i]?.taskDefinition]));
  });
  // Tasks: ListTasks per service, then DescribeTasks in batches of 100 per cluster.
  const tasksRead = servicesRead.then(async (services) => {
    const taskLists = await attemptEach(ctx, 'ecs', region, 'ListTasks', services, (s) =>
      allPages(
        paginateListTasks(page(1, 100), { cluster: s.clusterArn, serviceName: s.serviceName }),
        (p) => p.taskArns,
      ),
    );
    const taskBatches: Array<{ cluster: string; tasks: string[] }> = [];
    services.forEach((s, i) => {
      for (const tasks of chunk(taskLists[i] ?? [], 100))
        taskBatches.push({ cluster: s.clusterArn ?? '', tasks });
    });
    const taskOut = await attemptEach(ctx, 'ecs', region, 'DescribeTasks', taskBatches, (b) =>
      ecs.send(new DescribeTasksCommand({ cluster: b.cluster, tasks: b.tasks })),
    );
    return { taskLists, taskOut };
  });
  const [services, { ciBatches, ciDescribed }, tdList, { taskLists, taskOut }] = await Promise.all([
    servicesRead,
    containerInstancesRead,
    taskDefinitionsRead,
    tasksRead,
  ]);
  const tasksByArn = new Map<string, Task>();
  let tasksComplete = true;
  taskOut.forEach((o) => {
    if (!o) tasksComplete = false;
    for (const t of o?.tasks ?? []) if (t.taskArn) tasksByArn.set(t.taskArn, t);
  });

  const azOf = await instanceAz;
  const clusters: EcsCluster[] = clusterArns
    .map((arn) => {
      const instances = ciDescribed
        .filter((_, j) => ciBatches[j]!.cluster === arn)
        .flatMap((d) => d?.containerInstances ?? [])
        .map(mapContainerInstance)
        .map((ci) => {
          const az = ci.az ?? (ci.ec2InstanceId ? azOf.get(ci.ec2InstanceId) : undefined);
          return az ? { ...ci, az } : ci;
        });
      return { name: nameFromArn(arn), arn, containerInstances: instances };
    })
    .sort((a, b) => a.arn.localeCompare(b.arn));

  return {
    services: services.map((s, i) => {
      const arns = taskLists[i];
      const tasks =
        arns && tasksComplete
          ? arns
              .map((a) => tasksByArn.get(a))
              .filter((t): t is Task => !!t && t.lastStatus !== 'STOPPED' && t.desiredStatus !== 'STOPPED')
          : undefined;
      return mapService(s, s.taskDefinition ? tdList.get(s.taskDefinition) : undefined, tasks);
    }),
    clusters,
  };
}
