/**
 * No unbudgeted spend (issue 17, item 3), through the gateway and the
 * simulator: under a budget, a model whose cost cannot be known is refused
 * before anything is sent unless the budget says otherwise, and a thinking
 * request reserves, and is charged, the reasoning it may produce.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startGatewayFixture, type GatewayFixture } from '../test-support/gateway-fixture.js';
import type { ChatRequest, ChatResult } from '../types.js';
import { collectResult } from './collect-result.js';
import { BUDGETED_DEFAULT_OUTPUT_CAP } from './plan-output.js';

let fx: GatewayFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const MODELS = ['qwen-plus', 'qwen3.5-plus', 'qwen-mystery'];
const settle = <T>(work: Array<Promise<T>>) => Promise.allSettled(work);
const answeredOf = (outcomes: Array<PromiseSettledResult<ChatResult>>) =>
  outcomes.filter((o): o is PromiseFulfilledResult<ChatResult> => o.status === 'fulfilled').map((o) => o.value);
const kindOf = (o: PromiseSettledResult<unknown>) => (o.status === 'rejected' ? (o.reason as { kind?: string; code?: string }) : undefined);

describe('an unpriced model under a budget', () => {
  it('is refused, 30 at once, chat and stream alike, and the upstream sees none of them', async () => {
    fx = await startGatewayFixture({ simulator: { models: MODELS }, file: { budgets: { dashscope: { monthlyUsd: 5 } } } });
    const gateway = fx.gateway;
    const request: ChatRequest = { model: 'dashscope/qwen-mystery', prompt: 'hello', maxTokens: 100 };
    const outcomes = await settle(Array.from({ length: 30 }, (_, i) => (i % 2 ? gateway.chat(request) : collectResult(gateway.stream(request)))));
    for (const o of outcomes) expect(kindOf(o)).toMatchObject({ kind: 'budget_exceeded', code: 'UNPRICED_MODEL' });
    expect(fx.sim.requests.length).toBe(0);
    const error = kindOf(outcomes[0]!) as unknown as Error;
    // The message names the fix.
    expect(error.message).toContain('Add its price under "models"');
    expect(error.message).toContain('budgets.dashscope.unpriced');
  });

  it('falls back to a priced target of the route, which alone is called', async () => {
    fx = await startGatewayFixture({ simulator: { models: MODELS }, file: { budgets: { dashscope: { monthlyUsd: 5 } } } });
    const result = await fx.gateway.chat({ model: 'dashscope/qwen-mystery', fallbacks: ['dashscope/qwen-plus'], prompt: 'hello' });
    expect(result.model).toBe('qwen-plus');
    expect(result.attempts.map((a) => a.outcome)).toEqual(['budget_exceeded', 'ok']);
    expect(fx.sim.requests.map((r) => r.body?.model)).toEqual(['qwen-plus']);
  });

  it('at an assumed price, with no cap known, is sent and reserved a default cap the budget can hold', async () => {
    fx = await startGatewayFixture({
      simulator: { models: MODELS, defaultScenario: { spend: 'all' } },
      file: { budgets: { dashscope: { monthlyUsd: 5, unpriced: { assumeUsdPer1M: 10 } } } },
    });
    const result = await fx.gateway.chat({ model: 'dashscope/qwen-mystery', prompt: 'hello' });
    expect(fx.sim.requests.at(-1)?.body?.max_completion_tokens).toBe(BUDGETED_DEFAULT_OUTPUT_CAP);
    expect(result.usage.outputTokens).toBe(BUDGETED_DEFAULT_OUTPUT_CAP);
    expect(result.costMicroUsd).toBe((result.usage.inputTokens + BUDGETED_DEFAULT_OUTPUT_CAP) * 10);
  });

  it('at an assumed price is reserved and charged at it: 30 spenders at once stay within the limit', async () => {
    const limitMicroUsd = 50_000;
    fx = await startGatewayFixture({
      simulator: { models: MODELS, defaultScenario: { spend: 'all', chunks: 3, chunkIntervalMs: 2 } },
      file: { budgets: { dashscope: { monthlyUsd: limitMicroUsd / 1e6, unpriced: { assumeUsdPer1M: 10 } } } },
    });
    const gateway = fx.gateway;
    const request: ChatRequest = { model: 'dashscope/qwen-mystery', prompt: 'write', maxTokens: 1000 };
    const outcomes = await settle(Array.from({ length: 30 }, (_, i) => (i % 2 ? gateway.chat(request) : collectResult(gateway.stream(request)))));
    const answered = answeredOf(outcomes);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.length).toBeLessThan(30);
    for (const r of answered) {
      // Every token at $10/1M: micro-USD = tokens x 10.
      expect(r.costMicroUsd).toBe((r.usage.inputTokens + r.usage.outputTokens) * 10);
    }
    const spent = answered.reduce((sum, r) => sum + (r.costMicroUsd ?? 0), 0);
    expect(spent).toBeLessThanOrEqual(limitMicroUsd);
    const status = await gateway.budgetStatus({ provider: 'dashscope' });
    expect(status.providers.find((p) => p.provider === 'dashscope')?.spent.microUsd).toBe(spent);
    expect(fx.sim.requests.length).toBe(answered.length);
  });

  it('is sent when the budget allows it, recorded unpriced', async () => {
    fx = await startGatewayFixture({ simulator: { models: MODELS }, file: { budgets: { dashscope: { monthlyUsd: 5, unpriced: 'allow' } } } });
    const result = await fx.gateway.chat({ model: 'dashscope/qwen-mystery', prompt: 'hello' });
    expect(result.costMicroUsd).toBeUndefined();
    expect(fx.sim.requests.length).toBe(1);
  });

  it('is sent as before when its provider has no budget', async () => {
    fx = await startGatewayFixture({ simulator: { models: MODELS } });
    expect((await fx.gateway.chat({ model: 'dashscope/qwen-mystery', prompt: 'hello' })).costMicroUsd).toBeUndefined();
  });
});

describe('a thinking request', () => {
  it('reserves its reasoning and answer at the thinking price: 30 spenders at once never overshoot a tight budget', async () => {
    const limitMicroUsd = 60_000;
    fx = await startGatewayFixture({
      simulator: { models: MODELS, defaultScenario: { spend: 'all', chunks: 3, chunkIntervalMs: 2 } },
      file: { budgets: { dashscope: { monthlyUsd: limitMicroUsd / 1e6 } } },
    });
    const gateway = fx.gateway;
    const request: ChatRequest = { model: 'dashscope/qwen-plus', prompt: 'think hard', thinking: true, thinkingBudget: 2000, maxTokens: 500 };
    const outcomes = await settle(Array.from({ length: 30 }, () => collectResult(gateway.stream(request))));
    const answered = answeredOf(outcomes);
    expect(answered.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => kindOf(o)?.kind === 'budget_exceeded').length).toBeGreaterThan(0);
    for (const r of answered) {
      // The upstream spent all it was allowed: 2000 reasoning + 500 answer.
      expect(r.usage).toMatchObject({ reasoningTokens: 2000, outputTokens: 2500 });
      // qwen-plus <=256K, thinking mode: input x 0.4 + every output token x 4 (Model Studio model-pricing page).
      expect(r.costMicroUsd).toBe(Math.round(r.usage.inputTokens * 0.4 + 2500 * 4));
    }
    const spent = answered.reduce((sum, r) => sum + (r.costMicroUsd ?? 0), 0);
    expect(spent).toBeLessThanOrEqual(limitMicroUsd);
    const status = await gateway.budgetStatus({ provider: 'dashscope' });
    expect(status.providers.find((p) => p.provider === 'dashscope')?.spent.microUsd).toBe(spent);
  });

  it('to a model that thinks by default is told not to unless it asks, on both paths', async () => {
    fx = await startGatewayFixture({ simulator: { models: MODELS } });
    const streamed = await collectResult(fx.gateway.stream({ model: 'dashscope/qwen3.5-plus', prompt: 'hello' }));
    expect(fx.sim.requests.at(-1)?.body?.enable_thinking).toBe(false);
    expect(streamed.reasoning).toBeUndefined();
    expect(streamed.usage.reasoningTokens).toBe(0);
    await fx.gateway.chat({ model: 'dashscope/qwen3.5-plus', prompt: 'hello' });
    expect(fx.sim.requests.at(-1)?.body?.enable_thinking).toBe(false);
    // Asked for: it thinks, with its reasoning capped by thinking_budget and reserved.
    const thought = await collectResult(fx.gateway.stream({ model: 'dashscope/qwen3.5-plus', prompt: 'hello', thinking: true }));
    expect(fx.sim.requests.at(-1)?.body).toMatchObject({ enable_thinking: true, thinking_budget: 65_536 });
    expect(thought.reasoning).toBeDefined();
  });

  it('on the reasoning route is the default for its hybrid models, reserved as such; thinking: false turns it off', async () => {
    fx = await startGatewayFixture({ simulator: { models: MODELS } });
    const thought = await collectResult(fx.gateway.stream({ task: 'reasoning', prompt: 'why' }));
    expect(thought.model).toBe('qwen3.5-plus');
    expect(fx.sim.requests.at(-1)?.body).toMatchObject({ enable_thinking: true, thinking_budget: 65_536 });
    expect(thought.reasoning).toBeDefined();
    await collectResult(fx.gateway.stream({ task: 'reasoning', prompt: 'why', thinking: false }));
    expect(fx.sim.requests.at(-1)?.body?.enable_thinking).toBe(false);
    await collectResult(fx.gateway.stream({ task: 'chat', prompt: 'why' }));
    expect(fx.sim.requests.at(-1)?.body?.enable_thinking).toBe(false);
  });
});
