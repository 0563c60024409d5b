import { afterAll, describe, expect, it } from 'vitest';
import { isAegisError } from '../errors.js';
import { createLedger } from './create-ledger.js';
import type { Ledger, LedgerConfig, Reservation } from './ledger.js';
import { createMemoryStore } from './memory/create-memory-store.js';
import { openEmbeddedStore } from './embedded/open-embedded-store.js';
import type { LedgerStore } from './store.js';
import { budget, ledgerConfig, manualClock, memoryLogger, okReport, tempHomes } from './test-support/ledger-fixtures.js';

const T0 = Date.parse('2026-11-10T12:00:00Z');
const W = 1_000;
const homes = tempHomes();
afterAll(() => homes.removeAll());

/** The store with its reserve calls counted (each one a locked write in a real store). */
function counted(store: LedgerStore): LedgerStore & { reserves: number } {
  const wrapped = { ...store, reserves: 0 };
  wrapped.reserve = (input) => {
    wrapped.reserves += 1;
    return store.reserve(input);
  };
  return wrapped;
}

const reserve = (ledger: Ledger, id: string, worstCaseMicroUsd = W): Promise<Reservation> =>
  ledger.reserve({ id, provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd });

async function dashscope(ledger: Ledger) {
  return (await ledger.budgetStatus({ provider: 'dashscope' })).providers[0]!;
}

