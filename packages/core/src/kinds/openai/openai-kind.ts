import type { ProviderKindDefinition } from '../provider-kind.js';
import { OPENAI_EMBEDDING_MODELS } from './openai-embedding-models.js';
import { OPENAI_MODELS } from './openai-models.js';
import { openaiSpec } from './openai-spec.js';

const BASE_URL = 'https://api.openai.com/v1';

/** OpenAI: one public host, a key always. */
export const openaiKind: ProviderKindDefinition = {
  id: 'openai',
  label: openaiSpec.label,
  spec: openaiSpec,
  keyNeed: 'needs',
  env: { apiKey: ['OPENAI_API_KEY'], baseURL: 'OPENAI_BASE_URL', budget: ['MONTHLY_BUDGET_OPENAI'] },
  defaultBaseURL: BASE_URL,
  exampleBaseURL: BASE_URL,
  baseURLHint: `Default ${BASE_URL}.`,
  // Cheap and non-reasoning, so the one-token connection test answers.
  defaultModel: 'gpt-4o-mini',
  notConfiguredHint: 'Set OPENAI_API_KEY, or providers.openai.apiKey in the config file.',
  models: [...OPENAI_MODELS, ...OPENAI_EMBEDDING_MODELS],
};
