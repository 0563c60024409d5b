import OpenAI from 'openai';
import type { Simulator } from './types.ts';

/** Helpers for this folder's tests only (not exported from index.ts). */

/** A real openai SDK client on the simulator; no retries unless a test asks. */
export function openaiFor(sim: Simulator, options: { apiKey?: string; maxRetries?: number; timeout?: number; baseURL?: string; quiet?: boolean } = {}): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey ?? 'sk-test',
    ...(options.quiet === true ? { logLevel: 'off' as const } : {}),
    baseURL: options.baseURL ?? sim.baseURL,
    maxRetries: options.maxRetries ?? 0,
    timeout: options.timeout ?? 10_000,
  });
}

export function user(text: string): OpenAI.Chat.ChatCompletionMessageParam[] {
  return [{ role: 'user', content: text }];
}

/** POST a chat body with plain fetch; for what the SDK hides (raw SSE, exact bodies, aborts). */
export function postChat(sim: Simulator, body: unknown, init: { headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<Response> {
  return fetch(`${sim.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test', ...init.headers },
    body: JSON.stringify(body),
    signal: init.signal ?? null,
  });
}

/** The `data:` payloads of an SSE body, in order. */
export function sseData(text: string): string[] {
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));
}

/** Wait until `check` holds (polling), or fail after `timeoutMs`. */
export async function waitUntil(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}
