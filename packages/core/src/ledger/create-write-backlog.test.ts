import { describe, expect, it } from 'vitest';
import { isAegisError } from '../errors.js';
import { createLedger } from './create-ledger.js';
import { createMemoryStore } from './memory/create-memory-store.js';
import type { LedgerStore } from './store.js';
import { budget, ledgerConfig, manualClock, memoryLogger, okReport } from './test-support/ledger-fixtures.js';

const T0 = Date.parse('2026-11-10T12:00:00Z');

/** A memory store whose writes fail with EACCES while `broken` is set (reads still work, as on a read-only disk). */
function breakableStore() {
  const clock = manualClock(T0);
  const inner = createMemoryStore({ clock, logger: memoryLogger() });
  const state = { broken: false, writes: 0 };
  const fail = (): never => {
    throw Object.assign(new Error("EACCES: permission denied, open '/home/x/ledger/ledger.json'"), { code: 'EACCES' });
  };
  const guarded =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      state.writes += 1;
      if (state.broken) fail();
      return fn(...args);
    };
  const store: LedgerStore = {
    ...inner,
    reserve: guarded(inner.reserve),
    settle: guarded(inner.settle),
    release: guarded(inner.release),
    append: guarded(inner.append),
  };
  return { store, state, clock, inner };
}

describe('a ledger whose store cannot be written', () => {
  it('keeps the records, refuses budgeted work meanwhile, and lands each record once when it can write again', async () => {
    const { store, state, clock, inner } = breakableStore();
    const logger = memoryLogger();
    const ledger = createLedger({
      config: ledgerConfig('/unused', { budgets: { dashscope: budget(1_000_000) } }),
      store,
      clock,
      logger,
      allowanceWorstCases: 0,
      writeRetry: { baseDelayMs: 10, maxDelayMs: 20, closeTimeoutMs: 1_000 },
    });
    const budgeted = await ledger.reserve({ id: 'b1', provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: 100 });
    const unbudgeted = await ledger.reserve({ id: 'u1', provider: 'openai', model: 'gpt-4o-mini', worstCaseMicroUsd: 100 });

    state.broken = true;
    expect(await ledger.settle(budgeted, okReport(40))).toMatchObject({ status: 'pending', record: { id: 'b1', costMicroUsd: 40 } });
    expect(await ledger.settle(unbudgeted, okReport(7))).toMatchObject({ status: 'pending' });
    // Budgeted work is refused with the ledger's own kind and message; unbudgeted work is still admitted.
    const refused = await ledger.reserve({ id: 'b2', provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: 100 }).catch((e: unknown) => e);
    expect(isAegisError(refused) && refused.toJSON()).toMatchObject({
      kind: 'store_unavailable',
      code: 'LEDGER_UNAVAILABLE',
      fallbackable: false,
      retryable: false,
      details: { fsCode: 'EACCES', waitingRecords: 2 },
    });
    expect((refused as Error).message).toMatch(/cost ledger could not be read or written .*EACCES.*not writable/);
    await expect(ledger.reserve({ id: 'u2', provider: 'openai', model: 'gpt-4o-mini', worstCaseMicroUsd: 100 })).resolves.toMatchObject({ budgeted: false });
    // Retried meanwhile, not dropped.
    const before = state.writes;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(state.writes).toBeGreaterThan(before);

    state.broken = false;
    await expect.poll(async () => (await inner.readPeriod('2026-11')).providers.dashscope?.total.spentMicroUsd, { timeout: 2_000 }).toBe(40);
    await expect(ledger.reserve({ id: 'b3', provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: 100 })).resolves.toMatchObject({ budgeted: true });
    const period = await inner.readPeriod('2026-11');
    expect(period.providers.dashscope).toMatchObject({ total: { spentMicroUsd: 40, requests: 1 }, openReservations: 1 });
    expect(period.providers.openai?.total).toMatchObject({ spentMicroUsd: 7, requests: 1 });
    expect(logger.entries.map((e) => e.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('kept in memory and retried'), expect.stringContaining('writable again')]),
    );
    await ledger.close();
  });

  it('close keeps trying, then logs the records it could not write in full', async () => {
    const { store, state, clock } = breakableStore();
    const logger = memoryLogger();
    const ledger = createLedger({
      config: ledgerConfig('/unused'),
      store,
      clock,
      logger,
      writeRetry: { baseDelayMs: 10, maxDelayMs: 20, closeTimeoutMs: 150 },
    });
    const reservation = await ledger.reserve({ id: 'u1', provider: 'openai', model: 'gpt-4o-mini', worstCaseMicroUsd: 100 });
    state.broken = true;
    await ledger.settle(reservation, okReport(9));
    const started = Date.now();
    await ledger.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const last = logger.entries.find((e) => e.message.includes('listed here in full'));
    expect(last?.fields).toMatchObject({ records: [{ id: 'u1', costMicroUsd: 9, provider: 'openai' }] });
  });
});
