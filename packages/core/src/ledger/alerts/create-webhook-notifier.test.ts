import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../memory/create-memory-store.js';
import { manualClock, memoryLogger } from '../test-support/ledger-fixtures.js';
import { alertRetryDelay } from './alert-retry-delay.js';
import type { BudgetAlert } from './budget-alert.js';
import { budgetOutboxAlert } from './build-alert-payload.js';
import { createWebhookNotifier } from './create-webhook-notifier.js';

const alert: BudgetAlert = {
  provider: 'dashscope',
  threshold: 80,
  percent: 81.2,
  spentMicroUsd: 8_120_000,
  limitMicroUsd: 10_000_000,
  period: '2026-11',
  time: '2026-11-20T10:00:00.000Z',
  resetAt: '2026-12-01T00:00:00.000Z',
};

interface Hook {
  url: string;
  bodies: unknown[];
  keys: Array<string | undefined>;
  hits: number;
  server: Server;
}

/** A webhook on 127.0.0.1 that answers 503 to the first `failures` posts, then 200. */
async function startHook(failures: number): Promise<Hook> {
  const hook = { bodies: [] as unknown[], keys: [] as Array<string | undefined>, hits: 0 } as Hook;
  hook.server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      hook.hits += 1;
      if (hook.hits <= failures) {
        res.writeHead(503).end('down');
        return;
      }
      hook.bodies.push(JSON.parse(text));
      hook.keys.push(req.headers['idempotency-key'] as string | undefined);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => hook.server.listen(0, '127.0.0.1', resolve));
  hook.url = `http://127.0.0.1:${(hook.server.address() as AddressInfo).port}/hook/secret-token`;
  return hook;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('createWebhookNotifier', () => {
  it('retries a webhook that is down until it is back, in the background', async () => {
    const hook = await startHook(3);
    servers.push(hook.server);
    const logger = memoryLogger();
    const notifier = createWebhookNotifier({ url: () => hook.url, logger, baseDelayMs: 10, maxAttempts: 6 });
    const returned = notifier.notify(budgetOutboxAlert(alert));
    // notify() hands the work to the background: it returns nothing to await,
    // and no POST has reached the hook by the time it returns.
    expect(returned).toBeUndefined();
    expect(hook.hits).toBe(0);
    await notifier.flush();
    expect(hook.hits).toBe(4);
    expect(hook.bodies).toEqual([
      expect.objectContaining({
        type: 'aegis-llm.budget-alert',
        provider: 'dashscope',
        threshold: 80,
        percent: 81.2,
        spentMicroUsd: 8_120_000,
        limitMicroUsd: 10_000_000,
        spentUsd: '$8.12',
        limitUsd: '$10.00',
        period: '2026-11',
        time: alert.time,
        text: expect.stringContaining('dashscope has spent $8.12 of its $10.00 monthly budget'),
      }),
    ]);
    const retries = logger.entries.filter((e) => e.message.includes('will retry'));
    expect(retries).toHaveLength(3);
    expect(retries.map((e) => e.fields?.retryInMs)).toEqual([10, 20, 40]);
    // The URL may hold a token: it is never logged.
    expect(JSON.stringify(logger.entries)).not.toContain('secret-token');
    await notifier.close();
  });

  it('gives up after maxAttempts with an error log', async () => {
    const hook = await startHook(100);
    servers.push(hook.server);
    const logger = memoryLogger();
    const notifier = createWebhookNotifier({ url: () => hook.url, logger, baseDelayMs: 1, maxAttempts: 3 });
    notifier.notify(budgetOutboxAlert(alert));
    await notifier.flush();
    expect(hook.hits).toBe(3);
    expect(logger.entries.at(-1)).toMatchObject({ level: 'error', fields: { attempts: 3, failure: 'HTTP 503' } });
    await notifier.close();
  });

  it('survives a refused connection, and close() drops pending retries', async () => {
    const logger = memoryLogger();
    const notifier = createWebhookNotifier({ url: () => 'http://127.0.0.1:9/nothing-listens', logger, baseDelayMs: 60_000 });
    notifier.notify(budgetOutboxAlert(alert));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(logger.entries.some((e) => e.message.includes('will retry'))).toBe(true);
    await notifier.close();
    expect(logger.entries.at(-1)?.message).toContain('dropped at shutdown');
  });

  it('does nothing without a URL', async () => {
    let calls = 0;
    const notifier = createWebhookNotifier({
      url: () => undefined,
      logger: memoryLogger(),
      fetch: async () => {
        calls += 1;
        return new Response('');
      },
    });
    notifier.notify(budgetOutboxAlert(alert));
    await notifier.flush();
    expect(calls).toBe(0);
  });

  it("sends the alert's stable id in the body and as the Idempotency-Key header", async () => {
    const hook = await startHook(0);
    servers.push(hook.server);
    const notifier = createWebhookNotifier({ url: () => hook.url, logger: memoryLogger() });
    notifier.notify(budgetOutboxAlert(alert));
    await notifier.flush();
    const id = (hook.bodies[0] as { id: string }).id;
    expect(id).toMatch(/^budget-2026-11-80-[0-9a-f]{16}$/);
    expect(hook.keys).toEqual([id]);
    // The same alert raised again (another process, a replay) has the same id, and is not queued twice.
    expect(budgetOutboxAlert({ ...alert, time: 'later' }).id).toBe(id);
    notifier.notify(budgetOutboxAlert(alert));
    await notifier.flush();
    expect(hook.hits).toBe(1);
    await notifier.close();
  });

  it('two notifiers on one outbox post an alert once: the claim decides who', async () => {
    const hook = await startHook(0);
    servers.push(hook.server);
    const outbox = createMemoryStore({ logger: memoryLogger() });
    const a = createWebhookNotifier({ url: () => hook.url, outbox, logger: memoryLogger() });
    const b = createWebhookNotifier({ url: () => hook.url, outbox, logger: memoryLogger() });
    a.notify(budgetOutboxAlert(alert));
    b.notify(budgetOutboxAlert(alert));
    b.wake();
    a.wake();
    await Promise.all([a.flush(), b.flush()]);
    expect(hook.hits).toBe(1);
    await Promise.all([a.close(), b.close()]);
  });

  it('leaves an alert pending at close, and a later notifier on the outbox delivers it', async () => {
    const hook = await startHook(1);
    servers.push(hook.server);
    const clock = manualClock(Date.parse('2026-11-20T10:00:00Z'));
    const outbox = createMemoryStore({ clock, logger: memoryLogger() });
    const logger = memoryLogger();
    const first = createWebhookNotifier({ url: () => hook.url, outbox, logger, baseDelayMs: 60_000 });
    first.notify(budgetOutboxAlert(alert));
    await first.close();
    expect(hook.hits).toBe(1);
    expect(logger.entries.at(-1)).toMatchObject({ level: 'warn', message: expect.stringContaining('left pending at shutdown') });

    // The retry is due in a minute (on the store's clock): then a later process's pass posts it.
    const later = createWebhookNotifier({ url: () => hook.url, outbox, logger: memoryLogger() });
    later.wake();
    await later.flush();
    expect(hook.hits).toBe(1); // not due yet: nobody takes it early
    clock.advance(60_000);
    later.wake();
    await later.flush();
    expect(hook.hits).toBe(2);
    expect(hook.bodies).toHaveLength(1);
    await later.close();
  });

  it('cuts a hanging webhook at the timeout, retries, and never logs the URL or its token', async () => {
    let hits = 0;
    const server = createServer((req, res) => {
      hits += 1;
      if (hits === 1) return; // hangs
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=sekret-123`;
    const logger = memoryLogger();
    const notifier = createWebhookNotifier({ url: () => url, logger, timeoutMs: 150, baseDelayMs: 10 });
    const started = Date.now();
    notifier.notify(budgetOutboxAlert(alert));
    await notifier.flush();
    expect(hits).toBe(2);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(logger.entries.find((e) => e.message.includes('will retry'))?.fields).toMatchObject({ failure: 'timeout', attempts: 1 });
    server.closeAllConnections();
    await notifier.close();

    const refused = memoryLogger();
    const nobody = createWebhookNotifier({ url: () => 'http://127.0.0.1:9/x?token=sekret-123', logger: refused, maxAttempts: 1 });
    nobody.notify(budgetOutboxAlert(alert));
    await nobody.flush();
    expect(refused.entries.at(-1)).toMatchObject({ level: 'error', message: expect.stringContaining('giving up') });
    expect(JSON.stringify([...logger.entries, ...refused.entries])).not.toContain('sekret');
    await nobody.close();
  });

  it('backs off exponentially, capped', () => {
    expect([1, 2, 3, 4, 12].map((attempt) => alertRetryDelay(attempt, 1000, 30_000))).toEqual([1000, 2000, 4000, 8000, 30_000]);
  });
});
