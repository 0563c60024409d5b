import type OpenAI from 'openai';
import type { Gateway } from '@aegis-llm/core';
import { BENCH_MODEL } from './bench-gateway.ts';
import type { Operation } from './run-closed-loop.ts';

const MESSAGES = [{ role: 'user' as const, content: 'Say hello to the benchmark in one short sentence.' }];
const GATEWAY_REQUEST = { model: `dashscope/${BENCH_MODEL}`, messages: MESSAGES };

/** Bare SDK, one answer (`stream: false`): the floor for the gateway's `chat`. */
export function sdkChat(client: OpenAI): Operation {
  return async () => {
    const t0 = performance.now();
    const completion = await client.chat.completions.create({ model: BENCH_MODEL, messages: MESSAGES });
    if (!completion.choices[0]?.message) throw new Error('bare SDK: no message');
    return { totalMs: performance.now() - t0 };
  };
}

/**
 * Bare SDK stream, asking for usage as the gateway does (one more chunk), so
 * both read the same bytes. Time to first token: the first chunk with text.
 * `onChunk` counts text chunks for the relay figure.
 */
export function sdkStream(client: OpenAI, onChunk?: () => void): Operation {
  return async () => {
    const t0 = performance.now();
    let ttftMs: number | undefined;
    const stream = await client.chat.completions.create({
      model: BENCH_MODEL,
      messages: MESSAGES,
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta?.content) {
        ttftMs ??= performance.now() - t0;
        onChunk?.();
      }
    }
    if (ttftMs === undefined) throw new Error('bare SDK stream: no text');
    return { totalMs: performance.now() - t0, ttftMs };
  };
}

/** The gateway's `chat` (routing, budget reserve and settle, ledger, cost). */
export function gatewayChat(gateway: Gateway): Operation {
  return async () => {
    const t0 = performance.now();
    const result = await gateway.chat(GATEWAY_REQUEST);
    if (result.text === '') throw new Error('gateway chat: empty answer');
    return { totalMs: performance.now() - t0 };
  };
}

/** The gateway's `stream`; time to first token is the first `text-delta` event. */
export function gatewayStream(gateway: Gateway, onChunk?: () => void): Operation {
  return async () => {
    const t0 = performance.now();
    let ttftMs: number | undefined;
    for await (const event of gateway.stream(GATEWAY_REQUEST)) {
      if (event.type === 'text-delta') {
        ttftMs ??= performance.now() - t0;
        onChunk?.();
      } else if (event.type === 'error') {
        throw event.error;
      }
    }
    if (ttftMs === undefined) throw new Error('gateway stream: no text');
    return { totalMs: performance.now() - t0, ttftMs };
  };
}
