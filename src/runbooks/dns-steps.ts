/**
 * The steps of a Route 53 cutover: ONE ChangeResourceRecordSets batch (re-checked for drift just
 * before it is sent), then GetChange polled until INSYNC, the old TTL waited out (unless
 * --no-wait-ttl), and the answer checked with TestDNSAnswer where available. A batch whose change id
 * was lost (a kill between the call and its journal line) is never sent again: a propagation margin
 * replaces the INSYNC wait.
 *
 * An empty batch (every record already as planned) is never sent: a verification-only step takes
 * the change step's place, with no INSYNC wait and no TTL wait. A run that finds the records as
 * planned at the change step's turn without having sent the batch skips the TTL wait too: it
 * changed no record, so no resolver holds an answer it changed.
 */
import { batchMatches, driftSincePlan } from './dns-live.js';
import {
  batchChanges,
  changeBatchParams,
  checkBatch,
  dnsBatchSummary,
  maxOldTtl,
  NO_TTL,
  norm,
  plansOf,
  recordNames,
  type DnsPlan,
  type DnsPlans,
} from './dns-plan.js';
import type { Step, StepContext, StepState, VerifyResult } from './types.js';

export interface DnsStepOptions {
  waitTtl: boolean;
  insyncTimeoutMs: number;
  /** Used in the change batch comment and step ids. */
  runId: string;
}

/** What every step of one batch shares. */
interface Batch {
  all: DnsPlan[];
  /** Names the batch in titles (every record; the largest old TTL): one-record runs read exactly as before. */
  p: DnsPlan;
  comment: string;
  o: DnsStepOptions;
}

export function dnsSteps(plans: DnsPlans, o: DnsStepOptions): Step[] {
  const all = plansOf(plans);
  if (all.length === 0) throw new Error('dnsSteps: no DNS plan');
  checkBatch(all);
  const b: Batch = {
    all,
    p: { ...all[0]!, record: recordNames(all), oldTtlSeconds: maxOldTtl(all) },
    comment: batchComment(o.runId, all),
    o,
  };
  const verify = answerStep(b);
  // Every record already as planned: an empty batch is never sent; nothing to poll, no TTL to wait out.
  if (batchChanges(all).length === 0) return [unchangedStep(b), verify];
  const change = changeStep(b);
  const insync = insyncStep(b);
  return o.waitTtl ? [change, insync, ttlStep(b), verify] : [change, insync, verify];
}

/**
 * Did this run (or an earlier attempt of it) send the batch? Its change id was journaled, or its
 * mutation was started without an answer. False when the batch was found already in place.
 */
function submitted(ctx: StepContext): boolean {
  return typeof ctx.results['dns-change']?.['changeId'] === 'string' || ctx.unrecorded.has('dns-change');
}

/**
 * The change step was passed (found done at its turn: `verifiedAt` is set only then, as it has no
 * verify) and this run sent nothing: no record was changed by it, so there is nothing to wait for.
 */
function nothingSent(ctx: StepContext): boolean {
  return ctx.verifiedAt['dns-change'] !== undefined && !submitted(ctx);
}

/**
 * The planned batch is empty (every record already points where it should): a verification-only
 * step in its place. It sends nothing, asks nothing, and stops the run (before any change) when the
 * records no longer match the plan.
 */
function unchangedStep(b: Batch): Step {
  const { all, p } = b;
  const drifted =
    'the records changed since the plan (by someone else?); resil sent nothing: review them, then start a new run';
  return {
    id: 'dns-change',
    title: `Route 53: ${p.record} already ${all.length > 1 ? 'point' : 'points'} at ${p.targetLabel ?? p.targetRegion} (empty change batch: nothing to send)`,
    mutating: false,
    canLoseData: false,
    noop: true,
    describe: () =>
      all.map((q) => ({
        service: 'route53',
        region: 'us-east-1',
        operation: 'ListResourceRecordSets',
        params: { HostedZoneId: q.zoneId, StartRecordName: q.record },
      })),
    isDone: async (ctx) => {
      const m = await batchMatches(ctx.gw, all);
      return m.done
        ? { status: 'done', observed: `${m.observed}: nothing sent; ${NO_TTL}` }
        : { status: 'todo', observed: m.observed };
    },
    verify: {
      timeoutMs: b.o.insyncTimeoutMs,
      whatToCheck: `the records of ${p.record} (\`aws route53 list-resource-record-sets --hosted-zone-id ${p.zoneId}\`).`,
      check: async (ctx) => {
        const m = await batchMatches(ctx.gw, all);
        return m.done
          ? { ok: true, observed: `${m.observed}: nothing sent; ${NO_TTL}` }
          : { ok: false, observed: m.observed, fatal: drifted };
      },
    },
  };
}

