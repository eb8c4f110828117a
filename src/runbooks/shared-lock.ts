/**
 * The shared run lock (opt-in `runbooks.lock` in .resil.yml): one run per global cluster or record
 * across machines, as Terraform locks its state. The per-machine lock (journal.ts) cannot see the
 * second on-call engineer's laptop; this one lives in a DynamoDB table or an S3 prefix both reach.
 *
 * The engine takes it just before the first mutation (a dry run never does), the session releases it
 * at the end, and while the run works a heartbeat renews its lease (a third of the lease apart). A run
 * that crashed stops renewing: once its lease expires, another run may take the lock over. A lock
 * that is lost anyway (this process was suspended past its lease and someone took over) stops the run
 * at the next safe point.
 */
import { hostname, userInfo } from 'node:os';
import type { LockHolder, LockStore } from '../aws/lock/types.js';
import { formatDuration } from './poll.js';

export type { LockHolder, LockStore } from '../aws/lock/types.js';

export interface SharedLockConfig {
  store: LockStore;
  leaseMs: number;
}

/** What the engine needs: take the lock (or learn who holds it). */
export interface RunLock {
  readonly where: string;
  readonly key: string;
  readonly leaseMs: number;
  acquire(): Promise<{ acquired: true } | { acquired: false; holder: LockHolder }>;
}

function operator(): string {
  try {
    return process.env['RESIL_OPERATOR'] || userInfo().username;
  } catch {
    return process.env['USER'] ?? 'unknown';
  }
}

/** "run R by alice@laptop-7 (pid 4242): failover of shop-global to us-west-2, since T; lease until T2" */
export function holderText(h: LockHolder, now = Date.now()): string {
  const left = Date.parse(h.expiresAt) - now;
  const lease =
    left > 0
      ? `its lease runs until ${h.expiresAt} (${formatDuration(left)} left, renewed while it works)`
      : `its lease expired at ${h.expiresAt}`;
  return `run ${h.runId} by ${h.who} (pid ${h.pid}): ${h.command}, since ${h.acquiredAt}; ${lease}`;
}

export class SharedLock implements RunLock {
  readonly where: string;
  private timer: NodeJS.Timeout | undefined;
  private holder: LockHolder | undefined;
  /** Set when the lock was lost: why. */
  lost: string | undefined;

  constructor(
    private readonly cfg: SharedLockConfig,
    readonly key: string,
    private readonly runId: string,
    private readonly command: string,
    private readonly onLost: (why: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.where = cfg.store.where;
  }

  get leaseMs(): number {
    return this.cfg.leaseMs;
  }

  private expiresAt(): string {
    return new Date(this.now() + this.cfg.leaseMs).toISOString();
  }

  async acquire(): Promise<{ acquired: true } | { acquired: false; holder: LockHolder }> {
    const host = hostname();
    const holder: LockHolder = {
      runId: this.runId,
      who: `${operator()}@${host}`,
      host,
      pid: process.pid,
      command: this.command,
      acquiredAt: new Date(this.now()).toISOString(),
      expiresAt: this.expiresAt(),
    };
    const r = await this.cfg.store.acquire(this.key, holder, new Date(this.now()));
    if (!r.acquired) return r;
    this.holder = holder;
    this.startHeartbeat();
    return r;
  }

  private startHeartbeat(): void {
    let lastRenewed = this.now();
    this.timer = setInterval(
      () => {
        void (async () => {
          try {
            const ok = await this.cfg.store.renew(this.key, this.runId, this.expiresAt());
            if (ok) {
              lastRenewed = this.now();
              return;
            }
            this.fail(
              `the shared lock on ${this.key} (${this.where}) is no longer held by this run: another run took it over`,
            );
          } catch (err) {
            // A blip: keep trying until the lease is really gone.
            if (this.now() - lastRenewed > this.cfg.leaseMs)
              this.fail(
                `the shared lock's lease on ${this.key} could not be renewed for ${formatDuration(this.cfg.leaseMs)} (${(err as Error).message}): another run may take it over`,
              );
          }
        })();
      },
      Math.max(1_000, Math.floor(this.cfg.leaseMs / 3)),
    );
    this.timer.unref();
  }

  private fail(why: string): void {
    if (this.lost) return;
    this.lost = why;
    this.stopHeartbeat();
    this.onLost(why);
  }

  private stopHeartbeat(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Releases the lock if this run took it. Returns why it could not, if it could not. */
  async release(): Promise<string | undefined> {
    this.stopHeartbeat();
    if (!this.holder || this.lost) return undefined;
    this.holder = undefined;
    try {
      await this.cfg.store.release(this.key, this.runId);
      return undefined;
    } catch (err) {
      return `${(err as Error).message}; its lease expires on its own within ${formatDuration(this.cfg.leaseMs)}`;
    }
  }

  get taken(): boolean {
    return this.holder !== undefined;
  }
}
