/**
 * ELBv2: load balancers (+ attributes, tags, listeners and their rules), target groups (+ attributes,
 * targets with their AZ).
 */
import {
  DescribeLoadBalancerAttributesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetHealthCommand,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeRules,
  paginateDescribeTargetGroups,
  type Action,
  type Listener as AwsListener,
  type LoadBalancer as AwsLoadBalancer,
  type TargetGroup as AwsTargetGroup,
  type Rule as AwsRule,
  type RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Listener, ListenerRule, LoadBalancer, TargetGroup } from '../../inventory/schema.js';
import { allPages, attempt, attemptEach, clampPage, tagsOf, type CollectContext } from './context.js';

export interface Elbv2Result {
  loadBalancers: LoadBalancer[];
  targetGroups: TargetGroup[];
}

const TAG_BATCH = 20; // DescribeTags takes at most 20 ARNs.

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

const bool = (v: string | undefined) => (v === undefined ? undefined : v === 'true');

const TERMINAL = new Set(['forward', 'redirect', 'fixed-response']);

/** The action that ends a rule (authenticate-* come before it), and the target groups it forwards to. */
export function mapActions(actions: Action[] | undefined): Pick<ListenerRule, 'actionType' | 'forwardTo'> {
  const sorted = [...(actions ?? [])].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0));
  const last = [...sorted].reverse().find((a) => a.Type && TERMINAL.has(a.Type)) ?? sorted[sorted.length - 1];
  if (!last) return { actionType: 'none', forwardTo: [] };
  if (last.Type !== 'forward') return { actionType: last.Type ?? 'unknown', forwardTo: [] };
  const weighted = last.ForwardConfig?.TargetGroups ?? [];
  const forwardTo = weighted.length
    ? weighted
        .filter((t) => t.TargetGroupArn)
        .map((t) => ({
          targetGroupArn: t.TargetGroupArn!,
          ...(t.Weight !== undefined ? { weight: t.Weight } : {}),
        }))
    : last.TargetGroupArn
      ? [{ targetGroupArn: last.TargetGroupArn }]
      : [];
  return { actionType: 'forward', forwardTo };
}

function conditionValues(c: RuleCondition, field: 'host-header' | 'path-pattern'): string[] {
  const cfg = field === 'host-header' ? c.HostHeaderConfig?.Values : c.PathPatternConfig?.Values;
  return cfg?.length ? cfg : (c.Values ?? []);
}

export function mapRule(r: AwsRule): ListenerRule {
  const conditions = r.Conditions ?? [];
  return {
    ...(r.RuleArn ? { arn: r.RuleArn } : {}),
    priority: r.IsDefault ? 'default' : (r.Priority ?? 'default'),
    hostHeaders: conditions
      .filter((c) => c.Field === 'host-header')
      .flatMap((c) => conditionValues(c, 'host-header')),
    pathPatterns: conditions
      .filter((c) => c.Field === 'path-pattern')
      .flatMap((c) => conditionValues(c, 'path-pattern')),
    otherConditions: conditions
      .map((c) => c.Field ?? 'unknown')
      .filter((f) => f !== 'host-header' && f !== 'path-pattern'),
    ...mapActions(r.Actions),
  };
}

/** Rule order: by numeric priority, the default rule last. */
function byPriority(a: ListenerRule, b: ListenerRule): number {
  const n = (r: ListenerRule) => (r.priority === 'default' ? Infinity : Number(r.priority));
  return n(a) - n(b);
}

/**
 * A listener with its rules: DescribeRules (HTTP/HTTPS listeners), or the default action alone (other
 * protocols have no rules); undefined rules fall back to the default action too.
 */
export function mapListener(l: AwsListener, rules: AwsRule[] | undefined): Listener {
  const mapped = rules?.length
    ? rules.map(mapRule)
    : [
        {
          priority: 'default',
          hostHeaders: [],
          pathPatterns: [],
          otherConditions: [],
          ...mapActions(l.DefaultActions),
        },
      ];
  return {
    arn: l.ListenerArn ?? 'unknown',
    ...(l.Port !== undefined ? { port: l.Port } : {}),
    ...(l.Protocol ? { protocol: l.Protocol } : {}),
    rules: mapped.sort(byPriority),
  };
}

const HAS_RULES = new Set(['HTTP', 'HTTPS']);

/** A load balancer as listed, before its attributes, tags and listeners are read. */
export type LoadBalancerRef = Pick<LoadBalancer, 'arn' | 'type'>;

/** The region's ELBv2 reads: the load balancers as soon as they are listed, and everything. */
export interface Elbv2Reads {
  /**
   * The load balancers DescribeLoadBalancers listed ([] when it failed), in the order of
   * `loadBalancers` in the result. A failure that stops the collection rejects `result` too.
   */
  loadBalancers: Promise<LoadBalancerRef[]>;
  result: Promise<Elbv2Result>;
}

