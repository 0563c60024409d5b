import { ANYLLM_EMBEDDING_LIMITS } from './anyllm-embedding-limits.js';
import { ALL_SAMPLING_PARAMS, type ProviderSpec } from '../provider-spec.js';

/**
 * Any OpenAI-compatible endpoint (vLLM, LM Studio, OpenRouter, Groq, a LiteLLM
 * proxy). `max_tokens` is the field every one of them accepts. They speak
 * OpenAI's chat vocabulary, so every sampling field is sent as asked.
 */
export const anyllmSpec: ProviderSpec = {
  kind: 'anyllm',
  embeddingLimits: ANYLLM_EMBEDDING_LIMITS,
  label: 'AnyLLM',
  outputCapField: 'max_tokens',
  needsKey: false,
  samplingParams: ALL_SAMPLING_PARAMS,
  // Servers that follow OpenAI's JSON mode refuse it without the word "json" in the messages.
  jsonModeInstruction: 'Answer in json.',
  classifyError({ code }) {
    if (code === 'context_length_exceeded') return 'context_too_long';
    if (code === 'insufficient_quota') return 'quota_exhausted';
    return undefined;
  },
};
