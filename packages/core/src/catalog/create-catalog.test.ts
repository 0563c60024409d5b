import { describe, expect, it } from 'vitest';
import { parseScaledDecimal } from '../money/parse-scaled-decimal.js';
import type { CatalogEntry } from '../types.js';
import { BUILTIN_MODELS } from './builtin-models.js';
import { createCatalog } from './create-catalog.js';
import { DASHSCOPE_MODELS } from '../kinds/dashscope/dashscope-models.js';

describe('createCatalog', () => {
  it('looks up built-in entries by provider and model', () => {
    const catalog = createCatalog();
    const plus = catalog.get('dashscope', 'qwen-plus');
    expect(plus?.contextWindow).toBe(1_000_000);
    expect(plus?.maxOutputTokens).toBe(32_768);
    expect(plus?.pricing?.tiers[0]).toMatchObject({ upToInputTokens: 256_000, input: 0.4, output: 1.2, reasoningOutput: 4 });
    expect(plus?.lifecycle?.status).toBe('current');
    expect(catalog.get('openai', 'gpt-4o-mini')?.capabilities).toContain('vision');
    expect(catalog.get('dashscope', 'no-such-model')).toBeUndefined();
    // Ids are case-sensitive, as DashScope's are.
    expect(catalog.get('dashscope', 'Qwen-Plus')).toBeUndefined();
  });

  it('lists all entries or one provider in catalog order', () => {
    const catalog = createCatalog();
    expect(catalog.list()).toHaveLength(BUILTIN_MODELS.length);
    expect(catalog.list('dashscope').map((e) => e.model)).toEqual([...DASHSCOPE_MODELS.map((e) => e.model), 'text-embedding-v4', 'text-embedding-v3']);
    expect(catalog.list('anyllm')).toEqual([]);
  });

  it('merges a config override field-wise: just the price', () => {
    const pricing = { currency: 'USD' as const, tiers: [{ input: 9, output: 9 }], source: 'config', asOf: '2026-11-01' };
    const catalog = createCatalog([{ provider: 'dashscope', model: 'qwen-max', pricing }]);
    const max = catalog.get('dashscope', 'qwen-max');
    expect(max?.pricing).toEqual(pricing);
    expect(max?.contextWindow).toBe(32_768);
    expect(max?.capabilities).toEqual(['tools', 'json-object']);
  });

  it('adds models only config knows, unpriced unless priced there', () => {
    const catalog = createCatalog([
      { provider: 'groq', model: 'llama-3.1-8b-instant', contextWindow: 131_072 },
      { provider: 'anyllm', model: 'local-model' },
    ]);
    const groq = catalog.get('groq', 'llama-3.1-8b-instant');
    expect(groq).toEqual({ provider: 'groq', model: 'llama-3.1-8b-instant', contextWindow: 131_072, capabilities: [] });
    expect(groq?.pricing).toBeUndefined();
    expect(catalog.get('anyllm', 'local-model')?.pricing).toBeUndefined();
  });

  it('resolves a bare model id to every provider offering it', () => {
    const catalog = createCatalog([{ provider: 'groq', model: 'gpt-4o-mini' }]);
    expect(catalog.findByModel('gpt-4o-mini').map((e) => e.provider)).toEqual(['openai', 'groq']);
    expect(catalog.findByModel('qwen-plus').map((e) => e.provider)).toEqual(['dashscope']);
    expect(catalog.findByModel('nope')).toEqual([]);
  });

  it('prices discovered Ollama models at an explicit zero', () => {
    const catalog = createCatalog();
    catalog.addDiscovered([{ provider: 'ollama', model: 'qwen2.5:0.5b' }]);
    const local = catalog.get('ollama', 'qwen2.5:0.5b');
    expect(local?.pricing?.tiers).toEqual([{ input: 0, output: 0 }]);
    expect(catalog.findByModel('qwen2.5:0.5b')).toHaveLength(1);
  });

  it('gives the price that applies to a call, free for any Ollama model, unpriced when unknown', () => {
    const catalog = createCatalog();
    expect(catalog.pricingOf('ollama', 'never-discovered')?.tiers).toEqual([{ input: 0, output: 0 }]);
    expect(catalog.get('ollama', 'never-discovered')).toBeUndefined();
    expect(catalog.pricingOf('dashscope', 'qwen-max')?.tiers[0]?.input).toBe(1.6);
    expect(catalog.pricingOf('dashscope', 'qwen-unknown')).toBeUndefined();
    expect(catalog.pricingOf('anyllm', 'whatever')).toBeUndefined();
  });

  it('keeps discovered AnyLLM / endpoint models unpriced', () => {
    const catalog = createCatalog();
    catalog.addDiscovered([
      { provider: 'anyllm', model: 'mistral' },
      { provider: 'groq', model: 'llama' },
    ]);
    expect(catalog.get('anyllm', 'mistral')?.pricing).toBeUndefined();
    expect(catalog.get('groq', 'llama')?.pricing).toBeUndefined();
  });

  it('lets discovery fill in data and config still win over it', () => {
    const catalog = createCatalog([{ provider: 'dashscope', model: 'qwen-plus', contextWindow: 1000 }]);
    catalog.addDiscovered([
      { provider: 'dashscope', model: 'qwen-plus', contextWindow: 2000, maxOutputTokens: 99 },
      { provider: 'dashscope', model: 'qwen-plus-2099', capabilities: ['tools'] },
    ]);
    expect(catalog.get('dashscope', 'qwen-plus')).toMatchObject({ contextWindow: 1000, maxOutputTokens: 99 });
    expect(catalog.get('dashscope', 'qwen-plus')?.pricing?.tiers[0]?.input).toBe(0.4);
    expect(catalog.get('dashscope', 'qwen-plus-2099')?.capabilities).toEqual(['tools']);
    // A later discovery updates without erasing fields it does not carry.
    catalog.addDiscovered([{ provider: 'dashscope', model: 'qwen-plus-2099', contextWindow: 5 }]);
    expect(catalog.get('dashscope', 'qwen-plus-2099')).toMatchObject({ contextWindow: 5, capabilities: ['tools'] });
  });

  it('lets config price an Ollama model', () => {
    const pricing = { currency: 'USD' as const, tiers: [{ input: 0.01, output: 0.01 }], source: 'power bill', asOf: 'x' };
    const catalog = createCatalog([{ provider: 'ollama', model: 'big', pricing }]);
    catalog.addDiscovered([{ provider: 'ollama', model: 'big' }]);
    expect(catalog.get('ollama', 'big')?.pricing).toEqual(pricing);
  });

  it('hands out copies', () => {
    const catalog = createCatalog();
    const entry = catalog.get('dashscope', 'qwen-plus') as CatalogEntry;
    entry.capabilities.push('vision');
    entry.pricing!.tiers[0]!.input = 999;
    expect(catalog.get('dashscope', 'qwen-plus')?.capabilities).not.toContain('vision');
    expect(catalog.get('dashscope', 'qwen-plus')?.pricing?.tiers[0]?.input).toBe(0.4);
  });

  it('peek shares one frozen entry, refreshed by discovery', () => {
    const catalog = createCatalog();
    const entry = catalog.peek('dashscope', 'qwen-plus') as CatalogEntry;
    expect(entry).toEqual(catalog.get('dashscope', 'qwen-plus'));
    expect(catalog.peek('dashscope', 'qwen-plus')).toBe(entry);
    expect(() => entry.capabilities.push('vision')).toThrow(TypeError);
    expect(() => {
      entry.pricing!.tiers[0]!.input = 999;
    }).toThrow(TypeError);
    expect(catalog.peekPricing('dashscope', 'qwen-plus')).toBe(entry.pricing);
    catalog.addDiscovered([{ provider: 'dashscope', model: 'qwen-plus', contextWindow: 1 }]);
    expect(catalog.peek('dashscope', 'qwen-plus')?.contextWindow).toBe(1);
    expect(catalog.peek('dashscope', 'no-such-model')).toBeUndefined();
    expect(catalog.peekPricing('ollama', 'not-discovered-yet')).toEqual(catalog.pricingOf('ollama', 'not-discovered-yet'));
  });

  it('keeps instances independent', () => {
    const a = createCatalog();
    a.addDiscovered([{ provider: 'ollama', model: 'x' }]);
    expect(createCatalog().get('ollama', 'x')).toBeUndefined();
  });
});

