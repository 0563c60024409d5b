/**
 * Built-in task routes: an ordered chain of `provider/model` targets per task
 * type, DashScope first. Unconfigured providers are skipped when a request is
 * planned, so one DashScope key is enough for every task, and a user with only
 * an OpenAI key or a local Ollama still gets an answer.
 *
 * Model ids as published by Alibaba Cloud Model Studio (OpenAI-compatible mode,
 * model list and retirement notices, 2026-12) and OpenAI's API model list.
 * Only models the catalog marks `current` (default-routes.test.ts checks it). The Ollama entries name
 * common library tags; a user who has not pulled them gets `not_found`, which
 * the fallback report shows as a configuration problem.
 */
import { setOwn } from '../util/own-entry.js';

/** Task type -> ordered `provider/model` specs (or bare model ids). */
export type Routes = Readonly<Record<string, readonly string[]>>;

/** The task a request without `model` or `task` is routed as. */
export const DEFAULT_TASK = 'chat';

export const DEFAULT_ROUTES: Routes = Object.freeze({
  // General chat: the balanced model, then the cheap one, then other providers.
  chat: Object.freeze(['dashscope/qwen-plus', 'dashscope/qwen-flash', 'openai/gpt-4o-mini', 'ollama/qwen2.5:7b']),
  // Long inputs, short outputs: the cheapest long-context models first
  // (qwen-flash and qwen-plus take up to ~1M tokens; gpt-4.1-mini 1M).
  summarize: Object.freeze(['dashscope/qwen-flash', 'dashscope/qwen-plus', 'openai/gpt-4.1-mini', 'ollama/qwen2.5:7b']),
  // Structured extraction: cheap and literal; qwen-plus when the cheap one fails.
  extract: Object.freeze(['dashscope/qwen-flash', 'dashscope/qwen-plus', 'openai/gpt-4o-mini', 'ollama/qwen2.5:7b']),
  code: Object.freeze(['dashscope/qwen3-coder-plus', 'dashscope/qwen3-coder-flash', 'dashscope/qwen3-max', 'openai/gpt-4.1', 'ollama/qwen2.5-coder:7b']),
  // qwen3-vl-plus replaces the retired qwen-vl-plus / qwen-vl-max.
  vision: Object.freeze(['dashscope/qwen3-vl-plus', 'openai/gpt-4o-mini']),
  // qwen3.5-plus thinks by default and qwen-plus is a hybrid thinking model
  // (`enable_thinking`), replacing the retired qwq-plus; o4-mini is OpenAI's
  // small reasoning model.
  reasoning: Object.freeze(['dashscope/qwen3.5-plus', 'dashscope/qwen-plus', 'openai/o4-mini', 'ollama/qwen3:8b']),
});

/**
 * Tasks whose requests think unless they say otherwise (`thinking: false`):
 * their hybrid targets (catalog capability `thinking`) are sent thinking on,
 * as qwq-plus, the route's retired first hop, always thought. Other targets
 * (o4-mini reasons on its own) are sent as asked.
 */
export const THINKING_TASKS: ReadonlySet<string> = new Set(['reasoning']);

/**
 * The routes in force: a task the config names gets the config's chain
 * (replacing the default, not appended to it: the user chose that order);
 * tasks only the config knows are added. Entries are trimmed and empty ones
 * dropped. An empty chain in the config stays empty, and a request for that
 * task then fails with a clear error instead of silently using the default.
 */
export function mergeRoutes(defaults: Routes, fromConfig: Routes | undefined): Record<string, string[]> {
  const merged: Record<string, string[]> = {};
  for (const [task, chain] of Object.entries(defaults)) setOwn(merged, task, [...chain]);
  for (const [rawTask, chain] of Object.entries(fromConfig ?? {})) {
    const task = rawTask.trim();
    if (task === '') continue;
    setOwn(
      merged,
      task,
      chain.map((spec) => spec.trim()).filter((spec) => spec !== ''),
    );
  }
  return merged;
}
