import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '@aegis-llm/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { createGateway } from './create-gateway.js';
import { memoryLogger } from '../test-support/gateway-fixture.js';
import { startGatewayFixture, type GatewayFixture } from '../test-support/gateway-fixture.js';

let fx: GatewayFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/**
 * Names that come from users (endpoint names, model ids, task types) are
 * ordinary names: `__proto__`, `constructor` or `toString` must neither crash
 * the gateway nor borrow a value from Object.prototype, on the request path,
 * in the ledger's sums and in budget status.
 */
const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('names that are Object.prototype members', () => {
  it('are models like any other: answered, priced as configured, recorded and summed under their name', async () => {
    fx = await startGatewayFixture({
      simulator: { models: NAMES },
      file: {
        budgets: { dashscope: { monthlyUsd: 5, models: Object.fromEntries(NAMES.filter((n) => n !== '__proto__').map((n) => [n, 1])) } },
        // A cap too, so the budget can hold the worst case (an uncapped model is refused under a budget).
        models: NAMES.map((model) => ({ provider: 'dashscope', model, maxOutputTokens: 1000, pricing: { tiers: [{ input: 1, output: 2 }] } })),
      },
    });
    fx.sim.script({ text: 'ok' });
    for (const model of NAMES) {
      const result = await fx.gateway.chat({ model: `dashscope/${model}`, prompt: 'hello' });
      expect(result.model).toBe(model);
      expect(result.costMicroUsd).toBeGreaterThan(0);
    }
    const status = await fx.gateway.budgetStatus({ provider: 'dashscope' });
    const dashscope = status.providers.find((p) => p.provider === 'dashscope');
    expect(dashscope?.spent.microUsd).toBeGreaterThan(0);
    expect(dashscope?.models.map((m) => m.model).sort()).toEqual([...NAMES].sort());
    const usage = await fx.gateway.usage();
    const models = Object.keys(usage.months[usage.period]?.dashscope?.models ?? {}).sort();
    expect(models).toEqual([...NAMES].sort());
    const recent = await fx.gateway.recentRequests(10);
    expect(recent.map((r) => r.model).sort()).toEqual([...NAMES].sort());
  });

  it('are task types and endpoint names like any other', async () => {
    fx = await startGatewayFixture({
      file: {
        endpoints: [{ name: 'constructor', baseURL: 'http://127.0.0.1:9/v1' }],
        routes: { toString: ['dashscope/qwen-plus'], valueOf: ['constructor/some-model', 'dashscope/qwen-flash'] },
      },
    });
    fx.sim.script({ text: 'ok' });
    expect((await fx.gateway.chat({ task: 'toString', prompt: 'x' })).model).toBe('qwen-plus');
    const fellBack = await fx.gateway.chat({ task: 'valueOf', prompt: 'x' });
    expect(fellBack.model).toBe('qwen-flash');
    const models = await fx.gateway.listModels({ provider: 'constructor' });
    expect(models.every((m) => m.provider === 'constructor')).toBe(true);
    // A model named like an Object.prototype member is an unknown model, not a provider without a default model.
    for (const name of ['toString', 'hasOwnProperty']) {
      const error = await fx.gateway.chat({ model: name, prompt: 'x' }).then(
        () => undefined,
        (thrown: unknown) => thrown as Error,
      );
      expect(error?.message).toContain(`"${name}" is neither "provider/model"`);
      expect(error?.message).not.toContain('no default model');
    }
  });

  it('are endpoint names that serve and are budgeted like any other', async () => {
    const sim = await startSimulator({ models: ['m', 'other'] });
    const home = mkdtempSync(join(tmpdir(), 'aegis-names-'));
    const config = parseConfig(
      {
        endpoints: [{ name: 'constructor', baseURL: sim.baseURL }],
        budgets: { constructor: { monthlyUsd: 1, unpriced: 'allow' } },
        models: [{ provider: 'constructor', model: 'm', maxOutputTokens: 1000, pricing: { tiers: [{ input: 1, output: 1 }] } }],
      },
      { AEGIS_LLM_HOME: home },
    );
    const gateway = createGateway({ config, logger: memoryLogger([]) });
    try {
      sim.script({ text: 'ok' });
      const result = await gateway.chat({ model: 'constructor/m', prompt: 'x' });
      expect(result.costMicroUsd).toBeGreaterThan(0);
      // Another model of this endpoint is unpriced (allowed by the budget), not "priced" by Object.prototype.constructor.
      const unpriced = await gateway.chat({ model: 'constructor/other', prompt: 'x' });
      expect(unpriced.costMicroUsd).toBeUndefined();
      const status = await gateway.budgetStatus({ provider: 'constructor' });
      expect(status.providers[0]?.spent.microUsd).toBe(result.costMicroUsd);
    } finally {
      await gateway.close();
      await sim.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
