import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../ledger/test-support/ledger-fixtures.js';
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
  hits: number;
  server: Server;
}

/** A webhook on 127.0.0.1 that answers 503 to the first `failures` posts, then 200. */
async function startHook(failures: number): Promise<Hook> {
  const hook = { bodies: [] as unknown[], hits: 0 } as Hook;
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
});
