/**
 * Sections 2 and 3 (tiers): losing one AZ at the event's peak, and losing the primary region, tier by
 * tier, on the capacity model (src/capacity) with each demand scaled by the peak factor.
 *
 * Rules: a tier judged on an assumed demand is at most AT RISK (and says so) — unless the verdict does
 * not depend on the amount (a single-AZ tier, an AZ holding all the capacity, an empty standby), which
 * fails whatever the demand. Tiers are iterated generically: any kind the model adds appears here.
 */
import { nMinusOneAz, nMinusOneRegion, type CapacityModel, type Tier } from '../capacity/index.js';
import { describeRoute } from '../inventory/traffic.js';
import type { AzLossTier, DemandView, RegionLossTier, ScheduledRaise } from './types.js';
import { amount, ceilClean, count, countNounOf, demandView, forecastDemand, sourceNote } from './util.js';

export interface TierContext {
  peakFactor: number;
  /** Start of the event (ms), when known: scheduled actions must begin before it. */
  eventStartMs: number | null;
  capturedAtMs: number;
}

function tierRef(t: Tier) {
  return { id: t.id, name: t.name, kind: t.kind, region: t.region };
}

/** What sets a tier's size (see AzLossTier.scaling.scaledBy). */
export function scaledBy(t: Tier): AzLossTier['scaling']['scaledBy'] {
  if (t.kind === 'asg') return 'auto-scaling-group';
  if (t.kind === 'ecs-service' && t.scalableTarget) return 'application-auto-scaling';
  return 'none';
}

/**
 * A tier's upper bound in its own terms: "MaxSize 18" (Auto Scaling group), "the scalable target's
 * MaxCapacity 18" (ECS service), "its desired count 2, with no scalable target" (ECS service that
 * nothing scales), "2 standalone instances, which nothing scales".
 */
export function maxWords(t: Tier, max: number): string {
  switch (scaledBy(t)) {
    case 'auto-scaling-group':
      return `MaxSize ${max}`;
    case 'application-auto-scaling':
      return `the scalable target's MaxCapacity ${max}`;
    case 'none':
      return t.kind === 'ecs-service'
        ? `its desired count ${max}, with no Application Auto Scaling scalable target`
        : `${max} standalone ${max === 1 ? 'instance, which nothing scales' : 'instances, which nothing scales'}`;
  }
}

/** What to do when a tier passes only on an assumed demand. */
function declareHint(t: Tier): string {
  if (t.kind === 'ecs-service')
    return 'declare the peak (tag resil:peak=<tasks>, or tiers:) or add a CPU target-tracking policy';
  if (t.kind === 'asg') return 'declare the peak or enable group metrics to measure it';
  return 'declare the peak (tiers: in .resil.yml)';
}

/** What to set so losing any AZ still leaves the forecast peak, in the tier's own terms. */
function setTo(t: Tier, target: NonNullable<AzLossTier['target']>, maxReaches: boolean | null): string {
  const noun = countNounOf(t.kind);
  const perAz = `${target.perAz} ${noun} per AZ at most`;
  const why = 'so losing any AZ still leaves the forecast peak';
  switch (scaledBy(t)) {
    case 'auto-scaling-group':
      return `set min = desired = ${target.instances} (${target.perAz} per AZ at most) ${why}`;
    case 'application-auto-scaling':
      return (
        `raise the scalable target's MinCapacity and the service's desired count to ${target.instances} (${perAz})` +
        `${maxReaches === false ? `, and its MaxCapacity to ≥ ${target.instances}` : ''}, ${why}`
      );
    case 'none':
      return t.kind === 'ecs-service'
        ? `raise the service's desired count to ${target.instances} (${perAz}) ${why}; it has no Application Auto Scaling scalable target, so nothing else changes it`
        : `run ${count(target.instances)} (${perAz}) ${why}`;
  }
}

