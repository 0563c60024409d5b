import type { Gateway } from '@aegis-llm/core';
import { rankCompletions } from './rank-completions.js';

/**
 * `provider/model` ids for a `model` argument, from the catalog (no
 * provider is asked: completion answers as a user types): models of
 * configured providers first, current before deprecated, retired ones
 * left out. `kind` keeps chat or embedding models only. "qwen-p" finds
 * `dashscope/qwen-plus`, "dashscope/" every DashScope model.
 */
export async function completeModel(gateway: Gateway, typed: string, kind?: 'chat' | 'embed'): Promise<string[]> {
  const models = (await gateway.listModels({ live: false })).filter((m) => m.lifecycle?.status !== 'retired');
  const wanted = kind === undefined ? models : models.filter((m) => (m.embedding !== undefined) === (kind === 'embed'));
  const rank = (m: (typeof models)[number]) => (m.configured ? 0 : 2) + (m.lifecycle?.status === 'deprecated' ? 1 : 0);
  const ordered = wanted.map((m, i) => ({ m, i })).sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i);
  return rankCompletions(
    ordered.map(({ m }) => `${m.provider}/${m.model}`),
    typed,
  );
}
