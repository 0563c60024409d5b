import { OPENAI_EMBEDDING_LIMITS } from './openai-embedding-limits.js';
import { ALL_SAMPLING_PARAMS, type ProviderSpec } from '../provider-spec.js';

/** OpenAI: `max_completion_tokens` replaced `max_tokens` (required by o-series models). */
export const openaiSpec: ProviderSpec = {
  kind: 'openai',
  embeddingLimits: OPENAI_EMBEDDING_LIMITS,
  label: 'OpenAI',
  outputCapField: 'max_completion_tokens',
  needsKey: true,
  // Chat Completions API reference: all of them.
  samplingParams: ALL_SAMPLING_PARAMS,
  // JSON mode needs the word "json" in the messages (Structured Outputs guide, "JSON mode").
  jsonModeInstruction: 'Answer in json.',
  classifyError({ code }) {
    if (code === 'insufficient_quota') return 'quota_exhausted';
    if (code === 'context_length_exceeded') return 'context_too_long';
    if (code === 'content_filter') return 'content_filtered';
    return undefined;
  },
};
