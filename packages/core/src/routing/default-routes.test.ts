import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/create-catalog.js';
import { DEFAULT_ROUTES, DEFAULT_TASK, mergeRoutes } from './default-routes.js';

describe('DEFAULT_ROUTES', () => {
  it('covers every built-in task type, DashScope first', () => {
    for (const task of ['chat', 'summarize', 'extract', 'code', 'vision', 'reasoning']) {
      const chain = DEFAULT_ROUTES[task];
      expect(chain?.length, task).toBeGreaterThan(1);
      expect(chain?.[0]?.startsWith('dashscope/'), task).toBe(true);
    }
    expect(DEFAULT_ROUTES[DEFAULT_TASK]).toBeDefined();
  });

  it('names only provider/model targets, without duplicates', () => {
    for (const [task, chain] of Object.entries(DEFAULT_ROUTES)) {
      expect(new Set(chain).size, task).toBe(chain.length);
      for (const spec of chain) expect(spec, task).toMatch(/^(dashscope|openai|ollama)\/\S+$/);
    }
  });

  it('names only current catalog models for DashScope and OpenAI (no retired hop)', () => {
    const catalog = createCatalog();
    for (const [task, chain] of Object.entries(DEFAULT_ROUTES)) {
      for (const spec of chain) {
        const [provider = '', model = ''] = spec.split('/');
        if (provider === 'ollama') continue;
        expect(catalog.get(provider, model)?.lifecycle?.status, `${task}: ${spec}`).toBe('current');
        expect(catalog.pricingOf(provider, model), `${task}: ${spec} is priced`).toBeDefined();
      }
    }
  });

  it('routes vision and reasoning to a live DashScope model with the capability', () => {
    const catalog = createCatalog();
    expect(catalog.get('dashscope', (DEFAULT_ROUTES.vision?.[0] ?? '').split('/')[1] ?? '')?.capabilities).toContain('vision');
    expect(catalog.get('dashscope', (DEFAULT_ROUTES.reasoning?.[0] ?? '').split('/')[1] ?? '')?.capabilities).toContain('thinking');
  });

  it('cannot be changed by accident', () => {
    expect(Object.isFrozen(DEFAULT_ROUTES)).toBe(true);
    expect(Object.isFrozen(DEFAULT_ROUTES.chat)).toBe(true);
  });
});

describe('mergeRoutes', () => {
  it('replaces the chain of a configured task and adds new tasks', () => {
    const merged = mergeRoutes(DEFAULT_ROUTES, {
      chat: ['openai/gpt-4o-mini'],
      translate: [' dashscope/qwen-mt-turbo ', ''],
    });
    expect(merged.chat).toEqual(['openai/gpt-4o-mini']);
    expect(merged.translate).toEqual(['dashscope/qwen-mt-turbo']);
    expect(merged.vision).toEqual([...(DEFAULT_ROUTES.vision ?? [])]);
  });

  it('returns copies: editing the result leaves the defaults alone', () => {
    const merged = mergeRoutes(DEFAULT_ROUTES, undefined);
    merged.chat?.push('x/y');
    expect(DEFAULT_ROUTES.chat).not.toContain('x/y');
  });
});
