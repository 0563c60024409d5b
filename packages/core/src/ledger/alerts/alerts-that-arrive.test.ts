/**
 * Issue 17 item 7: thresholds re-arm when the limit changes; webhook POSTs
 * are signed (HMAC-SHA256) and a real receiver on 127.0.0.1 verifies them;
 * a failing webhook shows in budgetStatus (last failure and why, then the
 * last success); a test alert reports its first attempt. Embedded store and Redis.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLedger } from '../create-ledger.js';
import type { LedgerConfig } from '../ledger.js';
import { createRedisLedgerStore } from '../redis/create-redis-ledger-store.js';
import { uniquePrefix } from '../redis/test-support/redis-test-store.js';
import type { LedgerStore } from '../store.js';
import { budget, ledgerConfig, memoryLogger, okReport, tempHomes } from '../test-support/ledger-fixtures.js';
import { hasRedisServer, startRedisServer, type RedisServer } from '../../test-support/start-redis-server.js';
import { ALERT_SIGNATURE_HEADER, signAlert, verifyAlertSignature } from './sign-alert.js';

const SECRET = 'whsec-test-0123456789abcdef';
const homes = tempHomes();
afterAll(() => homes.removeAll());

interface Received {
  raw: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

interface Receiver {
  url: string;
  /** 'ok' answers 200, 'refuse' 503. */
  mode: 'ok' | 'refuse';
  received: Received[];
  /** What the receiver's own check said of each POST (undefined: genuine). */
  verdicts: Array<string | undefined>;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A webhook receiver that checks each POST's signature as the README tells a receiver to. */
