/**
 * Found by the fault soak: under load the ledger's reserve can take longer
 * than the stream idle timeout (p99 up to ~750 ms at concurrency 64 on a
 * 2-core machine). Reproduced here with a ledger whose reserve is slow on
 * purpose. Both were bugs:
 *
 * - A reservation whose attempt was given up while it was still opening (the
 *   idle timer or the deadline fired during reserve) was never released: the
 *   worst case stayed held against the budget until its lease lapsed
 *   (requestTimeoutMs + 60 s), refusing requests that would fit.
 * - The idle timer ran during reserve, so a slow ledger was reported as the
 *   upstream "sent nothing for N ms", and the healthy target was charged a
 *   failure towards cooldown, although no request was ever sent to it.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, createLedger, isAegisError, parseConfig, type Gateway } from '@aegis-llm/core';
import { startSimulator, type Simulator } from '@aegis-llm/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../packages/core/src/ledger/embedded/open-embedded-store.js';

const KEY = 'sk-slow-ledger-0123456789';
let sim: Simulator | undefined;
let gateway: Gateway | undefined;
let home: string | undefined;

let unlockLedger: (() => void) | undefined;

afterEach(async () => {
  unlockLedger?.();
  unlockLedger = undefined;
  await gateway?.close();
  await sim?.close();
  if (home) rmSync(home, { recursive: true, force: true });
  sim = gateway = home = undefined;
});

/** A gateway whose ledger takes `reserveDelayMs` to admit each request. */
async function slowLedgerGateway(routing: Record<string, unknown>, reserveDelayMs: number): Promise<Gateway> {
  sim = await startSimulator({ apiKey: KEY });
  home = mkdtempSync(join(tmpdir(), 'aegis-slow-ledger-'));
  const config = parseConfig(
    { routing: { maxRetries: 0, ...routing }, budgets: { dashscope: { monthlyUsd: 1 } } },
    { DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: sim.baseURL, AEGIS_LLM_HOME: home, HOME: home },
  );
  const ledger = createLedger({ config, logger: { info() {}, warn() {}, error() {} } });
  const reserve = ledger.reserve.bind(ledger);
  ledger.reserve = async (request) => {
    const reservation = await reserve(request);
    await new Promise((resolve) => setTimeout(resolve, reserveDelayMs));
    return reservation;
  };
  gateway = createGateway({ config, ledger, logger: { info() {}, warn() {}, error() {} } });
  return gateway;
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAegisError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

async function held(gw: Gateway): Promise<{ open: number; reservedMicroUsd: number }> {
  // Releases are fire-and-forget: give them a moment.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const status = await gw.budgetStatus({ provider: 'dashscope' });
  const p = status.providers[0];
  return { open: p?.openReservations ?? -1, reservedMicroUsd: p?.reserved.microUsd ?? -1 };
}

describe('a ledger slower than the timers', () => {
  it('a reservation slower than the idle timeout neither fails the request nor stays held', async () => {
    // The idle timer measures the upstream only (routing/run-stream-with-fallback.ts).
    const gw = await slowLedgerGateway({ streamIdleTimeoutMs: 100 }, 300);
    await gw.chat({ model: 'dashscope/qwen-plus', prompt: 'hello', maxTokens: 20 });
    expect(await held(gw)).toEqual({ open: 0, reservedMicroUsd: 0 });
  });

  it('gives the reservation back when the deadline passes while it is being made', async () => {
    const gw = await slowLedgerGateway({ requestTimeoutMs: 150 }, 400);
    const error = await failure(gw.chat({ model: 'dashscope/qwen-plus', prompt: 'hello', maxTokens: 20 }));
    expect(error.kind).toBe('timeout');
    expect(await held(gw)).toEqual({ open: 0, reservedMicroUsd: 0 });
  });

  it('does not blame a healthy upstream for the time the budget check took', async () => {
    const gw = await slowLedgerGateway({ streamIdleTimeoutMs: 100 }, 300);
    const result = await gw.chat({ model: 'dashscope/qwen-plus', prompt: 'hello', maxTokens: 20 });
    expect(result.text).toMatch(/^Echo: hello/);
  });
});

describe('a ledger lock held by a live process (issue 15)', () => {
  /** Holds `<home>/ledger/ledger.lock` as a live process would: the lock directory, its mtime kept fresh. */
  async function holdLock(dir: string): Promise<() => void> {
    const lock = join(dir, 'ledger.lock');
    mkdirSync(lock, { recursive: true });
    const timer = setInterval(() => utimesSync(lock, new Date(), new Date()), 300);
    return () => {
      clearInterval(timer);
      rmSync(lock, { recursive: true, force: true });
    };
  }

  async function lockedGateway(lockTimeoutMs: number | undefined, routing: Record<string, unknown>) {
    sim = await startSimulator({ apiKey: KEY });
    home = mkdtempSync(join(tmpdir(), 'aegis-locked-ledger-'));
    const config = parseConfig(
      { routing: { maxRetries: 0, ...routing }, budgets: { dashscope: { monthlyUsd: 1 } } },
      { DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: sim.baseURL, AEGIS_LLM_HOME: home, HOME: home },
    );
    const quiet = { info() {}, warn() {}, error() {} };
    const dir = join(home, 'ledger');
    const store = openEmbeddedStore({ dir, logger: quiet, ...(lockTimeoutMs === undefined ? {} : { lockTimeoutMs }) });
    await store.open();
    const ledger = createLedger({ config, store, logger: quiet });
    gateway = createGateway({ config, ledger, logger: quiet });
    unlockLedger = await holdLock(dir);
    return { gw: gateway, unlock: unlockLedger };
  }

  it('a deadline passing while the budget check waits for the lock: "not called", never counted against the target', async () => {
    const { gw, unlock } = await lockedGateway(undefined, { requestTimeoutMs: 400, cooldown: { failures: 2, windowMs: 60_000, durationMs: 60_000 } });
    for (let i = 0; i < 3; i += 1) {
      const error = await failure(gw.chat({ model: 'dashscope/qwen-plus', prompt: 'hello', maxTokens: 20 }));
      expect(error).toMatchObject({ kind: 'timeout', code: 'NOT_SENT' });
      expect(error.message).toMatch(/dashscope\/qwen-plus was not called: .*cost ledger/);
      expect(error.message).not.toMatch(/did not answer/);
    }
    expect(sim!.requests).toHaveLength(0);
    expect(await gw.cooldowns()).toEqual([]);
    unlock();
    await expect.poll(() => answered(gw), { timeout: 5_000, interval: 100 }).toBe(true);
  });

  it('a lock that does not free up in time: store_unavailable naming the lock, no cooldown', async () => {
    const { gw, unlock } = await lockedGateway(300, { requestTimeoutMs: 5_000, cooldown: { failures: 2, windowMs: 60_000, durationMs: 60_000 } });
    for (let i = 0; i < 3; i += 1) {
      const error = await failure(gw.chat({ model: 'dashscope/qwen-plus', prompt: 'hello', maxTokens: 20 }));
      expect(error).toMatchObject({ kind: 'store_unavailable', code: 'LEDGER_LOCK_TIMEOUT', fallbackable: false });
      expect(error.message).toMatch(/cost ledger's lock .*ledger\.lock.* is held by another process/);
    }
    expect(await gw.cooldowns()).toEqual([]);
    unlock();
    // Once the kept records (the refused requests') have landed, budgeted requests are answered again.
    await expect.poll(() => answered(gw), { timeout: 5_000, interval: 100 }).toBe(true);
  });
});

async function answered(gw: Gateway): Promise<boolean> {
  try {
    return /^Echo: hello/.test((await gw.chat({ model: 'dashscope/qwen-plus', prompt: 'hello', maxTokens: 20 })).text);
  } catch (error) {
    if (isAegisError(error) && error.kind === 'store_unavailable') return false;
    throw error;
  }
}