/**
 * Was the change batch sent by an earlier attempt of this run whose answer (the change id) was never
 * journaled? (A kill -9 between ChangeResourceRecordSets succeeding and its journal line.) Then the
 * records are as planned but there is no change id to poll: INSYNC cannot be confirmed.
 */
function changeIdLost(ctx: StepContext): boolean {
  return ctx.unrecorded.has('dns-change') && typeof ctx.results['dns-change']?.['changeId'] !== 'string';
}

/** Route 53 limits a change batch comment to 256 characters. */
function batchComment(runId: string, plans: DnsPlan[]): string {
  const names = recordNames(plans);
  const c = `resil run ${runId}: cutover of ${names} to ${plans[0]!.targetRegion}`;
  return c.length <= 256
    ? c
    : `resil run ${runId}: cutover of ${plans.length} records to ${plans[0]!.targetRegion}`;
}

/** Propagation allowance when INSYNC cannot be confirmed: the margin, never more than --dns-timeout. */
function marginMs(b: Batch, ctx: StepContext): number {
  return Math.min(ctx.dnsMarginMs, b.o.insyncTimeoutMs);
}

/** The one mutating call: every record of the batch in one ChangeResourceRecordSets. */
function changeStep(b: Batch): Step {
  const { all, p, comment } = b;
  return {
    id: 'dns-change',
    title: `Route 53: point ${p.record} at ${p.targetLabel ?? p.targetRegion} (one change batch)`,
    mutating: true,
    canLoseData: false,
    change: dnsBatchSummary(all).join('\n'),
    describe: () => [
      {
        service: 'route53',
        region: 'us-east-1',
        operation: 'ChangeResourceRecordSets',
        params: changeBatchParams(all, comment),
      },
    ],
    isDone: async (ctx) => {
      const m = await batchMatches(ctx.gw, all);
      if (m.done && changeIdLost(ctx)) {
        return {
          status: 'done',
          observed:
            `${p.record} already as planned: the batch sent by an earlier attempt of this run took effect ` +
            '(its answer was lost); not sent again',
        };
      }
      return { status: m.done ? 'done' : 'todo', observed: m.observed };
    },
    execute: async (ctx) => {
      // UPSERT overwrites whatever is there: re-read just before sending (the prompt may have waited
      // minutes), and never send over a change this plan did not see.
      // Every record of the batch is re-read: a change to any of them stops the whole batch.
      const drifted: string[] = [];
      for (const q of all) {
        const drift = await driftSincePlan(ctx.gw, q);
        if (drift.length) drifted.push(`${q.record} ${q.type}: ${drift.join('; ')}`);
      }
      if (drifted.length) {
        const one = `${all[0]!.record} ${all[0]!.type}`;
        const what =
          all.length === 1
            ? `the records of ${one} changed since the plan (by someone else?): ` +
              drifted[0]!.slice(`${one}: `.length)
            : `records of the batch changed since the plan (by someone else?): ${drifted.join(' | ')}`;
        throw new Error(
          `${what}. The change batch was NOT sent${all.length > 1 ? ' (none of its records was changed)' : ''}: ` +
            'resil does not overwrite a change it did not plan. Review the records, then start a new run.',
        );
      }
      const res = await ctx.gw.changeRecordSets(p.zoneId, batchChanges(all), comment);
      return {
        changeId: res.change.id,
        status: res.change.status,
        submittedAt: ctx.now(),
        ...(res.requestId ? { requestId: res.requestId } : {}),
      };
    },
  };
}

