/**
 * Issue 17 item 5: one limit for everyone on a store. Two processes on one
 * store (one embedded home, one Redis), the limit declared by only one of
 * them (as an n8n credential declared $0.02 while an MCP server declared
 * nothing): both enforce it, and together they never pass it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@aegis-llm/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { memoryLogger } from '../ledger/test-support/ledger-fixtures.js';
import { hasRedisServer, startRedisServer, type RedisServer } from '../test-support/start-redis-server.js';
import { spawnSpendChild } from '../test-support/spawn-spend-child.js';
import { createGateway } from './create-gateway.js';

const API_KEY = 'sk-shared-limit-0123456789';
const LIMIT_USD = 0.2;
const REQUESTS = 8;

let sim: Simulator;
let redis: RedisServer | undefined;
const homes: string[] = [];
beforeAll(async () => {
  sim = await startSimulator({ apiKey: API_KEY, defaultScenario: { spend: 'all', chunks: 4 } });
  if (hasRedisServer()) redis = await startRedisServer();
});
afterAll(async () => {
  await sim?.close();
  await redis?.stop();
  await Promise.all(homes.map((home) => rm(home, { recursive: true, force: true })));
});

async function run(store: { redisUrl?: string; keyPrefix?: string }) {
  const declaring = await mkdtemp(join(tmpdir(), 'aegis-limit-a-'));
  // With Redis, each process has its own home (they could be on two machines); embedded, they share one.
  const other = store.redisUrl === undefined ? declaring : await mkdtemp(join(tmpdir(), 'aegis-limit-b-'));
  homes.push(declaring, other);
  const common = { baseURL: sim.baseURL, apiKey: API_KEY, model: 'dashscope/qwen-max', requests: REQUESTS, concurrency: 4, ...store };
  const a = spawnSpendChild({ ...common, home: declaring, limitUsd: LIMIT_USD });
  await a.ready;
  // B declares no budget at all.
  const b = spawnSpendChild({ ...common, home: other });
  await b.ready;
  a.go();
  b.go();
  const [sa, sb] = await Promise.all([a.summary, b.summary]);
  // A third process, also declaring nothing, reads the store's account.
  const config = parseConfig(store.redisUrl ? { store: { url: store.redisUrl, keyPrefix: store.keyPrefix } } : {}, {
    DASHSCOPE_API_KEY: API_KEY,
    DASHSCOPE_BASE_URL: sim.baseURL,
    AEGIS_LLM_HOME: other,
    HOME: other,
  });
  const reader = createGateway({ config, logger: memoryLogger() });
  const status = await reader.budgetStatus({ provider: 'dashscope' });
  await reader.close();
  return { sa, sb, dashscope: status.providers.find((p) => p.provider === 'dashscope') };
}

function check({ sa, sb, dashscope }: Awaited<ReturnType<typeof run>>): void {
  expect([...sa.failed, ...sb.failed]).toEqual([]);
  const spentA = sa.answered.reduce((sum, x) => sum + x.cost, 0);
  const spentB = sb.answered.reduce((sum, x) => sum + x.cost, 0);
  console.info('limit declared in A only', {
    answeredA: sa.answered.length,
    refusedA: sa.refused,
    answeredB: sb.answered.length,
    refusedB: sb.refused,
    spentA,
    spentB,
  });
  // B, declaring nothing, enforced A's limit: it was refused too.
  expect(sb.refused).toBeGreaterThan(0);
  expect(sa.answered.length + sb.answered.length).toBeGreaterThan(0);
  expect(spentA + spentB).toBeLessThanOrEqual(LIMIT_USD * 1_000_000);
  expect(dashscope).toMatchObject({ budgeted: true, limit: { microUsd: LIMIT_USD * 1_000_000 }, spent: { microUsd: spentA + spentB } });
  expect(dashscope?.limitSetBy).toBe('environment');
}

describe('two processes on one store, the limit declared in only one of them', () => {
  it('on one embedded home: both enforce it, neither overshoots', async () => {
    check(await run({}));
  }, 90_000);

  it.skipIf(!hasRedisServer())(
    'on one Redis: both enforce it, neither overshoots',
    async () => {
      check(await run({ redisUrl: redis!.url, keyPrefix: `limit-${Date.now()}:` }));
    },
    90_000,
  );
});
