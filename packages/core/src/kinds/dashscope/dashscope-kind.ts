import type { ProviderKindDefinition } from '../provider-kind.js';
import { DASHSCOPE_EMBEDDING_MODELS } from './dashscope-embedding-models.js';
import { DASHSCOPE_MODELS } from './dashscope-models.js';
import { DASHSCOPE_REGION_BASE_URLS, DASHSCOPE_REGION_TABLE, DEFAULT_DASHSCOPE_REGION } from './dashscope-regions.js';
import { dashscopeSpec } from './dashscope-spec.js';
import { withStructuredOutput } from './dashscope-structured-output.js';

/**
 * DashScope (Alibaba Cloud Model Studio): the host is the region's, unless a
 * base URL replaces it (a proxy); keys are region-bound.
 */
export const dashscopeKind: ProviderKindDefinition = {
  id: 'dashscope',
  label: dashscopeSpec.label,
  spec: dashscopeSpec,
  keyNeed: 'needs',
  env: {
    apiKey: ['DASHSCOPE_API_KEY', 'ALIBABA_CLOUD_API_KEY'],
    region: 'DASHSCOPE_REGION',
    baseURL: 'DASHSCOPE_BASE_URL',
    budget: ['MONTHLY_BUDGET_ALIBABA_CLOUD', 'MONTHLY_BUDGET_DASHSCOPE'],
  },
  regions: DASHSCOPE_REGION_TABLE,
  exampleBaseURL: DASHSCOPE_REGION_BASE_URLS[DEFAULT_DASHSCOPE_REGION],
  baseURLHint: 'Optional: replaces the region host (a proxy, say). Leave empty to use the region.',
  // Cheap and non-reasoning, so the one-token connection test answers (a reasoning model may spend its token thinking).
  defaultModel: 'qwen-plus',
  notConfiguredHint: 'Set DASHSCOPE_API_KEY (or ALIBABA_CLOUD_API_KEY), or providers.dashscope.apiKey in the config file.',
  models: [...DASHSCOPE_MODELS.map(withStructuredOutput), ...DASHSCOPE_EMBEDDING_MODELS],
};
