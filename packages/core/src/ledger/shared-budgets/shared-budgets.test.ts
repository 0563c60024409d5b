/**
 * Disagreement between processes on one store, with real gateways on real
 * stores (embedded files; Redis when installed): the first to set a budget
 * keeps it, the other enforces it and is told in budget_status; an explicit
 * save (the admin page's claim) takes it over for everyone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/parse-config.js';
import { createGateway } from '../../gateway/create-gateway.js';
import { hasRedisServer, startRedisServer, type RedisServer } from '../../test-support/start-redis-server.js';
import { memoryLogger } from '../test-support/ledger-fixtures.js';
import { EMPTY_BOOK } from './budget-book.js';
import { openEmbeddedBudgetBook } from './embedded-budget-book.js';
import { openRedisBudgetBook } from './redis-budget-book.js';
import type { BudgetBookStore } from './budget-book.js';

let redis: RedisServer | undefined;
const homes: string[] = [];
beforeAll(async () => {
  if (hasRedisServer()) redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
  await Promise.all(homes.map((home) => rm(home, { recursive: true, force: true })));
});

const newHome = async () => {
  const home = await mkdtemp(join(tmpdir(), 'aegis-book-'));
  homes.push(home);
  return home;
};

function gatewayOn(home: string, monthlyUsd: number | undefined, source: string, store?: { url: string; keyPrefix: string }) {
  const logger = memoryLogger();
  const config = parseConfig(
    { ...(monthlyUsd === undefined ? {} : { budgets: { dashscope: { monthlyUsd } } }), ...(store === undefined ? {} : { store }) },
    { DASHSCOPE_API_KEY: 'sk-book-test-0123456789', AEGIS_LLM_HOME: home, HOME: home },
  );
  return { gateway: createGateway({ config, logger, budgetSource: source }), logger };
}

const dashscope = async (gateway: ReturnType<typeof gatewayOn>['gateway']) => {
  const status = await gateway.budgetStatus({ provider: 'dashscope' });
  return { provider: status.providers.find((p) => p.provider === 'dashscope'), conflicts: status.budgetConflicts ?? [] };
};

const stores: Array<[string, () => Promise<{ homes: [string, string]; store?: { url: string; keyPrefix: string } }>]> = [
  [
    'one embedded home',
    async () => {
      const home = await newHome();
      return { homes: [home, home] };
    },
  ],
];
if (hasRedisServer()) {
  stores.push([
    'one Redis',
    async () => ({ homes: [await newHome(), await newHome()], store: { url: redis!.url, keyPrefix: `book-${Date.now()}-${Math.random()}:` } }),
  ]);
}

describe.each(stores)('two processes disagreeing about a budget on %s', (_name, setup) => {
  it('the first writer wins, the other enforces it and is told; a claim takes it over for both', async () => {
    const {
      homes: [homeA, homeB],
      store,
    } = await setup();
    const a = gatewayOn(homeA, 0.02, 'n8n credential "DashScope"', store);
    expect((await dashscope(a.gateway)).provider?.limit?.microUsd).toBe(20_000);
    const b = gatewayOn(homeB, 50, 'config file /etc/aegis.json', store);
    const seenByB = await dashscope(b.gateway);
    expect(seenByB.provider).toMatchObject({ limit: { microUsd: 20_000 }, limitSetBy: 'n8n credential "DashScope"' });
    expect(seenByB.conflicts).toHaveLength(1);
    expect(seenByB.conflicts[0]?.message).toMatch(/declared by config file \/etc\/aegis\.json \(\$50\.00\/month.*\$0\.02\/month.*n8n credential "DashScope"/);
    // Told in the log too, once.
    expect(b.logger.entries.filter((l) => l.message.includes('is not the one enforced'))).toHaveLength(1);
    expect((await dashscope(a.gateway)).conflicts).toEqual([]);

    // The admin page's save: B's budget becomes everyone's; A sees it within the refresh interval.
    await b.gateway.claimBudgets(['dashscope']);
    expect((await dashscope(b.gateway)).conflicts).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const seenByA = await dashscope(a.gateway);
    expect(seenByA.provider).toMatchObject({ limit: { microUsd: 50_000_000 }, limitSetBy: 'config file /etc/aegis.json' });
    expect(seenByA.conflicts[0]?.message).toContain('n8n credential "DashScope"');
    await Promise.all([a.gateway.close(), b.gateway.close()]);
  }, 30_000);
});

type BookPlace = [string, () => Promise<() => BudgetBookStore>];
const places: BookPlace[] = [
  [
    'embedded',
    async () => {
      const dir = join(await newHome(), 'ledger');
      return () => openEmbeddedBudgetBook({ dir, logger: memoryLogger() });
    },
  ],
];
if (hasRedisServer()) {
  places.push([
    'redis',
    async () => {
      const keyPrefix = `cas-${Date.now()}:`;
      return () => openRedisBudgetBook({ url: redis!.url, keyPrefix, logger: memoryLogger() });
    },
  ]);
}

describe.each(places)('the %s budget book under concurrent writers', (_name, place) => {
  it('loses no write: 16 writers each adding a provider all land, revisions counted', async () => {
    const open = await place();
    const first = open();
    const books = [first, ...Array.from({ length: 3 }, () => open())];
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        books[i % books.length]!.update((book) => {
          const entries = new Map(book.entries);
          entries.set(`p${i}`, { budget: { monthlyLimitMicroUsd: i, onLimit: 'block', alertThresholds: [], models: {} }, source: 'test', updatedAt: '' });
          return { rev: book.rev, entries };
        }),
      ),
    );
    const book = await first.read();
    expect(book.rev).toBe(16);
    expect([...book.entries.keys()].sort()).toEqual(Array.from({ length: 16 }, (_, i) => `p${i}`).sort());
    expect(await first.update(() => undefined)).toMatchObject({ rev: 16 });
    await Promise.all(books.map((b) => b.close()));
    expect(EMPTY_BOOK.entries.size).toBe(0);
  }, 30_000);
});
