/**
 * `GET /v1/models` in OpenAI's list shape: every model of the catalog and of
 * the providers' live lists as `provider/model`, then each task route as
 * `aegis/<task>`. Aegis's facts (provider, status, prices, capabilities,
 * context window) sit under `aegis` on each entry. A client key sees only
 * what it may use.
 */
import { DEFAULT_ROUTES, mergeRoutes, type ModelInfo } from '@aegis-llm/core';
import { TASK_MODEL_PREFIX } from './to-core-request.js';

export interface OpenAiModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  aegis: Record<string, unknown>;
}

export function toOpenAiModel(info: ModelInfo): OpenAiModel {
  return {
    id: `${info.provider}/${info.model}`,
    object: 'model',
    // OpenAI's creation time; we know none, and 0 says so.
    created: 0,
    owned_by: info.provider,
    aegis: {
      provider: info.provider,
      model: info.model,
      configured: info.configured,
      source: info.source,
      status: info.lifecycle?.status ?? 'unknown',
      ...(info.lifecycle ? { lifecycle: info.lifecycle } : {}),
      capabilities: info.capabilities,
      contextWindow: info.contextWindow ?? null,
      maxOutputTokens: info.maxOutputTokens ?? null,
      // Per 1M tokens in the list's currency, with its source and date; null: unpriced.
      pricing: info.pricing ?? null,
    },
  };
}

export function taskModels(configRoutes: Record<string, string[]>, allowed?: (target: string) => boolean): OpenAiModel[] {
  const routes = mergeRoutes(DEFAULT_ROUTES, configRoutes);
  return Object.entries(routes).map(([task, chain]) => ({
    id: `${TASK_MODEL_PREFIX}${task}`,
    object: 'model' as const,
    created: 0,
    owned_by: 'aegis',
    aegis: { task, route: allowed ? chain.filter(allowed) : chain },
  }));
}

/** The caller's allowed targets as a test of `provider/model`; undefined: any. */
export function allowedTest(patterns: readonly string[] | undefined): ((target: string) => boolean) | undefined {
  if (patterns === undefined) return undefined;
  const set = new Set(patterns);
  return (target) => set.has(target) || set.has(`${target.slice(0, target.indexOf('/'))}/*`);
}