const lbType = (l: AwsLoadBalancer): LoadBalancer['type'] =>
  l.Type === 'network' || l.Type === 'gateway' ? l.Type : 'application';

/** `instanceAz` maps instance ids to AZs (from DescribeInstances) to place instance targets. */
export async function collectElbv2(
  ctx: CollectContext,
  region: string,
  instanceAz: Promise<Map<string, string>>,
): Promise<Elbv2Result> {
  return readElbv2(ctx, region, instanceAz).result;
}

/**
 * Load balancers and target groups are listed at once; each load balancer's attributes, tags and
 * listeners (then their rules) are read as soon as the load balancers are listed, each target
 * group's attributes and health as soon as the target groups are.
 */
export function readElbv2(
  ctx: CollectContext,
  region: string,
  instanceAz: Promise<Map<string, string>>,
): Elbv2Reads {
  const elb = ctx.clients.elbv2(region);
  const cfg = { client: elb, pageSize: clampPage(ctx.pageSize, 1, 400) };
  const lbsListed = attempt(ctx, 'elasticloadbalancing', region, 'DescribeLoadBalancers', () =>
    allPages(paginateDescribeLoadBalancers(cfg, {}), (p) => p.LoadBalancers),
  ).then((lbs) => (lbs ?? []).filter((l) => l.LoadBalancerArn));
  const tgsListed = attempt(ctx, 'elasticloadbalancing', region, 'DescribeTargetGroups', () =>
    allPages(paginateDescribeTargetGroups(cfg, {}), (p) => p.TargetGroups),
  ).then((tgs) => (tgs ?? []).filter((t) => t.TargetGroupArn));
  const loadBalancers = lbsListed.then((lbList) =>
    lbList.map((l) => ({ arn: l.LoadBalancerArn!, type: lbType(l) })),
  );
  // Its failure is the listing's, which `result` reports: no unhandled rejection when only `result` is awaited.
  loadBalancers.catch(() => {});
  return { loadBalancers, result: elbv2Result(ctx, region, lbsListed, tgsListed, instanceAz) };
}

