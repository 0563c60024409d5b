import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { LedgerRecord } from '../ledger-record.js';
import { manualClock, memoryLogger, sampleRecord, tempHomes } from '../test-support/ledger-fixtures.js';
import { CONTRACT_T0 } from '../test-support/ledger-store-contract.js';
import { createLocalFallback } from './create-local-fallback.js';

const homes = tempHomes();
afterAll(() => homes.removeAll());

describe('the local fallback of the Redis store', () => {
  it('retries a replay that failed while Redis still answers (no reconnection would start it)', async () => {
    const replayed: string[] = [];
    let failures = 1;
    const logger = memoryLogger();
    const fallback = createLocalFallback({
      dir: join(await homes.make(), 'fallback'),
      clock: manualClock(CONTRACT_T0),
      logger,
      canReplay: () => true,
      retryDelayMs: 20,
      replay: async (record: LedgerRecord) => {
        if (failures-- > 0) throw new Error('command timed out');
        replayed.push(record.id);
      },
    });
    await fallback.spool(sampleRecord('a', 10));
    await vi.waitFor(() => expect(replayed).toEqual(['a']), { timeout: 2000 });
    await fallback.idle();
    expect(await fallback.hasPending()).toBe(false);
    expect(logger.entries.map((entry) => entry.message)).toContain('ledger: replay of locally recorded requests stopped; it is retried in 20 ms');
    await fallback.close();
  });

  it('says whether records wait for a replay', async () => {
    let reachable = false;
    const fallback = createLocalFallback({
      dir: join(await homes.make(), 'fallback'),
      clock: manualClock(CONTRACT_T0),
      logger: memoryLogger(),
      canReplay: () => reachable,
      replay: async () => {},
    });
    expect(await fallback.hasPending()).toBe(false);
    await fallback.spool(sampleRecord('a', 10));
    expect(await fallback.hasPending()).toBe(true);
    reachable = true;
    fallback.replaySoon();
    await fallback.idle();
    expect(await fallback.hasPending()).toBe(false);
    await fallback.close();
  });
});
