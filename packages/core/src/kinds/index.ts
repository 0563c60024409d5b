import type { ProviderKind } from '../types.js';
import { anyllmSpec } from './anyllm/anyllm-spec.js';
import { dashscopeSpec } from './dashscope/dashscope-spec.js';
import { ollamaSpec } from './ollama/ollama-spec.js';
import { openaiSpec } from './openai/openai-spec.js';
import type { ProviderSpec } from './provider-spec.js';

export const PROVIDER_SPECS: Readonly<Record<ProviderKind, ProviderSpec>> = {
  dashscope: dashscopeSpec,
  openai: openaiSpec,
  ollama: ollamaSpec,
  anyllm: anyllmSpec,
};
