/**
 * The two-region shop of issue 8's review, small enough to compute by hand: the fixture the capacity
 * model and the capacity, DNS and DR checks are tested on.
 *
 * us-east-1 (primary), load balancer alb-east, listener 443: default → web-tg, rule 10 (path /api/*) → api-tg.
 *   web     tier=web     2+2+2 × m6i.large  (12 vCPUs), CPU target tracking at 50 %  → needs 7.5 vCPUs
 *   api     tier=api     2+2+2 × c6i.xlarge (24 vCPUs), tag resil:peak=6              → needs 24 vCPUs
 *   worker  tier=worker  1+1+1 × m6i.large  (6 vCPUs), no policy, no load balancer   → assumed 6 vCPUs
 * us-west-2 (standby), load balancer alb-west, listener 443: default → web-tg-west, rule 10 (path /api/*) → api-tg-west.
 *   web-west tier=web    1+1+1 × m6i.large  (6 vCPUs), MaxSize 9 (18 vCPUs)
 *   api-tg-west: no target at all (the standby api tier is an empty target group); no worker.
 * Route 53 (example.com.):
 *   www  failover: PRIMARY alias alb-east (hc-www-east), SECONDARY alias alb-west (hc-www-west)
 *   api  failover: PRIMARY alias alb-east, SECONDARY alias alb-west, both with hc-api (shared: it watches east)
 *   shop weighted 50/50: CNAME to alb-east and to alb-west, no health check, no target-health evaluation
 */
import type { Inventory, RecordSet } from '../../src/inventory/schema.js';
import {
  asg,
  cpuTargetTracking,
  forwardRule,
  globalCluster,
  healthCheck,
  hostedZone,
  inventory,
  listener,
  loadBalancer,
  record,
  targetGroup,
  dbCluster,
  clusterInstances,
} from './builders.js';

const E = 'us-east-1';
const W = 'us-west-2';
const spread = (region: string, n: number) => ({ [`${region}a`]: n, [`${region}b`]: n, [`${region}c`]: n });

function healthyTargetsOf(g: ReturnType<typeof asg>) {
  return g.instances.map((i) => ({ id: i.id, port: 80, az: i.az, state: 'healthy' }));
}

export interface CapacityShopOptions {
  /** Extra records for the zone. */
  records?: RecordSet[];
  /** Replace the api failover records (default: both share hc-api). */
  apiRecords?: RecordSet[];
  /** Give the standby api target group healthy targets from a standby api group. */
  standbyApi?: boolean;
}

