import type { ProviderKindDefinition } from '../provider-kind.js';
import { anyllmSpec } from './anyllm-spec.js';

/**
 * Any OpenAI-compatible server: configured once it has a base URL, the key
 * optional (local servers), no catalog data or default model (whatever is
 * deployed; config prices it). Extra endpoints (`endpoints[]`) are of this kind.
 */
export const anyllmKind: ProviderKindDefinition = {
  id: 'anyllm',
  label: anyllmSpec.label,
  spec: anyllmSpec,
  keyNeed: 'optional',
  env: { apiKey: ['ANYLLM_API_KEY'], baseURL: 'ANYLLM_BASE_URL', model: 'ANYLLM_MODEL', budget: ['MONTHLY_BUDGET_ANYLLM'] },
  exampleBaseURL: 'http://127.0.0.1:8000/v1',
  baseURLHint: 'The OpenAI-compatible base URL, ending before /chat/completions.',
  notConfiguredHint:
    "Set ANYLLM_BASE_URL to the server's OpenAI-compatible base URL (and ANYLLM_API_KEY if it needs a key), or providers.anyllm.baseURL in the config file.",
  models: [],
};
