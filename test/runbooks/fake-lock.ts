/** An in-memory lock store with the same semantics as the DynamoDB and S3 stores, for engine tests. */
import type { AcquireResult, LockHolder, LockStore } from '../../src/aws/lock/types.js';

export class FakeLockStore implements LockStore {
  readonly where = 'fake lock table';
  readonly locks = new Map<string, LockHolder>();
  readonly calls: string[] = [];
  /** renew answers false (the lock was taken over) when set. */
  loseOnRenew = false;

  async acquire(key: string, holder: LockHolder, now: Date): Promise<AcquireResult> {
    this.calls.push(`acquire ${key} ${holder.runId}`);
    const cur = this.locks.get(key);
    if (cur && cur.runId !== holder.runId && Date.parse(cur.expiresAt) >= now.getTime())
      return { acquired: false, holder: cur };
    this.locks.set(key, holder);
    return { acquired: true };
  }
  async renew(key: string, runId: string, expiresAt: string): Promise<boolean> {
    this.calls.push(`renew ${key} ${runId}`);
    const cur = this.locks.get(key);
    if (this.loseOnRenew || cur?.runId !== runId) return false;
    this.locks.set(key, { ...cur, expiresAt });
    return true;
  }
  async release(key: string, runId: string): Promise<boolean> {
    this.calls.push(`release ${key} ${runId}`);
    if (this.locks.get(key)?.runId !== runId) return false;
    this.locks.delete(key);
    return true;
  }
  async heldBy(runId: string): Promise<Array<{ key: string; holder: LockHolder }>> {
    return [...this.locks].filter(([, h]) => h.runId === runId).map(([key, holder]) => ({ key, holder }));
  }
  destroy(): void {}
}

export function otherHolder(o: Partial<LockHolder> = {}): LockHolder {
  return {
    runId: '20261126T170000Z-failover-beef',
    who: 'bob@laptop-bob',
    host: 'laptop-bob',
    pid: 4242,
    command: 'switchover of shop-global to us-west-2',
    acquiredAt: new Date(Date.now() - 60_000).toISOString(),
    expiresAt: new Date(Date.now() + 240_000).toISOString(),
    ...o,
  };
}
