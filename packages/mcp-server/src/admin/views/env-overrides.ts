import { ENV_NAMES } from '@aegis-llm/core';
import type { EnvOverride } from '../api/api-types.js';

/**
 * Which variables override which field of each built-in provider's file
 * section (the precedence core's read-env and resolve-providers apply).
 * Extra endpoints take nothing from the environment but their `apiKeyEnv`.
 */
const OVERRIDES: Readonly<Record<string, ReadonlyArray<readonly [EnvOverride['field'], readonly string[]]>>> = {
  dashscope: [
    ['key', ENV_NAMES.dashscopeApiKey],
    ['region', [ENV_NAMES.dashscopeRegion]],
    ['baseURL', [ENV_NAMES.dashscopeBaseURL]],
  ],
  openai: [
    ['key', ENV_NAMES.openaiApiKey],
    ['baseURL', [ENV_NAMES.openaiBaseURL]],
  ],
  ollama: [['baseURL', [ENV_NAMES.ollamaBaseURL]]],
  anyllm: [
    ['key', ENV_NAMES.anyllmApiKey],
    ['baseURL', [ENV_NAMES.anyllmBaseURL]],
    ['defaultModel', [ENV_NAMES.anyllmModel]],
  ],
};

/** The overriding variables that are set (non-blank, as read-env counts them). */
export function envOverrides(providerId: string, env: NodeJS.ProcessEnv): EnvOverride[] {
  const out: EnvOverride[] = [];
  for (const [field, names] of Object.hasOwn(OVERRIDES, providerId) ? (OVERRIDES[providerId] ?? []) : []) {
    const variable = names.find((name) => (env[name]?.trim() ?? '') !== '');
    if (variable !== undefined) out.push({ field, variable });
  }
  return out;
}
