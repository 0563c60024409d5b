/**
 * What the configuration knows about each built-in provider: data only.
 */
import type { ProviderKind } from '../types.js';

/** Built-in provider ids, in the order they are listed; each is also its kind. */
export const BUILTIN_PROVIDER_IDS = ['dashscope', 'openai', 'ollama', 'anyllm'] as const satisfies readonly ProviderKind[];

/** Base URLs of providers with one fixed public host or a local default. DashScope's depends on the region. */
export const DEFAULT_BASE_URLS = {
  openai: 'https://api.openai.com/v1',
  // Ollama's OpenAI-compatible API (github.com/ollama/ollama/blob/main/docs/openai.md).
  ollama: 'http://127.0.0.1:11434/v1',
} as const;

/**
 * Default models: cheap, non-reasoning ones, so a one-token connection test
 * answers (a reasoning model may spend its single token thinking).
 * Ollama and AnyLLM have none: they serve whatever was pulled or deployed.
 */
export const DEFAULT_MODELS: Readonly<Partial<Record<ProviderKind, string>>> = {
  dashscope: 'qwen-plus',
  openai: 'gpt-4o-mini',
};

/** What to set when a built-in provider is not configured. */
export const NOT_CONFIGURED_HINTS: Readonly<Record<'dashscope' | 'openai' | 'anyllm', string>> = {
  dashscope: 'Set DASHSCOPE_API_KEY (or ALIBABA_CLOUD_API_KEY), or providers.dashscope.apiKey in the config file.',
  openai: 'Set OPENAI_API_KEY, or providers.openai.apiKey in the config file.',
  anyllm:
    "Set ANYLLM_BASE_URL to the server's OpenAI-compatible base URL (and ANYLLM_API_KEY if it needs a key), or providers.anyllm.baseURL in the config file.",
};