/** The first scheduled action between capture and the event start that raises min or desired above today's desired. */
function scheduledRaise(t: Tier, target: number | undefined, ctx: TierContext): ScheduledRaise | null {
  if (ctx.eventStartMs === null || !t.asg) return null;
  const raising = t.asg.scheduledActions
    .filter((a) => {
      if (!a.startTime) return false;
      const s = new Date(a.startTime).getTime();
      if (Number.isNaN(s) || s < ctx.capturedAtMs || s >= ctx.eventStartMs!) return false;
      return Math.max(a.minSize ?? 0, a.desiredCapacity ?? 0) > t.scaling.desired;
    })
    .sort((a, b) => a.startTime!.localeCompare(b.startTime!));
  const size = (a: (typeof raising)[number]) => Math.max(a.minSize ?? 0, a.desiredCapacity ?? 0);
  const pick = raising.find((a) => target !== undefined && size(a) >= target) ?? raising.at(-1);
  if (!pick) return null;
  return {
    name: pick.name,
    startTime: pick.startTime!,
    ...(pick.minSize !== undefined ? { minSize: pick.minSize } : {}),
    ...(pick.desiredCapacity !== undefined ? { desiredCapacity: pick.desiredCapacity } : {}),
    reaches: target !== undefined && size(pick) >= target,
  };
}