async function elbv2Result(
  ctx: CollectContext,
  region: string,
  lbsListed: Promise<AwsLoadBalancer[]>,
  tgsListed: Promise<AwsTargetGroup[]>,
  instanceAz: Promise<Map<string, string>>,
): Promise<Elbv2Result> {
  const elb = ctx.clients.elbv2(region);
  const lbReads = lbsListed.then((lbList) =>
    Promise.all([
      lbList,
      attemptEach(ctx, 'elasticloadbalancing', region, 'DescribeLoadBalancerAttributes', lbList, (l) =>
        elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: l.LoadBalancerArn })),
      ),
      attemptEach(
        ctx,
        'elasticloadbalancing',
        region,
        'DescribeTags',
        chunk(
          lbList.map((l) => l.LoadBalancerArn!),
          TAG_BATCH,
        ),
        (arns) => elb.send(new DescribeTagsCommand({ ResourceArns: arns })),
      ),
      collectListeners(
        ctx,
        region,
        lbList.map((l) => l.LoadBalancerArn!),
      ),
    ] as const),
  );
  const tgReads = tgsListed.then((tgList) =>
    Promise.all([
      tgList,
      attemptEach(ctx, 'elasticloadbalancing', region, 'DescribeTargetGroupAttributes', tgList, (t) =>
        elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: t.TargetGroupArn })),
      ),
      attemptEach(ctx, 'elasticloadbalancing', region, 'DescribeTargetHealth', tgList, (t) =>
        elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: t.TargetGroupArn })),
      ),
    ] as const),
  );
  const [[lbList, lbAttrs, tags, listeners], [tgList, tgAttrs, health]] = await Promise.all([
    lbReads,
    tgReads,
  ]);
  const tagsByArn = new Map<string, Record<string, string>>();
  for (const page of tags)
    for (const d of page?.TagDescriptions ?? [])
      if (d.ResourceArn) tagsByArn.set(d.ResourceArn, tagsOf(d.Tags));
  const azOf = await instanceAz;

  const loadBalancers: LoadBalancer[] = lbList.map((l, i) => {
    const attrs = new Map((lbAttrs[i]?.Attributes ?? []).map((a) => [a.Key ?? '', a.Value ?? '']));
    const crossZone = bool(attrs.get('load_balancing.cross_zone.enabled'));
    const deletion = bool(attrs.get('deletion_protection.enabled'));
    const type = lbType(l);
    return {
      arn: l.LoadBalancerArn!,
      name: l.LoadBalancerName ?? l.LoadBalancerArn!,
      type,
      scheme: l.Scheme === 'internal' ? 'internal' : 'internet-facing',
      ...(l.VpcId ? { vpcId: l.VpcId } : {}),
      ...(l.DNSName ? { dnsName: l.DNSName } : {}),
      ...(l.CanonicalHostedZoneId ? { canonicalHostedZoneId: l.CanonicalHostedZoneId } : {}),
      state: l.State?.Code ?? 'active',
      availabilityZones: (l.AvailabilityZones ?? []).map((z) => ({
        zone: z.ZoneName ?? 'unknown',
        ...(z.SubnetId ? { subnetId: z.SubnetId } : {}),
      })),
      attributes: {
        ...(crossZone !== undefined ? { crossZoneEnabled: crossZone } : {}),
        ...(deletion !== undefined ? { deletionProtection: deletion } : {}),
      },
      tags: tagsByArn.get(l.LoadBalancerArn!) ?? {},
      ...(listeners[i] ? { listeners: listeners[i] } : {}),
    };
  });

  const targetGroups: TargetGroup[] = tgList.map((t, i) => {
    const attributes: Record<string, string> = {};
    for (const a of tgAttrs[i]?.Attributes ?? []) if (a.Key) attributes[a.Key] = a.Value ?? '';
    const targetType = t.TargetType ?? 'instance';
    return {
      arn: t.TargetGroupArn!,
      name: t.TargetGroupName ?? t.TargetGroupArn!,
      ...(t.Protocol ? { protocol: t.Protocol } : {}),
      ...(t.Port !== undefined ? { port: t.Port } : {}),
      targetType,
      ...(t.VpcId ? { vpcId: t.VpcId } : {}),
      loadBalancerArns: t.LoadBalancerArns ?? [],
      healthCheck: {
        enabled: t.HealthCheckEnabled ?? true,
        ...(t.HealthCheckProtocol ? { protocol: t.HealthCheckProtocol } : {}),
        ...(t.HealthCheckPath ? { path: t.HealthCheckPath } : {}),
        ...(t.HealthCheckPort ? { port: t.HealthCheckPort } : {}),
        // ELBv2 always reports these; the fallbacks are the API defaults.
        intervalSeconds: t.HealthCheckIntervalSeconds ?? 30,
        timeoutSeconds: t.HealthCheckTimeoutSeconds ?? 5,
        healthyThreshold: t.HealthyThresholdCount ?? 5,
        unhealthyThreshold: t.UnhealthyThresholdCount ?? 2,
      },
      attributes,
      targets: (health[i]?.TargetHealthDescriptions ?? []).map((d) => {
        const id = d.Target?.Id ?? 'unknown';
        const az = d.Target?.AvailabilityZone ?? (targetType === 'instance' ? azOf.get(id) : undefined);
        return {
          id,
          ...(d.Target?.Port !== undefined ? { port: d.Target.Port } : {}),
          ...(az ? { az } : {}),
          state: d.TargetHealth?.State ?? 'unavailable',
          ...(d.TargetHealth?.Reason ? { reason: d.TargetHealth.Reason } : {}),
        };
      }),
    };
  });

  return { loadBalancers, targetGroups };
}

/**
 * Listeners of each load balancer (DescribeListeners, paged) and the rules of each HTTP/HTTPS listener
 * (DescribeRules, paged). A load balancer whose listeners could not be read gets undefined (its traffic
 * is then followed to every attached target group); a listener whose rules could not be read keeps
 * its default action only.
 */
async function collectListeners(
  ctx: CollectContext,
  region: string,
  lbArns: string[],
): Promise<Array<Listener[] | undefined>> {
  const elb = ctx.clients.elbv2(region);
  const cfg = { client: elb, pageSize: clampPage(ctx.pageSize, 1, 400) };
  const perLb = await attemptEach(ctx, 'elasticloadbalancing', region, 'DescribeListeners', lbArns, (arn) =>
    allPages(paginateDescribeListeners(cfg, { LoadBalancerArn: arn }), (p) => p.Listeners),
  );
  const flat = perLb
    .flatMap((ls) => ls ?? [])
    .filter((l) => l.ListenerArn && HAS_RULES.has(l.Protocol ?? ''));
  const rules = await attemptEach(ctx, 'elasticloadbalancing', region, 'DescribeRules', flat, (l) =>
    allPages(paginateDescribeRules(cfg, { ListenerArn: l.ListenerArn }), (p) => p.Rules),
  );
  const rulesByListener = new Map(flat.map((l, i) => [l.ListenerArn!, rules[i]]));
  return perLb.map((ls) =>
    ls === undefined
      ? undefined
      : ls
          .map((l) => mapListener(l, rulesByListener.get(l.ListenerArn ?? '')))
          .sort((a, b) => (a.port ?? 0) - (b.port ?? 0) || a.arn.localeCompare(b.arn)),
  );
}
