/**
 * Several OS processes on one Redis ledger, each running the real store:
 * the budget holds and totals are exact; and Redis killed and restarted
 * mid-run (appendonly, same port) crashes nothing, counts nothing twice,
 * and each unavailability policy does what it says: with fail-open, every
 * process gets back to Redis, and what it recorded locally reaches Redis,
 * on close at the latest.
 */
import { spawn } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedisServer, startRedisServer, type RedisServer } from '../../test-support/start-redis-server.js';
import { memoryLogger, tempHomes } from '../test-support/ledger-fixtures.js';
import type { StoreUnavailablePolicy } from './create-redis-ledger-store.js';
import { redisLedgerKeys } from './redis-ledger-keys.js';
import { redisTestStore, uniquePrefix } from './test-support/redis-test-store.js';

const here = dirname(fileURLToPath(import.meta.url));
const hooks = pathToFileURL(join(here, '../test-support/register-ts-hooks.ts')).href;
const childScript = join(here, 'test-support/redis-ledger-child.ts');
const T0 = Date.parse('2026-11-10T12:00:00Z');
const PERIOD = '2026-11';

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

interface Summary {
  settled: Array<[string, number]>;
  refused: Record<string, number>;
}

function runChild(args: Record<string, unknown>): Promise<Summary> {
  const child = spawn(process.execPath, ['--import', hooks, childScript, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`child exited ${code}:\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Summary);
    }),
  );
}

/** What Redis holds for the period: sums, and every record in the stream. */
async function redisFigures(keyPrefix: string) {
  const store = redisTestStore(server!.url, { now: () => T0 }, memoryLogger(), { keyPrefix });
  const period = await store.readPeriod(PERIOD);
  await store.close();
  const client = new Redis(server!.url);
  const entries = await client.xrange(redisLedgerKeys(keyPrefix).records, '-', '+');
  client.disconnect();
  const ids = entries.map(([, fields]) => (JSON.parse(fields[1]!) as { id: string }).id);
  return { usage: period.providers.dashscope, ids };
}

/** Records in Redis of each child (`tags`): the tag is the request id but its number (`fail-open-a-17`). */
async function recordsByChild(keyPrefix: string, tags: readonly string[]): Promise<Map<string, number>> {
  const client = new Redis(server!.url);
  try {
    const entries = await client.xrange(redisLedgerKeys(keyPrefix).records, '-', '+');
    const counts = new Map(tags.map((tag) => [tag, 0]));
    for (const [, fields] of entries) {
      const id = (JSON.parse(fields[1]!) as { id: string }).id;
      const tag = id.slice(0, id.lastIndexOf('-'));
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
    return counts;
  } finally {
    client.disconnect();
  }
}

/** Waits until each child has written `more` records to Redis since `before` (live, or replaying what it recorded locally). */
async function eachChildWrote(keyPrefix: string, before: Map<string, number>, more: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const now = await recordsByChild(keyPrefix, [...before.keys()]);
    const behind = [...before].filter(([tag, count]) => now.get(tag)! < count + more).map(([tag]) => tag);
    if (behind.length === 0) return;
    if (Date.now() > deadline) throw new Error(`fewer than ${more} new records in Redis from ${behind.join(', ')} after 20 s`);
    await sleep(50);
  }
}

interface RestartCase {
  policy: StoreUnavailablePolicy;
  /** How long Redis stays down. */
  outageMs: number;
  /**
   * `run-on`: the children go on until each has written to Redis again;
   * `stop`: they stop as soon as Redis is back, most of them between two
   * reconnection attempts (ioredis backs off up to a second after a long
   * outage), so their close has to reach Redis for them.
   */
  afterRestart: 'run-on' | 'stop';
}

describe.skipIf(!enabled)('the Redis ledger across processes', () => {
  it('3 processes x 200 concurrent requests on one budget: never above the limit, totals exact', async () => {
    const keyPrefix = uniquePrefix();
    const worstCase = 1000;
    // Fits 100 at worst case; 600 ask for it, each settling at about half.
    const limit = 100 * worstCase;
    const startAt = Date.now() + 1500;
    const common = {
      mode: 'budget',
      url: server!.url,
      keyPrefix,
      concurrency: 200,
      requests: 200,
      clockBase: T0,
      limitMicroUsd: limit,
      worstCaseMicroUsd: worstCase,
      latencyMs: 10,
      startAt,
    };
    const children = ['a', 'b', 'c'].map((tag) => runChild({ ...common, tag }));

    // Meanwhile, spend + held never passes the limit, at any moment observed.
    const watcher = redisTestStore(server!.url, { now: () => T0 + (Date.now() - startAt) }, memoryLogger(), { keyPrefix });
    let done = false;
    let samples = 0;
    let peak = 0;
    const watching = (async () => {
      while (!done) {
        const usage = (await watcher.readPeriod(PERIOD)).providers.dashscope;
        if (usage !== undefined) {
          peak = Math.max(peak, usage.total.spentMicroUsd + usage.reservedMicroUsd);
          samples += 1;
        }
        await sleep(5);
      }
    })();
    const summaries = await Promise.all(children);
    done = true;
    await watching;
    await watcher.close();

    const settled = summaries.flatMap((s) => s.settled);
    const spent = settled.reduce((sum, [, cost]) => sum + cost, 0);
    const refusedBudget = summaries.reduce((n, s) => n + (s.refused.budget_exceeded ?? 0), 0);
    expect(summaries.flatMap((s) => Object.keys(s.refused).filter((kind) => kind !== 'budget_exceeded'))).toEqual([]);
    expect(settled.length + refusedBudget).toBe(600);
    // Room for 100 at worst case, and more as settles hand room back: none refused while it fit.
    expect(settled.length).toBeGreaterThanOrEqual(100);
    expect(refusedBudget).toBeGreaterThan(0);
    // Which process gets the room is a race (a late starter may find none left): not asserted.

    const { usage, ids } = await redisFigures(keyPrefix);
    expect(spent).toBeLessThanOrEqual(limit);
    expect(peak).toBeLessThanOrEqual(limit);
    expect(usage?.total).toMatchObject({ spentMicroUsd: spent, requests: settled.length });
    expect(usage).toMatchObject({ reservedMicroUsd: 0, openReservations: 0 });
    expect(ids.sort()).toEqual(settled.map(([id]) => id).sort());
    console.info('redis budget, 3 x 200', { admitted: settled.length, refused: refusedBudget, spent, limit, peak, samples });
  }, 60_000);

  it.each<RestartCase>([
    { policy: 'fail-closed', outageMs: 800, afterRestart: 'run-on' },
    { policy: 'fail-open', outageMs: 800, afterRestart: 'run-on' },
    // A child closing between two reconnection attempts used to leave all it
    // had recorded locally out of Redis: every run of this case, and 1 in 3
    // with a 1500 ms outage and 60 records' run-on.
    { policy: 'fail-open', outageMs: 1800, afterRestart: 'stop' },
  ])(
    'Redis killed and restarted mid-run ($policy, $outageMs ms outage, $afterRestart): no crash, nothing counted twice, the policy observed',
    async ({ policy, outageMs: outageWanted, afterRestart }) => {
      const keyPrefix = uniquePrefix();
      const home = await homes.make();
      const stopFile = join(home, 'stop');
      // Small budget allowances (16 worst cases, ~30 ms of this load) so that
      // during the outage the children need the store to admit more.
      const common = {
        mode: 'steady',
        url: server!.url,
        keyPrefix,
        concurrency: 10,
        stopFile,
        clockBase: T0,
        limitMicroUsd: 10 ** 12,
        worstCaseMicroUsd: 1000,
        latencyMs: 20,
        onUnavailable: policy,
        allowanceWorstCases: 16,
      };
      const tags = ['a', 'b', 'c'].map((tag) => `${policy}-${tag}`);
      const children = tags.map((tag) => runChild({ ...common, tag, fallbackDir: join(home, tag) }));
      // Kill Redis once each child is busy, bring it back, let them go on a while (or not), stop them.
      await eachChildWrote(keyPrefix, await recordsByChild(keyPrefix, tags), 20);
      await server!.kill();
      const downAt = Date.now();
      await sleep(outageWanted);
      await server!.restart();
      const outageMs = Date.now() - downAt;
      // No process stays local once Redis is back.
      if (afterRestart === 'run-on') await eachChildWrote(keyPrefix, await recordsByChild(keyPrefix, tags), 20);
      await writeFile(stopFile, '');
      const summaries = await Promise.all(children);

      const settled = summaries.flatMap((s) => s.settled);
      const spent = settled.reduce((sum, [, cost]) => sum + cost, 0);
      const unavailable = summaries.reduce((n, s) => n + (s.refused.store_unavailable ?? 0), 0);
      const otherRefusals = summaries.flatMap((s) => Object.keys(s.refused).filter((kind) => kind !== 'store_unavailable'));
      expect(otherRefusals).toEqual([]);
      const localLogs = (await Promise.all(tags.map((tag) => readdir(join(home, tag)).catch(() => [])))).flat().filter((name) => name.endsWith('.jsonl'));
      if (policy === 'fail-closed') {
        // Refused while Redis was down...
        expect(unavailable).toBeGreaterThan(0);
      } else {
        // ...or admitted and recorded locally, never refused.
        expect(unavailable).toBe(0);
        expect(localLogs.length).toBeGreaterThan(0);
      }

      // Every acknowledged request is in Redis exactly once (the local records were replayed on close at the latest).
      const { usage, ids } = await redisFigures(keyPrefix);
      const stored = new Set(ids);
      const missing = settled.map(([id]) => id).filter((id) => !stored.has(id));
      // Told briefly: a child left local has hundreds of them, in a row.
      expect({ missing: missing.length, first: missing[0], last: missing.at(-1) }).toEqual({ missing: 0, first: undefined, last: undefined });
      expect(stored.size).toBe(ids.length);
      expect(ids.sort()).toEqual(settled.map(([id]) => id).sort());
      expect(usage?.total).toMatchObject({ spentMicroUsd: spent, requests: settled.length });
      console.info(`redis restart, ${policy}, ${afterRestart}`, {
        settled: settled.length,
        refusedUnavailable: unavailable,
        outageMs,
        localLogs: localLogs.length,
      });
    },
    60_000,
  );
});
