import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { manualClock, memoryLogger, sampleRecord, tempHomes } from '../test-support/ledger-fixtures.js';
import { reserveInput } from '../test-support/ledger-store-contract.js';
import { journalLine } from './journal-line.js';
import { openEmbeddedStore } from './open-embedded-store.js';

const homes = tempHomes();
afterAll(() => homes.removeAll());

const T0 = Date.parse('2026-11-03T10:00:00Z');

function open(dir: string, extra: { foldJournalsMs?: number } = {}) {
  const logger = memoryLogger();
  const store = openEmbeddedStore({ dir, clock: manualClock(T0), logger, lockStaleMs: 2000, foldJournalsMs: 60_000, ...extra });
  return { store, logger };
}

const journals = (dir: string): string[] => readdirSync(dir).filter((name) => name.startsWith('journal-'));
const logIds = (dir: string, period = '2026-11'): string[] =>
  readFileSync(join(dir, `ledger-${period}.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: string }).id);
const documentText = (dir: string): string => readFileSync(join(dir, 'ledger.json'), 'utf8');
const spent = async (store: ReturnType<typeof open>['store']) => (await store.readPeriod('2026-11')).providers.dashscope?.total;

describe('the embedded store journal (appends without the lock)', () => {
  it('writes an append to the journal only, and every query sees it at once', async () => {
    const dir = await homes.make();
    const { store } = open(dir);
    await store.append(sampleRecord('first', 10)); // the first commit is a full one: it recovers the directory
    const before = documentText(dir);
    const outcome = await store.append(sampleRecord('second', 32));
    expect(outcome.providerSpentMicroUsd).toBe(42);
    // No document write, no monthly log line: one journal line.
    expect(documentText(dir)).toBe(before);
    expect(logIds(dir)).toEqual(['first']);
    expect(journals(dir)).toHaveLength(1);
    expect(await spent(store)).toMatchObject({ spentMicroUsd: 42, requests: 2 });
    expect((await store.listRecent(10)).map((r) => r.id)).toEqual(['second', 'first']);
    expect((await store.readUsage({ months: ['2026-11'] })).months['2026-11']?.dashscope?.total.spentMicroUsd).toBe(42);
    // Another process reading the same directory sees it too, before any fold.
    const other = open(dir).store;
    expect(await spent(other)).toMatchObject({ spentMicroUsd: 42, requests: 2 });
    // A later append folds onto the same view (the document unchanged): both show.
    await store.append(sampleRecord('third', 8));
    expect(await spent(store)).toMatchObject({ spentMicroUsd: 50, requests: 3 });
    expect((await store.listRecent(2)).map((r) => r.id)).toEqual(['third', 'second']);
    await other.close();
    await store.close();
  });

  it('folds every journal in the next commit of any process, once, and close removes its own', async () => {
    const dir = await homes.make();
    const a = open(dir).store;
    const b = open(dir).store;
    await a.append(sampleRecord('a0', 1));
    await b.append(sampleRecord('b0', 1));
    for (let i = 1; i <= 5; i += 1) {
      await a.append(sampleRecord(`a${i}`, 10));
      await b.append(sampleRecord(`b${i}`, 100));
    }
    expect(journals(dir)).toHaveLength(2);
    // A reserve commits under the lock: it counts both journals before it checks the limit.
    const refused = await a.reserve(reserveInput('r', 500, { limits: { providerMicroUsd: 1000 } }));
    expect(refused).toMatchObject({ admitted: false, refusal: { spentMicroUsd: 552 } });
    expect(logIds(dir).sort()).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'b0', 'b1', 'b2', 'b3', 'b4', 'b5']);
    // Folded again by b's own commit, and by each close: still counted once.
    await b.reserve(reserveInput('r2', 1, { limits: { providerMicroUsd: 1000 } }));
    await a.close();
    await b.close();
    expect(journals(dir)).toEqual([]);
    const reopened = open(dir).store;
    expect(await spent(reopened)).toMatchObject({ spentMicroUsd: 552, requests: 12 });
    expect(logIds(dir)).toHaveLength(12);
    await reopened.close();
  });

  it('carries the draw from a budget allowance: the fold takes the cost off its hold', async () => {
    const dir = await homes.make();
    const { store } = open(dir);
    const allowance = await store.reserve(reserveInput('allowance', 400, { limits: { providerMicroUsd: 10_000 }, allowance: { minMicroUsd: 100 } }));
    expect(allowance.admitted).toBe(true);
    await store.append(sampleRecord('x', 150), 'allowance');
    // Seen at once (the journal folded into the view): spend 150, held 400 - 150.
    expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ total: { spentMicroUsd: 150 }, reservedMicroUsd: 250 });
    await store.retireAllowance('allowance', 250);
    // Folded before the retire: 400 - 150 drawn, then the 250 unused given up (without the draw, 150 would stay held).
    const doc = JSON.parse(documentText(dir)) as { reservations: Record<string, { amountMicroUsd: number }> };
    expect(doc.reservations.allowance).toMatchObject({ amountMicroUsd: 0, allowance: 'retired' });
    expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ total: { spentMicroUsd: 150 }, reservedMicroUsd: 0 });
    await store.close();
  });

  it("counts a dead writer's journal on the next open: whole lines once, a torn last line never", async () => {
    const dir = await homes.make();
    const first = open(dir).store;
    await first.append(sampleRecord('seed', 1));
    await first.close();
    // What a process killed mid-write leaves: lines past no cursor, the last one torn.
    appendFileSync(
      join(dir, 'journal-test-dead.jsonl'),
      journalLine({ record: sampleRecord('d1', 20) }) + journalLine({ record: sampleRecord('d2', 30) }) + '{"record":{"id":"d3"',
    );
    const { store, logger } = open(dir);
    await store.open();
    expect(logIds(dir)).toEqual(['seed', 'd1', 'd2']);
    expect(await spent(store)).toMatchObject({ spentMicroUsd: 51, requests: 3 });
    // A later commit does not count them again; the torn file is kept (its writer may be alive) until it is an hour old.
    await store.append(sampleRecord('later', 4));
    await store.close();
    expect(logIds(dir)).toEqual(['seed', 'd1', 'd2', 'later']);
    expect(journals(dir)).toEqual(['journal-test-dead.jsonl']);
    expect(logger.entries.filter((e) => e.level !== 'info')).toEqual([]);
  });

  it('skips a journal line that is not a valid entry, with a warning, and counts the rest', async () => {
    const dir = await homes.make();
    const seed = open(dir).store;
    await seed.append(sampleRecord('seed', 1));
    await seed.close();
    appendFileSync(
      join(dir, 'journal-test-bad.jsonl'),
      journalLine({ record: { ...sampleRecord('neg', 0), costMicroUsd: -5 } }) + journalLine({ record: sampleRecord('ok', 7) }),
    );
    const { store, logger } = open(dir);
    await store.open();
    expect(await spent(store)).toMatchObject({ spentMicroUsd: 8, requests: 2 });
    expect(logger.entries.some((e) => e.level === 'warn' && e.message.includes('journal line'))).toBe(true);
    await store.close();
  });

  it('folds on its own within foldJournalsMs, and with 0 never journals', async () => {
    const dir = await homes.make();
    const { store } = open(dir, { foldJournalsMs: 50 });
    await store.append(sampleRecord('a', 1));
    await store.append(sampleRecord('b', 2));
    expect(logIds(dir)).toEqual(['a']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(logIds(dir)).toEqual(['a', 'b']);
    await store.close();

    const plain = await homes.make();
    const direct = open(plain, { foldJournalsMs: 0 }).store;
    await direct.append(sampleRecord('a', 1));
    await direct.append(sampleRecord('b', 2));
    expect(logIds(plain)).toEqual(['a', 'b']);
    expect(journals(plain)).toEqual([]);
    await direct.close();
  });
});
