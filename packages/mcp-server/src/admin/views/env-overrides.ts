import { findProviderKind } from '@aegis-llm/core';
import type { EnvOverride } from '../api/api-types.js';

/**
 * Which variables override which field of a built-in provider's file
 * section: its kind's (the precedence core's read-env and resolve-providers
 * apply). Extra endpoints take nothing from the environment but their `apiKeyEnv`.
 */
function overrides(providerId: string): ReadonlyArray<readonly [EnvOverride['field'], readonly string[]]> {
  const env = findProviderKind(providerId)?.env;
  if (env === undefined) return [];
  const one = (name: string | undefined) => (name === undefined ? [] : [name]);
  return [
    ['key', env.apiKey ?? []],
    ['region', one(env.region)],
    ['baseURL', one(env.baseURL)],
    ['defaultModel', one(env.model)],
  ];
}

/** The overriding variables that are set (non-blank, as read-env counts them). */
export function envOverrides(providerId: string, env: NodeJS.ProcessEnv): EnvOverride[] {
  const out: EnvOverride[] = [];
  for (const [field, names] of overrides(providerId)) {
    const variable = names.find((name) => (env[name]?.trim() ?? '') !== '');
    if (variable !== undefined) out.push({ field, variable });
  }
  return out;
}
