/**
 * The cap rule through the gateway and the simulator: the cap that was
 * reserved is the cap that is sent, and an upstream that spends all it may
 * cannot take a budget past its limit (issue 15, item 1).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { USAGE_SLACK_TOKENS } from '../cost/bound-usage.js';
import { worstCaseCost } from '../cost/worst-case-cost.js';
import { startGatewayFixture, type GatewayFixture } from '../test-support/gateway-fixture.js';
import type { ChatRequest, ChatResult } from '../types.js';
import { collectResult } from './collect-result.js';

let fx: GatewayFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const sent = (f: GatewayFixture) => f.sim.requests.at(-1)?.body as Record<string, unknown>;
const qwenMax = { currency: 'USD' as const, tiers: [{ input: 1.6, output: 6.4, cachedInput: 0.64 }], source: 't', asOf: 't' };

describe('the output cap sent', () => {
  it('is the model max output when the caller sets none, on both paths', async () => {
    fx = await startGatewayFixture();
    await fx.gateway.chat({ model: 'dashscope/qwen-max', prompt: 'hello' });
    expect(sent(fx).max_completion_tokens).toBe(8_192);
    await collectResult(fx.gateway.stream({ model: 'dashscope/qwen-max', prompt: 'hello' }));
    expect(sent(fx).max_completion_tokens).toBe(8_192);
    expect(sent(fx).thinking_budget).toBeUndefined();
  });

  it("is the caller's, even above the model's max output (reserved as asked)", async () => {
    fx = await startGatewayFixture({ file: { budgets: { dashscope: { monthlyUsd: 1 } } } });
    await fx.gateway.chat({ model: 'dashscope/qwen-max', prompt: 'hello', maxTokens: 20_000 });
    expect(sent(fx).max_completion_tokens).toBe(20_000);
    // 20,000 + slack output tokens at $6.40/M would not fit $0.10: refused before sending.
    // Limits live in the store, so a new gateway is started with the smaller one.
    await fx.close();
    fx = await startGatewayFixture({ file: { budgets: { dashscope: { monthlyUsd: 0.1 } } } });
    const before = fx.sim.requests.length;
    await expect(fx.gateway.chat({ model: 'dashscope/qwen-max', prompt: 'hello', maxTokens: 20_000 })).rejects.toMatchObject({ kind: 'budget_exceeded' });
    expect(fx.sim.requests.length).toBe(before);
  });

  it('reserves no reasoning when thinking is off on the wire: the answer at the output price', async () => {
    // qwen-plus, no cap given: 32,768 + slack output tokens. At the $1.2/M output price that is
    // about $0.04; at the $4/M thinking-mode price it would be $0.13 and a $0.06 budget would refuse.
    fx = await startGatewayFixture({ file: { budgets: { dashscope: { monthlyUsd: 0.06 } } } });
    await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'hello' });
    expect(sent(fx)).toMatchObject({ enable_thinking: false, max_completion_tokens: 32_768 });
    await collectResult(fx.gateway.stream({ model: 'dashscope/qwen-plus', prompt: 'hello' }));
    expect(sent(fx)).toMatchObject({ enable_thinking: false, max_completion_tokens: 32_768 });
    // Asked to think, the reasoning is reserved at the thinking-mode price: refused before sending.
    const before = fx.sim.requests.length;
    await expect(collectResult(fx.gateway.stream({ model: 'dashscope/qwen-plus', prompt: 'why', thinking: true }))).rejects.toMatchObject({
      kind: 'budget_exceeded',
    });
    expect(fx.sim.requests.length).toBe(before);
  });

  it('bounds reasoning too on DashScope: thinking_budget beside the answer cap', async () => {
    fx = await startGatewayFixture();
    await collectResult(fx.gateway.stream({ model: 'dashscope/qwen-plus', prompt: 'why', thinking: true }));
    expect(sent(fx)).toMatchObject({ enable_thinking: true, max_completion_tokens: 32_768, thinking_budget: 32_768 });
    await collectResult(fx.gateway.stream({ model: 'dashscope/qwen-plus', prompt: 'why', thinking: true, maxTokens: 200, thinkingBudget: 50 }));
    expect(sent(fx)).toMatchObject({ max_completion_tokens: 200, thinking_budget: 50 });
    // A thinking-only model reasons unasked: its reasoning is budgeted all the same.
    await collectResult(fx.gateway.stream({ model: 'dashscope/qwq-plus', prompt: 'why' }));
    expect(sent(fx)).toMatchObject({ max_completion_tokens: 8_192, thinking_budget: 8_192 });
    // Thinking off: one cap, no budget.
    await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'why', thinking: false });
    expect(sent(fx).thinking_budget).toBeUndefined();
  });

  it('is not sent when nothing is known of the model (worst case unknown, as before)', async () => {
    fx = await startGatewayFixture({ simulator: { models: ['qwen-max', 'qwen-mystery'] } });
    await fx.gateway.chat({ model: 'dashscope/qwen-mystery', prompt: 'hello' });
    expect(sent(fx).max_completion_tokens).toBeUndefined();
  });
});

describe('an upstream that spends everything it may', () => {
  it('is charged exactly the worst case it was admitted with', async () => {
    fx = await startGatewayFixture({ simulator: { defaultScenario: { spend: 'all' } } });
    const result = await fx.gateway.chat({ model: 'dashscope/qwen-max', prompt: 'hello' });
    expect(result.usage).toMatchObject({ outputTokens: 8_192, estimated: false });
    expect(result.usage.suspect).toBeUndefined();
    const reserved = worstCaseCost({ inputTokens: 10, maxOutputTokens: 8_192 + USAGE_SLACK_TOKENS, pricing: qwenMax, cnyPerUsd: 7.2 }) ?? 0;
    expect(result.costMicroUsd).toBeLessThanOrEqual(reserved);
    expect(result.costMicroUsd).toBeGreaterThan(reserved - 1_000);
  });

  it('reasons at the reasoning price within the budget it was sent', async () => {
    fx = await startGatewayFixture({ simulator: { defaultScenario: { spend: 'all' } } });
    const result = await collectResult(
      fx.gateway.stream({ model: 'dashscope/qwen-turbo', prompt: 'why', thinking: true, maxTokens: 100, thinkingBudget: 300 }),
    );
    expect(result.usage).toMatchObject({ outputTokens: 400, reasoningTokens: 300 });
    expect(result.usage.suspect).toBeUndefined();
  });

  it('no max_tokens, a small budget, 40 chats and streams at once: 0 micro-USD over the limit', async () => {
    const limitUsd = 0.2;
    fx = await startGatewayFixture({
      file: { budgets: { dashscope: { monthlyUsd: limitUsd } } },
      simulator: { defaultScenario: { spend: 'all', chunks: 3, chunkIntervalMs: 5 } },
    });
    const gateway = fx.gateway;
    const request: ChatRequest = { model: 'dashscope/qwen-max', prompt: 'write as much as you can' };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? gateway.chat(request) : collectResult(gateway.stream(request)))),
    );
    const answered = outcomes.filter((o): o is PromiseFulfilledResult<ChatResult> => o.status === 'fulfilled').map((o) => o.value);
    const refused = outcomes.filter((o) => o.status === 'rejected' && (o.reason as { kind?: string }).kind === 'budget_exceeded');
    expect(answered.length + refused.length).toBe(40);
    expect(answered.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    const status = await gateway.budgetStatus();
    const dashscope = status.providers.find((p) => p.provider === 'dashscope');
    const spent = answered.reduce((sum, r) => sum + (r.costMicroUsd ?? 0), 0);
    expect(dashscope?.spent.microUsd).toBe(spent);
    expect(spent).toBeLessThanOrEqual(limitUsd * 1_000_000);
    // Every admitted answer spent its whole cap: the upstream was not held back by anything but the cap.
    for (const r of answered) expect(r.usage.outputTokens).toBe(8_192);
  });
});
