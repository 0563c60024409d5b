import { startSimulator, type Simulator } from '@aegis-llm/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ResolvedProvider } from '../config/types.js';
import { AegisError } from '../errors.js';
import { createRedactor } from '../secrets/create-redactor.js';
import { failureOf } from '../test-support/failure-of.js';
import type { ProviderStreamPart } from '../types.js';
import { createUpstreamTransport } from '../transport/create-upstream-transport.js';
import type { SendUpstream } from '../transport/upstream-exchange.js';
import { createProvider } from './create-provider.js';

const CANARY = 'sk-canary-provider-0123456789abcdef';

let sim: Simulator;
const transport = createUpstreamTransport({ env: {} });
beforeAll(async () => {
  sim = await startSimulator({ apiKey: CANARY });
});
afterAll(async () => {
  await sim.close();
  await transport.close();
});
/** The exchange the providers made below use: the global fetch (undefined) or the gateway's transport. */
let send: SendUpstream | undefined;
beforeEach(() => sim.reset());

function dashscope(overrides: Partial<ResolvedProvider> = {}): ResolvedProvider {
  return {
    id: 'dashscope',
    kind: 'dashscope',
    baseURL: sim.baseURL,
    apiKey: CANARY,
    headers: {},
    configured: true,
    region: 'singapore',
    ...overrides,
  };
}

function make(config: ResolvedProvider, idle = 2_000) {
  return createProvider(config, {
    redact: createRedactor([CANARY]),
    streamIdleTimeoutMs: idle,
    isStreamingOnly: (m) => m === 'qwq-plus',
    send,
  });
}

async function drain(parts: AsyncIterable<ProviderStreamPart>) {
  const seen: ProviderStreamPart[] = [];
  try {
    for await (const part of parts) seen.push(part);
    return { seen, error: undefined };
  } catch (error) {
    return { seen, error: error as AegisError };
  }
}

function expectNoCanary(value: unknown) {
  const text = value instanceof Error ? `${value.message} ${JSON.stringify(value)}` : JSON.stringify(value);
  expect(text).not.toContain(CANARY);
}

