/**
 * The semantics every LedgerStore must have, as a suite to run against each
 * implementation (embedded, memory, and the Redis store of issue 10):
 *   ledgerStoreContract('redis', async (clock) => ({ store: ..., logger }));
 */
import { describe, expect, it } from 'vitest';
import type { LedgerStore, ReserveInput } from '../store.js';
import { manualClock, memoryLogger, sampleRecord, type LogEntry } from './ledger-fixtures.js';

export const CONTRACT_T0 = Date.parse('2026-11-03T10:00:00Z');

export interface ContractSubject {
  store: LedgerStore;
  logger: { entries: LogEntry[] };
}

export function reserveInput(id: string, amount: number | undefined, extra: Partial<ReserveInput> = {}): ReserveInput {
  return {
    id,
    provider: 'dashscope',
    model: 'qwen-plus',
    amountMicroUsd: amount,
    period: '2026-11',
    day: '2026-11-03',
    expiresAt: CONTRACT_T0 + 60_000,
    limits: { providerMicroUsd: 1000 },
    ...extra,
  };
}

export function ledgerStoreContract(
  name: string,
  /** A fresh, empty store on the given clock, logging into `logger`. */
  make: (clock: { now(): number }, logger: ReturnType<typeof memoryLogger>) => Promise<LedgerStore>,
): void {
  const open = async () => {
    const clock = manualClock(CONTRACT_T0);
    const logger = memoryLogger();
    return { clock, logger, store: await make(clock, logger) };
  };

  describe(`LedgerStore contract: ${name}`, () => {
    it('holds the limit across spend and open reservations, and settles exactly once', async () => {
      const { store } = await open();
      expect(await store.reserve(reserveInput('a', 600))).toMatchObject({ admitted: true, repeated: false });
      expect(await store.reserve(reserveInput('b', 500))).toEqual({
        admitted: false,
        refusal: { scope: 'provider', spentMicroUsd: 0, reservedMicroUsd: 600, limitMicroUsd: 1000, requestMicroUsd: 500 },
      });
      expect(await store.reserve(reserveInput('a', 600))).toMatchObject({ admitted: true, repeated: true });

      expect(await store.settle('a', sampleRecord('a', 450))).toMatchObject({ status: 'charged', providerSpentMicroUsd: 450 });
      expect(await store.settle('a', sampleRecord('a', 450))).toEqual({ status: 'duplicate' });
      expect(await store.release('a', sampleRecord('a', 450))).toEqual({ status: 'duplicate' });

      // 450 spent + 500 fits in 1000 now that the 600 reservation became 450 of spend.
      expect(await store.reserve(reserveInput('b', 500))).toMatchObject({ admitted: true });
      const period = await store.readPeriod('2026-11');
      expect(period.providers.dashscope).toMatchObject({
        total: { spentMicroUsd: 450, requests: 1 },
        models: { 'qwen-plus': { spentMicroUsd: 450, requests: 1 } },
        reservedMicroUsd: 500,
        reservedByModel: { 'qwen-plus': 500 },
        openReservations: 1,
      });
      expect((await store.listRecent(10)).map((r) => r.id)).toEqual(['a']);
      await store.close();
    });

    it('charges the reservation\'s period, day, provider and model whatever the record says', async () => {
      const { store } = await open();
      await store.reserve(reserveInput('a', 100, { period: '2026-10', day: '2026-10-31' }));
      const outcome = await store.settle('a', sampleRecord('a', 60, { provider: 'other', period: '2026-11' }));
      expect(outcome.record).toMatchObject({ provider: 'dashscope', period: '2026-10', day: '2026-10-31' });
      const usage = await store.readUsage({ months: ['2026-10', '2026-11'], days: ['2026-10-31'] });
      expect(Object.keys(usage.months)).toEqual(['2026-10']);
      expect(usage.days['2026-10-31']?.dashscope?.total.spentMicroUsd).toBe(60);
      await store.close();
    });

    it('applies a per-model limit beside the provider limit', async () => {
      const { store } = await open();
      const limits = { providerMicroUsd: 10_000, modelMicroUsd: 300 };
      expect(await store.reserve(reserveInput('a', 200, { limits }))).toMatchObject({ admitted: true });
      expect(await store.reserve(reserveInput('b', 200, { limits }))).toMatchObject({
        admitted: false,
        refusal: { scope: 'model', reservedMicroUsd: 200, limitMicroUsd: 300 },
      });
      expect(
        await store.reserve(reserveInput('c', 200, { model: 'qwen-max', limits: { providerMicroUsd: 10_000 } })),
      ).toMatchObject({ admitted: true });
      await store.close();
    });

    it('tracks requests of providers without a budget, checking nothing', async () => {
      const { store } = await open();
      expect(await store.reserve(reserveInput('a', 5_000_000, { limits: undefined }))).toMatchObject({ admitted: true });
      expect((await store.readPeriod('2026-11')).providers.dashscope?.reservedMicroUsd).toBe(5_000_000);
      await store.close();
    });

    it('admits an unpriced request while there is room, and refuses it at the limit', async () => {
      const { store } = await open();
      expect(await store.reserve(reserveInput('u1', undefined))).toMatchObject({ admitted: true });
      await store.append(sampleRecord('x', 1000));
      expect(await store.reserve(reserveInput('u2', undefined))).toMatchObject({
        admitted: false,
        refusal: { spentMicroUsd: 1000, requestMicroUsd: undefined },
      });
      const settled = await store.settle('u1', sampleRecord('u1', 0, { costMicroUsd: undefined, unpriced: true }));
      expect(settled.record).toMatchObject({ unpriced: true });
      const period = await store.readPeriod('2026-11');
      expect(period.providers.dashscope?.total).toMatchObject({ requests: 2, unpricedRequests: 1, spentMicroUsd: 1000 });
      await store.close();
    });

    it('frees the room of an expired lease, and still charges a late settle once', async () => {
      const { store, clock, logger } = await open();
      await store.reserve(reserveInput('slow', 900, { expiresAt: CONTRACT_T0 + 1000 }));
      expect(await store.reserve(reserveInput('next', 900))).toMatchObject({ admitted: false });
      clock.advance(1001);
      expect((await store.readPeriod('2026-11')).providers.dashscope?.reservedMicroUsd ?? 0).toBe(0);
      expect(await store.reserve(reserveInput('next', 900, { expiresAt: CONTRACT_T0 + 120_000 }))).toMatchObject({
        admitted: true,
      });
      expect(logger.entries.some((e) => e.message.includes('reservation expired'))).toBe(true);

      expect(await store.settle('slow', sampleRecord('slow', 50))).toMatchObject({ status: 'late', providerSpentMicroUsd: 50 });
      expect(await store.settle('slow', sampleRecord('slow', 50))).toEqual({ status: 'duplicate' });
      await store.close();
    });

    it('releases without a record, charging nothing', async () => {
      const { store } = await open();
      await store.reserve(reserveInput('a', 700));
      expect(await store.release('a')).toEqual({ status: 'charged' });
      expect(await store.release('a')).toEqual({ status: 'duplicate' });
      expect((await store.readPeriod('2026-11')).providers.dashscope).toBeUndefined();
      await store.close();
    });

    it('fires an alert threshold once per period', async () => {
      const { store } = await open();
      const alert = {
        period: '2026-11',
        provider: 'dashscope',
        threshold: 80,
        firedAt: new Date(CONTRACT_T0).toISOString(),
        spentMicroUsd: 800,
        limitMicroUsd: 1000,
      };
      expect(await store.markAlertFired(alert)).toBe(true);
      expect(await store.markAlertFired({ ...alert, spentMicroUsd: 900 })).toBe(false);
      expect(await store.markAlertFired({ ...alert, period: '2026-12' })).toBe(true);
      expect((await store.readPeriod('2026-11')).alerts).toEqual([alert]);
      await store.close();
    });

    it('treats provider and model names as plain keys', async () => {
      const { store } = await open();
      await store.append(sampleRecord('p', 5, { provider: '__proto__', model: 'constructor' }));
      const period = await store.readPeriod('2026-11');
      expect(Object.getOwnPropertyNames(period.providers)).toEqual(['__proto__']);
      expect(Object.getOwnPropertyDescriptor(period.providers, '__proto__')?.value.models.constructor.spentMicroUsd).toBe(5);
      await store.close();
    });

    it('takes concurrent operations, each exactly once, and refuses them after close', async () => {
      const { store } = await open();
      await Promise.all(Array.from({ length: 300 }, (_, i) => store.append(sampleRecord(`c${i}`, 3))));
      expect((await store.readPeriod('2026-11')).providers.dashscope?.total).toMatchObject({ requests: 300, spentMicroUsd: 900 });
      expect(new Set((await store.listRecent(1000)).map((r) => r.id)).size).toBe(300);
      await store.close();
      await expect(store.append(sampleRecord('late', 1))).rejects.toThrow(/closed/);
    });
  });
}
