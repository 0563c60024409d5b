/**
 * DashScope's own error semantics through the gateway and the simulator's
 * scripted bodies (issue 17, items 1 and 4): the per-minute token throttle
 * that says `insufficient_quota` is a rate limit, real quota exhaustion is
 * not, and a retired model's 404 names its replacement and cools down.
 */
import { dashscopeErrors } from '@aegis-llm/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { startGatewayFixture, type GatewayFixture } from '../test-support/gateway-fixture.js';
import { failureOf } from '../test-support/failure-of.js';

let fx: GatewayFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const fast = (simulator: { models?: string[] } = {}) => startGatewayFixture({ simulator, file: { routing: { baseBackoffMs: 1, maxBackoffMs: 2 } } });

describe('429 insufficient_quota', () => {
  it('with the #token-limit link is the per-minute throttle: rate_limited, retried on the same target', async () => {
    fx = await fast();
    fx.sim.script({ fault: dashscopeErrors.allocationQuotaAsInsufficientQuota });
    const result = await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'x' });
    expect(result.attempts.map((a) => [a.model, a.outcome])).toEqual([
      ['qwen-plus', 'rate_limited'],
      ['qwen-plus', 'ok'],
    ]);
    // One throttle does not put the model in cooldown (a short one only after repeated failures).
    expect((await fx.gateway.cooldowns()).find((c) => c.model === 'qwen-plus')?.state ?? 'closed').toBe('closed');
  });

  it('without it is an exhausted quota: not retried, cooled down at once, the route falls back', async () => {
    fx = await fast();
    fx.sim.script({ fault: dashscopeErrors.insufficientQuota }, { model: 'qwen-plus' });
    const result = await fx.gateway.chat({ model: 'dashscope/qwen-plus', fallbacks: ['dashscope/qwen-flash'], prompt: 'x' });
    expect(result.attempts.map((a) => [a.model, a.outcome])).toEqual([
      ['qwen-plus', 'quota_exhausted'],
      ['qwen-flash', 'ok'],
    ]);
    expect((await fx.gateway.cooldowns()).find((c) => c.model === 'qwen-plus')?.state).toBe('open');
  });
});

describe('a retired model', () => {
  it('is still called by name, and its 404 names the replacement', async () => {
    // The account no longer has qwen-turbo: the simulator answers 404 model_not_found.
    fx = await fast({ models: ['qwen-plus', 'qwen-flash'] });
    const error = await failureOf(fx.gateway.chat({ model: 'dashscope/qwen-turbo', prompt: 'x' }));
    expect(error).toMatchObject({ kind: 'not_found' });
    expect(error.message).toContain('dashscope/qwen-turbo is retired (since 2026-10-10)');
    expect(error.message).toContain('Use dashscope/qwen-flash instead.');
    expect(fx.sim.requests).toHaveLength(1);
  });

  it('that answers 404 is not paid again: the next request skips it, saying why', async () => {
    fx = await fast({ models: ['qwen-plus', 'qwen-flash'] });
    const first = await fx.gateway.chat({ model: 'dashscope/qwen-vl-plus', fallbacks: ['dashscope/qwen-flash'], prompt: 'x' });
    expect(first.attempts.map((a) => a.outcome)).toEqual(['not_found', 'ok']);
    const second = await fx.gateway.chat({ model: 'dashscope/qwen-vl-plus', fallbacks: ['dashscope/qwen-flash'], prompt: 'x' });
    expect(second.attempts.map((a) => a.model)).toEqual(['qwen-flash']);
    expect(second.skipped[0]).toMatchObject({ model: 'qwen-vl-plus', code: 'cooldown' });
    expect(second.skipped[0]?.reason).toContain('Use dashscope/qwen3-vl-plus instead.');
    expect(fx.sim.requests.filter((r) => r.body?.model === 'qwen-vl-plus')).toHaveLength(1);
  });

  it('in a configured route is a warning at start, and in routeWarnings()', async () => {
    fx = await startGatewayFixture({ file: { routes: { chat: ['dashscope/qwen-turbo', 'dashscope/qwen-plus', 'dashscope/qwen-typo'] } } });
    expect(fx.gateway.routeWarnings().map((w) => [w.target, w.code])).toEqual([
      ['dashscope/qwen-turbo', 'retired'],
      ['dashscope/qwen-typo', 'unknown_model'],
    ]);
    expect(fx.logs.filter((line) => line.startsWith('warn: route "chat": dashscope/qwen-turbo was retired since 2026-10-10'))).toHaveLength(1);
  });

  it('alone in a request, after its 404, is reported not_found again (not a retryable outage), unsent', async () => {
    fx = await fast({ models: ['qwen-plus'] });
    await failureOf(fx.gateway.chat({ model: 'dashscope/qwen-turbo', prompt: 'x' }));
    const again = await failureOf(fx.gateway.chat({ model: 'dashscope/qwen-turbo', prompt: 'x' }));
    expect(again).toMatchObject({ kind: 'not_found', retryable: false });
    expect(again.message).toContain('Use dashscope/qwen-flash instead.');
    expect(fx.sim.requests).toHaveLength(1);
  });

  it('is answered as before while the account still has it', async () => {
    fx = await fast();
    expect((await fx.gateway.chat({ model: 'dashscope/qwen-turbo', prompt: 'x' })).model).toBe('qwen-turbo');
  });
});
