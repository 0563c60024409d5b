/**
 * The core's stream events as OpenAI's `chat.completion.chunk` SSE stream.
 *
 * The status line and headers wait for the first delta: until then the core
 * may still retry or fall back, so a failure before it is an ordinary HTTP
 * error (429, 402, 502...) and the headers can name the model that really
 * serves. After it, a failure is one last `data: {"error": ...}` event (the
 * openai SDKs throw it as an APIError) and no `[DONE]`: never a silent
 * truncation. The cost is on the last chunk, under `aegis`.
 */
import type { ServerResponse } from 'node:http';
import type { StreamEvent } from '@aegis-llm/core';
import { aegisFacts, toFinishReason, toOpenAiUsage } from './to-completion.js';
import { servedHeaders } from './reply-headers.js';
import { toOpenAiError } from './to-openai-error.js';

export interface StreamReplyOptions {
  id: string;
  created: number;
  /** `stream_options.include_usage`: a last chunk with `choices: []` and the usage. */
  includeUsage: boolean;
}

export async function writeCompletionStream(events: AsyncIterable<StreamEvent>, res: ServerResponse, options: StreamReplyOptions): Promise<void> {
  let served: { provider: string; model: string } | undefined;
  let fellBack = false;
  let model = '';
  const write = (text: string): Promise<void> | undefined => {
    if (res.destroyed || res.writableEnded) return undefined;
    if (res.write(text)) return undefined;
    return new Promise((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  };
  const chunk = (fields: Record<string, unknown>) => {
    const body = { id: options.id, object: 'chat.completion.chunk', created: options.created, model, ...fields };
    if (options.includeUsage && !('usage' in body)) Object.assign(body, { usage: null });
    return `data: ${JSON.stringify(body)}\n\n`;
  };
  const delta = (d: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    chunk({ choices: [{ index: 0, delta: d, logprobs: null, finish_reason: null }], ...extra });
  const open = (): Promise<void> | undefined => {
    if (res.headersSent) return undefined;
    const target = served ?? { provider: '', model: '' };
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...servedHeaders(target.provider, target.model, fellBack),
    });
    return write(delta({ role: 'assistant', content: '' }));
  };

  for await (const event of events) {
    if (res.destroyed) continue; // the client left: read on, so the core settles the charge
    switch (event.type) {
      case 'start':
        served = { provider: event.provider, model: event.model };
        model = `${event.provider}/${event.model}`;
        break;
      case 'fallback':
        fellBack = true;
        break;
      case 'text-delta':
        await open();
        await write(delta({ content: event.delta }));
        break;
      case 'reasoning-delta':
        await open();
        await write(delta({}, { aegis: { reasoningDelta: event.delta } }));
        break;
      case 'tool-call-delta': {
        await open();
        const call: Record<string, unknown> = { index: event.index };
        if (event.id !== undefined) Object.assign(call, { id: event.id, type: 'function' });
        call.function = { ...(event.name === undefined ? {} : { name: event.name }), arguments: event.argumentsDelta };
        await write(delta({ tool_calls: [call] }));
        break;
      }
      case 'done': {
        const { result } = event;
        model = `${result.provider}/${result.model}`;
        served = { provider: result.provider, model: result.model };
        fellBack = result.fallbacks.length > 0;
        await open();
        await write(
          chunk({ choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: toFinishReason(result.finishReason) }], aegis: aegisFacts(result) }),
        );
        if (options.includeUsage) await write(chunk({ choices: [], usage: toOpenAiUsage(result.usage) }));
        await write('data: [DONE]\n\n');
        res.end();
        return;
      }
      case 'error': {
        const reply = toOpenAiError(event.error);
        if (!res.headersSent) {
          res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
          res.end(JSON.stringify(reply.body));
          return;
        }
        const partial = event.partial;
        reply.body.error.aegis = { ...reply.body.error.aegis, delivered: partial.delivered, costMicroUsd: partial.costMicroUsd ?? null };
        await write(`data: ${JSON.stringify(reply.body)}\n\n`);
        res.end();
        return;
      }
      case 'tool-call':
      case 'usage':
        break;
    }
  }
  if (!res.writableEnded) res.end();
}