async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { url: '', mode: 'ok', received: [], verdicts: [] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      receiver.received.push({ raw, body: JSON.parse(raw) as Record<string, unknown>, headers: req.headers });
      receiver.verdicts.push(verifyAlertSignature(SECRET, req.headers[ALERT_SIGNATURE_HEADER] as string | undefined, raw));
      res.writeHead(receiver.mode === 'ok' ? 200 : 503).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=url-token-xyz`;
  return receiver;
}

/** `space()` gives an opener of one fresh store (each test its own); undefined: the embedded store of the config's home. */
interface Backing {
  space: () => () => LedgerStore | undefined;
  stop: () => Promise<void>;
}

function stores(): Array<[string, () => Promise<Backing>]> {
  const list: Array<[string, () => Promise<Backing>]> = [['embedded', async () => ({ space: () => () => undefined, stop: async () => undefined })]];
  if (hasRedisServer()) {
    list.push([
      'redis',
      async () => {
        const server: RedisServer = await startRedisServer();
        return {
          space: () => {
            const prefix = uniquePrefix();
            return () => createRedisLedgerStore({ url: server.url, keyPrefix: prefix, logger: memoryLogger(), connectTimeoutMs: 1000 });
          },
          stop: () => server.stop(),
        };
      },
    ]);
  }
  return list;
}

describe.each(stores())('alerts that arrive (%s store)', (_name, makeStore) => {
  let backing: Backing;
  beforeAll(async () => {
    backing = await makeStore();
  });
  afterAll(async () => backing.stop());

  it("re-arms every threshold when the limit changes, and budgetStatus shows only the current limit's alerts", async () => {
    const open = backing.space();
    const receiver = await startReceiver();
    let config: LedgerConfig = ledgerConfig(await homes.make(), {
      budgets: { dashscope: budget(10_000, { alertThresholds: [50, 80, 100] }) },
      alerts: { webhookUrl: receiver.url, webhookSecret: SECRET },
    });
    const logger = memoryLogger();
    const ledger = createLedger({ config: () => config, store: open(), logger, webhook: { baseDelayMs: 20, timeoutMs: 2000 } });
    // $0.012 against $0.01: every threshold fires once.
    await ledger.settle(await ledger.reserve({ id: 'a', provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: 10_000 }), okReport(12_000));
    await ledger.flush();
    expect(receiver.received.map((r) => r.body.threshold)).toEqual(expect.arrayContaining([50, 80, 100]));
    expect(receiver.received).toHaveLength(3);

    // The limit goes up to $1: spend is 1.2 % of it, nothing fires, and "reached 100 % of $0.01" is gone from the status.
    config = { ...config, budgets: { dashscope: budget(1_000_000, { alertThresholds: [50, 80, 100] }) } };
    await ledger.settle(await ledger.reserve({ id: 'b', provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: 1000 }), okReport(1000));
    await ledger.flush();
    expect(receiver.received).toHaveLength(3);
    expect((await ledger.budgetStatus()).providers[0]?.alerts).toEqual([]);

    // To 53 % of $1: the 50 % alert of the new limit fires, though a 50 % alert fired this month already.
    await ledger.settle(await ledger.reserve({ id: 'c', provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: 600_000 }), okReport(517_000));
    await ledger.flush();
    expect(receiver.received).toHaveLength(4);
    const fourth = receiver.received[3]!.body;
    expect(fourth).toMatchObject({ threshold: 50, limitMicroUsd: 1_000_000, spentMicroUsd: 530_000, percent: 53 });
    // A new id: a receiver deduping on ids does not drop it as the earlier 50 % alert.
    expect(fourth.id).not.toBe(receiver.received.find((r) => r.body.threshold === 50)?.body.id);
    const status = await ledger.budgetStatus();
    expect(status.providers[0]?.alerts.map((a) => [a.threshold, a.limitMicroUsd, a.delivery?.state])).toEqual([[50, 1_000_000, 'delivered']]);
    // Every POST was signed, and the receiver's check passed.
    expect(receiver.verdicts).toEqual([undefined, undefined, undefined, undefined]);
    await ledger.close();

    // Another process on the store, with the $1 limit: nothing fires again at start.
    const other = createLedger({ config: () => config, store: open(), logger: memoryLogger(), webhook: { baseDelayMs: 20, timeoutMs: 2000 } });
    await other.budgetStatus();
    await other.flush();
    expect(receiver.received).toHaveLength(4);
    await other.close();
    expect(JSON.stringify(logger.entries)).not.toContain(SECRET);
  }, 30_000);

  it('signs each POST: t and v1 = HMAC-SHA256(secret, "t.body"); a changed body, another secret or an old t fail', async () => {
    const open = backing.space();
    const receiver = await startReceiver();
    const config = ledgerConfig(await homes.make(), {
      budgets: { dashscope: budget(1000, { alertThresholds: [100] }) },
      alerts: { webhookUrl: receiver.url, webhookSecret: SECRET },
    });
    const ledger = createLedger({ config, store: open(), logger: memoryLogger(), webhook: { baseDelayMs: 20, timeoutMs: 2000 } });
    await ledger.settle(await ledger.reserve({ id: 's', provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: 1000 }), okReport(1000));
    await ledger.flush();
    await ledger.close();
    const [post] = receiver.received;
    const header = String(post?.headers[ALERT_SIGNATURE_HEADER]);
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    expect(match).not.toBeNull();
    const t = Number(match![1]);
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(60);
    // Computed here from the documented recipe, not with the code under test.
    expect(match![2]).toBe(createHmac('sha256', SECRET).update(`${t}.${post!.raw}`).digest('hex'));
    expect(verifyAlertSignature(SECRET, header, post!.raw)).toBeUndefined();
    expect(verifyAlertSignature(SECRET, header, post!.raw.replace('"threshold":100', '"threshold":10'))).toBe('signature does not match');
    expect(verifyAlertSignature('another-secret-0000', header, post!.raw)).toBe('signature does not match');
    expect(verifyAlertSignature(SECRET, header, post!.raw, { nowSeconds: t + 301 })).toBe('signature timestamp outside the tolerance');
    expect(verifyAlertSignature(SECRET, undefined, post!.raw)).toBe('no signature header');
    expect(verifyAlertSignature(SECRET, signAlert(SECRET, post!.raw, t), post!.raw, { nowSeconds: t })).toBeUndefined();
    // The secret is not in the body or any header.
    expect(JSON.stringify(post)).not.toContain(SECRET);
  }, 30_000);

  it('shows a failing webhook in budgetStatus (last failure and why), then the last success; a test alert reports its attempt', async () => {
    const open = backing.space();
    const receiver = await startReceiver();
    receiver.mode = 'refuse';
    const logger = memoryLogger();
    const config = ledgerConfig(await homes.make(), {
      budgets: { dashscope: budget(1000, { alertThresholds: [100] }) },
      alerts: { webhookUrl: receiver.url, webhookSecret: SECRET },
    });
    const ledger = createLedger({ config, store: open(), logger, webhook: { baseDelayMs: 60_000, timeoutMs: 2000, flushTimeoutMs: 0 } });
    expect((await ledger.budgetStatus()).webhook).toEqual({ configured: true, signed: true, pending: 0, failed: 0 });

    const failedTest = await ledger.sendTestAlert();
    expect(failedTest).toMatchObject({ type: 'aegis-llm.test-alert', state: 'pending', attempts: 1, lastError: 'HTTP 503', lastFailure: 'HTTP 503' });
    await ledger.settle(await ledger.reserve({ id: 'f', provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: 1000 }), okReport(1000));
    await ledger.flush();
    const failing = (await ledger.budgetStatus()).webhook;
    expect(failing).toMatchObject({ configured: true, signed: true, pending: 2, failed: 0, lastFailure: { error: 'HTTP 503', state: 'pending' } });
    expect(failing.lastSuccess).toBeUndefined();

    receiver.mode = 'ok';
    const test = await ledger.sendTestAlert();
    expect(test).toMatchObject({ type: 'aegis-llm.test-alert', state: 'delivered', attempts: 1 });
    const last = receiver.received.at(-1)!;
    expect(last.body).toMatchObject({ type: 'aegis-llm.test-alert', test: true, id: test.id });
    expect(receiver.verdicts.at(-1)).toBeUndefined();
    const recovered = (await ledger.budgetStatus()).webhook;
    // The success is the latest; the failure before it is still shown, with why.
    expect(recovered.lastSuccess).toMatchObject({ alertId: test.id, type: 'aegis-llm.test-alert' });
    expect(recovered.lastFailure).toMatchObject({ error: 'HTTP 503' });
    expect(Date.parse(recovered.lastSuccess!.at)).toBeGreaterThanOrEqual(Date.parse(recovered.lastFailure!.at));
    await ledger.close();
    expect(JSON.stringify(logger.entries)).not.toContain(SECRET);
    expect(JSON.stringify(logger.entries)).not.toContain('url-token-xyz');
  }, 30_000);

  it('refuses a test alert without a webhook, naming the setting', async () => {
    const open = backing.space();
    const ledger = createLedger({ config: ledgerConfig(await homes.make()), store: open(), logger: memoryLogger() });
    await expect(ledger.sendTestAlert()).rejects.toMatchObject({ kind: 'not_configured', message: expect.stringContaining('AEGIS_LLM_ALERT_WEBHOOK') });
    expect((await ledger.budgetStatus()).webhook).toEqual({ configured: false, signed: false, pending: 0, failed: 0 });
    await ledger.close();
  });
});