describe('built-in model data', () => {
  it('has a source and date on every price, tiers ascending with only the last open', () => {
    for (const entry of BUILTIN_MODELS) {
      const pricing = entry.pricing;
      if (!pricing) continue;
      expect(pricing.source, entry.model).not.toBe('');
      expect(pricing.asOf, entry.model).toMatch(/^\d{4}-\d{2}/);
      const bounds = pricing.tiers.map((t) => t.upToInputTokens);
      bounds.slice(0, -1).forEach((b) => expect(b, entry.model).toBeTypeOf('number'));
      const numeric = bounds.filter((b): b is number => b !== undefined);
      expect([...numeric].sort((a, b) => a - b)).toEqual(numeric);
    }
  });

  it('prices DashScope cached input at 20% of input (implicit cache), in every regional list', () => {
    for (const entry of DASHSCOPE_MODELS) {
      const lists = [entry.pricing, ...Object.values(entry.regionalPricing ?? {})];
      for (const tier of lists.flatMap((pricing) => pricing?.tiers ?? [])) {
        const input = parseScaledDecimal(tier.input, 9) ?? 0n;
        expect(parseScaledDecimal(tier.cachedInput ?? Number.NaN, 9), entry.model).toBe((input * 2n) / 10n);
      }
    }
  });

  it('gives every built-in entry a max output (an embedding model: its dimensions and limits), a status with its source and date, and a price', () => {
    for (const entry of BUILTIN_MODELS) {
      if (entry.embedding === undefined) expect(entry.maxOutputTokens, entry.model).toBeGreaterThan(0);
      else {
        expect(entry.embedding.dimensions, entry.model).toBeGreaterThan(0);
        expect(entry.embedding.maxInputsPerRequest, entry.model).toBeGreaterThan(0);
        expect(entry.embedding.maxInputTokens, entry.model).toBeGreaterThan(0);
        expect(entry.pricing?.tiers[0]?.output, entry.model).toBe(0);
      }
      expect(entry.pricing, entry.model).toBeDefined();
      expect(['current', 'deprecated', 'retired'], entry.model).toContain(entry.lifecycle?.status);
      expect(entry.lifecycle?.source, entry.model).not.toBe('');
      expect(entry.lifecycle?.asOf, entry.model).toMatch(/^\d{4}-\d{2}/);
      if (entry.lifecycle?.status !== 'current') {
        expect(entry.lifecycle?.date, entry.model).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        // The replacement is itself a current catalog model.
        const replacement = BUILTIN_MODELS.find((e) => e.provider === entry.provider && e.model === entry.lifecycle?.replacement);
        expect(replacement?.lifecycle?.status, entry.model).toBe('current');
      }
    }
  });

  it('marks the models Alibaba retired on 2026-10-10, still callable, with their replacements', () => {
    const catalog = createCatalog();
    const retired = DASHSCOPE_MODELS.filter((e) => e.lifecycle?.status === 'retired').map((e) => [e.model, e.lifecycle?.replacement]);
    expect(Object.fromEntries(retired)).toEqual({
      'qwen-turbo': 'qwen-flash',
      'qwen-vl-plus': 'qwen3-vl-plus',
      'qwen-vl-max': 'qwen3-vl-plus',
      'qwq-plus': 'qwen3.5-plus',
    });
    expect(catalog.get('dashscope', 'qwen-turbo')?.lifecycle?.date).toBe('2026-10-10');
    // Still priced: a user with access is charged as before.
    expect(catalog.pricingOf('dashscope', 'qwen-turbo')?.tiers[0]?.reasoningOutput).toBe(0.5);
    expect(catalog.get('dashscope', 'qwq-plus')?.capabilities).toEqual(expect.arrayContaining(['thinking-only', 'streaming-only']));
  });

  it('carries the current Qwen models with context, max output, tiers, cached and thinking prices', () => {
    const catalog = createCatalog();
    for (const model of ['qwen3.5-plus', 'qwen3-vl-plus', 'qwen3-coder-plus', 'qwen3-coder-flash', 'qwen-plus-latest']) {
      const entry = catalog.get('dashscope', model);
      expect(entry?.lifecycle?.status, model).toBe('current');
      expect(entry?.contextWindow, model).toBeGreaterThan(0);
      expect(entry?.maxOutputTokens, model).toBeGreaterThan(0);
      expect(entry?.pricing?.tiers[0]?.cachedInput, model).toBeDefined();
    }
    expect(catalog.get('dashscope', 'qwen3-coder-plus')?.pricing?.tiers.map((t) => t.upToInputTokens)).toEqual([32_000, 128_000, 256_000, undefined]);
    expect(catalog.get('dashscope', 'qwen3-vl-plus')?.capabilities).toContain('vision');
    expect(catalog.get('dashscope', 'qwen-plus-latest')?.pricing?.tiers[1]).toMatchObject({ input: 1.2, output: 3.6, reasoningOutput: 12 });
    expect(catalog.get('dashscope', 'qwen-flash')?.maxOutputTokens).toBe(32_768);
    expect(catalog.get('dashscope', 'qwen-long')).toMatchObject({ regions: ['beijing'], maxOutputTokens: 8_192, pricing: { currency: 'CNY' } });
  });

  it("picks the provider's region price list: Beijing pays CNY, other regions the international list", () => {
    const beijing = createCatalog([], { regions: { dashscope: 'beijing' } });
    expect(beijing.pricingOf('dashscope', 'qwen-plus')).toMatchObject({ currency: 'CNY', tiers: [{ input: 0.8, output: 2, reasoningOutput: 8 }, {}, {}] });
    expect(beijing.peek('dashscope', 'qwen-plus')?.pricing?.currency).toBe('CNY');
    // No Beijing list in our data: the international one.
    expect(beijing.pricingOf('dashscope', 'qwen3.5-plus')?.currency).toBe('USD');
    for (const region of ['singapore', 'us', 'hongkong']) {
      expect(createCatalog([], { regions: { dashscope: region } }).pricingOf('dashscope', 'qwen-plus')?.currency, region).toBe('USD');
    }
    // A region is a user's word: it never reads Object.prototype.
    expect(createCatalog([], { regions: { dashscope: 'constructor' } }).pricingOf('dashscope', 'qwen-plus')?.currency).toBe('USD');
  });

  it('lets a config price win in every region', () => {
    const pricing = { currency: 'USD' as const, tiers: [{ input: 1, output: 1 }], source: 'contract', asOf: '2026-12-01' };
    const beijing = createCatalog([{ provider: 'dashscope', model: 'qwen-plus', pricing }], { regions: { dashscope: 'beijing' } });
    expect(beijing.pricingOf('dashscope', 'qwen-plus')).toEqual(pricing);
    expect(beijing.get('dashscope', 'qwen-plus')?.regionalPricing).toBeUndefined();
  });
});

describe('embedding models', () => {
  it('knows the built-in embedding models, with a region-priced list and a config-made one for a local server', () => {
    const catalog = createCatalog([{ provider: 'ollama', model: 'nomic-embed-text', embedding: { dimensions: 768, maxInputTokens: 2048 } }], {
      regions: { dashscope: 'beijing' },
    });
    const v4 = catalog.peek('dashscope', 'text-embedding-v4');
    expect(v4?.embedding?.dimensions).toBe(1024);
    expect(v4?.embedding?.dimensionChoices).toContain(2048);
    expect(v4?.pricing).toMatchObject({ currency: 'CNY', tiers: [{ input: 0.5, output: 0 }] });
    expect(catalog.peek('openai', 'text-embedding-3-small')?.embedding).toMatchObject({ dimensions: 1536, dimensionChoices: 'shorter' });
    const local = catalog.get('ollama', 'nomic-embed-text');
    expect(local?.embedding).toEqual({ dimensions: 768, maxInputTokens: 2048 });
    expect(local?.pricing?.tiers[0]?.input).toBe(0);
    expect(catalog.peek('dashscope', 'qwen-plus')?.embedding).toBeUndefined();
  });
});
