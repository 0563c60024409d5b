import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { manualClock, memoryLogger, sampleRecord, tempHomes } from '../test-support/ledger-fixtures.js';
import { ledgerStoreContract, reserveInput } from '../test-support/ledger-store-contract.js';
import { openEmbeddedStore } from './open-embedded-store.js';

const homes = tempHomes();
afterAll(() => homes.removeAll());

const T0 = Date.parse('2026-11-03T10:00:00Z');

ledgerStoreContract('embedded', async (clock, logger) => openEmbeddedStore({ dir: await homes.make(), clock, logger, lockStaleMs: 2000 }));

async function open(dir?: string) {
  const home = dir ?? (await homes.make());
  const clock = manualClock(T0);
  const logger = memoryLogger();
  const store = openEmbeddedStore({ dir: home, clock, logger, lockStaleMs: 2000 });
  return { home, clock, logger, store };
}

async function logLines(home: string, period = '2026-11'): Promise<string[]> {
  return (await readFile(join(home, `ledger-${period}.jsonl`), 'utf8')).split('\n').filter(Boolean);
}

describe('openEmbeddedStore', () => {
  it('replays log lines a crashed commit wrote past the cursor, once, and skips a torn last line', async () => {
    const { home, store, logger } = await open();
    await store.reserve(reserveInput('r1', 100));
    await store.append(sampleRecord('a', 10));
    await store.close();

    // A commit that died after its append: a settle of r1 and an append, past the
    // cursor, then a line torn mid-write.
    const file = join(home, 'ledger-2026-11.jsonl');
    await appendFile(file, `${JSON.stringify(sampleRecord('r1', 70))}\n${JSON.stringify(sampleRecord('b', 5))}\n{"id":"c","ti`);

    const reopened = await open(home);
    // The first commit recovers, before its own operation runs.
    await reopened.store.append(sampleRecord('d', 1));
    const period = await reopened.store.readPeriod('2026-11');
    expect(period.providers.dashscope).toMatchObject({
      total: { spentMicroUsd: 10 + 70 + 5 + 1, requests: 4 },
      reservedMicroUsd: 0,
      openReservations: 0,
    });
    expect((await logLines(home)).map((line) => JSON.parse(line).id)).toEqual(['a', 'r1', 'b', 'd']);
    expect(reopened.logger.entries.map((e) => e.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('torn last log line'), expect.stringContaining('counted records a crashed writer had logged')]),
    );
    // Settling r1 again (the caller never saw its answer) charges nothing.
    expect(await reopened.store.settle('r1', sampleRecord('r1', 70))).toEqual({ status: 'duplicate' });
    expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
    await reopened.store.close();
  });

  it('rebuilds the sums from the logs when the document is unreadable', async () => {
    const { home, store } = await open();
    for (let i = 0; i < 5; i += 1) await store.append(sampleRecord(`r${i}`, 100));
    await store.append(sampleRecord('old', 7, { period: '2026-10', day: '2026-10-31' }));
    await store.close();
    await writeFile(join(home, 'ledger.json'), '{"rev":"x", broken');

    const reopened = await open(home);
    await reopened.store.markAlertFired({
      period: '2026-11',
      provider: 'dashscope',
      threshold: 50,
      firedAt: new Date(T0).toISOString(),
      spentMicroUsd: 500,
      limitMicroUsd: 1000,
    });
    expect((await reopened.store.readPeriod('2026-11')).providers.dashscope?.total.spentMicroUsd).toBe(500);
    expect((await reopened.store.readPeriod('2026-10')).providers.dashscope?.total.spentMicroUsd).toBe(7);
    expect(reopened.logger.entries.some((e) => e.level === 'error' && e.message.includes('moved aside'))).toBe(true);
    await reopened.store.close();
  });

  it('lists recent records newest first, reading from the end of the monthly logs', async () => {
    const { store } = await open();
    await store.append(sampleRecord('oct', 1, { period: '2026-10', day: '2026-10-30' }));
    for (let i = 0; i < 30; i += 1) await store.append(sampleRecord(`n${i}`, 1));
    expect((await store.listRecent(3)).map((r) => r.id)).toEqual(['n29', 'n28', 'n27']);
    const all = await store.listRecent(100);
    expect(all).toHaveLength(31);
    expect(all.at(-1)?.id).toBe('oct');
    expect(await store.listRecent(0)).toEqual([]);
    await store.close();
  });

  it('keeps the document bounded: old days and months are pruned, the logs keep everything', async () => {
    const home = await homes.make();
    const store = openEmbeddedStore({ dir: home, logger: memoryLogger(), retention: { days: 3, months: 2 } });
    for (const day of ['2026-09-01', '2026-10-01', '2026-11-01', '2026-11-02', '2026-11-03']) {
      await store.append(sampleRecord(day, 1, { period: day.slice(0, 7), day }));
    }
    const usage = await store.readUsage({ months: ['2026-09', '2026-10', '2026-11'], days: ['2026-10-01', '2026-11-03'] });
    expect(Object.keys(usage.months)).toEqual(['2026-10', '2026-11']);
    expect(Object.keys(usage.days)).toEqual(['2026-11-03']);
    expect(await logLines(home, '2026-09')).toHaveLength(1);
    await store.close();
  });

  it('commits concurrent operations in batches, every one exactly once', async () => {
    const { home, store } = await open();
    await Promise.all(Array.from({ length: 300 }, (_, i) => store.append(sampleRecord(`c${i}`, 3))));
    expect((await store.readPeriod('2026-11')).providers.dashscope?.total).toMatchObject({ requests: 300, spentMicroUsd: 900 });
    expect(new Set((await logLines(home)).map((line) => JSON.parse(line).id)).size).toBe(300);
    await store.close();
    await expect(store.append(sampleRecord('late', 1))).rejects.toThrow(/closed/);
  });
});
