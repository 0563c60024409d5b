/**
 * Issue 15's first finding, as it was found: 12 processes on one budget, a
 * qwen-max-like priced model, no max_tokens (as MCP and n8n callers send),
 * and an upstream that spends everything it is allowed. Every process runs
 * a whole gateway (its own allowances, reservations and settles) on one
 * store: 12 on one embedded home, 12 on one Redis. 0 micro-USD over the limit.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startSimulator, type Simulator } from '@aegis-llm/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { memoryLogger } from '../ledger/test-support/ledger-fixtures.js';
import { hasRedisServer, startRedisServer, type RedisServer } from '../test-support/start-redis-server.js';
import type { SpendSummary } from '../test-support/gateway-spend-child.js';
import { createGateway } from './create-gateway.js';

const here = dirname(fileURLToPath(import.meta.url));
const hooks = pathToFileURL(join(here, '../ledger/test-support/register-ts-hooks.ts')).href;
const childScript = join(here, '../test-support/gateway-spend-child.ts');
const API_KEY = 'sk-spend-test-0123456789';
const LIMIT_USD = 0.2;
const PROCESSES = 12;
const REQUESTS_PER_PROCESS = 3;

let sim: Simulator;
let redis: RedisServer | undefined;
const homes: string[] = [];
beforeAll(async () => {
  // Every answer is as long as the cap sent; with no cap, a million tokens.
  sim = await startSimulator({ apiKey: API_KEY, defaultScenario: { spend: 'all', chunks: 4 }, recordRequests: true });
  if (hasRedisServer()) redis = await startRedisServer();
});
afterAll(async () => {
  await sim?.close();
  await redis?.stop();
  await Promise.all(homes.map((home) => rm(home, { recursive: true, force: true })));
});

interface Child {
  /** Resolves once the child has loaded and waits for `go`. */
  ready: Promise<void>;
  go(): void;
  summary: Promise<SpendSummary>;
}

// Type stripping is not enough: the core has a parameter property (streams/with-relay.ts).
function startChild(args: Record<string, unknown>): Child {
  const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', '--import', hooks, childScript, JSON.stringify(args)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith('ready\n')) onReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const summary = new Promise<SpendSummary>((resolve, reject) =>
    child.on('exit', (code) => {
      onReady();
      if (code !== 0) reject(new Error(`child exited ${code}:\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as SpendSummary);
    }),
  );
  return { ready, summary, go: () => child.stdin.end('go\n') };
}

async function spendFromEverywhere(store: { redisUrl?: string; keyPrefix?: string }) {
  const home = await mkdtemp(join(tmpdir(), 'aegis-spend-'));
  homes.push(home);
  // Children load the sources first (a second or more each on a busy machine), then start together.
  const children = Array.from({ length: PROCESSES }, () =>
    startChild({
      home,
      baseURL: sim.baseURL,
      apiKey: API_KEY,
      limitUsd: LIMIT_USD,
      model: 'dashscope/qwen-max',
      requests: REQUESTS_PER_PROCESS,
      concurrency: REQUESTS_PER_PROCESS,
      ...store,
    }),
  );
  const spawned = Date.now();
  await Promise.all(children.map((child) => child.ready));
  const went = Date.now();
  for (const child of children) child.go();
  const summaries = await Promise.all(children.map((child) => child.summary));
  console.info('timings', { loadMs: went - spawned, runMs: Date.now() - went });
  // The store's own account, read by one more gateway on it.
  const config = parseConfig(
    { budgets: { dashscope: { monthlyUsd: LIMIT_USD } }, ...(store.redisUrl ? { store: { url: store.redisUrl, keyPrefix: store.keyPrefix } } : {}) },
    { DASHSCOPE_API_KEY: API_KEY, DASHSCOPE_BASE_URL: sim.baseURL, AEGIS_LLM_HOME: home, HOME: home },
  );
  const reader = createGateway({ config, logger: memoryLogger() });
  const status = await reader.budgetStatus();
  await reader.close();
  const dashscope = status.providers.find((p) => p.provider === 'dashscope');
  return { summaries, spentMicroUsd: dashscope?.spent.microUsd ?? -1, reservedMicroUsd: dashscope?.reserved.microUsd ?? -1 };
}

function check({ summaries, spentMicroUsd, reservedMicroUsd }: Awaited<ReturnType<typeof spendFromEverywhere>>): void {
  const answered = summaries.flatMap((s) => s.answered);
  const refused = summaries.reduce((n, s) => n + s.refused, 0);
  expect(summaries.flatMap((s) => s.failed)).toEqual([]);
  expect(answered.length + refused).toBe(PROCESSES * REQUESTS_PER_PROCESS);
  expect(answered.length).toBeGreaterThan(0);
  // The cap was sent, and it was the whole answer: nothing but the cap held the upstream back.
  for (const answer of answered) expect(answer).toMatchObject({ outputTokens: 8_192, suspect: false });
  const charged = answered.reduce((sum, a) => sum + a.cost, 0);
  expect(spentMicroUsd).toBe(charged);
  console.info('12 processes, no max_tokens, spend-all upstream', { answered: answered.length, refused, spentMicroUsd, limitMicroUsd: LIMIT_USD * 1e6 });
  expect(spentMicroUsd).toBeLessThanOrEqual(LIMIT_USD * 1_000_000);
  expect(reservedMicroUsd).toBe(0);
}

describe('12 processes on one budget, no max_tokens, an upstream spending all it may', () => {
  it('on one embedded home: 0 micro-USD over the limit', async () => {
    check(await spendFromEverywhere({}));
  }, 90_000);

  it.skipIf(!hasRedisServer())(
    'on one Redis: 0 micro-USD over the limit',
    async () => {
      check(await spendFromEverywhere({ redisUrl: redis!.url, keyPrefix: `spend-${Date.now()}:` }));
    },
    90_000,
  );
});
