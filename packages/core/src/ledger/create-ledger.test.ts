import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAegisError, type AegisError } from '../errors.js';
import { createLedger } from './create-ledger.js';
import type { TagBudget } from '../config/types.js';
import type { LedgerConfig } from './ledger.js';
import { createMemoryStore } from './memory/create-memory-store.js';
import type { BudgetBookStore } from './shared-budgets/budget-book.js';
import { openEmbeddedBudgetBook } from './shared-budgets/embedded-budget-book.js';
import { budget, ledgerConfig, manualClock, memoryLogger, okReport, tempHomes } from './test-support/ledger-fixtures.js';

const homes = tempHomes();
afterAll(() => homes.removeAll());

const T0 = Date.parse('2026-11-10T12:00:00Z');

async function refusal(promise: Promise<unknown>): Promise<AegisError> {
  try {
    await promise;
  } catch (error) {
    if (isAegisError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('createLedger', () => {
  it('200 concurrent requests against a budget that fits 50 at worst case: never above the limit, each charged once', async () => {
    const home = await homes.make();
    const worstCase = 20_000;
    const limit = 50 * worstCase;
    const logger = memoryLogger();
    const clock = manualClock(T0);
    const ledger = createLedger({ config: ledgerConfig(home, { budgets: { dashscope: budget(limit) } }), logger, clock });
    const charged = new Map<string, number>();
    let refused = 0;

    await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const id = `req-${i}`;
        let reservation;
        try {
          reservation = await ledger.reserve({ id, provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: worstCase });
        } catch (error) {
          expect(isAegisError(error) && error.kind).toBe('budget_exceeded');
          refused += 1;
          return;
        }
        // The real cost is at most the worst case; some settle twice (a retried call).
        const cost = worstCase - (i % 7) * 1000;
        await new Promise((resolve) => setTimeout(resolve, i % 5));
        expect((await ledger.settle(reservation, okReport(cost))).status).toBe('charged');
        if (i % 10 === 0) expect((await ledger.settle(reservation, okReport(cost))).status).toBe('duplicate');
        charged.set(id, cost);
      }),
    );

    const status = await ledger.budgetStatus({ provider: 'dashscope' });
    const spent = [...charged.values()].reduce((a, b) => a + b, 0);
    const provider = status.providers[0]!;
    expect(provider.spent.microUsd).toBe(spent);
    expect(provider.spent.microUsd).toBeLessThanOrEqual(limit);
    expect(provider.reserved.microUsd).toBe(0);
    expect(provider.requests).toBe(charged.size);
    expect(charged.size + refused).toBe(200);
    // Reservations are released as requests settle below their worst case, so more than 50 get in.
    expect(charged.size).toBeGreaterThanOrEqual(50);
    const lines = (await readFile(join(home, 'ledger', 'ledger-2026-11.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { id: string; costMicroUsd: number });
    expect(lines.length).toBe(charged.size);
    expect(Object.fromEntries(lines.map((l) => [l.id, l.costMicroUsd]))).toEqual(Object.fromEntries(charged));
    expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
    await ledger.close();
  });

  it('refuses with budget_exceeded naming provider, spent, reserved, limit and reset date', async () => {
    const clock = manualClock(T0);
    const config = ledgerConfig('/unused', {
      timeZone: 'Europe/Berlin',
      budgets: { dashscope: budget(10_000_000), openai: budget(1_000_000, { onLimit: 'fallback' }) },
    });
    const ledger = createLedger({ config, store: createMemoryStore({ clock, logger: memoryLogger() }), clock, logger: memoryLogger() });
    await ledger.record({ id: 'x', provider: 'dashscope', model: 'qwen-plus', ...okReport(9_500_000) });
    await ledger.reserve({ id: 'a', provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: 300_000 });
    const error = await refusal(ledger.reserve({ id: 'b', provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: 250_000 }));
    expect(error.kind).toBe('budget_exceeded');
    expect(error.fallbackable).toBe(false);
    expect(error.provider).toBe('dashscope');
    expect(error.message).toContain('spent $9.50 + reserved $0.30');
    expect(error.message).toContain('worst case $0.25 would pass the limit of $10.00');
    expect(error.message).toContain('resets on 2026-12-01 (Europe/Berlin)');
    expect(error.details).toMatchObject({
      spentMicroUsd: 9_500_000,
      reservedMicroUsd: 300_000,
      limitMicroUsd: 10_000_000,
      requestMicroUsd: 250_000,
      resetAt: '2026-11-30T23:00:00.000Z',
      onLimit: 'block',
    });

    const fallback = await refusal(ledger.reserve({ id: 'c', provider: 'openai', model: 'gpt-4o', worstCaseMicroUsd: 2_000_000 }));
    expect(fallback.fallbackable).toBe(true);
    expect(fallback.message).toContain('goes on to its next fallback target; with none left, it fails here');
    await ledger.close();
  });

  it('records providers without a budget, unpriced models as unknown, and failed requests with their partial usage', async () => {
    const clock = manualClock(T0);
    const ledger = createLedger({
      config: ledgerConfig('/unused', { budgets: { dashscope: budget(1_000_000) } }),
      store: createMemoryStore({ clock, logger: memoryLogger() }),
      clock,
      logger: memoryLogger(),
    });
    const free = await ledger.reserve({ id: 'o1', provider: 'ollama', model: 'qwen2.5:0.5b', worstCaseMicroUsd: 0 });
    expect(free.budgeted).toBe(false);
    await ledger.settle(free, okReport(0));

    const unpriced = await ledger.reserve({ id: 'u1', provider: 'dashscope', model: 'new-model', worstCaseMicroUsd: undefined });
    const settled = await ledger.settle(unpriced, okReport(undefined));
    expect(settled.record).toMatchObject({ unpriced: true });
    expect(settled.record?.costMicroUsd).toBeUndefined();

    const failing = await ledger.reserve({ id: 'f1', provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: 5000 });
    const released = await ledger.release(
      failing,
      okReport(1200, { outcome: 'timeout', usage: { inputTokens: 100, outputTokens: 20, cachedInputTokens: 0, reasoningTokens: 0, estimated: true } }),
    );
    expect(released.record).toMatchObject({ outcome: 'timeout', costMicroUsd: 1200, estimated: true });
    const abandoned = await ledger.reserve({ id: 'f2', provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: 5000 });
    expect(await ledger.release(abandoned)).toEqual({ status: 'charged' });

    const status = await ledger.budgetStatus();
    const byName = Object.fromEntries(status.providers.map((p) => [p.provider, p]));
    expect(byName.ollama).toMatchObject({ budgeted: false, requests: 1, spent: { microUsd: 0 } });
    expect(byName.dashscope).toMatchObject({
      requests: 2,
      unpricedRequests: 1,
      estimatedRequests: 1,
      errorRequests: 1,
      spent: { microUsd: 1200, usd: '$0.0012' },
      reserved: { microUsd: 0 },
    });
    expect((await ledger.listRecent(10)).map((r) => r.id)).toEqual(['f1', 'u1', 'o1']);
    await ledger.close();
  });

  it('rolls over at the month start in the configured time zone, lazily', async () => {
    // Asia/Shanghai is UTC+8: December starts at 2026-11-30T16:00Z.
    const clock = manualClock(Date.parse('2026-11-30T15:59:30Z'));
    const config = ledgerConfig('/unused', { timeZone: 'Asia/Shanghai', budgets: { dashscope: budget(100_000) } });
    const ledger = createLedger({ config, store: createMemoryStore({ clock, logger: memoryLogger() }), clock, logger: memoryLogger() });
    const late = await ledger.reserve({ id: 'nov', provider: 'dashscope', model: 'm', worstCaseMicroUsd: 90_000 });
    await refusal(ledger.reserve({ id: 'nov2', provider: 'dashscope', model: 'm', worstCaseMicroUsd: 20_000 }));

    clock.set(Date.parse('2026-11-30T16:00:00Z'));
    // A new month: the budget is whole again, while November's reservation still counts in November.
    const dec = await ledger.reserve({ id: 'dec', provider: 'dashscope', model: 'm', worstCaseMicroUsd: 90_000 });
    expect(dec.period).toBe('2026-12');
    expect(dec.day).toBe('2026-12-01');
    await ledger.settle(late, okReport(80_000));
    await ledger.settle(dec, okReport(10_000));

    const status = await ledger.budgetStatus({ provider: 'dashscope' });
    expect(status).toMatchObject({
      period: '2026-12',
      periodStart: '2026-11-30T16:00:00.000Z',
      resetAt: '2026-12-31T16:00:00.000Z',
      resetDate: '2027-01-01',
      timeZone: 'Asia/Shanghai',
    });
    expect(status.providers[0]).toMatchObject({ spent: { microUsd: 10_000 }, remaining: { microUsd: 90_000 }, percent: 10 });
    const usage = await ledger.usage({ months: 2 });
    expect(usage.months['2026-11']?.dashscope?.total.spentMicroUsd).toBe(80_000);
    expect(usage.days['2026-12-01']?.dashscope?.total.spentMicroUsd).toBe(10_000);
    await ledger.close();
  });

  it('fires each alert threshold once per period, logs it and posts it', async () => {
    const clock = manualClock(T0);
    const posts: Array<Record<string, unknown>> = [];
    const logger = memoryLogger();
    const config: LedgerConfig = ledgerConfig('/unused', {
      budgets: { dashscope: budget(1_000_000) },
      alerts: { webhookUrl: 'http://127.0.0.1/hook' },
    });
    const store = createMemoryStore({ clock, logger: memoryLogger() });
    const ledger = createLedger({
      config,
      store,
      clock,
      logger,
      fetch: async (_url, init) => {
        posts.push(JSON.parse(String(init?.body)) as Record<string, unknown>);
        return new Response('ok');
      },
    });
    const charge = async (id: string, cost: number) => {
      const r = await ledger.reserve({ id, provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: cost });
      await ledger.settle(r, okReport(cost));
    };
    await charge('a', 400_000);
    await charge('b', 150_000); // 55 %: 50 fires
    await charge('c', 10_000); // 56 %: nothing new
    await charge('d', 300_000); // 86 %: 80 fires
    await charge('e', 140_000); // 100 %: 100 fires
    await ledger.flush();
    expect(posts.map((p) => p.threshold)).toEqual([50, 80, 100]);
    expect(posts[1]).toMatchObject({ provider: 'dashscope', percent: 86, spentMicroUsd: 860_000, limitMicroUsd: 1_000_000, period: '2026-11' });
    expect(logger.entries.filter((e) => e.message.startsWith('Aegis LLM budget alert'))).toHaveLength(3);
    const status = await ledger.budgetStatus();
    expect(status.providers[0]?.alerts.map((a) => a.threshold)).toEqual([50, 80, 100]);

    // Another ledger on the same store (as another process would be) does not fire them again.
    let otherPosts = 0;
    const other = createLedger({
      config,
      store,
      clock,
      logger: memoryLogger(),
      fetch: async () => {
        otherPosts += 1;
        return new Response('');
      },
    });
    await other.record({ id: 'f', provider: 'dashscope', model: 'qwen-plus', ...okReport(1) });
    await other.flush();
    expect(otherPosts).toBe(0);
    await ledger.close();
    await other.close();
  });

  it('answers whether a job fits, with the projection at the current rate', async () => {
    const clock = manualClock(Date.parse('2026-11-16T00:00:00Z')); // half of November gone
    const ledger = createLedger({
      config: ledgerConfig('/unused', { budgets: { dashscope: budget(10_000_000, { models: { 'qwen-max': 1_000_000 } }) } }),
      store: createMemoryStore({ clock, logger: memoryLogger() }),
      clock,
      logger: memoryLogger(),
    });
    await ledger.record({ id: 'x', provider: 'dashscope', model: 'qwen-max', ...okReport(900_000) });
    await ledger.record({ id: 'y', provider: 'dashscope', model: 'qwen-plus', ...okReport(3_100_000) });

    const fits = await ledger.budgetStatus({
      estimate: { provider: 'dashscope', model: 'qwen-plus', calls: 1000, costPerCallMicroUsd: 5000, inputTokens: 2000, outputTokens: 500 },
    });
    expect(fits.providers[0]).toMatchObject({
      spent: { microUsd: 4_000_000 },
      remaining: { microUsd: 6_000_000 },
      percent: 40,
      projectedMonthEnd: { microUsd: 8_000_000, usd: '$8.00' },
    });
    expect(fits.providers[0]?.models.map((m) => [m.model, m.limit?.microUsd, m.percent])).toEqual([
      ['qwen-plus', undefined, undefined],
      ['qwen-max', 1_000_000, 90],
    ]);
    expect(fits.estimate).toMatchObject({ fits: true, total: { usd: '$5.00' }, remainingAfter: { microUsd: 1_000_000 }, limitedBy: 'provider' });

    const tooBig = await ledger.budgetStatus({
      estimate: { provider: 'dashscope', model: 'qwen-max', calls: 30, costPerCallMicroUsd: 5000 },
    });
    expect(tooBig.estimate).toMatchObject({ fits: false, limitedBy: 'model', total: { microUsd: 150_000 } });
    expect(tooBig.estimate?.summary).toContain('does not fit: only $0.10 left');

    const unknown = await ledger.budgetStatus({
      estimate: { provider: 'dashscope', model: 'mystery', calls: 3, costPerCallMicroUsd: undefined },
    });
    expect(unknown.estimate).toMatchObject({ fits: undefined, budgeted: true });
    await ledger.close();
  });

  it('refuses malformed amounts loudly instead of recording them', async () => {
    const ledger = createLedger({ config: ledgerConfig('/unused'), store: createMemoryStore({ logger: memoryLogger() }), logger: memoryLogger() });
    await expect(ledger.reserve({ id: 'a', provider: 'p', model: 'm', worstCaseMicroUsd: 1.5 })).rejects.toMatchObject({ kind: 'bad_request' });
    const r = await ledger.reserve({ id: 'a', provider: 'p', model: 'm', worstCaseMicroUsd: 10 });
    await expect(ledger.settle(r, okReport(-1))).rejects.toMatchObject({ kind: 'bad_request' });
    await ledger.close();
  });

  it('turns a store failure into an AegisError, nothing recorded', async () => {
    const home = await homes.make();
    const notADirectory = join(home, 'file');
    await writeFile(notADirectory, 'x');
    // A budgeted provider: its reserve is the store round trip that fails.
    const ledger = createLedger({ config: ledgerConfig(notADirectory, { budgets: { p: budget(1_000) } }), logger: memoryLogger() });
    const error = await refusal(ledger.reserve({ id: 'a', provider: 'p', model: 'm', worstCaseMicroUsd: 1 }));
    expect(error).toMatchObject({ kind: 'store_unavailable', code: 'LEDGER_UNAVAILABLE', fallbackable: false, retryable: false });
    expect(error.details).toMatchObject({ fsCode: expect.stringMatching(/ENOTDIR|EEXIST/) });
    await ledger.close();
  });

  it('writes the budget book when the declared budgets change, not on every request', async () => {
    const home = await homes.make();
    const clock = manualClock(T0);
    const embedded = openEmbeddedBudgetBook({ dir: join(home, 'ledger'), logger: memoryLogger() });
    const calls = { read: 0, update: 0 };
    const book: BudgetBookStore = {
      read: () => (calls.read++, embedded.read()),
      update: (change) => (calls.update++, embedded.update(change)),
      close: () => embedded.close(),
    };
    let tags: Record<string, TagBudget> = { 'team=a': { monthlyLimitMicroUsd: 5_000_000, alertThresholds: [] } };
    let config = ledgerConfig(home, { budgets: { dashscope: budget(10_000_000) } });
    const ledger = createLedger({
      config: () => config,
      budgetBook: book,
      tagBudgets: () => tags,
      logger: memoryLogger(),
      clock,
      store: createMemoryStore({ logger: memoryLogger(), clock }),
    });
    const settleOne = async (i: number) =>
      ledger.settle(await ledger.reserve({ id: `r${i}`, provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: 10 }), okReport(5));
    for (let i = 0; i < 20; i += 1) {
      await settleOne(i);
      clock.advance(1_500);
    }
    // Declared once; read again at most once per refresh interval (every request here, 1.5 s apart).
    expect(calls.update).toBe(1);
    expect(calls.read).toBe(19);
    // A new tag budget from the surface, then a reconfigure: each written once.
    tags = { ...tags, 'team=b': { monthlyLimitMicroUsd: 1_000_000, alertThresholds: [] } };
    await settleOne(100);
    config = { ...config, budgets: { dashscope: budget(20_000_000) } };
    await settleOne(101);
    await settleOne(102);
    expect(calls.update).toBe(3);
    expect((await ledger.budgetStatus({ provider: 'dashscope' })).providers[0]?.limit?.microUsd).toBe(20_000_000);
    await ledger.close();
  });
});
