/**
 * Live collection (issue 3): reads an account across regions into an Inventory. Read-only.
 * This is the entry point the audit and snapshot commands call.
 */
import type { Inventory } from '../../inventory/schema.js';
import { ResilError } from '../../util/errors.js';

export interface CollectOptions {
  /** Regions to collect; empty with allRegions=false means the profile's default region. */
  regions: string[];
  allRegions: boolean;
  profile?: string;
  endpointUrl?: string;
  roleArn?: string;
  /** In-flight request bound across all services and regions. */
  concurrency: number;
  /** SDK max attempts (retry mode adaptive). */
  maxAttempts: number;
  /** Replication-lag window, in seconds. */
  lagWindowSeconds: number;
  /** Progress sink (stderr lines or a listr2 renderer); never stdout. */
  progress?: (event: { region: string; service: string; message: string }) => void;
}

export interface CollectStats {
  apiCalls: number;
  durationMs: number;
}

export async function collectInventory(_opts: CollectOptions): Promise<{ inventory: Inventory; stats: CollectStats }> {
  throw new ResilError('Live collection is not implemented yet.', { suggestions: ['Pass --snapshot FILE.'] });
}
