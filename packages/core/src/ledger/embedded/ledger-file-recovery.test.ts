/**
 * Ledger files edited or damaged from outside (issue 15, item 8): a truncated
 * log, lines that fail validation, a duplicated line, wrong-typed sums in
 * ledger.json. Each must recover to sums that equal the valid log lines,
 * each record counted once.
 */
import { appendFile, readFile, readdir, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { manualClock, memoryLogger, sampleRecord, tempHomes } from '../test-support/ledger-fixtures.js';
import { reserveInput } from '../test-support/ledger-store-contract.js';
import { openEmbeddedStore } from './open-embedded-store.js';

const homes = tempHomes();
afterAll(() => homes.removeAll());

const T0 = Date.parse('2026-11-03T10:00:00Z');
const LOG = 'ledger-2026-11.jsonl';

async function open(dir?: string) {
  const home = dir ?? (await homes.make());
  const logger = memoryLogger();
  const store = openEmbeddedStore({ dir: home, clock: manualClock(T0), logger, lockStaleMs: 2000 });
  return { home, logger, store };
}

async function spent(store: ReturnType<typeof openEmbeddedStore>) {
  const total = (await store.readPeriod('2026-11')).providers.dashscope?.total;
  return { spentMicroUsd: total?.spentMicroUsd, requests: total?.requests };
}

const line = (id: string, cost: number): string => `${JSON.stringify(sampleRecord(id, cost))}\n`;

describe('ledger files damaged from outside', () => {
  it('a log truncated mid-line: the next record starts on a line of its own and stays readable', async () => {
    const { home, store } = await open();
    await store.append(sampleRecord('a', 10));
    await store.append(sampleRecord('b', 20));
    await store.close();
    const file = join(home, LOG);
    // Cut in the middle of b's line.
    await truncate(file, (await stat(file)).size - 15);

    const reopened = await open(home);
    await reopened.store.append(sampleRecord('c', 5));
    const text = await readFile(file, 'utf8');
    const lines = text.split('\n').filter(Boolean);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ id: 'c', costMicroUsd: 5 });
    expect(text.endsWith('\n')).toBe(true);
    // Sums of what was counted are kept (a and b) plus c.
    expect(await spent(reopened.store)).toEqual({ spentMicroUsd: 35, requests: 3 });
    expect(reopened.logger.entries.map((e) => e.message)).toContainEqual(expect.stringContaining('shorter than what was counted'));
    expect((await reopened.store.listRecent(10)).map((r) => r.id)).toEqual(['c', 'a']);
    await reopened.store.close();

    // A later process replays nothing twice and still reads c.
    const third = await open(home);
    await third.store.append(sampleRecord('d', 1));
    expect(await spent(third.store)).toEqual({ spentMicroUsd: 36, requests: 4 });
    await third.store.close();
  });

  it('lines that fail validation are quarantined, not counted; a duplicated line counts once', async () => {
    const { home, store } = await open();
    await store.append(sampleRecord('a', 10));
    await store.close();
    const file = join(home, LOG);
    const negative = JSON.stringify({ ...sampleRecord('neg', 0), costMicroUsd: -500 });
    const wrongType = JSON.stringify({ ...sampleRecord('str', 0), inputTokens: '12' });
    // Appended from outside, past the cursor: a negative cost, a wrong type,
    // a copy of a counted line, a new record twice.
    await appendFile(file, `${negative}\n${wrongType}\n${line('a', 10)}${line('b', 7)}${line('b', 7)}`);

    const reopened = await open(home);
    await reopened.store.open();
    expect(await spent(reopened.store)).toEqual({ spentMicroUsd: 17, requests: 2 });
    const quarantine = await readFile(`${file}.quarantine`, 'utf8');
    expect(quarantine).toBe(`${negative}\n${wrongType}\n`);
    const messages = reopened.logger.entries.map((e) => `${e.message} ${JSON.stringify(e.fields)}`);
    expect(messages).toContainEqual(expect.stringMatching(/not a valid record.*costMicroUsd/));
    expect(messages).toContainEqual(expect.stringMatching(/not a valid record.*inputTokens/));
    expect(messages.filter((m) => m.includes('already counted'))).toHaveLength(2);
    await reopened.store.close();

    // Nothing is counted again by a later process.
    const third = await open(home);
    await third.store.open();
    expect(await spent(third.store)).toEqual({ spentMicroUsd: 17, requests: 2 });
    await third.store.close();
  });

  it('wrong-typed sums in ledger.json: detected and rebuilt from the valid log lines, reservations kept', async () => {
    const { home, store } = await open();
    await store.append(sampleRecord('a', 10));
    await store.append(sampleRecord('b', 25));
    await store.reserve(reserveInput('held', 100));
    await store.close();
    const docPath = join(home, 'ledger.json');
    const doc = JSON.parse(await readFile(docPath, 'utf8'));
    // A hand edit: a sum as a string, another as a fraction.
    const month = doc.months['2026-11'].dashscope;
    const model = Object.keys(month)[0]!;
    month[model][1] = 'lots';
    const day = doc.days['2026-11-03'].dashscope;
    day[model][0] = 1.5;
    await writeFile(docPath, JSON.stringify(doc));

    const reopened = await open(home);
    // A read alone repairs it (no $NaN shown), before any request.
    expect(await spent(reopened.store)).toEqual({ spentMicroUsd: 35, requests: 2 });
    const usage = await reopened.store.readUsage({ days: ['2026-11-03'] });
    expect(usage.days['2026-11-03']?.dashscope?.total).toMatchObject({ spentMicroUsd: 35, requests: 2 });
    expect((await reopened.store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ reservedMicroUsd: 100, openReservations: 1 });
    // Budgeted requests are admitted again against the rebuilt sums.
    const admitted = await reopened.store.reserve({ ...reserveInput('next', 50), limits: { providerMicroUsd: 200 } });
    expect(admitted.admitted).toBe(true);
    expect(reopened.logger.entries.map((e) => e.message)).toContainEqual(expect.stringContaining('not valid amounts'));
    expect((await readdir(home)).some((name) => name.startsWith('ledger.json.unreadable-'))).toBe(true);
    await reopened.store.close();
  });

  it('a retried append whose first try reached the log before its commit failed counts once', async () => {
    const { home, store } = await open();
    await store.append(sampleRecord('a', 10));
    await store.close();
    // What a commit that failed after its append (before its document write) leaves.
    await appendFile(join(home, LOG), line('retried', 40));

    const reopened = await open(home);
    // The writer's retry of the same record, in a later commit.
    await reopened.store.append(sampleRecord('other', 1));
    await reopened.store.append(sampleRecord('retried', 40));
    expect(await spent(reopened.store)).toEqual({ spentMicroUsd: 51, requests: 3 });
    const ids = (await readFile(join(home, LOG), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l).id);
    expect(ids).toEqual(['a', 'retried', 'other']);
    await reopened.store.close();
  });
});
