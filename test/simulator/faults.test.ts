import { APIConnectionError, APIConnectionTimeoutError, APIError, RateLimitError } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dashscopeErrors } from './dashscope-errors.ts';
import { startSimulator } from './server.ts';
import { openaiFor, postChat, sseData, user, waitUntil } from './test-client.ts';
import type { Simulator } from './types.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const streamBody = { model: 'qwen-plus', messages: user('one two three'), stream: true, stream_options: { include_usage: true } };

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('status faults', () => {
  it('answers in DashScope compatible-mode shape, the same for stream and non-stream', async () => {
    sim.script([{ fault: dashscopeErrors.modelServiceFailed }, { fault: dashscopeErrors.modelServiceFailed }]);
    const plain = await postChat(sim, { model: 'qwen-plus', messages: user('a') });
    expect(plain.status).toBe(500);
    const body = (await plain.json()) as { error: unknown; request_id: string };
    expect(body).toEqual({
      error: { message: 'Failed to request model service.', type: 'server_error', param: null, code: 'ModelServiceFailed' },
      request_id: plain.headers.get('x-request-id'),
    });
    const streamed = await postChat(sim, streamBody);
    expect(streamed.status).toBe(500);
    expect(streamed.headers.get('content-type')).toBe('application/json');
  });

  it('reaches the openai SDK as its typed errors with code and request id', async () => {
    sim.script({ fault: dashscopeErrors.rateQuota });
    const error = await caught(openaiFor(sim).chat.completions.create({ model: 'qwen-plus', messages: user('a') }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).code).toBe('Throttling.RateQuota');
    expect((error as RateLimitError).requestID).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('fills {model} into the model-not-found message', async () => {
    sim.script({ fault: dashscopeErrors.modelNotFound });
    const error = (await caught(openaiFor(sim).chat.completions.create({ model: 'qwen-max', messages: user('a') }))) as APIError;
    expect(error.status).toBe(404);
    expect(error.message).toContain('The model `qwen-max` does not exist or you do not have access to it.');
  });

  it('sends Retry-After and retry-after-ms headers, which the SDK honours', async () => {
    sim.script({ fault: { ...dashscopeErrors.throttling, headers: { 'retry-after': '1' } } });
    const error = (await caught(openaiFor(sim).chat.completions.create({ model: 'qwen-plus', messages: user('a') }))) as APIError;
    expect(error.headers?.get('retry-after')).toBe('1');

    sim.script([{ fault: { ...dashscopeErrors.allocationQuota, headers: { 'retry-after-ms': '300' } } }, {}]);
    const completion = await openaiFor(sim, { maxRetries: 1 }).chat.completions.create({ model: 'qwen-plus', messages: user('a') });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    const [, first, second] = sim.requests;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(290);
  });

  it('echoes the received key in the message when echoKey is set', async () => {
    sim.script({ fault: { ...dashscopeErrors.invalidApiKey, echoKey: true } });
    const error = (await caught(openaiFor(sim, { apiKey: 'sk-secret-123' }).chat.completions.create({ model: 'qwen-plus', messages: user('a') }))) as APIError;
    expect(error.status).toBe(401);
    expect(error.message).toContain('sk-secret-123');
  });

  it('waits latencyMs before the error', async () => {
    sim.script({ latencyMs: 120, fault: dashscopeErrors.internalError });
    const started = performance.now();
    const response = await postChat(sim, { model: 'qwen-plus', messages: user('a') });
    expect(response.status).toBe(500);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });
});

describe('drop', () => {
  it('cuts the stream after n chunks, without [DONE]', async () => {
    sim.script({ fault: { type: 'drop', afterChunks: 2 }, text: 'a b c d' });
    const received: string[] = [];
    const error = await caught(
      (async () => {
        const stream = await openaiFor(sim).chat.completions.create({ model: 'qwen-plus', messages: user('x'), stream: true });
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    );
    expect(received).toEqual(['a ', 'b ']);
    expect(error).toBeInstanceOf(Error);
    await waitUntil(() => sim.inFlight() === 0);
    expect(sim.requests[0]).toMatchObject({ status: 200, aborted: false });
  });

  it('with afterChunks 0 sends headers and nothing else', async () => {
    sim.script({ fault: { type: 'drop' } });
    const response = await postChat(sim, streamBody);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it('on a non-stream call closes the connection without a response', async () => {
    sim.script({ fault: { type: 'drop' } });
    const error = await caught(openaiFor(sim).chat.completions.create({ model: 'qwen-plus', messages: user('a') }));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(sim.requests[0]?.status).toBeUndefined();
  });
});

describe('malformed', () => {
  it('inserts one broken data line after n chunks, then completes', async () => {
    sim.script({ fault: { type: 'malformed', afterChunks: 1 }, text: 'a b', chunks: 2 });
    const data = sseData(await (await postChat(sim, streamBody)).text());
    expect(data).toHaveLength(5);
    expect(() => JSON.parse(data[1] ?? '')).toThrow(SyntaxError);
    expect(data.at(-1)).toBe('[DONE]');
  });

  it('makes the openai SDK stream throw', async () => {
    sim.script({ fault: { type: 'malformed', afterChunks: 1 } });
    const error = await caught(
      (async () => {
        const client = openaiFor(sim, { quiet: true });
        for await (const _chunk of await client.chat.completions.create({ model: 'qwen-plus', messages: user('x'), stream: true })) {
          // drain
        }
      })(),
    );
    expect(error).toBeInstanceOf(SyntaxError);
    expect((error as SyntaxError).message).toContain('malformed server-sent event JSON');
  });

  it('sends a truncated JSON body to a non-stream call', async () => {
    sim.script({ fault: { type: 'malformed' } });
    const response = await postChat(sim, { model: 'qwen-plus', messages: user('a') });
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });
});

describe('hang', () => {
  it('sends n chunks, then nothing until the client gives up; the abort is recorded', async () => {
    sim.script({ fault: { type: 'hang', afterChunks: 1 }, text: 'a b', chunks: 2 });
    const controller = new AbortController();
    const response = await postChat(sim, streamBody, { signal: controller.signal });
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain('"content":"a "');
    controller.abort();
    await waitUntil(() => sim.inFlight() === 0);
    expect(sim.requests[0]?.aborted).toBe(true);
  });

  it('times out the openai SDK on a non-stream call', async () => {
    sim.script({ fault: { type: 'hang' } });
    const error = await caught(openaiFor(sim, { timeout: 200 }).chat.completions.create({ model: 'qwen-plus', messages: user('a') }));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    await waitUntil(() => sim.inFlight() === 0);
    expect(sim.requests[0]).toMatchObject({ status: 200, aborted: true });
  });

  it('hang-before-headers sends not even a status line', async () => {
    sim.script({ fault: { type: 'hang-before-headers' } });
    const error = await caught(openaiFor(sim, { timeout: 200 }).chat.completions.create({ model: 'qwen-plus', messages: user('a'), stream: true }));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    await waitUntil(() => sim.inFlight() === 0);
    expect(sim.requests[0]).toMatchObject({ status: undefined, aborted: true });
  });
});
