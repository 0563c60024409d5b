import type { ModelInfo } from '@aegis-llm/core';
import { describe, expect, it } from 'vitest';
import { toSearchItems } from './search-models.js';

const model = (name: string, extra: Partial<ModelInfo> = {}): ModelInfo => ({
  provider: 'dashscope',
  model: name,
  capabilities: [],
  source: 'catalog',
  configured: true,
  pricing: { currency: 'USD', tiers: [{ input: 1, output: 1 }], source: 't', asOf: 't' },
  ...extra,
});

describe('toSearchItems', () => {
  it('says which models are unpriced and which are retired, with the replacement', () => {
    const items = toSearchItems([
      model('qwen-plus', { lifecycle: { status: 'current', source: 's', asOf: 'a' } }),
      model('qwen-turbo', { lifecycle: { status: 'retired', date: '2026-10-10', replacement: 'qwen-flash', source: 's', asOf: 'a' } }),
      model('qwen-new', { pricing: undefined }),
    ]);
    expect(items).toEqual([
      { name: 'qwen-new (unpriced)', value: 'qwen-new' },
      { name: 'qwen-plus', value: 'qwen-plus' },
      { name: 'qwen-turbo (retired: use qwen-flash)', value: 'qwen-turbo' },
    ]);
  });
});
