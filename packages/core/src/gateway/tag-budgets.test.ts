/**
 * Tag-scoped budgets (issue 17, item 6): a budget on `name=value` counts every
 * request whose tags hold the pair, across providers and processes, held in
 * the store like a provider's, through the gateway and the simulator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { startGatewayFixture, type GatewayFixture } from '../test-support/gateway-fixture.js';
import type { ChatRequest, ChatResult } from '../types.js';
import { collectResult } from './collect-result.js';

const fixtures: GatewayFixture[] = [];
afterEach(async () => {
  for (const fx of fixtures.splice(0).reverse()) await fx.close();
});
const start = async (options: Parameters<typeof startGatewayFixture>[0]) => {
  const fx = await startGatewayFixture(options);
  fixtures.push(fx);
  return fx;
};

const answered = (outcomes: Array<PromiseSettledResult<ChatResult>>) =>
  outcomes.filter((o): o is PromiseFulfilledResult<ChatResult> => o.status === 'fulfilled').map((o) => o.value);
const refusals = (outcomes: Array<PromiseSettledResult<unknown>>) =>
  outcomes
    .filter((o): o is PromiseRejectedResult => o.status === 'rejected')
    .map((o) => o.reason as { kind?: string; details?: Record<string, unknown>; message: string });

describe('a tag budget', () => {
  it('holds under 30 concurrent spenders with no provider budget and no max_tokens, and leaves other tags alone', async () => {
    // qwen-plus may answer (and think) 32K tokens: about $0.13 of worst case per call when no cap is set.
    const limitMicroUsd = 500_000;
    const fx = await start({
      simulator: { defaultScenario: { spend: 'all', chunks: 3, chunkIntervalMs: 2 } },
      file: { tagBudgets: { 'workflow_id=wf-1': { monthlyUsd: limitMicroUsd / 1e6 } } },
    });
    const request: ChatRequest = { model: 'dashscope/qwen-plus', prompt: 'write a long story', tags: { workflow_id: 'wf-1' } };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? fx.gateway.chat(request) : collectResult(fx.gateway.stream(request)))),
    );
    const served = answered(outcomes);
    expect(served.length).toBeGreaterThan(0);
    expect(served.length).toBeLessThan(30);
    const spent = served.reduce((sum, r) => sum + (r.costMicroUsd ?? 0), 0);
    expect(spent).toBeLessThanOrEqual(limitMicroUsd);
    // No max_tokens from the caller: a cap was sent, so the worst case was bounded.
    for (const upstream of fx.sim.requests) expect(upstream.body?.max_completion_tokens ?? upstream.body?.max_tokens).toBeGreaterThan(0);
    for (const refusal of refusals(outcomes)) {
      expect(refusal).toMatchObject({ kind: 'budget_exceeded', details: { scope: 'tag', tag: 'workflow_id=wf-1' } });
      expect(refusal.message).toContain('Monthly budget of tag workflow_id=wf-1 exceeded');
    }
    expect(fx.sim.requests.length).toBe(served.length);

    // Another workflow's requests have no budget here.
    const other = await fx.gateway.chat({ ...request, tags: { workflow_id: 'wf-2' } });
    expect(other.text.length).toBeGreaterThan(0);

    // Refused requests are recorded too (at no cost): all 30 count as requests of the tag.
    const status = await fx.gateway.budgetStatus();
    expect(status.tagBudgets).toEqual([
      expect.objectContaining({
        tag: 'workflow_id=wf-1',
        limit: expect.objectContaining({ microUsd: limitMicroUsd }),
        spent: expect.objectContaining({ microUsd: spent }),
        requests: 30,
      }),
    ]);
  });

  it('refuses an unpriced model before anything is sent', async () => {
    const fx = await start({
      simulator: { models: ['qwen-plus', 'qwen-mystery'] },
      file: { tagBudgets: { 'end_user=alice': { monthlyUsd: 5 } } },
    });
    await expect(fx.gateway.chat({ model: 'dashscope/qwen-mystery', prompt: 'hi', maxTokens: 10, tags: { end_user: 'alice' } })).rejects.toMatchObject({
      kind: 'budget_exceeded',
      code: 'UNPRICED_MODEL',
      details: { tag: 'end_user=alice' },
    });
    expect(fx.sim.requests.length).toBe(0);
    // Without the tag the same call goes through (no budget applies).
    await fx.gateway.chat({ model: 'dashscope/qwen-mystery', prompt: 'hi', maxTokens: 10, tags: { end_user: 'bob' } });
    expect(fx.sim.requests.length).toBe(1);
  });

  it('takes budgets a surface declares (client keys), and a name like __proto__ is a name', async () => {
    const fx = await start({
      simulator: { defaultScenario: { spend: 'all' } },
      gateway: { tagBudgets: () => ({ 'client_key=__proto__': { monthlyLimitMicroUsd: 1, alertThresholds: [100] } }) },
    });
    await expect(fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'hi', maxTokens: 50, tags: { client_key: '__proto__' } })).rejects.toMatchObject({
      kind: 'budget_exceeded',
      details: { scope: 'tag', tag: 'client_key=__proto__', limitMicroUsd: 1 },
    });
    expect(fx.sim.requests.length).toBe(0);
  });

  it('is enforced by a second process on the same store that does not declare it', async () => {
    const declaring = await start({
      simulator: { defaultScenario: { spend: 'all' } },
      file: { tagBudgets: { 'client_key=k_1': { monthlyUsd: 0.0005 } } },
    });
    // Its first request writes the budget into the store's book.
    await declaring.gateway.budgetStatus();
    const other = await start({ simulator: { defaultScenario: { spend: 'all' } }, env: { AEGIS_LLM_HOME: declaring.home } });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => other.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'write', maxTokens: 200, tags: { client_key: 'k_1' } })),
    );
    const spent = answered(outcomes).reduce((sum, r) => sum + (r.costMicroUsd ?? 0), 0);
    expect(refusals(outcomes).length).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(500);
    const status = await other.gateway.budgetStatus();
    expect(status.tagBudgets?.[0]).toMatchObject({ tag: 'client_key=k_1', spent: { microUsd: spent } });
    expect(status.tagBudgets?.[0]?.limitSetBy).toBeDefined();
  });

  it('fires its thresholds once each, listed on the tag budget and logged', async () => {
    const fx = await start({
      simulator: { defaultScenario: { spend: 'all' } },
      file: { tagBudgets: { 'workflow_id=wf-9': { monthlyUsd: 0.002, alertThresholds: [10, 25, 90] } } },
    });
    // About $0.00024 each (200 output tokens at $1.2/M): 12 %, 24 %, 36 % of the limit.
    for (let i = 0; i < 3; i += 1) {
      await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'write', maxTokens: 200, tags: { workflow_id: 'wf-9', node_name: 'Sum' } });
    }
    await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'write', maxTokens: 200, tags: { workflow_id: 'wf-other' } });
    await fx.gateway.flush();
    const status = await fx.gateway.budgetStatus();
    const budget = status.tagBudgets?.[0];
    expect(budget?.alerts.map((alert) => alert.threshold)).toEqual([10, 25]);
    expect(budget?.alerts[0]).toMatchObject({ provider: 'workflow_id=wf-9', limitMicroUsd: 2_000 });
    // Not a provider's alert: dashscope has no budget and lists none.
    expect(status.providers.flatMap((provider) => provider.alerts)).toEqual([]);
    const alertLines = fx.logs.filter((line) => line.includes('budget alert'));
    expect(alertLines).toHaveLength(2);
    expect(alertLines[0]).toContain('requests tagged workflow_id=wf-9 have spent');
  });

  it('is named name=value in the config file, or refused naming the entry', () => {
    expect(() => parseConfig({ tagBudgets: { workflow: { monthlyUsd: 1 } } }, {})).toThrow(/tagBudgets.*name=value/s);
    expect(() => parseConfig({ tagBudgets: { 'Team=x': { monthlyUsd: 1 } } }, {})).toThrow(/tag name `Team`/);
    const config = parseConfig({ tagBudgets: { 'team=support': { monthlyUsd: '2.5', alertThresholds: [90] } } }, {});
    expect(config.tagBudgets).toEqual({ 'team=support': { monthlyLimitMicroUsd: 2_500_000, alertThresholds: [90] } });
  });
});
