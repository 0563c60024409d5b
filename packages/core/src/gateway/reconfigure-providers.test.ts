/**
 * reconfigure rebuilds the providers (their clients, catalog and redactor)
 * only when something they are built from changed (issue 23, item 6): a
 * save of routes or budgets keeps them; a changed key or base URL builds
 * them again, and the new settings serve the next request.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { CANARY_KEY, startGatewayFixture, type GatewayFixture } from '../test-support/gateway-fixture.js';

const built = vi.hoisted(() => ({ providers: 0 }));
vi.mock('../providers/create-provider.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../providers/create-provider.js')>();
  return {
    ...real,
    createProvider: (...args: Parameters<typeof real.createProvider>) => {
      built.providers += 1;
      return real.createProvider(...args);
    },
  };
});

let fx: GatewayFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('gateway.reconfigure', () => {
  it('keeps the providers across a routes-only or budgets-only change, and rebuilds them when a provider changes', async () => {
    fx = await startGatewayFixture();
    const env = { DASHSCOPE_API_KEY: CANARY_KEY, DASHSCOPE_BASE_URL: fx.sim.baseURL, AEGIS_LLM_HOME: fx.home, HOME: fx.home };
    const providerCount = Object.keys(fx.gateway.config.providers).length;
    expect(providerCount).toBeGreaterThan(0);
    built.providers = 0;

    fx.gateway.reconfigure(parseConfig({ routes: { chat: ['dashscope/qwen-flash'] } }, env));
    fx.gateway.reconfigure(parseConfig({ routes: { chat: ['dashscope/qwen-flash'] }, budgets: { dashscope: { monthlyUsd: 3 } } }, env));
    fx.gateway.reconfigure(parseConfig({ routes: { summarize: ['dashscope/qwen-plus'] }, timeZone: 'Asia/Shanghai' }, env));
    expect(built.providers).toBe(0);
    // The kept providers serve the new routes.
    fx.sim.script({ text: 'kept' }, { model: 'qwen-plus' });
    expect((await fx.gateway.chat({ task: 'summarize', prompt: 'x' })).text).toBe('kept');

    // Another key: every provider is built again (the redactor knows the new key), once.
    fx.gateway.reconfigure(parseConfig({ routes: { summarize: ['dashscope/qwen-plus'] } }, { ...env, DASHSCOPE_API_KEY: `${CANARY_KEY}-2` }));
    expect(built.providers).toBe(providerCount);
    fx.gateway.reconfigure(parseConfig({ routes: { summarize: ['dashscope/qwen-plus'] } }, { ...env, DASHSCOPE_API_KEY: `${CANARY_KEY}-2` }));
    expect(built.providers).toBe(providerCount);
    // A base URL nothing listens on: the rebuilt client uses it.
    fx.gateway.reconfigure(parseConfig({ routes: { summarize: ['dashscope/qwen-plus'] } }, { ...env, DASHSCOPE_BASE_URL: 'http://127.0.0.1:9/v1' }));
    expect(built.providers).toBe(2 * providerCount);
    await expect(fx.gateway.chat({ task: 'summarize', prompt: 'x' })).rejects.toMatchObject({ kind: 'upstream_unavailable' });
  });
});
