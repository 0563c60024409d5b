/**
 * The semantics every LedgerStore must have, as a suite to run against each
 * implementation (embedded, memory, and the Redis store of issue 10):
 *   ledgerStoreContract('redis', async (clock) => ({ store: ..., logger }));
 */
import { describe, expect, it } from 'vitest';
import { MAX_OUTBOX_ENTRIES } from '../document/stored-alert-delivery.js';
import { MAX_TAG_VALUES } from '../summed-tags.js';
import type { LedgerStore, OutboxAlert, ReserveInput } from '../store.js';
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

/** Waits (briefly) until `check` holds: the Redis store charges expired leases in the background. */
async function eventually(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function outboxAlert(id: string, extra: Partial<OutboxAlert> = {}): OutboxAlert {
  return {
    id,
    type: 'aegis-llm.test-alert',
    body: JSON.stringify({ id, text: 'caf\u00e9 / 100%' }),
    facts: { provider: 'dashscope', threshold: 80 },
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

    it("charges the reservation's period, day, provider and model whatever the record says", async () => {
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
      expect(await store.reserve(reserveInput('c', 200, { model: 'qwen-max', limits: { providerMicroUsd: 10_000 } }))).toMatchObject({ admitted: true });
      await store.close();
    });

    it('tracks requests of providers without a budget, checking nothing', async () => {
      const { store } = await open();
      expect(await store.reserve(reserveInput('a', 5_000_000, { limits: undefined }))).toMatchObject({ admitted: true });
      expect((await store.readPeriod('2026-11')).providers.dashscope?.reservedMicroUsd).toBe(5_000_000);
      await store.close();
    });

    it('sums failed attempts and connection tests apart from requests, each under its own model', async () => {
      const { store } = await open();
      await store.append(sampleRecord('req', 40, { model: 'qwen-flash', attempts: 4, fallback: true, fallbackFrom: 'dashscope/qwen-plus' }));
      await store.append(
        sampleRecord('req.failed-1', 0, {
          model: 'qwen-plus',
          attemptOf: 'req',
          attempts: 3,
          outcome: 'upstream_unavailable',
          inputTokens: 0,
          outputTokens: 0,
        }),
      );
      await store.append(sampleRecord('t', 7, { kind: 'test', task: 'test' }));
      const usage = await store.readUsage({ months: ['2026-11'], days: ['2026-11-03'] });
      const models = usage.months['2026-11']?.dashscope?.models;
      expect(models?.['qwen-plus']).toMatchObject({ requests: 0, errorRequests: 0, failedAttempts: 3, testRequests: 1, spentMicroUsd: 7, latencyMsTotal: 0 });
      expect(models?.['qwen-flash']).toMatchObject({ requests: 1, failedAttempts: 0, fallbackRequests: 1, spentMicroUsd: 40 });
      expect(usage.days['2026-11-03']?.dashscope?.total).toMatchObject({ requests: 1, failedAttempts: 3, testRequests: 1, spentMicroUsd: 47 });
      expect((await store.listRecent(5)).find((r) => r.id === 'req.failed-1')).toMatchObject({ attemptOf: 'req', attempts: 3 });
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

    it('charges an expired lease its worst case, once: a late settle charges nothing again', async () => {
      const { store, clock, logger } = await open();
      await store.reserve(reserveInput('slow', 900, { expiresAt: CONTRACT_T0 + 1000 }));
      expect(await store.reserve(reserveInput('next', 200))).toMatchObject({ admitted: false });
      clock.advance(1001);
      // Any operation ends it (the Redis store charges it just after, in the background).
      await store.retireAllowance('nothing-open', 0);
      await eventually(async () => (await store.readPeriod('2026-11')).providers.dashscope?.total.spentMicroUsd === 900);
      const usage = (await store.readPeriod('2026-11')).providers.dashscope;
      expect(usage).toMatchObject({ reservedMicroUsd: 0, total: { requests: 1, errorRequests: 1, spentMicroUsd: 900 } });
      expect((await store.listRecent(10)).find((r) => r.id === 'slow')).toMatchObject({ outcome: 'abandoned', costMicroUsd: 900, estimated: true });
      expect(logger.entries.some((e) => e.message.includes('reservation expired unsettled'))).toBe(true);

      expect(await store.settle('slow', sampleRecord('slow', 50))).toEqual({ status: 'duplicate' });
      expect((await store.readPeriod('2026-11')).providers.dashscope?.total.spentMicroUsd).toBe(900);
      expect(await store.reserve(reserveInput('next', 100, { expiresAt: CONTRACT_T0 + 120_000 }))).toMatchObject({ admitted: true });
      expect(await store.reserve(reserveInput('more', 1, { expiresAt: CONTRACT_T0 + 120_000 }))).toMatchObject({ admitted: false });
      await store.close();
    });

    it('charges an expired live allowance its cover (the latest declared) and a retired one what it holds', async () => {
      const { store, clock } = await open();
      const allowance = (id: string, amount: number) =>
        store.reserve(reserveInput(id, amount, { expiresAt: CONTRACT_T0 + 1000, limits: { providerMicroUsd: 10_000 }, allowance: { minMicroUsd: 10 } }));
      expect(await allowance('live', 400)).toMatchObject({ admitted: true });
      await store.coverAllowance('live', { seq: 2, microUsd: 150 });
      await store.coverAllowance('live', { seq: 1, microUsd: 300 }); // older: ignored
      await store.coverAllowance('nothing-open', { seq: 1, microUsd: 300 });
      expect(await allowance('retired', 200)).toMatchObject({ admitted: true });
      await store.coverAllowance('retired', { seq: 1, microUsd: 10 });
      await store.retireAllowance('retired', 120);
      expect(await allowance('uncovered', 300)).toMatchObject({ admitted: true });
      // Drawn from while live: the cover is charged only up to what it still holds.
      expect(await allowance('drawn', 100)).toMatchObject({ admitted: true });
      await store.coverAllowance('drawn', { seq: 1, microUsd: 90 });
      await store.append(sampleRecord('under-drawn', 40), 'drawn');

      clock.advance(1001);
      await store.retireAllowance('nothing-open', 0);
      await eventually(async () => (await store.readPeriod('2026-11')).providers.dashscope?.total.spentMicroUsd === 150 + 80 + 40 + 60);
      expect((await store.readPeriod('2026-11')).providers.dashscope?.reservedMicroUsd ?? 0).toBe(0);
      const recent = await store.listRecent(10);
      expect(
        recent
          .filter((r) => r.outcome === 'abandoned')
          .map((r) => [r.id, r.costMicroUsd])
          .sort(),
      ).toEqual([
        ['drawn', 60],
        ['live', 150],
        ['retired', 80],
      ]);
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
      // A tag budget's alert is keyed by its name=value scope, a value like __proto__ included.
      const tagAlert = { ...alert, provider: 'workflow_id=__proto__', threshold: 50 };
      expect(await store.markAlertFired(tagAlert)).toBe(true);
      expect(await store.markAlertFired(tagAlert)).toBe(false);
      expect((await store.readPeriod('2026-11')).alerts).toEqual(expect.arrayContaining([alert, tagAlert]));
      await store.close();
    });

    it('queues an alert once, and lets one claimant at a time attempt it', async () => {
      const { store, clock } = await open();
      const alert = outboxAlert('alert-1');
      expect(await store.enqueueAlert(alert)).toBe(true);
      expect(await store.enqueueAlert({ ...alert, body: '{}' })).toBe(false);
      const claim = (name: string) => store.claimAlerts({ claim: name, limit: 10, leaseMs: 1000, maxAttempts: 3 });

      expect(await claim('c1')).toEqual({ alerts: [{ ...alert, attempt: 1 }] });
      // Held by c1: nobody else may post it meanwhile.
      expect(await claim('c2')).toEqual({ alerts: [] });
      await store.finishAlertAttempt({ id: 'alert-1', claim: 'c1', outcome: 'retry', retryInMs: 500, error: 'HTTP 500' });
      expect(await claim('c2')).toEqual({ alerts: [], nextDueInMs: 500 });
      clock.advance(500);
      expect((await claim('c2')).alerts).toEqual([{ ...alert, attempt: 2 }]);
      // c1 no longer holds it: its late word is ignored, except that it was delivered.
      await store.finishAlertAttempt({ id: 'alert-1', claim: 'c1', outcome: 'failed', error: 'HTTP 500' });
      await store.finishAlertAttempt({ id: 'alert-1', claim: 'c1', outcome: 'delivered' });
      await store.finishAlertAttempt({ id: 'alert-1', claim: 'c2', outcome: 'failed', error: 'late' });
      clock.advance(5000);
      expect(await claim('c3')).toEqual({ alerts: [] });
      expect(await store.enqueueAlert(alert)).toBe(false);
      await store.close();
    });

    it('frees an alert whose claimant never reported back, within the attempts allowed', async () => {
      const { store, clock } = await open();
      await store.enqueueAlert(outboxAlert('alert-1'));
      await store.enqueueAlert(outboxAlert('alert-2'));
      const claim = (name: string) => store.claimAlerts({ claim: name, limit: 1, leaseMs: 1000, maxAttempts: 2 });
      const first = await claim('c1');
      expect(first.alerts.map((a) => [a.id, a.attempt])).toEqual([['alert-1', 1]]);
      expect(first.nextDueInMs).toBe(0);
      expect((await claim('c1b')).alerts.map((a) => [a.id, a.attempt])).toEqual([['alert-2', 1]]);
      clock.advance(1000);
      const again = await store.claimAlerts({ claim: 'c2', limit: 10, leaseMs: 1000, maxAttempts: 2 });
      expect(again.alerts.map((a) => [a.id, a.attempt])).toEqual([
        ['alert-1', 2],
        ['alert-2', 2],
      ]);
      await store.finishAlertAttempt({ id: 'alert-1', claim: 'c2', outcome: 'delivered' });
      clock.advance(1000);
      // alert-2's holders both vanished: its two attempts are spent, so it is failed, not posted a third time.
      expect(await claim('c3')).toEqual({ alerts: [] });
      expect(await claim('c4')).toEqual({ alerts: [] });
      await store.close();
    });

    it('fires a threshold and queues its delivery in one step, and shows the delivery with the period', async () => {
      const { store, clock } = await open();
      const fired = {
        period: '2026-11',
        provider: 'dashscope',
        threshold: 80,
        firedAt: new Date(CONTRACT_T0).toISOString(),
        spentMicroUsd: 800,
        limitMicroUsd: 1000,
      };
      const delivery = outboxAlert('budget-2026-11-80-x');
      expect(await store.markAlertFired(fired, delivery)).toBe(true);
      expect(await store.markAlertFired({ ...fired, spentMicroUsd: 900 }, outboxAlert('other-id'))).toBe(false);
      const queuedAt = new Date(CONTRACT_T0).toISOString();
      expect((await store.readPeriod('2026-11')).alerts).toEqual([
        { ...fired, delivery: { id: delivery.id, type: delivery.type, state: 'pending', attempts: 0, queuedAt } },
      ]);
      const claimed = await store.claimAlerts({ claim: 'c1', limit: 10, leaseMs: 1000, maxAttempts: 3 });
      expect(claimed.alerts.map((a) => a.id)).toEqual([delivery.id]);
      clock.advance(20);
      await store.finishAlertAttempt({ id: delivery.id, claim: 'c1', outcome: 'retry', retryInMs: 100, error: 'timeout' });
      expect((await store.readPeriod('2026-11')).alerts[0]?.delivery).toEqual({
        id: delivery.id,
        type: delivery.type,
        state: 'pending',
        attempts: 1,
        queuedAt,
        lastAttemptAt: queuedAt,
        lastError: 'timeout',
        // Kept after a later delivery, for the webhook status.
        lastFailedAt: new Date(CONTRACT_T0 + 20).toISOString(),
        lastFailure: 'timeout',
      });
      clock.advance(100);
      await store.claimAlerts({ claim: 'c2', limit: 10, leaseMs: 1000, maxAttempts: 3 });
      await store.finishAlertAttempt({ id: delivery.id, claim: 'c2', outcome: 'delivered' });
      expect((await store.readPeriod('2026-11')).alerts[0]?.delivery).toMatchObject({
        state: 'delivered',
        attempts: 2,
        deliveredAt: new Date(CONTRACT_T0 + 120).toISOString(),
      });
      expect((await store.readPeriod('2026-11')).alerts[0]?.delivery?.lastError).toBeUndefined();
      await store.close();
    });

    it('keeps the outbox bounded, dropping the oldest pending alert only when it must', async () => {
      const { store, logger } = await open();
      await store.enqueueAlert(outboxAlert('done'));
      const first = await store.claimAlerts({ claim: 'c', limit: 1, leaseMs: 1000, maxAttempts: 3 });
      await store.finishAlertAttempt({ id: first.alerts[0]!.id, claim: 'c', outcome: 'delivered' });
      for (let i = 0; i <= MAX_OUTBOX_ENTRIES; i += 1) await store.enqueueAlert(outboxAlert(`a${String(i).padStart(3, '0')}`));
      // MAX + 2 queued, MAX kept: the delivered one went first, then the oldest pending one, with an error.
      expect(logger.entries.filter((e) => e.message.includes('dropped from the outbox'))).toHaveLength(1);
      const claimed = await store.claimAlerts({ claim: 'all', limit: 500, leaseMs: 1000, maxAttempts: 3 });
      expect(claimed.alerts).toHaveLength(MAX_OUTBOX_ENTRIES);
      expect(claimed.alerts.some((a) => a.id === 'a000')).toBe(false);
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

    it('keeps live budget allowances within half of the room the rest leaves: cut to fit, refused below their minimum', async () => {
      const { store } = await open();
      const allowance = (id: string, amount: number, extra: Partial<ReserveInput> = {}) =>
        store.reserve(reserveInput(id, amount, { allowance: { minMicroUsd: 100 }, ...extra }));
      expect(await allowance('A', 800)).toMatchObject({ admitted: true, reservation: { amountMicroUsd: 500, allowance: 'live' } });
      expect(await allowance('B', 300)).toMatchObject({ admitted: false, refusal: { reservedMicroUsd: 500, allowanceMicroUsd: 500 } });
      // Requests still have the other half.
      expect(await store.reserve(reserveInput('r', 400))).toMatchObject({ admitted: true });
      // Spend and requests leave 1000 - 100 - 400 = 500: allowances may hold 250 in all, so A's 500 leaves none.
      await store.append(sampleRecord('x', 100));
      expect(await allowance('C', 200)).toMatchObject({ admitted: false });
      await store.release('A');
      expect(await allowance('C', 200)).toMatchObject({ admitted: true, reservation: { amountMicroUsd: 200 } });
      expect(await allowance('D', 200)).toMatchObject({ admitted: false });
      // A model limit bounds them too.
      const limits = { providerMicroUsd: 10_000, modelMicroUsd: 300 };
      expect(await allowance('M', 1000, { model: 'qwen-max', limits })).toMatchObject({ admitted: true, reservation: { amountMicroUsd: 150 } });
      const period = await store.readPeriod('2026-11');
      expect(period.providers.dashscope).toMatchObject({ reservedMicroUsd: 750, reservedByModel: { 'qwen-plus': 600, 'qwen-max': 150 } });
      await store.close();
    });

    it('asks live allowances back when only they refuse a request, and retiring one frees what it does not use', async () => {
      const { store, clock } = await open();
      const live = { allowance: { minMicroUsd: 100 } };
      await store.reserve(reserveInput('A', 500, live));
      // Would not fit even with A's room free: nothing asked.
      expect(await store.reserve(reserveInput('big', 1200, { reclaimMs: 2000 }))).toMatchObject({ admitted: false });
      expect(await store.readReclaims('2026-11')).toEqual([]);
      // Fits once A's room is free: refused, and A is asked back.
      expect(await store.reserve(reserveInput('x', 600, { reclaimMs: 2000 }))).toEqual({
        admitted: false,
        refusal: { scope: 'provider', spentMicroUsd: 0, reservedMicroUsd: 500, limitMicroUsd: 1000, requestMicroUsd: 600, allowanceMicroUsd: 500 },
      });
      expect(await store.readReclaims('2026-11')).toEqual(['dashscope']);
      expect(await store.readReclaims('2026-12')).toEqual([]);
      // No new allowance meanwhile, however much room.
      expect(await store.reserve(reserveInput('B', 100, { ...live, limits: { providerMicroUsd: 10 ** 9 } }))).toMatchObject({ admitted: false });
      // A keeps 100 for its requests in flight and gives back the rest.
      await store.retireAllowance('A', 400);
      await store.retireAllowance('missing', 400);
      expect(await store.reserve(reserveInput('x', 600, { reclaimMs: 2000 }))).toMatchObject({ admitted: true });
      // Retired, A counts as requests in flight: a refusal now asks nothing back.
      expect(await store.reserve(reserveInput('y', 400, { reclaimMs: 2000 }))).toEqual({
        admitted: false,
        refusal: { scope: 'provider', spentMicroUsd: 0, reservedMicroUsd: 700, limitMicroUsd: 1000, requestMicroUsd: 400 },
      });
      // A record under the retired allowance draws its request's whole worst case, not only its cost.
      await store.append(sampleRecord('a1', 30), 'A', 100);
      expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({
        total: { spentMicroUsd: 30 },
        reservedMicroUsd: 600,
        openReservations: 2,
      });
      clock.advance(2001);
      expect(await store.readReclaims('2026-11')).toEqual([]);
      await store.close();
    });

    it('sums spend per tag pair, hostile names included, with execution ids in records only and values bounded per name', async () => {
      const { store } = await open();
      const hostile = Object.fromEntries([
        ['__proto__', 'x'],
        ['execution_id', 'run-1'],
        ['hasownproperty', 'toString'],
        ['workflow_id', 'wf-1'],
      ]);
      await store.reserve(reserveInput('t1', 100));
      await store.settle('t1', sampleRecord('t1', 40, { tags: hostile }));
      await store.append(sampleRecord('t2', 7, { tags: { workflow_id: 'wf-1', constructor: 'z' } }));
      await store.append(sampleRecord('t3', 5, { tags: { workflow_id: 'wf-2' } }));
      await store.append(sampleRecord('t4', 9));
      const sums = new Map((await store.readTagUsage('2026-11')).map((tag) => [`${tag.name}=${tag.value ?? '*'}`, tag.totals]));
      expect([...sums.keys()].sort()).toEqual(['__proto__=x', 'constructor=z', 'hasownproperty=toString', 'workflow_id=wf-1', 'workflow_id=wf-2']);
      expect(sums.get('workflow_id=wf-1')).toMatchObject({ requests: 2, spentMicroUsd: 47, inputTokens: 20 });
      expect(sums.get('__proto__=x')).toMatchObject({ requests: 1, spentMicroUsd: 40 });
      expect(sums.get('workflow_id=wf-2')).toMatchObject({ requests: 1, spentMicroUsd: 5 });
      expect(await store.readTagUsage('2026-10')).toEqual([]);
      const recent = await store.listRecent(10);
      const first = recent.find((record) => record.id === 't1');
      expect(Object.entries(first?.tags ?? {})).toEqual(Object.entries(hostile));
      expect(recent.find((record) => record.id === 't4')).not.toHaveProperty('tags');

      for (let index = 0; index < MAX_TAG_VALUES + 3; index += 1) {
        await store.append(sampleRecord(`u${index}`, 1, { tags: { end_user: `user-${index}` } }));
      }
      const users = (await store.readTagUsage('2026-11')).filter((tag) => tag.name === 'end_user');
      expect(users).toHaveLength(MAX_TAG_VALUES + 1);
      expect(users.find((tag) => tag.value === undefined)?.totals).toMatchObject({ requests: 3, spentMicroUsd: 3 });
      expect(users.find((tag) => tag.value === 'user-0')?.totals).toMatchObject({ requests: 1 });
      // A value already summed keeps its own sum past the bound.
      await store.append(sampleRecord('again', 2, { tags: { end_user: 'user-0' } }));
      const again = (await store.readTagUsage('2026-11')).find((tag) => tag.name === 'end_user' && tag.value === 'user-0');
      expect(again?.totals).toMatchObject({ requests: 2, spentMicroUsd: 3 });
    });

    it('holds a tag budget across providers: spend of the pair + its open reservations + the worst case', async () => {
      const { store } = await open();
      const key = { tagLimits: [{ tag: 'client_key=k_1', limitMicroUsd: 500 }] };
      // No provider budget: only the tag limit is checked.
      expect(await store.reserve(reserveInput('a', 300, { ...key, limits: undefined }))).toMatchObject({
        admitted: true,
        reservation: { tags: ['client_key=k_1'] },
      });
      expect(await store.reserve(reserveInput('b', 300, { ...key, limits: undefined, provider: 'openai', model: 'gpt-4o' }))).toEqual({
        admitted: false,
        refusal: { scope: 'tag', tag: 'client_key=k_1', spentMicroUsd: 0, reservedMicroUsd: 300, limitMicroUsd: 500, requestMicroUsd: 300 },
      });
      // Another key's budget is its own.
      expect(await store.reserve(reserveInput('c', 300, { tagLimits: [{ tag: 'client_key=k_2', limitMicroUsd: 500 }], limits: undefined }))).toMatchObject({
        admitted: true,
      });
      // The settle charges the pair even when the record lacks the tag (the reservation's scopes count).
      await store.settle('a', sampleRecord('a', 250));
      const sums = await store.readTagUsage('2026-11');
      expect(sums.find((t) => t.name === 'client_key' && t.value === 'k_1')?.totals).toMatchObject({ requests: 1, spentMicroUsd: 250 });
      expect(await store.reserve(reserveInput('d', 251, { ...key, limits: undefined }))).toMatchObject({
        admitted: false,
        refusal: { scope: 'tag', spentMicroUsd: 250, reservedMicroUsd: 0 },
      });
      expect(await store.reserve(reserveInput('d', 250, { ...key, limits: undefined }))).toMatchObject({ admitted: true });
      await store.release('d');
      // Spend of the pair appended without a reservation counts too (a record from before the budget).
      await store.append(sampleRecord('e', 100, { tags: { client_key: 'k_1' } }));
      expect(await store.reserve(reserveInput('f', 151, { ...key, limits: undefined }))).toMatchObject({ admitted: false, refusal: { spentMicroUsd: 350 } });
      // With a provider budget as well, both hold.
      expect(await store.reserve(reserveInput('g', 150, { ...key, limits: { providerMicroUsd: 100 } }))).toMatchObject({
        admitted: false,
        refusal: { scope: 'provider' },
      });
      expect(await store.reserve(reserveInput('g', 100, { ...key, limits: { providerMicroUsd: 1000 } }))).toMatchObject({ admitted: true });
      await store.close();
    });

    it('sums a budgeted tag pair exactly past the values bound, and charges its expired lease to the pair', async () => {
      const { store, clock } = await open();
      for (let index = 0; index < MAX_TAG_VALUES; index += 1) {
        await store.append(sampleRecord(`u${index}`, 1, { tags: { end_user: `user-${index}` } }));
      }
      const scoped = { tagLimits: [{ tag: 'end_user=late', limitMicroUsd: 1000 }], limits: undefined };
      await store.reserve(reserveInput('late-1', 100, scoped));
      await store.settle('late-1', sampleRecord('late-1', 60, { tags: { end_user: 'late' } }));
      await store.reserve(reserveInput('late-2', 400, { ...scoped, expiresAt: CONTRACT_T0 + 1000 }));
      clock.advance(1001);
      await store.retireAllowance('nothing-open', 0);
      const pair = async () => (await store.readTagUsage('2026-11')).find((t) => t.name === 'end_user' && t.value === 'late')?.totals;
      await eventually(async () => (await pair())?.spentMicroUsd === 460);
      expect(await pair()).toMatchObject({ requests: 2, spentMicroUsd: 460 });
      expect((await store.listRecent(5)).find((r) => r.id === 'late-2')).toMatchObject({ outcome: 'abandoned', tags: { end_user: 'late' } });
      expect(await store.reserve(reserveInput('late-3', 541, { ...scoped, expiresAt: CONTRACT_T0 + 120_000 }))).toMatchObject({
        admitted: false,
        refusal: { scope: 'tag', spentMicroUsd: 460 },
      });
      await store.close();
    });

    it('never passes a tag budget under concurrent reserves', async () => {
      const { store } = await open();
      const scoped = { tagLimits: [{ tag: 'workflow_id=wf', limitMicroUsd: 1000 }], limits: undefined };
      const outcomes = await Promise.all(
        Array.from({ length: 40 }, (_, i) => store.reserve(reserveInput(`r${i}`, 100, { ...scoped, provider: i % 2 ? 'openai' : 'dashscope' }))),
      );
      expect(outcomes.filter((o) => o.admitted)).toHaveLength(10);
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
