/**
 * Routing against the real simulator (issue 3): retries that honour
 * Retry-After, fallback, hangs, context-window skips, cooldown and the
 * deadline. Timings are shortened through the config, never by sleeping.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { failureOf } from '../test-support/failure-of.js';
import { startGatewayFixture, type GatewayFixture } from '../test-support/gateway-fixture.js';

let fx: GatewayFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const fast = (routing: Record<string, unknown> = {}) =>
  startGatewayFixture({
    file: { routing: { baseBackoffMs: 20, maxBackoffMs: 100, streamIdleTimeoutMs: 400, requestTimeoutMs: 8_000, ...routing } },
  });

const rateLimited = (headers?: Record<string, string>) => ({
  fault: { type: 'status' as const, status: 429, code: 'Throttling.RateQuota', ...(headers ? { headers } : {}) },
});
const unavailable = { fault: { type: 'status' as const, status: 503, code: 'ModelUnavailable' } };
const requestsTo = (fx: GatewayFixture, model: string) => fx.sim.requests.filter((r) => (r.body as { model?: string } | undefined)?.model === model).length;

describe('retries', () => {
  it('429 with Retry-After: 1 waits about a second, then retries once', async () => {
    fx = await fast();
    fx.sim.script(rateLimited({ 'retry-after': '1' }));
    const started = Date.now();
    const result = await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'x' });
    const elapsed = Date.now() - started;
    expect(result.model).toBe('qwen-plus');
    expect(result.attempts.map((a) => a.outcome)).toEqual(['rate_limited', 'ok']);
    expect(result.attempts[1]?.waitedMs).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(2_500);
    expect(fx.sim.requests).toHaveLength(2);
  });

  it('429 without Retry-After backs off with jitter under the configured cap', async () => {
    fx = await fast();
    fx.sim.script(rateLimited());
    const result = await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'x' });
    expect(result.attempts.map((a) => a.outcome)).toEqual(['rate_limited', 'ok']);
    expect(result.attempts[1]?.waitedMs).toBeLessThanOrEqual(100);
  });

  it('429 with Retry-After: 120 falls back at once instead of waiting', async () => {
    fx = await fast();
    fx.sim.script(rateLimited({ 'retry-after': '120' }), { model: 'qwen-plus' });
    const started = Date.now();
    const result = await fx.gateway.chat({ model: 'dashscope/qwen-plus', fallbacks: ['dashscope/qwen-turbo'], prompt: 'x' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result.model).toBe('qwen-turbo');
    expect(result.attempts.map((a) => `${a.model}:${a.outcome}`)).toEqual(['qwen-plus:rate_limited', 'qwen-turbo:ok']);
  });

  it.each([
    ['429', rateLimited()],
    ['503', unavailable],
  ])('persistent %s falls back after the configured retries', async (_name, fault) => {
    fx = await fast({ maxRetries: 2 });
    fx.sim.script([fault, fault, fault], { model: 'qwen-plus' });
    const result = await fx.gateway.chat({ model: 'dashscope/qwen-plus', fallbacks: ['dashscope/qwen-turbo'], prompt: 'x' });
    expect(result.model).toBe('qwen-turbo');
    expect(requestsTo(fx, 'qwen-plus')).toBe(3);
    expect(result.attempts).toHaveLength(4);
    // Retries of one target are not fallbacks: one fallback, with the error that caused it; the stream says the same.
    expect(result.fallbacks).toEqual([{ from: 'dashscope/qwen-plus', to: 'dashscope/qwen-turbo', reason: result.attempts[2]!.outcome }]);
    expect(result.delivered).toBe(true);
    const [record] = await fx.gateway.recentRequests(1);
    expect(record?.fallbackFrom).toBe('dashscope/qwen-plus');
  });

  it('a stream reports the fallbacks its events announced, in its result', async () => {
    fx = await fast({ maxRetries: 0 });
    fx.sim.script(unavailable, { model: 'qwen-plus' });
    fx.sim.script(rateLimited(), { model: 'qwen-max' });
    const events = [];
    for await (const event of fx.gateway.stream({ model: 'dashscope/qwen-plus', fallbacks: ['dashscope/qwen-max', 'dashscope/qwen-turbo'], prompt: 'x' }))
      events.push(event);
    const streamed = events.flatMap((e) =>
      e.type === 'fallback' ? [`${e.from.provider}/${e.from.model}>${e.to.provider}/${e.to.model}:${e.error.kind}`] : [],
    );
    expect(streamed).toEqual(['dashscope/qwen-plus>dashscope/qwen-max:upstream_unavailable', 'dashscope/qwen-max>dashscope/qwen-turbo:rate_limited']);
    const done = events.at(-1);
    expect(done?.type === 'done' && done.result.fallbacks.map((f) => `${f.from}>${f.to}:${f.reason}`)).toEqual(streamed);
  });

  it('never retries a bad request or an auth error', async () => {
    fx = await fast();
    fx.sim.script({ fault: { type: 'status', status: 400, code: 'InvalidParameter', message: 'bad' } });
    const error = await failureOf(fx.gateway.chat({ model: 'dashscope/qwen-plus', fallbacks: ['dashscope/qwen-turbo'], prompt: 'x' }));
    expect(error.kind).toBe('bad_request');
    expect(fx.sim.requests).toHaveLength(1);
  });
});

describe('hangs and deadlines', () => {
  it('a hung upstream times out and the request falls back', async () => {
    fx = await fast({ maxRetries: 0 });
    fx.sim.script({ fault: { type: 'hang-before-headers' } }, { model: 'qwen-plus' });
    const started = Date.now();
    const result = await fx.gateway.chat({ model: 'dashscope/qwen-plus', fallbacks: ['dashscope/qwen-turbo'], prompt: 'x' });
    expect(result.model).toBe('qwen-turbo');
    expect(result.attempts[0]?.outcome).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('the deadline holds when every target hangs', async () => {
    fx = await fast({ streamIdleTimeoutMs: 5_000 });
    fx.sim.setDefault({ fault: { type: 'hang-before-headers' } });
    const started = Date.now();
    const error = await failureOf(fx.gateway.chat({ model: 'dashscope/qwen-plus', fallbacks: ['dashscope/qwen-turbo'], prompt: 'x', timeoutMs: 800 }));
    const elapsed = Date.now() - started;
    expect(error.kind).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(750);
    expect(elapsed).toBeLessThan(2_000);
  });
});

describe('up-front skips', () => {
  it('skips a target whose context window cannot hold the prompt, and says why', async () => {
    fx = await fast();
    const prompt = 'word '.repeat(40_000); // ~50k tokens: more than qwen-max's 32k window
    const result = await fx.gateway.chat({ model: 'dashscope/qwen-max', fallbacks: ['dashscope/qwen-plus'], prompt, maxTokens: 100 });
    expect(result.model).toBe('qwen-plus');
    expect(result.skipped).toEqual([expect.objectContaining({ provider: 'dashscope', model: 'qwen-max', reason: expect.stringMatching(/context/i) })]);
    expect(requestsTo(fx, 'qwen-max')).toBe(0);
  });

  it('skips targets of unconfigured providers and images to a model without vision', async () => {
    fx = await fast();
    const result = await fx.gateway.chat({
      model: 'openai/gpt-4o-mini',
      fallbacks: ['dashscope/qwen-plus', 'dashscope/qwen-vl-plus'],
      prompt: 'what is this',
      images: ['data:image/png;base64,AAAA'],
    });
    expect(result.model).toBe('qwen-vl-plus');
    expect(result.skipped.map((s) => s.model)).toEqual(['gpt-4o-mini', 'qwen-plus']);
  });

  it('lists only the skips ahead of the target that answered: those behind it explain nothing', async () => {
    fx = await fast();
    const first = await fx.gateway.chat({ model: 'dashscope/qwen-plus', fallbacks: ['openai/gpt-4o-mini'], prompt: 'x' });
    expect(first.model).toBe('qwen-plus');
    expect(first.skipped).toEqual([]);
    // Ahead and behind: only the one ahead is told.
    const later = await fx.gateway.chat({ model: 'openai/gpt-4o-mini', fallbacks: ['dashscope/qwen-plus', 'openai/gpt-4.1'], prompt: 'x' });
    expect(later.model).toBe('qwen-plus');
    expect(later.skipped.map((s) => s.model)).toEqual(['gpt-4o-mini']);
  });
});

describe('cooldown', () => {
  it('is shared by 50 concurrent requests: the failing target gets only the probe', async () => {
    // The cooldown outlasts the burst even on a loaded machine.
    fx = await fast({ maxRetries: 0, cooldown: { failures: 3, windowMs: 30_000, durationMs: 2_500 } });
    fx.sim.script(
      Array.from({ length: 200 }, () => unavailable),
      { model: 'qwen-plus' },
    );
    const request = { model: 'dashscope/qwen-plus', fallbacks: ['dashscope/qwen-turbo'], prompt: 'x' };

    // Three failures open the cooldown.
    for (let i = 0; i < 3; i++) await fx.gateway.chat(request);
    expect(requestsTo(fx, 'qwen-plus')).toBe(3);

    const burst = await Promise.all(Array.from({ length: 50 }, () => fx!.gateway.chat(request)));
    expect(burst.every((r) => r.model === 'qwen-turbo')).toBe(true);
    expect(requestsTo(fx, 'qwen-plus')).toBe(3);
    expect(burst[0]?.skipped[0]?.reason).toMatch(/cool/i);
    const [state] = (await fx.gateway.testProvider('dashscope'))[0]?.cooldowns ?? [];
    expect(state).toMatchObject({ model: 'qwen-plus', state: 'open' });

    // After the cooldown, one request probes; the other 49 stay away.
    await new Promise((resolve) => setTimeout(resolve, 2_600));
    const afterCooldown = await Promise.all(Array.from({ length: 50 }, () => fx!.gateway.chat(request)));
    expect(afterCooldown.every((r) => r.model === 'qwen-turbo')).toBe(true);
    expect(requestsTo(fx, 'qwen-plus')).toBe(4);
  });
});
