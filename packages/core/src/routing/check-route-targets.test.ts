import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/create-catalog.js';
import { checkRouteTargets, type RouteCheckContext } from './check-route-targets.js';
import { DEFAULT_ROUTES } from './default-routes.js';

const catalog = createCatalog([{ provider: 'dashscope', model: 'qwen-mine', contextWindow: 1000 }]);
const ctx: RouteCheckContext = {
  providers: new Set(['dashscope', 'openai', 'ollama', 'anyllm', 'groq']),
  lookup: (provider, model) => catalog.peek(provider, model),
  hasCatalog: (provider) => catalog.list(provider).length > 0,
};

describe('checkRouteTargets', () => {
  it('finds nothing wrong with the built-in routes', () => {
    expect(checkRouteTargets(DEFAULT_ROUTES, ctx)).toEqual([]);
  });

  it('warns of retired models with their replacement, unknown providers and unknown models of catalogued providers', () => {
    const warnings = checkRouteTargets(
      {
        chat: ['dashscope/qwen-turbo', 'dashscope/qwen-plus', 'dashscope/Qwen-Plus', 'dashscope/qwen-mine'],
        vision: ['mistral/pixtral', 'groq/anything', 'ollama/whatever:7b', 'anyllm/x'],
      },
      ctx,
    );
    expect(warnings.map((w) => [w.task, w.target, w.code])).toEqual([
      ['chat', 'dashscope/qwen-turbo', 'retired'],
      ['chat', 'dashscope/Qwen-Plus', 'unknown_model'],
      ['vision', 'mistral/pixtral', 'unknown_provider'],
    ]);
    expect(warnings[0]?.message).toBe(
      'route "chat": dashscope/qwen-turbo was retired since 2026-10-10 (Alibaba Cloud Model Studio retirement notice (Singapore and Beijing sites)); use dashscope/qwen-flash instead.',
    );
  });

  it('suggests the closest known target for a mistyped model or provider, and nothing for a name close to none', () => {
    const withModels: RouteCheckContext = { ...ctx, models: (provider) => catalog.list(provider).map((e) => e.model) };
    const warnings = checkRouteTargets({ chat: ['dashscope/qwen-plsu', 'dashscop/qwen-plus', 'dashscope/qwen-nonexistent'] }, withModels);
    expect(warnings.map((w) => [w.target, w.code, w.suggestion])).toEqual([
      ['dashscope/qwen-plsu', 'unknown_model', 'dashscope/qwen-plus'],
      ['dashscop/qwen-plus', 'unknown_provider', 'dashscope/qwen-plus'],
      ['dashscope/qwen-nonexistent', 'unknown_model', undefined],
    ]);
    expect(warnings[0]?.message).toMatch(/is not in the catalog: .* Did you mean "dashscope\/qwen-plus"\?$/);
    expect(warnings[2]?.message).not.toContain('Did you mean');
  });
});