/** Losing one AZ of a tier at the forecast peak. */
export function azLossTier(t: Tier, ctx: TierContext): AzLossTier {
  const demand = forecastDemand(t.demand, ctx.peakFactor);
  const view: DemandView = demandView(t.demand, ctx.peakFactor);
  const loss = nMinusOneAz(t, demand);
  const c = t.capacity;
  const unit = c.unit;
  const noun = countNounOf(t.kind);
  const needed = loss.needed;
  const worst = loss.worst;
  const azCount = loss.perAz.length;
  const worstAfter = worst?.afterLosingIt ?? 0;
  const shortBy = worst ? worst.shortBy : needed;
  const shortByInstances = ceilClean(shortBy / c.unitsPerInstance);
  const total = loss.staticallyStableInstances;
  const target =
    !loss.singleAz && total !== undefined
      ? {
          instances: total,
          perAz: Math.ceil(total / azCount),
          addInstances: Math.max(0, total - c.instances),
        }
      : null;
  const scalable = t.kind !== 'instances';
  const maxReaches = scalable && target ? t.scaling.max >= target.instances : scalable ? false : null;
  const scheduled = scheduledRaise(t, target?.instances, ctx);
  const assumed = view.source === 'assumed';
  const reasons: string[] = [];
  const note = sourceNote(view);
  let status: AzLossTier['status'];

  if (loss.singleAz) {
    status = 'not-ready';
    reasons.push(
      `runs in ${azCount === 1 ? `one AZ (${loss.perAz[0]!.az})` : 'no AZ'}: losing it loses the whole tier, whatever the demand`,
    );
  } else if (c.units > 0 && worst && worstAfter === 0) {
    status = 'not-ready';
    reasons.push(
      `all ${amount(c.units, unit)} run in ${worst.az}: losing it leaves nothing, whatever the demand`,
    );
  } else if (loss.ok) {
    status = assumed ? 'at-risk' : 'ok';
    reasons.push(
      `losing ${worst?.az ?? 'an AZ'} leaves ${amount(worstAfter, unit)} ≥ ${amount(needed, unit)} needed at the forecast peak ${note}`,
    );
    if (assumed) reasons.push(`it passes only on an assumed demand: ${declareHint(t)}`);
  } else {
    const short = `losing ${worst!.az} leaves ${amount(worstAfter, unit)} < ${amount(needed, unit)} needed at the forecast peak, ${amount(shortBy, unit)} (${count(shortByInstances, noun)}) short ${note}`;
    reasons.push(short);
    if (scheduled?.reaches) {
      status = assumed ? 'at-risk' : 'ok';
      reasons.push(
        `scheduled action ${scheduled.name} raises it to ${Math.max(scheduled.minSize ?? 0, scheduled.desiredCapacity ?? 0)} at ${scheduled.startTime}, before the event: enough (${target!.instances} needed)`,
      );
    } else if (maxReaches && t.scaling.canReact) {
      status = 'at-risk';
      reasons.push(
        `only scaling during the event closes the gap (${maxWords(t, t.scaling.max)} ≥ ${count(target!.instances, noun)}): reactive scaling lags a sudden peak, and an AZ event makes it scramble for capacity`,
      );
    } else {
      status = assumed ? 'at-risk' : 'not-ready';
      if (target && scalable && !maxReaches)
        reasons.push(
          scaledBy(t) === 'none'
            ? `no Application Auto Scaling scalable target: the service stays at its desired count ${t.scaling.max}, short of the ${count(target.instances, noun)} needed`
            : `${maxWords(t, t.scaling.max)} cannot reach the ${count(target.instances, noun)} needed`,
        );
      else if (target && scalable && !t.scaling.canReact)
        reasons.push(
          scaledBy(t) === 'none'
            ? 'no Application Auto Scaling scalable target, so nothing would grow it'
            : 'no scaling policy reacts to load, so nothing would grow it',
        );
      if (assumed)
        reasons.push('the demand is assumed, so this is a risk, not a verdict: declare or measure it');
    }
    if (scheduled && !scheduled.reaches)
      reasons.push(
        `scheduled action ${scheduled.name} at ${scheduled.startTime} raises it, but not to the ${target ? count(target.instances, noun) : '? instances'} needed`,
      );
  }
  if (target && target.addInstances > 0 && status !== 'ok') reasons.push(setTo(t, target, maxReaches));
  for (const n of c.notes) reasons.push(n);

  return {
    key: `az-loss:${t.id}`,
    status,
    reasons,
    tier: { ...tierRef(t), unit, countNoun: noun },
    demand: view,
    capacityNow: c.units,
    instancesNow: c.instances,
    unitsPerInstance: c.unitsPerInstance,
    perAz: loss.perAz.map((s) => ({
      az: s.az,
      instances: c.perAz[s.az]?.instances ?? 0,
      units: c.perAz[s.az]?.units ?? 0,
      afterLosingIt: s.afterLosingIt,
      shortBy: s.shortBy,
      ...(s.survivorsUtilizationPercent !== undefined
        ? { survivorsUtilizationPercent: s.survivorsUtilizationPercent }
        : {}),
      ok: s.ok,
    })),
    worstAz: worst?.az ?? null,
    worstAfter,
    shortBy,
    shortByInstances,
    singleAz: loss.singleAz,
    target,
    scaling: {
      scaledBy: scaledBy(t),
      min: t.scaling.min,
      max: t.scaling.max,
      desired: t.scaling.desired,
      maxReaches,
      canReact: t.scaling.canReact,
      reactivePolicies: t.scaling.reactivePolicies,
      scheduledBeforeEvent: scheduled,
    },
  };
}

/** The tiers whose loss of an AZ at peak matters: those serving in the primary region (every region when it is unknown). */
export function azLossTiers(model: CapacityModel, serving: (t: Tier) => boolean): Tier[] {
  const standbyIds = new Set(model.pairs.map((p) => p.standby?.id).filter(Boolean));
  return model.tiers.filter(
    (t) => serving(t) && (model.regions.known ? t.region === model.regions.primary : !standbyIds.has(t.id)),
  );
}

