import OpenAI from 'openai';
import type { ResolvedProvider } from '../../config/types.js';

export interface ClientOptions {
  /** Injected fetch (tests, benchmarks). @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * One openai SDK client per provider. The SDK's own retries are off: routing
 * owns retries, fallback and deadlines. Its logger is off too, so nothing it
 * knows (headers included) reaches a log line.
 */
export function createClient(provider: ResolvedProvider, options: ClientOptions = {}): OpenAI {
  return new OpenAI({
    baseURL: provider.baseURL,
    // The SDK insists on a key; keyless servers (Ollama, local vLLM) ignore it.
    apiKey: provider.apiKey ?? 'no-key',
    defaultHeaders: provider.headers,
    maxRetries: 0,
    // Deadlines come from our AbortSignals; this is only a backstop.
    timeout: 10 * 60_000,
    logLevel: 'off',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
