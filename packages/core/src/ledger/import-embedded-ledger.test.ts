import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from './embedded/open-embedded-store.js';
import { redisTestStore } from './redis/test-support/redis-test-store.js';
import { manualClock, memoryLogger, sampleRecord, tempHomes } from './test-support/ledger-fixtures.js';
import { CONTRACT_T0 } from './test-support/ledger-store-contract.js';
import { hasRedisServer, startRedisServer, type RedisServer } from '../test-support/start-redis-server.js';
import { importEmbeddedLedger } from './import-embedded-ledger.js';

const enabled = hasRedisServer();
const homes = tempHomes();
let server: RedisServer | undefined;
beforeAll(async () => {
  if (enabled) server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
  await homes.removeAll();
});

describe.skipIf(!enabled)('importEmbeddedLedger', () => {
  it('copies records, sums and fired alerts into Redis, and counts nothing twice when run again', async () => {
    const dir = join(await homes.make(), 'ledger');
    const embedded = openEmbeddedStore({ dir, logger: memoryLogger(), clock: manualClock(CONTRACT_T0) });
    await embedded.append(sampleRecord('oct-1', 70, { period: '2026-10', day: '2026-10-30' }));
    for (let i = 0; i < 120; i += 1) await embedded.append(sampleRecord(`nov-${i}`, 3, { model: i % 3 === 0 ? 'qwen-max' : 'qwen-plus' }));
    const alert = { period: '2026-11', provider: 'dashscope', threshold: 50, firedAt: '2026-11-03T10:00:00.000Z', spentMicroUsd: 300, limitMicroUsd: 600 };
    await embedded.markAlertFired(alert);
    await embedded.close();

    const to = redisTestStore(server!.url, manualClock(CONTRACT_T0), memoryLogger());
    const progress: number[] = [];
    const first = await importEmbeddedLedger({ fromDir: dir, to, logger: memoryLogger(), onProgress: (p) => progress.push(p.records) });
    expect(first).toEqual({ periods: ['2026-10', '2026-11'], records: 121, added: 121, skippedLines: 0, alerts: 1 });
    expect(progress.at(-1)).toBe(121);

    const again = await importEmbeddedLedger({ fromDir: dir, to, logger: memoryLogger() });
    expect(again).toMatchObject({ records: 121, added: 0 });
    const november = await to.readPeriod('2026-11');
    expect(november.providers.dashscope?.total).toMatchObject({ requests: 120, spentMicroUsd: 360 });
    expect(november.providers.dashscope?.models['qwen-max']?.requests).toBe(40);
    expect(november.alerts).toEqual([alert]);
    expect(await to.markAlertFired({ ...alert, spentMicroUsd: 310 })).toBe(false);
    expect((await to.readUsage({ months: ['2026-10'] })).months['2026-10']?.dashscope?.total.spentMicroUsd).toBe(70);
    await to.close();
  });

  it('says so when there is no embedded ledger to import', async () => {
    const to = redisTestStore(server!.url, manualClock(CONTRACT_T0), memoryLogger());
    await expect(importEmbeddedLedger({ fromDir: join(await homes.make(), 'nope'), to })).rejects.toMatchObject({
      kind: 'bad_request',
      message: expect.stringContaining('does not exist'),
    });
    await expect(importEmbeddedLedger({ fromDir: await homes.make(), to })).rejects.toMatchObject({
      message: expect.stringContaining('no ledger-YYYY-MM.jsonl files'),
    });
    await to.close();
  });
});