/** Losing the primary region: can each primary tier's standby carry the forecast peak? */
export function regionLossTier(pair: CapacityModel['pairs'][number], ctx: TierContext): RegionLossTier {
  const p = pair.primary;
  const view = demandView(p.demand, ctx.peakFactor);
  const demand = forecastDemand(p.demand, ctx.peakFactor);
  const note = sourceNote(view);
  const base = {
    key: `region-loss:${p.id}`,
    primary: tierRef(p),
    pairedBy: pair.pairedBy ?? null,
    unpairedWhy: pair.unpairedWhy ?? null,
    demand: view,
  };
  const s = pair.standby;
  if (!s) {
    const deliberate = /standby is none/.test(pair.unpairedWhy ?? '');
    return {
      ...base,
      status: deliberate ? 'ok' : 'not-ready',
      reasons: deliberate
        ? [`no standby by design (${pair.unpairedWhy}): losing the region stops it`]
        : [
            `nothing in the standby region serves it (${pair.unpairedWhy ?? 'unpaired'}): losing the region stops it, whatever the demand`,
          ],
      standby: null,
      unit: demand.unit,
      countNoun: countNounOf(p.kind),
      needed: demand.needed,
      standbyNow: 0,
      standbyInstances: 0,
      standbyAtMax: 0,
      standbyMaxInstances: 0,
      standbyHealthyTargetsPerAz: {},
      standbyRoutes: [],
      verdict: 'no-standby',
      scaleOutUnits: 0,
      scaleOutInstances: 0,
    };
  }
  const loss = nMinusOneRegion(p, s, demand);
  const assumed = view.source === 'assumed';
  const u = loss.unit;
  const noun = countNounOf(s.kind);
  const reasons: string[] = [];
  let status: RegionLossTier['status'];
  const healthy = Object.entries(loss.standbyHealthyTargetsPerAz)
    .map(([az, n]) => `${az}: ${n}`)
    .join(', ');
  switch (loss.verdict) {
    case 'ready':
      status = assumed ? 'at-risk' : 'ok';
      reasons.push(
        `${s.name} runs ${amount(loss.standbyUnits, u)} ≥ ${amount(loss.needed, u)} the forecast peak needs ${note}`,
      );
      if (assumed) reasons.push('it passes only on an assumed demand: declare or measure it');
      break;
    case 'must-scale':
      status = 'at-risk';
      reasons.push(
        `${s.name} runs ${amount(loss.standbyUnits, u)} of the ${amount(loss.needed, u)} the forecast peak needs ${note}: ` +
          `it must add ${amount(loss.scaleOutUnits, u)} (${count(loss.scaleOutInstances, noun)}) during the failover (${maxWords(s, loss.standbyMaxInstances)} allows ${amount(loss.standbyMaxUnits, u)}); ` +
          'AWS does not guarantee that capacity in a regional event',
      );
      break;
    case 'too-small':
      status = assumed ? 'at-risk' : 'not-ready';
      reasons.push(
        `${s.name} reaches at most ${amount(loss.standbyMaxUnits, u)} (${maxWords(s, loss.standbyMaxInstances)}) < ${amount(loss.needed, u)} the forecast peak needs ${note}`,
      );
      if (assumed)
        reasons.push('the demand is assumed, so this is a risk, not a verdict: declare or measure it');
      break;
    case 'empty':
      status = 'not-ready';
      reasons.push(
        loss.standbyInstances === 0
          ? `${s.name} has no ${noun === 'tasks' ? 'task running' : 'instance in service'}: it serves nothing, whatever the demand`
          : `${s.name} has no healthy target behind its listener rules: it serves nothing, whatever the demand`,
      );
      break;
  }
  if (healthy)
    reasons.push(
      noun === 'tasks'
        ? `healthy standby tasks per AZ: ${healthy}`
        : `healthy standby targets per AZ: ${healthy}`,
    );
  return {
    ...base,
    status,
    reasons,
    standby: tierRef(s),
    unit: u,
    countNoun: noun,
    needed: loss.needed,
    standbyNow: loss.standbyUnits,
    standbyInstances: loss.standbyInstances,
    standbyAtMax: loss.standbyMaxUnits,
    standbyMaxInstances: loss.standbyMaxInstances,
    standbyHealthyTargetsPerAz: loss.standbyHealthyTargetsPerAz,
    standbyRoutes: s.routes.map(describeRoute),
    verdict: loss.verdict,
    scaleOutUnits: loss.scaleOutUnits,
    scaleOutInstances: loss.scaleOutInstances,
  };
}