/** GetChange polled until INSYNC (or, change id lost, the propagation margin waited instead). */
function insyncStep(b: Batch): Step {
  const { all, p, o } = b;
  return {
    id: 'dns-insync',
    title: 'Route 53: wait until the change is INSYNC',
    mutating: false,
    canLoseData: false,
    describe: () => [
      {
        service: 'route53',
        region: 'us-east-1',
        operation: 'GetChange',
        params: { Id: '<ChangeInfo.Id from dns-change>' },
      },
    ],
    isDone: async (ctx): Promise<StepState> => {
      const id = ctx.results['dns-change']?.['changeId'];
      if (typeof id !== 'string') {
        const m = await batchMatches(ctx.gw, all);
        if (m.done && changeIdLost(ctx)) {
          const margin = Math.round(marginMs(b, ctx) / 1000);
          const ttl = o.waitTtl
            ? `, then the old TTL (${p.oldTtlSeconds} s)`
            : ' (--no-wait-ttl: not the old TTL)';
          return {
            status: 'todo',
            observed: 'change id lost: INSYNC cannot be confirmed',
            warning:
              `The Route 53 change batch was sent by an earlier attempt of this run, which stopped before journaling its change id. ` +
              `The records are as planned, so the batch is NOT sent again. ` +
              `With no change id, INSYNC cannot be confirmed: resil waits ${margin} s ` +
              `for propagation instead (bounded by --dns-timeout)${ttl}, ` +
              'then verifies the answer (TestDNSAnswer where available).',
          };
        }
        return m.done
          ? {
              status: 'done',
              observed: nothingSent(ctx)
                ? 'records already as planned: this run sent no change to poll'
                : 'records as planned; no change id recorded to poll',
            }
          : { status: 'todo', observed: 'change not made yet' };
      }
      const c = await ctx.gw.getChange(id);
      return { status: c.status === 'INSYNC' ? 'done' : 'in-progress', observed: `change ${id} ${c.status}` };
    },
    verify: {
      timeoutMs: o.insyncTimeoutMs,
      whatToCheck:
        'the change in the Route 53 console or `aws route53 get-change --id <id>`; Route 53 usually reaches INSYNC within 60–120 s.',
      check: async (ctx) => {
        const id = ctx.results['dns-change']?.['changeId'];
        if (typeof id !== 'string' && changeIdLost(ctx)) {
          // No id to poll: wait the propagation margin from the first check (from now: the batch may have been sent just before the kill).
          const prev = ctx.results['dns-insync'] ?? {};
          const from = typeof prev['marginFrom'] === 'number' ? prev['marginFrom'] : ctx.now();
          const left = marginMs(b, ctx) - (ctx.now() - from);
          ctx.results['dns-insync'] = {
            changeIdLost: true,
            marginFrom: from,
            ...(left <= 0 ? { propagatedAt: ctx.now() } : {}),
          };
          return left <= 0
            ? {
                ok: true,
                observed: `change id lost: INSYNC not confirmed; waited ${Math.round(marginMs(b, ctx) / 1000)} s for propagation instead`,
              }
            : {
                ok: false,
                observed: `change id lost: INSYNC cannot be confirmed; ${Math.ceil(left / 1000)} s of propagation margin left`,
              };
        }
        if (typeof id !== 'string') return { ok: true, observed: 'no change id to poll' };
        const c = await ctx.gw.getChange(id);
        return { ok: c.status === 'INSYNC', observed: `change ${id} ${c.status}` };
      },
    },
  };
}

/**
 * Waits out the (largest) old TTL: resolvers may keep the old answer that long after the change is
 * live, so it counts from INSYNC (or, change id lost, from the end of the propagation margin), never
 * from the submission. The remaining time is known: one sleep, not polling.
 */