describe.each(['global fetch', 'upstream transport'] as const)('over the %s', (wire) => {
  beforeAll(() => {
    send = wire === 'upstream transport' ? transport.send : undefined;
  });

  describe('DashScope provider against the simulator', () => {
    it('answers a non-streamed call with usage, sending max_completion_tokens and enable_thinking:false', async () => {
      const result = await make(dashscope()).complete({
        model: 'qwen-plus',
        messages: [{ role: 'user', content: 'hello there' }],
        maxTokens: 50,
      });
      expect(result.text.length).toBeGreaterThan(0);
      expect(result.finishReason).toBe('stop');
      expect(result.usage?.inputTokens).toBeGreaterThan(0);
      const body = sim.requests.at(-1)?.body as Record<string, unknown>;
      expect(body.max_completion_tokens).toBe(50);
      expect(body.max_tokens).toBeUndefined();
      expect(body.enable_thinking).toBe(false);
      expect(body.stream).toBe(false);
    });

    it('streams text deltas, asks for usage and reads the final empty-choices usage chunk', async () => {
      sim.script({ chunks: 5, text: 'one two three four five' });
      const { seen, error } = await drain(make(dashscope()).stream({ model: 'qwen-turbo', messages: [{ role: 'user', content: 'count' }] }));
      expect(error).toBeUndefined();
      const text = seen.flatMap((p) => (p.type === 'text-delta' ? [p.delta] : [])).join('');
      expect(text).toBe('one two three four five');
      expect(seen.filter((p) => p.type === 'text-delta').length).toBeGreaterThan(1);
      expect(seen.find((p) => p.type === 'usage')).toBeDefined();
      expect(seen.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
      const body = sim.requests.at(-1)?.body as Record<string, unknown>;
      expect(body.stream_options).toEqual({ include_usage: true });
    });

    it('keeps reasoning apart from the answer and forwards thinking switches on streams', async () => {
      sim.script({ reasoning: 'let me think', text: 'the answer' });
      const { seen } = await drain(
        make(dashscope()).stream({
          model: 'qwen-plus',
          messages: [{ role: 'user', content: 'why' }],
          thinking: true,
          thinkingBudget: 500,
        }),
      );
      const reasoning = seen.flatMap((p) => (p.type === 'reasoning-delta' ? [p.delta] : [])).join('');
      const text = seen.flatMap((p) => (p.type === 'text-delta' ? [p.delta] : [])).join('');
      expect(reasoning).toBe('let me think');
      expect(text).toBe('the answer');
      const body = sim.requests.at(-1)?.body as Record<string, unknown>;
      expect(body.enable_thinking).toBe(true);
      expect(body.thinking_budget).toBe(500);
    });

    it('streams internally for one answer when thinking is asked or the model only streams', async () => {
      sim.script({ reasoning: 'hmm', text: 'done' });
      const thought = await make(dashscope()).complete({
        model: 'qwen-plus',
        messages: [{ role: 'user', content: 'q' }],
        thinking: true,
      });
      expect(thought).toMatchObject({ text: 'done', reasoning: 'hmm', finishReason: 'stop' });
      expect((sim.requests.at(-1)?.body as Record<string, unknown>).stream).toBe(true);

      const qwq = await make(dashscope()).complete({ model: 'qwq-plus', messages: [{ role: 'user', content: 'q' }] });
      expect(qwq.text.length).toBeGreaterThan(0);
      expect((sim.requests.at(-1)?.body as Record<string, unknown>).stream).toBe(true);
    });

    it('sends image parts for vision models unchanged', async () => {
      await make(dashscope()).complete({
        model: 'qwen-vl-plus',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what is it' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
            ],
          },
        ],
      });
      const body = sim.requests.at(-1)?.body as { messages: Array<{ content: unknown }> };
      expect(body.messages[0]?.content).toEqual([
        { type: 'text', text: 'what is it' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
      ]);
    });

    it('reports usage as missing when the stream brings none', async () => {
      sim.script({ usage: 'absent' });
      const { seen, error } = await drain(make(dashscope()).stream({ model: 'qwen-plus', messages: [{ role: 'user', content: 'x' }] }));
      expect(error).toBeUndefined();
      expect(seen.find((p) => p.type === 'usage')).toBeUndefined();
    });
  });

  describe('DashScope errors map into the taxonomy, redacted', () => {
    const cases: Array<[string, number, string, AegisError['kind'], boolean, boolean]> = [
      ['Throttling.RateQuota', 429, 'rate', 'rate_limited', true, true],
      ['Throttling.AllocationQuota', 429, 'tpm', 'rate_limited', true, true],
      ['insufficient_quota', 429, 'quota', 'quota_exhausted', false, true],
      ['PrepaidBillOverdue', 429, 'bill', 'quota_exhausted', false, true],
      ['Arrearage', 400, 'arrears', 'quota_exhausted', false, true],
      ['DataInspectionFailed', 400, 'moderation', 'content_filtered', false, false],
      ['InvalidParameter', 400, 'bad', 'bad_request', false, false],
      ['AccessDenied', 403, 'denied', 'auth', false, true],
      ['ModelNotFound', 404, 'The model `x` does not exist', 'not_found', false, true],
      ['RequestTimeOut', 408, 'slow', 'timeout', true, true],
      ['BadRequest.TooLarge', 413, 'large', 'context_too_long', false, true],
      ['InternalError', 500, 'oops', 'upstream_unavailable', true, true],
      ['ModelServiceFailed', 500, 'failed', 'upstream_unavailable', true, true],
      ['ModelUnavailable', 503, 'down', 'upstream_unavailable', true, true],
    ];
    it.each(cases)('%s (%i) -> %s', async (code, status, message, kind, retryable, fallbackable) => {
      sim.script({ fault: { type: 'status', status, code, message, echoKey: true } });
      const error = await failureOf(make(dashscope()).complete({ model: 'qwen-plus', messages: [{ role: 'user', content: 'x' }] }));
      expect(error).toBeInstanceOf(AegisError);
      expect(error).toMatchObject({ kind, status, code, retryable, fallbackable, provider: 'dashscope', model: 'qwen-plus' });
      expectNoCanary(error);
    });

    it('maps the context-length message to context_too_long', async () => {
      sim.script({
        fault: { type: 'status', status: 400, code: 'invalid_parameter_error', message: 'Range of input length should be [1, 30720]' },
      });
      const error = await failureOf(make(dashscope()).complete({ model: 'qwen-plus', messages: [{ role: 'user', content: 'x' }] }));
      expect(error.kind).toBe('context_too_long');
    });

    it('keeps Retry-After on a 429', async () => {
      sim.script({ fault: { type: 'status', status: 429, code: 'Throttling', headers: { 'retry-after': '2' } } });
      const error = await failureOf(make(dashscope()).complete({ model: 'qwen-plus', messages: [{ role: 'user', content: 'x' }] }));
      expect(error.kind).toBe('rate_limited');
      expect(error.retryAfterMs).toBe(2000);
    });

    it('says "check the region" on a 401, and never shows the key sent', async () => {
      const error = await failureOf(
        make(dashscope({ apiKey: 'sk-wrong-region-key-0123456789' })).complete({ model: 'qwen-plus', messages: [{ role: 'user', content: 'x' }] }),
      );
      expect(error.kind).toBe('auth');
      expect(error.message).toMatch(/region/i);
      expect(error.message).not.toContain('sk-wrong-region-key-0123456789');
      expectNoCanary(error);
    });

    it('refuses to call when not configured, saying what to set', async () => {
      const error = await failureOf(
        make(dashscope({ configured: false, apiKey: undefined, notConfiguredHint: 'Set DASHSCOPE_API_KEY.' })).complete({
          model: 'qwen-plus',
          messages: [{ role: 'user', content: 'x' }],
        }),
      );
      expect(error).toMatchObject({ kind: 'not_configured' });
      expect(error.message).toContain('DASHSCOPE_API_KEY');
    });
  });

  describe('a coalesced stream (one-answer chat over a streamed upstream)', () => {
    const call = { model: 'qwen-plus', messages: [{ role: 'user' as const, content: 'x' }] };
    const texts = (parts: ProviderStreamPart[]) => parts.flatMap((p) => (p.type === 'text-delta' ? [p.delta] : []));

    it('hands on the first delta, then the rest as one part before the usage and the finish', async () => {
      sim.script({ chunks: 8 });
      const plain = await drain(make(dashscope()).stream(call));
      sim.script({ chunks: 8 });
      const { seen, error } = await drain(make(dashscope()).stream({ ...call, coalesce: true }));
      expect(error).toBeUndefined();
      expect(texts(plain.seen).length).toBeGreaterThan(2);
      expect(texts(seen)).toHaveLength(2);
      expect(texts(seen).join('')).toBe(texts(plain.seen).join(''));
      expect(seen.map((p) => p.type)).toEqual(['text-delta', 'text-delta', 'usage', 'finish']);
      expect(seen.at(-2)).toEqual(plain.seen.find((p) => p.type === 'usage'));
    });

    it('a dropped connection still hands on what came before the error', async () => {
      sim.script({ chunks: 6, fault: { type: 'drop', afterChunks: 4 } });
      const plain = await drain(make(dashscope()).stream(call));
      sim.script({ chunks: 6, fault: { type: 'drop', afterChunks: 4 } });
      const { seen, error } = await drain(make(dashscope()).stream({ ...call, coalesce: true }));
      expect(error?.kind).toBe('upstream_unavailable');
      expect(texts(seen)).toHaveLength(2);
      expect(texts(seen).join('')).toBe(texts(plain.seen).join(''));
    });

    it('an upstream that stops sending mid-answer is caught by the body watchdog, partial text kept', async () => {
      sim.script({ chunks: 6, fault: { type: 'hang', afterChunks: 3 } });
      const started = Date.now();
      const { seen, error } = await drain(make(dashscope(), 300).stream({ ...call, coalesce: true }));
      expect(error?.kind).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(texts(seen).join('').length).toBeGreaterThan(0);
    });
  });

  describe('stream faults end with a typed error, never a hang', () => {
    const call = { model: 'qwen-plus', messages: [{ role: 'user' as const, content: 'x' }] };

    it('a connection dropped mid-stream', async () => {
      sim.script({ chunks: 6, fault: { type: 'drop', afterChunks: 2 } });
      const { seen, error } = await drain(make(dashscope()).stream(call));
      expect(seen.filter((p) => p.type === 'text-delta').length).toBeGreaterThan(0);
      expect(error).toBeInstanceOf(AegisError);
      expect(error?.kind).toBe('upstream_unavailable');
    });

    it('a connection dropped before the first chunk', async () => {
      sim.script({ fault: { type: 'drop', afterChunks: 0 } });
      const { seen, error } = await drain(make(dashscope()).stream(call));
      expect(seen).toEqual([]);
      expect(error?.kind).toBe('upstream_unavailable');
    });

    it('a malformed chunk', async () => {
      sim.script({ chunks: 4, fault: { type: 'malformed', afterChunks: 1 } });
      const { error } = await drain(make(dashscope()).stream(call));
      expect(error?.kind).toBe('bad_response');
    });

    it('an upstream that stops sending (idle timeout)', async () => {
      sim.script({ chunks: 4, fault: { type: 'hang', afterChunks: 1 } });
      const started = Date.now();
      const { error } = await drain(make(dashscope(), 300).stream(call));
      expect(error?.kind).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(3_000);
    });

    it('an error status on a stream request, with the key echoed back', async () => {
      sim.script({ fault: { type: 'status', status: 429, code: 'Throttling.RateQuota', echoKey: true } });
      const { error } = await drain(make(dashscope()).stream(call));
      expect(error?.kind).toBe('rate_limited');
      expectNoCanary(error);
    });

    it('a caller abort reaches the upstream socket', async () => {
      sim.script({ chunks: 50, chunkIntervalMs: 50 });
      const controller = new AbortController();
      const parts = make(dashscope()).stream({ ...call, signal: controller.signal });
      const seen: ProviderStreamPart[] = [];
      let error: AegisError | undefined;
      try {
        for await (const part of parts) {
          seen.push(part);
          if (seen.length === 2) controller.abort();
        }
      } catch (e) {
        error = e as AegisError;
      }
      expect(error?.kind).toBe('cancelled');
      await expect.poll(() => sim.requests.at(-1)?.aborted, { timeout: 2_000 }).toBe(true);
    });

    it('a consumer that stops early releases the socket', async () => {
      sim.script({ chunks: 50, chunkIntervalMs: 20 });
      for await (const part of make(dashscope()).stream(call)) {
        if (part.type === 'text-delta') break;
      }
      await expect.poll(() => sim.requests.at(-1)?.aborted, { timeout: 2_000 }).toBe(true);
    });
  });

  describe('other provider kinds', () => {
    it('OpenAI sends max_completion_tokens and no DashScope fields', async () => {
      await make({ ...dashscope(), id: 'openai', kind: 'openai', region: undefined }).complete({
        model: 'qwen-plus',
        messages: [{ role: 'user', content: 'x' }],
        maxTokens: 7,
      });
      const body = sim.requests.at(-1)?.body as Record<string, unknown>;
      expect(body.max_completion_tokens).toBe(7);
      expect(body.enable_thinking).toBeUndefined();
    });

    it('Ollama and AnyLLM send max_tokens and extra headers; AnyLLM lists live models', async () => {
      const keyless = await startSimulator({ models: ['llama-3.1-8b', 'qwen2.5:0.5b'] });
      try {
        const anyllm = make({
          id: 'anyllm',
          kind: 'anyllm',
          baseURL: keyless.baseURL,
          headers: { 'X-Title': 'aegis-test' },
          configured: true,
        });
        await anyllm.complete({ model: 'llama-3.1-8b', messages: [{ role: 'user', content: 'x' }], maxTokens: 9 });
        const request = keyless.requests.at(-1);
        expect((request?.body as Record<string, unknown>).max_tokens).toBe(9);
        expect(request?.headers['x-title']).toBe('aegis-test');
        expect(await anyllm.listModelIds()).toEqual(['llama-3.1-8b', 'qwen2.5:0.5b']);

        const ollama = make({ id: 'ollama', kind: 'ollama', baseURL: keyless.baseURL, headers: {}, configured: true });
        const answer = await ollama.complete({ model: 'qwen2.5:0.5b', messages: [{ role: 'user', content: 'x' }] });
        expect(answer.text.length).toBeGreaterThan(0);
      } finally {
        await keyless.close();
      }
    });

    it('an unreachable server is upstream_unavailable', async () => {
      const error = await failureOf(
        make({ id: 'anyllm', kind: 'anyllm', baseURL: 'http://127.0.0.1:9/v1', headers: {}, configured: true }).complete({
          model: 'm',
          messages: [{ role: 'user', content: 'x' }],
        }),
      );
      expect(error.kind).toBe('upstream_unavailable');
    });
  });
});
