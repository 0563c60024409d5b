import type { ProviderSpec } from '../provider-spec.js';

/**
 * Any OpenAI-compatible endpoint (vLLM, LM Studio, OpenRouter, Groq, a LiteLLM
 * proxy). `max_tokens` is the field every one of them accepts.
 */
export const anyllmSpec: ProviderSpec = {
  kind: 'anyllm',
  label: 'AnyLLM',
  outputCapField: 'max_tokens',
  needsKey: false,
  classifyError({ code }) {
    if (code === 'context_length_exceeded') return 'context_too_long';
    if (code === 'insufficient_quota') return 'quota_exhausted';
    return undefined;
  },
};