function ttlStep(b: Batch): Step {
  const { all, p } = b;
  const ttlMs = p.oldTtlSeconds * 1000;
  const since = (ctx: StepContext) => {
    const t =
      ctx.verifiedAt['dns-insync'] ??
      ctx.results['dns-insync']?.['propagatedAt'] ??
      ctx.results['dns-ttl']?.['from'];
    return typeof t === 'number' ? t : undefined;
  };
  return {
    id: 'dns-ttl',
    title: `Wait out the ${all.length > 1 ? 'largest ' : ''}old TTL (${p.oldTtlSeconds} s)`,
    mutating: false,
    canLoseData: false,
    describe: () => [],
    isDone: async (ctx) => {
      // The records were found as planned and this run sent nothing: no resolver holds an answer it changed.
      if (nothingSent(ctx)) return { status: 'done', observed: NO_TTL };
      const t = since(ctx);
      if (t === undefined) return { status: 'todo', observed: 'change not live (INSYNC) yet' };
      const left = ttlMs - (ctx.now() - t);
      return left <= 0
        ? { status: 'done', observed: 'old TTL elapsed' }
        : { status: 'todo', observed: `${Math.ceil(left / 1000)} s of TTL left` };
    },
    verify: {
      timeoutMs: ttlMs + 60_000,
      whatToCheck: 'nothing: this only waits for resolvers to drop the old answer.',
      check: async (ctx) => {
        let t = since(ctx);
        if (t === undefined) {
          // When INSYNC was seen is unknown (an earlier attempt was killed before journaling it): a full TTL from now.
          t = ctx.now();
          ctx.results['dns-ttl'] = { from: t };
        }
        const left = ttlMs - (ctx.now() - t);
        return {
          ok: left <= 0,
          observed: left <= 0 ? 'old TTL elapsed' : `${Math.ceil(left / 1000)} s of old TTL left`,
          ...(left > 0 ? { retryAfterMs: left } : {}),
        };
      },
    },
  };
}

/** What a resolver should get: the PRIMARY (failover), the heaviest record (weighted), or the one record. */
function expectedOf(q: DnsPlan) {
  return q.kind === 'failover'
    ? q.desired.find((r) => r.failover === 'PRIMARY')!
    : [...q.desired].sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0))[0]!;
}

/** One record's answer, from TestDNSAnswer (where the endpoint has it). */
async function checkAnswer(b: Batch, ctx: StepContext, q: DnsPlan): Promise<VerifyResult> {
  const a = await ctx.gw.testDnsAnswer(q.zoneId, q.record, q.type);
  if (!a) {
    const ttl = b.o.waitTtl ? ' and the old TTL' : '';
    return {
      ok: true,
      observed: changeIdLost(ctx)
        ? `TestDNSAnswer not available on this endpoint: relied on the propagation margin${ttl} ` +
          '(INSYNC not confirmed: change id lost)'
        : !submitted(ctx)
          ? 'TestDNSAnswer not available on this endpoint: relied on the records, already as planned'
          : `TestDNSAnswer not available on this endpoint: relied on INSYNC${b.o.waitTtl ? ' and the TTL' : ''}`,
    };
  }
  if (a.responseCode !== 'NOERROR') return { ok: false, observed: `TestDNSAnswer ${a.responseCode}` };
  const expected = expectedOf(q);
  if (expected.aliasTarget || expected.values.length === 0)
    return { ok: true, observed: `TestDNSAnswer NOERROR (${a.answers.join(', ') || 'alias'})` };
  const want = expected.values.map(norm).sort().join(',');
  const got = a.answers.map(norm).sort().join(',');
  return {
    ok: want === got,
    observed: `TestDNSAnswer ${got || '(empty)'}${want === got ? '' : ` (want ${want})`}`,
  };
}

/** Every record of the batch answers with the target. */
function answerStep(b: Batch): Step {
  const { all, p, o } = b;
  const commands = all.map(
    (q) =>
      `\`aws route53 test-dns-answer --hosted-zone-id ${q.zoneId} --record-name ${q.record} --record-type ${q.type}\``,
  );
  return {
    id: 'dns-verify',
    title: `Verify Route 53 answers ${p.record} with the ${p.targetLabel ?? p.targetRegion} target`,
    mutating: false,
    canLoseData: false,
    describe: () =>
      all.map((q) => ({
        service: 'route53',
        region: 'us-east-1',
        operation: 'TestDNSAnswer',
        params: { HostedZoneId: q.zoneId, RecordName: q.record, RecordType: q.type },
      })),
    isDone: async () => ({ status: 'todo', observed: 'not verified yet' }),
    verify: {
      timeoutMs: o.insyncTimeoutMs,
      whatToCheck: `${commands.join(', ')} and the target's health check.`,
      check: async (ctx) => {
        if (all.length === 1) return checkAnswer(b, ctx, all[0]!);
        // Each record answered on its own; the step holds when every one does.
        const rs: VerifyResult[] = [];
        for (const q of all) rs.push(await checkAnswer(b, ctx, q));
        return {
          ok: rs.every((r) => r.ok),
          observed: all.map((q, i) => `${q.record}: ${rs[i]!.observed}`).join('; '),
        };
      },
    },
  };
}
