import { Agent, request } from 'undici';
import { BENCH_KEY, BENCH_MODEL } from './bench-gateway.ts';
import type { Operation } from './run-closed-loop.ts';

/**
 * Raw undici, no SDK: the physical limit of a Node client for the same
 * exchange. It sends the bytes the SDK sends (one JSON body, the key as a
 * bearer) and does the least a correct client must do with the answer: parse
 * the JSON, or split the SSE stream into events and parse each one. Any
 * gateway cost above this row is work some layer chose to do.
 */
const MESSAGES = [{ role: 'user', content: 'Say hello to the benchmark in one short sentence.' }];
const HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${BENCH_KEY}` };
const CHAT_BODY = JSON.stringify({ model: BENCH_MODEL, messages: MESSAGES });
const STREAM_BODY = JSON.stringify({ model: BENCH_MODEL, messages: MESSAGES, stream: true, stream_options: { include_usage: true } });

interface ChatCompletion {
  choices?: Array<{ message?: { content?: string | null } }>;
}
interface ChatChunk {
  choices?: Array<{ delta?: { content?: string | null } }>;
}

export interface RawUndiciClient {
  chat: Operation;
  stream(onChunk?: () => void): Operation;
  close(): Promise<void>;
}

export function createRawUndiciClient(baseURL: string): RawUndiciClient {
  const dispatcher = new Agent();
  const url = `${baseURL.replace(/\/$/, '')}/chat/completions`;
  return {
    chat: async () => {
      const t0 = performance.now();
      const { statusCode, body } = await request(url, { method: 'POST', headers: HEADERS, body: CHAT_BODY, dispatcher });
      const answer = (await body.json()) as ChatCompletion;
      if (statusCode !== 200 || !answer.choices?.[0]?.message) throw new Error(`raw undici: HTTP ${statusCode}, no message`);
      return { totalMs: performance.now() - t0 };
    },
    stream: (onChunk) => async () => {
      const t0 = performance.now();
      let ttftMs: number | undefined;
      const { statusCode, body } = await request(url, { method: 'POST', headers: HEADERS, body: STREAM_BODY, dispatcher });
      if (statusCode !== 200) throw new Error(`raw undici stream: HTTP ${statusCode}`);
      body.setEncoding('utf8');
      let pending = '';
      for await (const piece of body as AsyncIterable<string>) {
        pending += piece;
        let end = pending.indexOf('\n\n');
        while (end !== -1) {
          const event = pending.slice(0, end);
          pending = pending.slice(end + 2);
          end = pending.indexOf('\n\n');
          if (!event.startsWith('data: ') || event === 'data: [DONE]') continue;
          const chunk = JSON.parse(event.slice(6)) as ChatChunk;
          if (chunk.choices?.[0]?.delta?.content) {
            ttftMs ??= performance.now() - t0;
            onChunk?.();
          }
        }
      }
      if (ttftMs === undefined) throw new Error('raw undici stream: no text');
      return { totalMs: performance.now() - t0, ttftMs };
    },
    close: () => dispatcher.close(),
  };
}
