import { describe, expect, it } from 'vitest';
import { anyLlmSetup } from './anyllm-setup.js';
import { buildConfig } from './build-config.js';
import { parseHeaderLines } from './parse-header-lines.js';
import { parseModelPrices } from './parse-model-prices.js';

describe('anyLlmSetup + buildConfig', () => {
  it('is the built-in anyllm provider by default, key optional', () => {
    const setup = anyLlmSetup({ baseUrl: 'http://127.0.0.1:8000/v1', defaultModel: 'llama' });
    const config = buildConfig(setup, { dataDir: '/tmp/x' });
    expect(setup.providerId).toBe('anyllm');
    expect(setup.defaultModel).toBe('llama');
    expect(config.providers.anyllm).toMatchObject({ configured: true, baseURL: 'http://127.0.0.1:8000/v1', defaultModel: 'llama' });
  });

  it('becomes an extra endpoint under another provider id, with its own budget and prices', () => {
    const setup = anyLlmSetup({
      baseUrl: 'https://api.groq.example/openai/v1',
      apiKey: 'gsk-secret-123456',
      providerId: 'groq',
      headers: 'X-Title: aegis\nX-Team-Token: team-secret-9999',
      modelPrices: 'llama-3.1-8b-instant: 0.05, 0.08\nqwen2.5:7b: 0, 0',
      monthlyBudgetUsd: 3,
    });
    const config = buildConfig(setup, { dataDir: '/tmp/x' });
    expect(config.providers.groq).toMatchObject({
      kind: 'anyllm',
      configured: true,
      apiKey: 'gsk-secret-123456',
      headers: { 'X-Title': 'aegis', 'X-Team-Token': 'team-secret-9999' },
    });
    expect(config.budgets.groq?.monthlyLimitMicroUsd).toBe(3_000_000);
    expect(config.models).toEqual([
      expect.objectContaining({
        provider: 'groq',
        model: 'llama-3.1-8b-instant',
        pricing: expect.objectContaining({ tiers: [{ input: 0.05, output: 0.08 }] }),
      }),
      expect.objectContaining({ provider: 'groq', model: 'qwen2.5:7b' }),
    ]);
    expect(setup.secrets).toEqual(expect.arrayContaining(['gsk-secret-123456', 'team-secret-9999']));
  });

  it("explains a bad provider id in the credential's words", () => {
    expect(() => buildConfig(anyLlmSetup({ baseUrl: 'http://127.0.0.1:1/v1', providerId: 'Bad Name' }), { credentialLabel: 'AnyLLM' })).toThrow(
      /^AnyLLM credential, Endpoint Name \(in Budgets and Spend\): /,
    );
  });
});

describe('parseHeaderLines', () => {
  it('reads Name: value lines, skipping blanks and comments', () => {
    expect(parseHeaderLines('X-A: 1\n\n# note\nX-B:  two words ')).toEqual({ 'X-A': '1', 'X-B': 'two words' });
  });

  it('names a bad line by number only (its text may be a secret)', () => {
    expect(() => parseHeaderLines('X-A: 1\nsecret-without-colon')).toThrow('Extra Headers, line 2: write it as "Name: value".');
  });
});

describe('parseModelPrices', () => {
  it('reads model: input, output with colons inside the model id', () => {
    expect(parseModelPrices('qwen2.5:7b: 0.1, 0.2\nm: 1 2')).toEqual([
      { model: 'qwen2.5:7b', input: 0.1, output: 0.2 },
      { model: 'm', input: 1, output: 2 },
    ]);
  });

  it('rejects a line that is not two non-negative prices', () => {
    expect(() => parseModelPrices('m: 1')).toThrow(/Model Prices \(USD per Million Tokens\), line 1/);
    expect(() => parseModelPrices('m: -1, 2')).toThrow(/Model Prices \(USD per Million Tokens\), line 1/);
  });
});
