/**
 * Redis unreachable: the configured policy, no crash, no unhandled rejection,
 * and the local fallback replayed once Redis is back, nothing counted twice.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAegisError } from '../../errors.js';
import { hasRedisServer, startRedisServer, type RedisServer } from '../../test-support/start-redis-server.js';
import type { LedgerStore } from '../store.js';
import { manualClock, memoryLogger, sampleRecord, tempHomes } from '../test-support/ledger-fixtures.js';
import { CONTRACT_T0, reserveInput } from '../test-support/ledger-store-contract.js';
import { createRedisLedgerStore } from './create-redis-ledger-store.js';
import { uniquePrefix } from './test-support/redis-test-store.js';

const enabled = hasRedisServer();
const homes = tempHomes();
let server: RedisServer | undefined;
beforeAll(async () => {
  if (enabled) server = await startRedisServer({ appendonly: true });
});
afterAll(async () => {
  await server?.stop();
  await homes.removeAll();
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Waits until the period's dashscope totals are `expected` (the replay runs in the background). */
async function waitForTotals(store: LedgerStore, expected: { requests: number; spentMicroUsd: number }): Promise<void> {
  const deadline = Date.now() + 8000;
  let last: unknown;
  while (Date.now() < deadline) {
    const total = (await store.readPeriod('2026-11').catch(() => undefined))?.providers.dashscope?.total;
    last = total && { requests: total.requests, spentMicroUsd: total.spentMicroUsd };
    if (total?.requests === expected.requests && total.spentMicroUsd === expected.spentMicroUsd) return;
    await sleep(50);
  }
  expect(last).toEqual(expected);
}

describe.skipIf(!enabled)('the Redis ledger store while Redis is unreachable', () => {
  it('fail-closed: refuses with store_unavailable, naming the store without its password', async () => {
    const dead = { url: `redis://:hunter2-secret@127.0.0.1:${server!.port + 1}/3` };
    const logger = memoryLogger();
    const store = createRedisLedgerStore({ url: dead.url, logger, connectTimeoutMs: 300 });
    const error = await caught(store.reserve(reserveInput('a', 100)));
    expect(isAegisError(error) && error.kind).toBe('store_unavailable');
    const message = (error as Error).message;
    expect(message).toContain(`redis://127.0.0.1:${server!.port + 1}/3`);
    expect(message).toContain('fail-open');
    expect(JSON.stringify([message, (error as { details?: unknown }).details, logger.entries])).not.toContain('hunter2');
    expect(isAegisError(error) && [error.retryable, error.fallbackable]).toEqual([false, false]);
    // Without a fallback directory, a settle cannot be kept either; reads are refused too.
    expect(await caught(store.settle('a', sampleRecord('a', 1)))).toMatchObject({ kind: 'store_unavailable' });
    expect(await caught(store.readPeriod('2026-11'))).toMatchObject({ kind: 'store_unavailable' });
    await expect(store.open()).rejects.toMatchObject({ kind: 'store_unavailable' });
    await store.close();
  });

  it('fail-open: admits and records locally while Redis is down, then replays each record once', async () => {
    const dir = join(await homes.make(), 'fallback');
    const keyPrefix = uniquePrefix();
    const clock = manualClock(CONTRACT_T0);
    const open = (): LedgerStore =>
      createRedisLedgerStore({
        url: server!.url,
        keyPrefix,
        clock,
        logger: memoryLogger(),
        onUnavailable: 'fail-open',
        localFallbackDir: dir,
        connectTimeoutMs: 1000,
      });
    const store = open();
    await store.open();
    await store.reserve(reserveInput('before', 100));
    await store.settle('before', sampleRecord('before', 60));
    // Reserved in Redis, settled during the outage.
    await store.reserve(reserveInput('held', 300));

    await server!.kill();
    expect(await store.reserve(reserveInput('local', 200))).toMatchObject({ admitted: true });
    expect(await store.settle('local', sampleRecord('local', 150))).toMatchObject({ status: 'charged' });
    expect(await store.settle('held', sampleRecord('held', 250))).toMatchObject({ status: 'charged' });
    await store.append(sampleRecord('plain', 5));
    await expect(store.readPeriod('2026-11')).rejects.toMatchObject({ kind: 'store_unavailable' });

    await server!.restart();
    await waitForTotals(store, { requests: 4, spentMicroUsd: 60 + 150 + 250 + 5 });
    // The replayed settle ended the reservation Redis still held.
    expect((await store.readPeriod('2026-11')).providers.dashscope).toMatchObject({ reservedMicroUsd: 0, openReservations: 0 });
    await store.close();

    // Replaying again (a new process, even with the cursor lost) counts nothing twice.
    await rm(join(dir, 'redis-replay.json'));
    const again = open();
    await again.open();
    await sleep(300);
    await waitForTotals(again, { requests: 4, spentMicroUsd: 465 });
    expect((await again.listRecent(10)).map((r) => r.id).sort()).toEqual(['before', 'held', 'local', 'plain']);
    await again.close();
  });

  it('fail-open: closing as Redis comes back, before this process noticed, still replays into Redis', async () => {
    const dir = join(await homes.make(), 'fallback');
    const keyPrefix = uniquePrefix();
    const clock = manualClock(CONTRACT_T0);
    const store = createRedisLedgerStore({
      url: server!.url,
      keyPrefix,
      clock,
      logger: memoryLogger(),
      onUnavailable: 'fail-open',
      localFallbackDir: dir,
      connectTimeoutMs: 1000,
    });
    await store.open();
    await server!.kill();
    // Long enough for ioredis to retry ~600 ms apart (attempts at ~1.5 s and
    // ~2.1 s): Redis is back in between, and the store closes unaware.
    await sleep(1700);
    expect(await store.reserve(reserveInput('local', 200))).toMatchObject({ admitted: true });
    expect(await store.settle('local', sampleRecord('local', 150))).toMatchObject({ status: 'charged' });
    await server!.restart();
    await store.close();

    const check = createRedisLedgerStore({ url: server!.url, keyPrefix, clock, logger: memoryLogger() });
    expect((await check.readPeriod('2026-11')).providers.dashscope?.total).toMatchObject({ requests: 1, spentMicroUsd: 150 });
    await check.close();
  });

  it('fail-closed with a fallback directory: refuses new requests, still records admitted ones', async () => {
    const dir = join(await homes.make(), 'fallback');
    const store = createRedisLedgerStore({
      url: server!.url,
      keyPrefix: uniquePrefix(),
      clock: manualClock(CONTRACT_T0),
      logger: memoryLogger(),
      localFallbackDir: dir,
    });
    await store.reserve(reserveInput('held', 300));
    await server!.kill();
    await expect(store.reserve(reserveInput('new', 100))).rejects.toMatchObject({ kind: 'store_unavailable' });
    expect(await store.settle('held', sampleRecord('held', 120))).toMatchObject({ status: 'charged' });
    await server!.restart();
    await waitForTotals(store, { requests: 1, spentMicroUsd: 120 });
    expect(await store.reserve(reserveInput('new', 100))).toMatchObject({ admitted: true });
    await store.close();
  });
});