describe('budget allowances', () => {
  it('admits budgeted requests in memory: a handful of store reservations for 1,000 requests, figures exact', async () => {
    const clock = manualClock(T0);
    const store = counted(createMemoryStore({ clock, logger: memoryLogger() }));
    const ledger = createLedger({ config: ledgerConfig('/unused', { budgets: { dashscope: budget(10 ** 12) } }), store, clock, logger: memoryLogger() });

    let spent = 0;
    for (let i = 0; i < 1000; i += 1) {
      const reservation = await reserve(ledger, `r${i}`);
      expect(reservation).toMatchObject({ budgeted: true, worstCaseMicroUsd: W, period: '2026-11' });
      const cost = 400 + (i % 7);
      await ledger.settle(reservation, okReport(cost));
      spent += cost;
    }
    // The first 3 reserve on their own (no steady demand yet), then 256 worst cases per allowance: 4 allowances.
    expect(store.reserves).toBeLessThanOrEqual(8);

    // In flight: what budgetStatus reports is the requests' own worst cases, not the allowance.
    const open = await Promise.all([reserve(ledger, 'f1'), reserve(ledger, 'f2'), reserve(ledger, 'f3')]);
    expect(await dashscope(ledger)).toMatchObject({ spent: { microUsd: spent }, reserved: { microUsd: 3 * W }, requests: 1000 });
    for (const reservation of open) await ledger.release(reservation);
    expect(await dashscope(ledger)).toMatchObject({ spent: { microUsd: spent }, reserved: { microUsd: 0 } });
    expect((await store.readPeriod('2026-11')).providers.dashscope?.total.spentMicroUsd).toBe(spent);

    // Each request settles once, and a settle of a finished id is a duplicate.
    const last = await reserve(ledger, 'last');
    expect((await ledger.settle(last, okReport(10))).status).toBe('charged');
    expect((await ledger.settle(last, okReport(10))).status).toBe('duplicate');
    await ledger.close();
  });

  it('two processes on one store, 1,500 concurrent requests: spend + held never above the limit, each charged once', async () => {
    const clock = { now: () => T0 };
    const store = createMemoryStore({ clock, logger: memoryLogger() });
    const limit = 1000 * W;
    const config = ledgerConfig('/unused', { budgets: { dashscope: budget(limit) } });
    // Each "process" closes its own handle on the shared store.
    const handle = (): LedgerStore => ({ ...store, close: async () => undefined });
    const ledgers = [0, 1].map(() => createLedger({ config, store: handle(), clock, logger: memoryLogger() }));
    let peak = 0;
    const watch = async () => {
      const usage = (await store.readPeriod('2026-11')).providers.dashscope;
      if (usage) peak = Math.max(peak, usage.total.spentMicroUsd + usage.reservedMicroUsd);
    };
    const charged = new Map<string, number>();
    let refused = 0;
    await Promise.all(
      Array.from({ length: 1500 }, async (_, i) => {
        const ledger = ledgers[i % 2]!;
        let reservation: Reservation;
        try {
          reservation = await reserve(ledger, `q${i}`);
        } catch (error) {
          expect(isAegisError(error) && error.kind).toBe('budget_exceeded');
          refused += 1;
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, i % 4));
        const cost = W - (i % 5) * 100;
        expect((await ledger.settle(reservation, okReport(cost))).status).toBe('charged');
        charged.set(`q${i}`, cost);
        await watch();
      }),
    );
    for (const ledger of ledgers) await ledger.flush();
    await watch();
    const spent = [...charged.values()].reduce((a, b) => a + b, 0);
    const usage = (await store.readPeriod('2026-11')).providers.dashscope!;
    expect(usage.total.spentMicroUsd).toBe(spent);
    expect(usage.total.requests).toBe(charged.size);
    expect(spent).toBeLessThanOrEqual(limit);
    expect(peak).toBeLessThanOrEqual(limit);
    expect(charged.size + refused).toBe(1500);
    // All of the room was usable: the first 1,000 worst cases fit before anything settled.
    expect(charged.size).toBeGreaterThanOrEqual(1000);
    for (const ledger of ledgers) await ledger.close();
    // Closed: the allowances are given back.
    expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ reservedMicroUsd: 0, openReservations: 0 });
  });

  it('a gateway making a request or two holds no allowance: each reserves on its own', async () => {
    const clock = manualClock(T0);
    const store = counted(createMemoryStore({ clock, logger: memoryLogger() }));
    const ledger = createLedger({ config: ledgerConfig('/unused', { budgets: { dashscope: budget(10 ** 12) } }), store, clock, logger: memoryLogger() });
    await ledger.settle(await reserve(ledger, 'a'), okReport(W));
    clock.advance(60_000);
    await reserve(ledger, 'b');
    expect(store.reserves).toBe(2);
    expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ reservedMicroUsd: W, openReservations: 1 });
    await ledger.close();
  });

  it('near the limit every request reserves on its own (no allowance below 64 worst cases of headroom)', async () => {
    const clock = manualClock(T0);
    const store = counted(createMemoryStore({ clock, logger: memoryLogger() }));
    const ledger = createLedger({ config: ledgerConfig('/unused', { budgets: { dashscope: budget(60 * W) } }), store, clock, logger: memoryLogger() });
    for (let i = 0; i < 10; i += 1) {
      const reservation = await reserve(ledger, `n${i}`);
      // Held in the store as the request's own reservation, nothing more.
      expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ reservedMicroUsd: W, openReservations: 1 });
      await ledger.settle(reservation, okReport(W / 2));
    }
    expect(store.reserves).toBe(10);
    await ledger.close();
  });

  it('a lowered limit retires the allowance: the next request is checked against the new limit', async () => {
    const clock = manualClock(T0);
    const store = createMemoryStore({ clock, logger: memoryLogger() });
    let config: LedgerConfig = ledgerConfig('/unused', { budgets: { dashscope: budget(10 ** 9) } });
    const ledger = createLedger({ config: () => config, store, clock, logger: memoryLogger() });
    for (const id of ['a', 'b', 'c', 'd', 'e']) await ledger.settle(await reserve(ledger, id), okReport(W));
    // The allowance is open (256 worst cases held).
    expect((await store.readPeriod('2026-11')).providers.dashscope?.reservedMicroUsd).toBeGreaterThan(200 * W);
    config = ledgerConfig('/unused', { budgets: { dashscope: budget(5 * W) } });
    await expect(reserve(ledger, 'f')).rejects.toMatchObject({ kind: 'budget_exceeded' });
    // The old allowance no longer holds room.
    await ledger.flush();
    expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ reservedMicroUsd: 0, openReservations: 0 });
    await ledger.close();
  });

  it('the allowance of a process that died is charged its cover at its lease end: its request in flight is not dropped', async () => {
    const clock = manualClock(T0);
    const store = createMemoryStore({ clock, logger: memoryLogger() });
    const config = ledgerConfig('/unused', { budgets: { dashscope: budget(10 ** 9) }, routing: { requestTimeoutMs: 10_000 } });
    const dead = createLedger({ config, store, clock, logger: memoryLogger() });
    for (const id of ['a', 'b', 'c']) await dead.settle(await reserve(dead, id), okReport(W));
    await reserve(dead, 'd');
    // Never settled, never closed: the process is gone. Another one sees the allowance held...
    const other = createLedger({ config, store, clock, logger: memoryLogger() });
    expect((await dashscope(other)).reserved.microUsd).toBe(256 * W);
    // ...until its lease (2 x the request lease of 10 s + 60 s) ends: then 'd' is charged, with the cover's
    // margin of one worst case (it ran ahead of the one request in flight), and the idle room is free.
    clock.advance(2 * 70_000 + 1);
    await other.settle(await reserve(other, 'probe'), okReport(0));
    const status = await dashscope(other);
    expect(status.reserved.microUsd).toBe(0);
    expect(status.spent.microUsd).toBe(3 * W + 2 * W);
    await other.close();
  });

  it('declares its requests in flight before sending them: never one beyond the stored cover, and rarely a write', async () => {
    let now = T0;
    const clock = { now: () => now };
    const inner = createMemoryStore({ clock, logger: memoryLogger() });
    const stored = new Map<string, number>();
    let covers = 0;
    const store: LedgerStore = {
      ...inner,
      async coverAllowance(id, cover) {
        covers += 1;
        await new Promise((resolve) => setTimeout(resolve, 1));
        await inner.coverAllowance(id, cover);
        stored.set(id, cover.microUsd);
      },
    };
    const ledger = createLedger({ config: ledgerConfig('/unused', { budgets: { dashscope: budget(10 ** 12) } }), store, clock, logger: memoryLogger() });
    // Concurrency 1: one declaration for 200 requests once steady.
    for (let i = 0; i < 200; i += 1) await ledger.settle(await reserve(ledger, `s${i}`), okReport(1));
    expect(covers).toBeLessThanOrEqual(1);

    // Bursts of up to 64 in flight: at every admission, the store's cover holds every request in flight.
    // (Costs of 1 µUSD keep every request under the one allowance, so its cover is the only one.)
    const inFlight = new Map<string, number>();
    let violations = 0;
    covers = 0;
    for (let round = 0; round < 20; round += 1) {
      const width = 1 + ((round * 13) % 64);
      await Promise.all(
        Array.from({ length: width }, async (_, i) => {
          const worst = W + ((round + i) % 5) * 100;
          const reservation = await reserve(ledger, `b${round}-${i}`, worst);
          inFlight.set(reservation.id, worst);
          const sum = [...inFlight.values()].reduce((a, b) => a + b, 0);
          const cover = Math.max(0, ...stored.values());
          if (sum > cover) violations += 1;
          await new Promise((resolve) => setTimeout(resolve, i % 3));
          inFlight.delete(reservation.id);
          await ledger.settle(reservation, okReport(1));
        }),
      );
    }
    expect(violations).toBe(0);
    // 20 bursts, about 650 requests: a handful of declarations (the cover doubles), not one per request.
    expect(covers).toBeLessThanOrEqual(10);

    // Once the bursts are over for a second, the cover comes down: to the last request's worst case (its
    // record had not landed when it came down, so the cover still holds it) and one worst case ahead.
    now += 1_500;
    await ledger.settle(await reserve(ledger, 'after'), okReport(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([...stored.values()].at(-1)).toBe(2 * W);
    await ledger.close();
  });

  it('on the embedded store, across two ledgers sharing its files: totals exact, nothing held after close', async () => {
    const home = await homes.make();
    const config = ledgerConfig(home, { budgets: { dashscope: budget(10 ** 12) } });
    const ledgers = [0, 1].map(() => createLedger({ config, logger: memoryLogger() }));
    let spent = 0;
    await Promise.all(
      Array.from({ length: 400 }, async (_, i) => {
        const ledger = ledgers[i % 2]!;
        await ledger.settle(await reserve(ledger, `e${i}`), okReport(300));
        spent += 300;
      }),
    );
    for (const ledger of ledgers) await ledger.close();
    const check = openEmbeddedStore({ dir: `${home}/ledger`, logger: memoryLogger() });
    expect((await check.readPeriod(new Date().toISOString().slice(0, 7))).providers.dashscope).toMatchObject({
      total: { spentMicroUsd: spent, requests: 400 },
      reservedMicroUsd: 0,
      openReservations: 0,
    });
    await check.close();
  });

  it('12 processes x 4 models: the live allowances together hold at most half of the room, not all of it', async () => {
    const clock = manualClock(T0);
    const store = createMemoryStore({ clock, logger: memoryLogger() });
    const limit = 10_000 * W;
    const config = ledgerConfig('/unused', { budgets: { dashscope: budget(limit) } });
    const ledgers = Array.from({ length: 12 }, () =>
      createLedger({ config, store: { ...store, close: async () => undefined }, clock, logger: memoryLogger() }),
    );
    const models = ['qwen-max', 'qwen-plus', 'qwen-turbo', 'qwen-long'];
    // Steady demand for every model in every process: each would take its slice.
    for (let round = 0; round < 5; round += 1) {
      for (const [p, ledger] of ledgers.entries()) {
        for (const model of models) {
          const reservation = await ledger.reserve({ id: `${p}-${model}-${round}`, provider: 'dashscope', model, worstCaseMicroUsd: W });
          await ledger.settle(reservation, okReport(W / 2));
        }
      }
    }
    for (const ledger of ledgers) await ledger.flush();
    const usage = (await store.readPeriod('2026-11')).providers.dashscope!;
    // Nothing in flight: what is held is allowances, at most half of the room there was when they were taken
    // (the slices alone, 1/8 of the headroom each, would have held 99.8 % of it).
    expect(usage.reservedMicroUsd).toBeGreaterThan(0);
    expect(usage.reservedMicroUsd).toBeLessThanOrEqual(limit / 2);
    // budget_status of any of them counts its own idle slices as free.
    const status = await dashscope(ledgers[0]!);
    expect(status.reserved.microUsd).toBeLessThan(usage.reservedMicroUsd);
    for (const ledger of ledgers) await ledger.close();
    expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ reservedMicroUsd: 0, openReservations: 0 });
  });

  it("a request refused only because of another process's idle allowance is admitted once that process gives it back", async () => {
    const clock = { now: () => T0 };
    const store = createMemoryStore({ clock, logger: memoryLogger() });
    const config = ledgerConfig('/unused', { budgets: { dashscope: budget(100 * W) } });
    const holder = createLedger({ config, store: { ...store, close: async () => undefined }, clock, logger: memoryLogger() });
    const other = counted({ ...store, close: async () => undefined });
    // Without allowances of its own, so that each of its requests reserves in the store.
    const asking = createLedger({ config, store: other, clock, logger: memoryLogger(), allowanceWorstCases: 0 });
    // The holder's 4th request takes a slice: 12 worst cases of the 98 of room, 11.5 left idle after it settled.
    for (const id of ['h1', 'h2', 'h3', 'h4']) await holder.settle(await reserve(holder, id), okReport(W / 2));
    expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ reservedMicroUsd: 11.5 * W, openReservations: 1 });

    // The other process keeps its requests in flight.
    const inFlight: Reservation[] = [];
    const ask = (n: number) => asking.reserve({ id: `o${n}`, provider: 'dashscope', model: 'qwen-max', worstCaseMicroUsd: W });
    for (let n = 0; n < 86; n += 1) inFlight.push(await ask(n));
    // 2 spent + 86 in flight + 1 fits the 100 once the idle slice is given back: admitted, after the holder saw the reclaim.
    inFlight.push(await ask(86));
    expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ reservedMicroUsd: 87 * W, openReservations: 87 });
    for (let n = 87; n < 98; n += 1) inFlight.push(await ask(n));
    // Full: 2 spent + 98 in flight. Refused at once, with no reclaim to wait for.
    other.reserves = 0;
    await expect(ask(98)).rejects.toMatchObject({ kind: 'budget_exceeded', details: { spentMicroUsd: 2 * W, reservedMicroUsd: 98 * W } });
    expect(other.reserves).toBe(1);
    // The holder reserves request by request meanwhile: its slice is not taken again while room is asked back.
    await asking.release(inFlight.pop()!);
    const next = await reserve(holder, 'h5');
    expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ reservedMicroUsd: 98 * W, openReservations: 98 });
    await holder.release(next);
    for (const reservation of inFlight) await asking.settle(reservation, okReport(W / 2));
    await holder.close();
    await asking.close();
    expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ total: { spentMicroUsd: 50.5 * W }, reservedMicroUsd: 0 });
  });

  it('a retired allowance gives back at once what its requests in flight do not hold, and budget_status shows only those', async () => {
    const clock = { now: () => T0 };
    const store = createMemoryStore({ clock, logger: memoryLogger() });
    const ledger = createLedger({ config: ledgerConfig('/unused', { budgets: { dashscope: budget(100 * W) } }), store, clock, logger: memoryLogger() });
    for (const id of ['a', 'b', 'c']) await ledger.settle(await reserve(ledger, id), okReport(W / 2));
    // The 4th takes the slice (12 worst cases of 98.5): three requests in flight under it.
    const under = [await reserve(ledger, 'd'), await reserve(ledger, 'e'), await reserve(ledger, 'f')];
    expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ reservedMicroUsd: 12 * W });
    expect(await dashscope(ledger)).toMatchObject({ reserved: { microUsd: 3 * W }, openReservations: 3 });
    // Another model, reserved one by one: 86 fit beside the slice; the 87th is refused by the slice's idle room alone,
    // which is given back (9 of the 12) and it is admitted; then up to 1.5 spent + 3 + 95 in flight.
    const other: Reservation[] = [];
    // (One model each: no steady demand, so each reserves in the store.)
    const ask = (n: number) => ledger.reserve({ id: `m${n}`, provider: 'dashscope', model: `m${n}`, worstCaseMicroUsd: W });
    for (let n = 0; n < 95; n += 1) other.push(await ask(n));
    expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ reservedMicroUsd: 98 * W, openReservations: 96 });
    expect(await dashscope(ledger)).toMatchObject({ reserved: { microUsd: 98 * W }, openReservations: 98 });
    await expect(ask(95)).rejects.toMatchObject({ kind: 'budget_exceeded' });
    // A request under the retired allowance takes its whole worst case away when it settles, not only its cost.
    await ledger.settle(under[0]!, okReport(W / 2));
    expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ reservedMicroUsd: 97 * W, total: { spentMicroUsd: 2 * W } });
    expect(await dashscope(ledger)).toMatchObject({ reserved: { microUsd: 97 * W }, openReservations: 97 });
    // One released without a record gives its worst case back too; the last one ends the allowance.
    await ledger.release(under[1]!);
    expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ reservedMicroUsd: 96 * W });
    await ledger.settle(under[2]!, okReport(W / 2));
    expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ reservedMicroUsd: 95 * W, openReservations: 95 });
    for (const reservation of other) await ledger.settle(reservation, okReport(W / 2));
    await ledger.close();
    expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ total: { spentMicroUsd: 50 * W }, reservedMicroUsd: 0 });
  });
});
