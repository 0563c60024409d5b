import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AegisError } from '../errors.js';
import { memoryLogger } from '../ledger/test-support/ledger-fixtures.js';
import { hasRedisServer, startRedisServer, type RedisServer } from '../test-support/start-redis-server.js';
import { createCooldownTracker } from './cooldown-tracker.js';
import { createRedisCooldownStore, type RedisCooldownStore } from './redis-cooldown-store.js';
import { createFakeTime } from './test-support/fake-time.js';
import { routingSettings } from './test-support/routing-settings.js';

const here = dirname(fileURLToPath(import.meta.url));
const hooks = pathToFileURL(join(here, '../ledger/test-support/register-ts-hooks.ts')).href;
const childScript = join(here, '../test-support/redis-cooldown-child.ts');
const A = { provider: 'dashscope', model: 'qwen-plus' };

const enabled = hasRedisServer();
let server: RedisServer | undefined;
const opened: RedisCooldownStore[] = [];
beforeAll(async () => {
  if (enabled) server = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await server?.stop();
});

let prefixes = 0;
function stores(count: number, url = server!.url): RedisCooldownStore[] {
  const keyPrefix = `cooldown-test-${(prefixes += 1)}:`;
  const made = Array.from({ length: count }, () => createRedisCooldownStore({ url, keyPrefix, logger: memoryLogger(), connectTimeoutMs: 500 }));
  opened.push(...made);
  return made;
}

describe.skipIf(!enabled)('createRedisCooldownStore against a real redis-server', () => {
  it('a cooldown set by one process is honoured by another, within milliseconds', async () => {
    const [store] = stores(1);
    await store!.ready();
    const tracker = createCooldownTracker({ settings: routingSettings(), clock: { now: () => Date.now() }, store });
    const child = spawn(
      process.execPath,
      ['--import', hooks, childScript, JSON.stringify({ url: server!.url, keyPrefix: `cooldown-test-${prefixes}:`, ...A })],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    const line = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    const [, at, inChild] = line.trim().split(' ');
    expect(inChild).toBe('true');
    while (!tracker.isCoolingDown(A) && Date.now() - Number(at) < 5000) await new Promise((resolve) => setTimeout(resolve, 1));
    const delayMs = Date.now() - Number(at);
    expect(tracker.isCoolingDown(A)).toBe(true);
    expect(tracker.tryAcquire(A)).toBe('open');
    expect(delayMs).toBeLessThan(1000);
    console.info('cooldown seen by the other process after', { delayMs });
    child.stdin.end();
    await new Promise((resolve) => child.on('exit', resolve));
  }, 20_000);

  it('gives the half-open probe to exactly one of several processes', async () => {
    const time = createFakeTime(1_000_000);
    const trackers = stores(3).map((store) => createCooldownTracker({ settings: routingSettings(), clock: time.clock, store }));
    await trackers[0]!.recordFailure(A, new AegisError('quota_exhausted', 'quota'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(trackers.map((t) => t.isCoolingDown(A))).toEqual([true, true, true]);
    time.advance(30_000);
    const permits = await Promise.all(trackers.map((t) => t.tryAcquire(A)));
    expect(permits.filter((p) => p === 'probe')).toHaveLength(1);
    expect(permits.filter((p) => p === 'open')).toHaveLength(2);
  });

  it('a cooldown cleared in one process is cleared in every process', async () => {
    const time = createFakeTime(1_000_000);
    const [one, two] = stores(2).map((store) => createCooldownTracker({ settings: routingSettings(), clock: time.clock, store }));
    await one!.recordFailure(A, new AegisError('quota_exhausted', 'quota'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(two!.isCoolingDown(A)).toBe(true);
    expect(await two!.clear(A)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([one!.isCoolingDown(A), two!.isCoolingDown(A)]).toEqual([false, false]);
    expect(await one!.snapshot()).toEqual([]);
    expect(await one!.clear(A)).toBe(false);
  });

  it('loses no concurrent change: compare-and-set retries on conflict', async () => {
    const [a, b] = stores(2);
    await Promise.all([a!.ready(), b!.ready()]);
    const add = (store: RedisCooldownStore, t: number) =>
      store.update('x/y', (current) => ({ next: { failures: [...(current?.failures ?? []), t] }, result: undefined }));
    await Promise.all(Array.from({ length: 40 }, (_, i) => add(i % 2 === 0 ? a! : b!, i)));
    const [entries] = await Promise.all([a!.entries(), b!.entries()]);
    expect([...(entries.find(([key]) => key === 'x/y')?.[1].failures ?? [])].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('Redis unreachable: never throws, keeps cooldowns per process', async () => {
    const [store] = stores(1, `redis://127.0.0.1:${server!.port + 1}/0`);
    await store!.ready();
    const tracker = createCooldownTracker({ settings: routingSettings(), clock: { now: () => Date.now() }, store });
    await tracker.recordFailure(A, new AegisError('quota_exhausted', 'quota'));
    expect(tracker.isCoolingDown(A)).toBe(true);
    expect(await tracker.snapshot()).toEqual([expect.objectContaining({ target: 'dashscope/qwen-plus', state: 'open' })]);
  });
});
