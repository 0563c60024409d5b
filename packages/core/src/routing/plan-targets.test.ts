import { describe, expect, it } from 'vitest';
import { AegisError } from '../errors.js';
import type { CatalogEntry, Target } from '../types.js';
import { DEFAULT_ROUTES, mergeRoutes } from './default-routes.js';
import { noUsableTargetError } from './no-usable-target-error.js';
import { type PlanContext, planTargets } from './plan-targets.js';

const catalog: CatalogEntry[] = [
  { provider: 'dashscope', model: 'qwen-plus', contextWindow: 131_072, maxOutputTokens: 16_384, capabilities: ['thinking'] },
  { provider: 'dashscope', model: 'qwen-flash', contextWindow: 1_000_000, capabilities: [] },
  { provider: 'dashscope', model: 'qwen3-vl-plus', contextWindow: 262_144, capabilities: ['vision'] },
  { provider: 'dashscope', model: 'qwen3.5-plus', contextWindow: 1_000_000, capabilities: ['thinking'] },
  { provider: 'openai', model: 'gpt-4o-mini', contextWindow: 128_000, capabilities: ['vision'] },
  { provider: 'ollama', model: 'qwen2.5:7b', capabilities: [] },
];

function context(overrides: Partial<PlanContext> = {}): PlanContext {
  return {
    routes: mergeRoutes(DEFAULT_ROUTES, undefined),
    providers: {
      dashscope: { configured: true, defaultModel: 'qwen-plus' },
      openai: { configured: false, notConfiguredHint: 'set OPENAI_API_KEY' },
      ollama: { configured: true },
      anyllm: { configured: false, notConfiguredHint: 'set ANYLLM_BASE_URL' },
    },
    lookup: (t: Target) => catalog.find((e) => e.provider === t.provider && e.model === t.model),
    resolveBareModel: (id: string) => catalog.filter((e) => e.model === id).map((e) => ({ provider: e.provider, model: e.model })),
    isCoolingDown: () => false,
    estimatePromptTokens: 100,
    wantsImages: false,
    wantsThinking: false,
    ...overrides,
  };
}

const names = (targets: Target[]) => targets.map((t) => `${t.provider}/${t.model}`);

