import { describe, expect, it } from 'vitest';
import { formatTarget, parseTarget } from './parse-target.js';

const known = ['dashscope', 'openai', 'ollama', 'anyllm'];

describe('parseTarget', () => {
  it('splits at the first slash when the prefix is a known provider', () => {
    expect(parseTarget('dashscope/qwen-plus', known)).toEqual({ provider: 'dashscope', model: 'qwen-plus' });
  });

  it('keeps slashes and colons inside the model id', () => {
    expect(parseTarget('anyllm/meta-llama/llama-3.1-8b', known)).toEqual({
      provider: 'anyllm',
      model: 'meta-llama/llama-3.1-8b',
    });
    expect(parseTarget('ollama/qwen2.5:0.5b', known)).toEqual({ provider: 'ollama', model: 'qwen2.5:0.5b' });
  });

  it('returns undefined for bare model ids, unknown prefixes and empty parts', () => {
    expect(parseTarget('qwen-plus', known)).toBeUndefined();
    expect(parseTarget('meta-llama/llama-3.1-8b', known)).toBeUndefined();
    expect(parseTarget('dashscope/', known)).toBeUndefined();
    expect(parseTarget('/qwen-plus', known)).toBeUndefined();
    expect(parseTarget('', known)).toBeUndefined();
  });

  it('is case-sensitive about providers and trims surrounding space', () => {
    expect(parseTarget('DashScope/qwen-plus', known)).toBeUndefined();
    expect(parseTarget('  openai/gpt-4o-mini ', new Set(known))).toEqual({ provider: 'openai', model: 'gpt-4o-mini' });
  });

  it('round-trips with formatTarget', () => {
    for (const spec of ['anyllm/a/b/c', 'ollama/qwen2.5:0.5b', 'openai/o4-mini']) {
      const target = parseTarget(spec, known);
      expect(target && formatTarget(target)).toBe(spec);
    }
  });
});
