import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedisServer, startRedisServer, type RedisServer } from '../../test-support/start-redis-server.js';
import { manualClock, memoryLogger, sampleRecord } from '../test-support/ledger-fixtures.js';
import { CONTRACT_T0, ledgerStoreContract, reserveInput } from '../test-support/ledger-store-contract.js';
import { redisTestStore } from './test-support/redis-test-store.js';

const enabled = hasRedisServer();
let server: RedisServer | undefined;
beforeAll(async () => {
  if (enabled) server = await startRedisServer();
});
afterAll(() => server?.stop());

describe.skipIf(!enabled)('createRedisLedgerStore against a real redis-server', () => {
  ledgerStoreContract('redis', async (clock, logger) => redisTestStore(server!.url, clock, logger));

  it('lists recent records newest first and reads day and month sums', async () => {
    const store = redisTestStore(server!.url, manualClock(CONTRACT_T0), memoryLogger());
    await store.append(sampleRecord('oct', 7, { period: '2026-10', day: '2026-10-31' }));
    for (let i = 0; i < 5; i += 1) await store.append(sampleRecord(`n${i}`, 10, { model: i % 2 === 0 ? 'qwen-plus' : 'qwen-max' }));
    expect((await store.listRecent(2)).map((r) => r.id)).toEqual(['n4', 'n3']);
    expect(await store.listRecent(0)).toEqual([]);
    const usage = await store.readUsage({ months: ['2026-10', '2026-11', '2026-12'], days: ['2026-11-03'] });
    expect(Object.keys(usage.months)).toEqual(['2026-10', '2026-11']);
    expect(usage.months['2026-11']?.dashscope?.total).toMatchObject({ requests: 5, spentMicroUsd: 50, inputTokens: 50 });
    expect(usage.months['2026-11']?.dashscope?.models['qwen-max']?.requests).toBe(2);
    expect(usage.days['2026-11-03']?.dashscope?.total.spentMicroUsd).toBe(50);
    await store.close();
  });

  it('appends each record id once: a repeated append charges nothing', async () => {
    const logger = memoryLogger();
    const store = redisTestStore(server!.url, manualClock(CONTRACT_T0), logger);
    await store.append(sampleRecord('a', 100));
    expect(await store.append(sampleRecord('a', 100))).toMatchObject({ providerSpentMicroUsd: 100 });
    expect((await store.readPeriod('2026-11')).providers.dashscope?.total).toMatchObject({ requests: 1, spentMicroUsd: 100 });
    expect(logger.entries.some((e) => e.message.includes('already in the ledger'))).toBe(true);
    // A record whose reservation is still held ends it (the replay of a settle that never reached Redis).
    await store.reserve(reserveInput('r', 500));
    await store.append(sampleRecord('r', 40));
    expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ reservedMicroUsd: 0, openReservations: 0 });
    expect(await store.settle('r', sampleRecord('r', 40))).toEqual({ status: 'duplicate' });
    await store.close();
  });
});