describe('planTargets', () => {
  it('skips targets outside allowedTargets, from the model, the fallbacks and a task route', () => {
    const plan = planTargets({ task: 'chat', fallbacks: ['ollama/qwen2.5:7b'], allowedTargets: ['dashscope/qwen-flash', 'ollama/*'] }, context());
    expect(names(plan.targets)).toEqual(['dashscope/qwen-flash', 'ollama/qwen2.5:7b']);
    expect(plan.skipped.find((s) => s.model === 'qwen-plus')).toMatchObject({ code: 'not_allowed' });
    const refused = planTargets({ model: 'dashscope/qwen-plus', allowedTargets: ['ollama/*'] }, context());
    expect(refused.targets).toEqual([]);
    expect(refused.skipped).toEqual([expect.objectContaining({ provider: 'dashscope', model: 'qwen-plus', code: 'not_allowed' })]);
  });

  it('routes a request without model or task as chat, skipping unconfigured providers', () => {
    const plan = planTargets({}, context());
    expect(plan.source).toBe('task');
    expect(plan.task).toBe('chat');
    expect(names(plan.targets)).toEqual(['dashscope/qwen-plus', 'dashscope/qwen-flash', 'ollama/qwen2.5:7b']);
    expect(plan.skipped).toEqual([
      { provider: 'openai', model: 'gpt-4o-mini', code: 'not_configured', reason: 'provider "openai" is not configured: set OPENAI_API_KEY' },
    ]);
  });

  it('uses model then fallbacks, ignoring the task, and drops duplicates', () => {
    const plan = planTargets(
      { model: 'qwen-flash', fallbacks: ['dashscope/qwen-flash', 'ollama/qwen2.5:7b', 'ollama'], task: 'vision' },
      context({ providers: { ...context().providers, ollama: { configured: true, defaultModel: 'qwen2.5:7b' } } }),
    );
    expect(plan.source).toBe('request');
    expect(names(plan.targets)).toEqual(['dashscope/qwen-flash', 'ollama/qwen2.5:7b']);
  });

  it("without a model, tries the task route first and the request's fallbacks after it", () => {
    const plan = planTargets({ task: 'chat', fallbacks: ['ollama/qwen2.5:7b'] }, context());
    expect(plan.source).toBe('task');
    expect(names(plan.targets)).toEqual(['dashscope/qwen-plus', 'dashscope/qwen-flash', 'ollama/qwen2.5:7b']);
  });

  describe('with a provider scope (ChatRequest.providers)', () => {
    const providers = { ...context().providers, lab: { configured: true } };
    it('keeps a task route to the scope, in route order, without skips for the rest', () => {
      const plan = planTargets({ task: 'chat', providers: ['ollama'] }, context());
      expect(names(plan.targets)).toEqual(['ollama/qwen2.5:7b']);
      expect(plan.skipped).toEqual([]);
    });
    it('takes a bare id, or one with slashes of its own, as a model of the first provider, never through the catalog', () => {
      const plan = planTargets(
        { model: 'qwen-flash', fallbacks: ['meta-llama/llama-3.1-8b', 'lab/x', 'openai/gpt-4o'], providers: ['lab'] },
        context({ providers }),
      );
      expect(names(plan.targets)).toEqual(['lab/qwen-flash', 'lab/meta-llama/llama-3.1-8b', 'lab/x', 'lab/openai/gpt-4o']);
    });
    it('refuses a route with nothing on the scope, and an unknown provider, as bad requests naming the field', () => {
      expect(() => planTargets({ task: 'chat', providers: ['lab'] }, context({ providers }))).toThrow(/has no model on lab: name a model/);
      for (const name of ['nope', '__proto__', 'toString']) {
        let error: unknown;
        try {
          planTargets({ model: 'x', providers: [name] }, context());
        } catch (thrown) {
          error = thrown;
        }
        expect(error).toBeInstanceOf(AegisError);
        expect((error as AegisError).details).toMatchObject({ field: 'providers' });
      }
    });
  });

  it('keeps a model the catalog does not know on a configured provider', () => {
    const plan = planTargets({ model: 'dashscope/qwen3-brand-new', fallbacks: ['anyllm/meta-llama/llama-3.1-8b'] }, context());
    expect(names(plan.targets)).toEqual(['dashscope/qwen3-brand-new']);
    expect(plan.skipped[0]).toMatchObject({ provider: 'anyllm', model: 'meta-llama/llama-3.1-8b', code: 'not_configured' });
  });

  it('records unresolvable names and providers without a default model', () => {
    const plan = planTargets({ model: 'no-such-model', fallbacks: ['ollama', 'meta-llama/llama-3.1-8b'] }, context());
    expect(plan.targets).toEqual([]);
    expect(plan.skipped.map((s) => s.code)).toEqual(['unknown_model', 'unknown_model', 'unknown_model']);
    expect(plan.skipped[0]?.reason).toContain('"no-such-model" is neither');
    expect(plan.skipped[1]?.reason).toContain('has no default model');
  });

  it('skips targets whose context window cannot hold prompt plus max output, not unknown windows', () => {
    const plan = planTargets({}, context({ estimatePromptTokens: 130_000, maxOutputTokens: 4096 }));
    expect(names(plan.targets)).toEqual(['dashscope/qwen-flash', 'ollama/qwen2.5:7b']);
    expect(plan.skipped[0]).toMatchObject({ model: 'qwen-plus', code: 'context_too_long' });
    expect(plan.skipped[0]?.reason).toBe('the prompt (~130000 tokens) plus max output (4096) exceeds the context window of 131072 tokens');

    // No explicit cap: only the prompt has to fit.
    expect(names(planTargets({}, context({ estimatePromptTokens: 130_000 })).targets)).toContain('dashscope/qwen-plus');
  });

  it('skips models without vision for images and without thinking for thinking', () => {
    const images = planTargets({ task: 'chat' }, context({ wantsImages: true }));
    expect(images.skipped.filter((s) => s.code === 'no_vision').map((s) => s.model)).toEqual(['qwen-plus', 'qwen-flash', 'qwen2.5:7b']);
    expect(images.targets).toEqual([]);
    // A model outside the catalog may well see: it is tried.
    expect(names(planTargets({ model: 'dashscope/qwen-vl-max' }, context({ wantsImages: true })).targets)).toEqual(['dashscope/qwen-vl-max']);

    const thinking = planTargets({ task: 'reasoning' }, context({ wantsThinking: true }));
    expect(names(thinking.targets)).toEqual(['dashscope/qwen3.5-plus', 'dashscope/qwen-plus', 'ollama/qwen3:8b']);
  });

  it('skips targets in cooldown', () => {
    const plan = planTargets({}, context({ isCoolingDown: (t) => t.model === 'qwen-plus' }));
    expect(plan.skipped[0]).toMatchObject({ model: 'qwen-plus', code: 'cooldown' });
  });

  it('throws bad_request for an unknown task type', () => {
    expect(() => planTargets({ task: 'poetry' }, context())).toThrowError(
      expect.objectContaining({ kind: 'bad_request', message: expect.stringContaining('Unknown task type "poetry"') }),
    );
  });
});

describe('noUsableTargetError', () => {
  it('says not_configured when every target was unconfigured, listing each', () => {
    const plan = planTargets({ model: 'openai/gpt-4o-mini', fallbacks: ['anyllm/x'] }, context());
    const error = noUsableTargetError(plan);
    expect(error).toBeInstanceOf(AegisError);
    expect(error.kind).toBe('not_configured');
    expect(error.message).toBe(
      [
        'No configured provider can serve the requested model and fallbacks. Configure one of these:',
        '- openai/gpt-4o-mini: provider "openai" is not configured: set OPENAI_API_KEY',
        '- anyllm/x: provider "anyllm" is not configured: set ANYLLM_BASE_URL',
      ].join('\n'),
    );
    expect(error.details?.skipped).toHaveLength(2);
  });

  it('says context_too_long when nothing had room, and bad_request for a mix', () => {
    const tooLong = planTargets({ model: 'dashscope/qwen-plus' }, context({ estimatePromptTokens: 200_000 }));
    expect(noUsableTargetError(tooLong).kind).toBe('context_too_long');
    const mixed = planTargets({ model: 'dashscope/qwen-flash', fallbacks: ['openai/gpt-4o-mini'] }, context({ wantsImages: true }));
    expect(noUsableTargetError(mixed).kind).toBe('bad_request');
  });

  it('is retryable upstream_unavailable when a target is only cooling down', () => {
    const plan = planTargets({ model: 'dashscope/qwen-plus', fallbacks: ['openai/gpt-4o-mini'] }, context({ isCoolingDown: () => true }));
    const error = noUsableTargetError(plan);
    expect(error.kind).toBe('upstream_unavailable');
    expect(error.retryable).toBe(true);
  });

  it('reports an empty route as a configuration problem', () => {
    const routes = mergeRoutes(DEFAULT_ROUTES, { chat: [] });
    const plan = planTargets({}, context({ routes }));
    expect(noUsableTargetError(plan)).toMatchObject({ kind: 'invalid_config', message: expect.stringContaining('"chat" route is empty') });
  });
});