export function capacityShop(o: CapacityShopOptions = {}): Inventory {
  const web = asg(
    { name: 'web', maxSize: 12, tags: { tier: 'web' }, scalingPolicies: [cpuTargetTracking(50)] },
    spread(E, 2),
  );
  const api = asg(
    { name: 'api', maxSize: 12, tags: { tier: 'api', 'resil:peak': '6' }, instanceTypes: ['c6i.xlarge'] },
    spread(E, 2),
  );
  for (const i of api.instances) i.instanceType = 'c6i.xlarge';
  const worker = asg({ name: 'worker', tags: { tier: 'worker' } }, spread(E, 1));
  const webTg = targetGroup({ name: 'web-tg', targets: healthyTargetsOf(web) }, E);
  const apiTg = targetGroup({ name: 'api-tg', targets: healthyTargetsOf(api) }, E);
  web.targetGroupArns = [webTg.arn];
  api.targetGroupArns = [apiTg.arn];
  const albEast = loadBalancer(
    {
      name: 'alb-east',
      listeners: [
        listener(
          443,
          [forwardRule('10', [apiTg], { paths: ['/api/*'] }), forwardRule('default', [webTg])],
          'alb-east',
        ),
      ],
    },
    E,
  );
  webTg.loadBalancerArns = [albEast.arn];
  apiTg.loadBalancerArns = [albEast.arn];

  const webWest = asg(
    { name: 'web-west', maxSize: 9, tags: { tier: 'web' }, scalingPolicies: [cpuTargetTracking(50)] },
    spread(W, 1),
  );
  const webTgWest = targetGroup({ name: 'web-tg-west', targets: healthyTargetsOf(webWest) }, W);
  webWest.targetGroupArns = [webTgWest.arn];
  const apiTgWest = targetGroup({ name: 'api-tg-west' }, W);
  const standbyGroups = [webWest];
  if (o.standbyApi) {
    const apiWest = asg(
      { name: 'api-west', maxSize: 12, instanceTypes: ['c6i.xlarge'], targetGroupArns: [apiTgWest.arn] },
      spread(W, 2),
    );
    for (const i of apiWest.instances) i.instanceType = 'c6i.xlarge';
    apiTgWest.targets = healthyTargetsOf(apiWest);
    standbyGroups.push(apiWest);
  }
  const albWest = loadBalancer(
    {
      name: 'alb-west',
      listeners: [
        listener(
          443,
          [forwardRule('10', [apiTgWest], { paths: ['/api/*'] }), forwardRule('default', [webTgWest])],
          'alb-west',
        ),
      ],
    },
    W,
  );
  webTgWest.loadBalancerArns = [albWest.arn];
  apiTgWest.loadBalancerArns = [albWest.arn];

  const alias = (lb: typeof albEast, evaluateTargetHealth = true) => ({
    dnsName: `dualstack.${lb.dnsName}.`,
    hostedZoneId: 'Z35SXDOTRQ7X7K',
    evaluateTargetHealth,
  });
  const zone = hostedZone({ name: 'example.com.' }, [
    record({
      name: 'www.example.com.',
      routingPolicy: 'failover',
      setIdentifier: 'www-east',
      failover: 'PRIMARY',
      aliasTarget: alias(albEast),
      healthCheckId: 'hc-www-east',
    }),
    record({
      name: 'www.example.com.',
      routingPolicy: 'failover',
      setIdentifier: 'www-west',
      failover: 'SECONDARY',
      aliasTarget: alias(albWest),
      healthCheckId: 'hc-www-west',
    }),
    ...(o.apiRecords ?? [
      record({
        name: 'api.example.com.',
        routingPolicy: 'failover',
        setIdentifier: 'api-east',
        failover: 'PRIMARY',
        aliasTarget: alias(albEast, false),
        healthCheckId: 'hc-api',
      }),
      record({
        name: 'api.example.com.',
        routingPolicy: 'failover',
        setIdentifier: 'api-west',
        failover: 'SECONDARY',
        aliasTarget: alias(albWest, false),
        healthCheckId: 'hc-api',
      }),
    ]),
    record({
      name: 'shop.example.com.',
      type: 'CNAME',
      routingPolicy: 'weighted',
      setIdentifier: 'east',
      weight: 50,
      ttl: 60,
      values: [albEast.dnsName!],
    }),
    record({
      name: 'shop.example.com.',
      type: 'CNAME',
      routingPolicy: 'weighted',
      setIdentifier: 'west',
      weight: 50,
      ttl: 60,
      values: [albWest.dnsName!],
    }),
    ...(o.records ?? []),
  ]);
  const east = dbCluster({ id: 'db-east' }, E);
  const west = dbCluster({ id: 'db-west' }, W);
  return inventory(
    {
      [E]: {
        autoScalingGroups: [web, api, worker],
        loadBalancers: [albEast],
        targetGroups: [webTg, apiTg],
        dbClusters: [east],
        dbInstances: clusterInstances(east, E),
      },
      [W]: {
        autoScalingGroups: standbyGroups,
        loadBalancers: [albWest],
        targetGroups: [webTgWest, apiTgWest],
        dbClusters: [west],
        dbInstances: clusterInstances(west, W),
      },
    },
    {
      globalClusters: [
        globalCluster({ id: 'db' }, [
          { region: E, clusterId: 'db-east', isWriter: true },
          { region: W, clusterId: 'db-west', isWriter: false },
        ]),
      ],
      route53: {
        hostedZones: [zone],
        healthChecks: [
          healthCheck({ id: 'hc-www-east', fqdn: albEast.dnsName! }),
          healthCheck({ id: 'hc-www-west', fqdn: albWest.dnsName! }),
          healthCheck({
            id: 'hc-api',
            fqdn: albEast.dnsName!,
            requestIntervalSeconds: 30,
            failureThreshold: 3,
          }),
        ],
      },
    },
  );
}
