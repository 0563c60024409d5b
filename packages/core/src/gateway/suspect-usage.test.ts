/**
 * Hostile usage figures through both paths (issue 15, item 2): a bounded
 * charge, the suspect flag on the answer and the record, an alert posted to
 * a real webhook, and a ledger that records the next request as usual.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayFixture, type GatewayFixture } from '../test-support/gateway-fixture.js';
import { hasRedisServer, startRedisServer } from '../test-support/start-redis-server.js';
import type { ChatRequest, ChatResult } from '../types.js';
import { collectResult } from './collect-result.js';

let hook: { server: Server; url: string; bodies: Array<Record<string, unknown>> };
beforeAll(async () => {
  const bodies: Array<Record<string, unknown>> = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(text) as Record<string, unknown>);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hook = { server, bodies, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
});
afterAll(() => new Promise((resolve) => hook.server.close(resolve)));

let fx: GatewayFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
  hook.bodies.length = 0;
});

const request: ChatRequest = { model: 'dashscope/qwen-max', prompt: 'hello there' };
const ways: Array<[string, (f: GatewayFixture) => Promise<ChatResult>]> = [
  ['chat', (f) => f.gateway.chat(request)],
  ['stream', (f) => collectResult(f.gateway.stream(request))],
];
const hostile: Array<[string, Record<string, unknown>, RegExp]> = [
  ['1e12 output tokens', { prompt_tokens: 9, completion_tokens: 1e12 }, /outputTokens is absurd/],
  ['1e18 output tokens', { prompt_tokens: 9, completion_tokens: 1e18, total_tokens: 1e18 }, /outputTokens is absurd/],
  ['output above the cap sent', { prompt_tokens: 9, completion_tokens: 50_000 }, /outputTokens 50000 above the 8224/],
  ['1e9 reasoning tokens', { prompt_tokens: 9, completion_tokens: 5, completion_tokens_details: { reasoning_tokens: 1e9 } }, /reasoningTokens is absurd/],
  ['negative input', { prompt_tokens: -100, completion_tokens: 5 }, /inputTokens is negative/],
  ['strings', { prompt_tokens: '9', completion_tokens: 'lots' }, /inputTokens is not a number; outputTokens is not a number|outputTokens is not a number/],
  ['fractions', { prompt_tokens: 9.5, completion_tokens: 5.25 }, /not an integer/],
  ['output without input', { completion_tokens: 1e12 }, /outputTokens is absurd .*; inputTokens is not a number/],
];

describe.each(ways)('hostile usage through %s', (_way, ask) => {
  it.each(hostile)('%s: bounded charge, flagged, alerted, and the ledger records the next request', async (_name, rawUsage, reason) => {
    fx = await startGatewayFixture({
      file: { budgets: { dashscope: { monthlyUsd: 5 } }, alerts: { webhookUrl: hook.url } },
    });
    fx.sim.script({ rawUsage, text: 'short answer' });
    const result = await ask(fx);
    expect(result.usage.suspect?.join('; ')).toMatch(reason);
    for (const n of [result.usage.inputTokens, result.usage.outputTokens, result.usage.reasoningTokens, result.usage.cachedInputTokens]) {
      expect(Number.isSafeInteger(n) && n >= 0).toBe(true);
    }
    // qwen-max, 8,192 + slack output tokens at $6.40/M: about 52,600 micro-USD at most.
    expect(result.costMicroUsd).toBeGreaterThanOrEqual(0);
    expect(result.costMicroUsd).toBeLessThanOrEqual(53_000);

    const [record] = await fx.gateway.recentRequests(1);
    expect(record).toMatchObject({ outcome: 'ok', costMicroUsd: result.costMicroUsd, suspect: result.usage.suspect });

    await fx.gateway.flush();
    expect(hook.bodies).toEqual([
      expect.objectContaining({
        type: 'aegis-llm.usage-suspect',
        id: `usage-suspect:${record?.id}`,
        recordId: record?.id,
        provider: 'dashscope',
        model: 'qwen-max',
        reasons: result.usage.suspect,
        costMicroUsd: result.costMicroUsd,
      }),
    ]);
    expect(fx.logs.some((line) => line.startsWith('warn:') && line.includes('usage alert') && line.includes(String(record?.id)))).toBe(true);
    // No key in the alert.
    expect(JSON.stringify(hook.bodies)).not.toContain('sk-');

    // Writable after: the next (honest) request is recorded, and the budget still answers.
    const next = await ask(fx);
    expect(next.usage.suspect).toBeUndefined();
    const recent = await fx.gateway.recentRequests(2);
    expect(recent.map((r) => r.costMicroUsd)).toEqual([next.costMicroUsd, result.costMicroUsd]);
    const status = await fx.gateway.budgetStatus();
    expect(status.providers.find((p) => p.provider === 'dashscope')?.spent.microUsd).toBe((next.costMicroUsd ?? 0) + (result.costMicroUsd ?? 0));
  });
});

describe('usage within bounds', () => {
  it('is charged as reported, without flag or alert', async () => {
    fx = await startGatewayFixture({ file: { alerts: { webhookUrl: hook.url } } });
    fx.sim.script({ usage: { promptTokens: 9, completionTokens: 8_192 } });
    const result = await fx.gateway.chat(request);
    expect(result.usage).toMatchObject({ inputTokens: 9, outputTokens: 8_192 });
    expect(result.usage.suspect).toBeUndefined();
    await fx.gateway.flush();
    expect(hook.bodies).toEqual([]);
    expect((await fx.gateway.recentRequests(1))[0]?.suspect).toBeUndefined();
  });
});

describe('hostile usage on a Redis store', () => {
  it.skipIf(!hasRedisServer())('1e18 tokens: recorded bounded and flagged, and the next request is recorded after it', async () => {
    const redis = await startRedisServer();
    try {
      fx = await startGatewayFixture({
        file: { budgets: { dashscope: { monthlyUsd: 5 } }, store: { url: redis.url, keyPrefix: 'suspect:' } },
      });
      fx.sim.script([{ rawUsage: { prompt_tokens: 1e18, completion_tokens: 1e18 } }, { rawUsage: { prompt_tokens: 9, completion_tokens: '12' } }]);
      const first = await fx.gateway.chat(request);
      const second = await collectResult(fx.gateway.stream(request));
      const third = await fx.gateway.chat(request);
      const recent = await fx.gateway.recentRequests(3);
      expect(recent.map((r) => [r.costMicroUsd, r.suspect !== undefined])).toEqual([
        [third.costMicroUsd, false],
        [second.costMicroUsd, true],
        [first.costMicroUsd, true],
      ]);
      expect(first.costMicroUsd).toBeLessThanOrEqual(53_000);
      const status = await fx.gateway.budgetStatus();
      expect(status.providers.find((p) => p.provider === 'dashscope')?.spent.microUsd).toBe(
        [first, second, third].reduce((sum, r) => sum + (r.costMicroUsd ?? 0), 0),
      );
    } finally {
      await fx?.close();
      fx = undefined;
      await redis.stop();
    }
  });
});
