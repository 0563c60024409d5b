/**
 * The OpenAI-compatible endpoint with the real `openai` SDK as its client,
 * the simulator as the upstream: one answer, streams, tools, JSON schema,
 * model naming and headers, every error status, and a client that leaves.
 */
import OpenAI, { APIError } from 'openai';
import { dashscopeErrors } from '@aegis-llm/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_TOKEN, startOpenAiFixture, type OpenAiFixture } from '../test-support/openai-fixture.js';

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function failure(call: Promise<unknown>): Promise<APIError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('POST /v1/chat/completions', () => {
  let f: OpenAiFixture;
  let ai: OpenAI;
  beforeAll(async () => {
    f = await startOpenAiFixture({
      file: {
        routing: { maxRetries: 0, requestTimeoutMs: 1_500, cooldown: { failures: 1000 } },
        budgets: { openai: { monthlyUsd: 0.000001 } },
      },
      env: { OPENAI_API_KEY: 'sk-openai-sim-0123456789', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
      maxBodyBytes: 64 * 1024,
    });
    ai = f.client();
  });
  afterEach(() => f.sim.reset());
  afterAll(async () => f.close());

  it('answers in the OpenAI shape, with usage, the serving model in headers and Aegis facts under `aegis`', async () => {
    f.sim.script({ text: 'Hello from the simulator.' });
    const { data, response } = await ai.chat.completions
      .create({
        model: 'dashscope/qwen-plus',
        messages: [
          { role: 'developer', content: 'Be brief.' },
          { role: 'user', content: 'Say hello.' },
        ],
        max_completion_tokens: 200,
        temperature: 0.3,
        top_p: 0.9,
        stop: 'END',
        seed: 7,
        presence_penalty: 0.5,
        frequency_penalty: 0.25,
        user: 'end-user-1',
      })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.id).toMatch(/^chatcmpl-/);
    expect(data.model).toBe('dashscope/qwen-plus');
    expect(data.choices[0]).toMatchObject({ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Hello from the simulator.' } });
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(data.usage?.completion_tokens).toBeGreaterThan(0);
    expect(data.usage?.total_tokens).toBe((data.usage?.prompt_tokens ?? 0) + (data.usage?.completion_tokens ?? 0));
    const aegis = (data as unknown as { aegis: Record<string, unknown> }).aegis;
    expect(aegis).toMatchObject({ provider: 'dashscope', model: 'qwen-plus', fellBack: false, costMicroUsd: expect.any(Number) });
    expect(response.headers.get('x-aegis-provider')).toBe('dashscope');
    expect(response.headers.get('x-aegis-model')).toBe('dashscope/qwen-plus');
    expect(response.headers.get('x-aegis-fell-back')).toBe('false');
    expect(Number(response.headers.get('x-aegis-cost-micro-usd'))).toBe(aegis.costMicroUsd);
    const sent = f.sim.requests.at(-1)?.body as Record<string, unknown>;
    expect(sent).toMatchObject({ model: 'qwen-plus', max_completion_tokens: 200, temperature: 0.3, top_p: 0.9, stop: ['END'], seed: 7 });
    expect((sent.messages as Array<{ role: string }>)[0]).toMatchObject({ role: 'system', content: 'Be brief.' });
  });

  it('streams chunks, usage last with stream_options.include_usage, the cost on the finish chunk', async () => {
    f.sim.script({ text: 'one two three four five six', chunks: 6 });
    const stream = await ai.chat.completions.create({
      model: 'qwen-plus',
      messages: [{ role: 'user', content: 'count' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('one two three four five six');
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const finish = chunks.find((c) => c.choices[0]?.finish_reason);
    expect(finish?.choices[0]?.finish_reason).toBe('stop');
    expect((finish as unknown as { aegis: Record<string, unknown> }).aegis).toMatchObject({
      provider: 'dashscope',
      model: 'qwen-plus',
      costMicroUsd: expect.any(Number),
    });
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage?.completion_tokens).toBeGreaterThan(0);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(chunks.every((c) => c.model === 'dashscope/qwen-plus')).toBe(true);
  });

  it('without include_usage a stream carries no usage chunk', async () => {
    const stream = await ai.chat.completions.create({ model: 'dashscope/qwen-plus', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.choices.length === 1 && c.usage === undefined)).toBe(true);
  });

  it('passes enable_thinking and streams the reasoning under `aegis`, apart from the answer', async () => {
    f.sim.script({ text: 'The answer.', reasoning: 'Let me think it over.', chunks: 2 });
    const stream = await ai.chat.completions.create({
      model: 'dashscope/qwen-plus',
      messages: [{ role: 'user', content: 'think' }],
      stream: true,
      enable_thinking: true,
    } as never);
    let reasoning = '';
    let text = '';
    for await (const chunk of stream as unknown as AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk & { aegis?: { reasoningDelta?: string } }>) {
      reasoning += chunk.aegis?.reasoningDelta ?? '';
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(reasoning).toBe('Let me think it over.');
    expect(text).toBe('The answer.');
    expect(f.sim.requests.at(-1)?.body?.enable_thinking).toBe(true);
  });

  const calculator: OpenAI.Chat.Completions.ChatCompletionTool = {
    type: 'function',
    function: {
      name: 'calculator',
      description: 'Evaluates arithmetic',
      parameters: { type: 'object', properties: { expression: { type: 'string' } }, required: ['expression'] },
    },
  };

  it('passes tools and tool_choice, returns tool calls, and takes the tool result back', async () => {
    f.sim.script([{ toolCalls: [{ name: 'calculator', arguments: { expression: '6*7' } }] }, { text: 'It is {lastToolResult}.' }]);
    const first = await ai.chat.completions.create({
      model: 'dashscope/qwen-plus',
      messages: [{ role: 'user', content: 'What is 6*7?' }],
      tools: [calculator],
      tool_choice: { type: 'function', function: { name: 'calculator' } },
      parallel_tool_calls: false,
    });
    const sent = f.sim.requests.at(-1)?.body as Record<string, unknown>;
    expect(sent.tools).toEqual([expect.objectContaining({ type: 'function', function: expect.objectContaining({ name: 'calculator' }) })]);
    expect(sent.tool_choice).toEqual({ type: 'function', function: { name: 'calculator' } });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    const call = choice.message.tool_calls![0]!;
    expect(call).toMatchObject({ id: 'call_1', type: 'function', function: { name: 'calculator' } });
    expect(JSON.parse((call as { function: { arguments: string } }).function.arguments)).toEqual({ expression: '6*7' });

    const second = await ai.chat.completions.create({
      model: 'dashscope/qwen-plus',
      messages: [{ role: 'user', content: 'What is 6*7?' }, choice.message, { role: 'tool', tool_call_id: call.id, content: '42' }],
      tools: [calculator],
    });
    expect(second.choices[0]?.message.content).toBe('It is 42.');
  });

  it('streams tool calls the SDK assembles', async () => {
    f.sim.script({
      toolCalls: [
        { name: 'calculator', arguments: { expression: '1+2' } },
        { name: 'calculator', arguments: { expression: '3+4' } },
      ],
      toolCallChunks: 4,
    });
    const runner = ai.chat.completions.stream({ model: 'dashscope/qwen-plus', messages: [{ role: 'user', content: 'two sums' }], tools: [calculator] });
    const final = await runner.finalChatCompletion();
    const calls = final.choices[0]?.message.tool_calls as Array<{ id: string; function: { name: string; arguments: string } }>;
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(calls.map((c) => [c.id, c.function.name, JSON.parse(c.function.arguments)])).toEqual([
      ['call_1', 'calculator', { expression: '1+2' }],
      ['call_2', 'calculator', { expression: '3+4' }],
    ]);
  });

  it('passes a JSON schema and says whether the answer parsed', async () => {
    f.sim.script({ json: { city: 'Paris', temperature: 21 } });
    const answer = await ai.chat.completions.create({
      model: 'dashscope/qwen-plus',
      messages: [{ role: 'user', content: 'Weather in Paris as JSON.' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'weather',
          strict: true,
          schema: { type: 'object', properties: { city: { type: 'string' }, temperature: { type: 'number' } }, required: ['city', 'temperature'] },
        },
      },
    });
    expect(JSON.parse(answer.choices[0]?.message.content ?? '')).toEqual({ city: 'Paris', temperature: 21 });
    expect((answer as unknown as { aegis: { json: unknown } }).aegis.json).toEqual({ parsed: true, value: { city: 'Paris', temperature: 21 } });
    const sent = f.sim.requests.at(-1)?.body as { response_format: { type: string; json_schema: { name: string } } };
    expect(sent.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'weather' } });
  });

  it('routes aegis/<task> and x-aegis-task through the task route, and fallbacks come from x-aegis-fallbacks', async () => {
    const summarized = await ai.chat.completions.create({ model: 'aegis/summarize', messages: [{ role: 'user', content: 'Summarize: a b c' }] });
    expect(summarized.model).toBe('dashscope/qwen-flash');
    const byHeader = await ai.chat.completions.create(
      { model: 'anything', messages: [{ role: 'user', content: 'x' }] },
      { headers: { 'x-aegis-task': 'code' } },
    );
    expect(byHeader.model).toBe('dashscope/qwen3-coder-plus');

    f.sim.script({ fault: dashscopeErrors.modelNotFound }, { model: 'qwen-max' });
    const { data, response } = await ai.chat.completions
      .create(
        { model: 'dashscope/qwen-max', messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-aegis-fallbacks': 'dashscope/qwen-flash, dashscope/qwen-plus' } },
      )
      .withResponse();
    expect(data.model).toBe('dashscope/qwen-flash');
    expect(response.headers.get('x-aegis-fell-back')).toBe('true');
    expect((data as unknown as { aegis: { fallbacks: unknown[] } }).aegis.fallbacks).toEqual([
      { from: 'dashscope/qwen-max', to: 'dashscope/qwen-flash', reason: 'not_found' },
    ]);
  });

  it('400 names the field, in OpenAI error shape', async () => {
    const error = await failure(ai.chat.completions.create({ model: 'dashscope/qwen-plus', messages: [{ role: 'user', content: 'x' }], temperature: 3 }));
    expect(error.status).toBe(400);
    expect(error.error).toMatchObject({ type: 'invalid_request_error', param: 'temperature', code: 'invalid_request' });
    const noModel = await failure(ai.chat.completions.create({ messages: [{ role: 'user', content: 'x' }] } as never));
    expect(noModel).toMatchObject({ status: 400, param: 'model' });
    const badTool = await failure(
      ai.chat.completions.create({
        model: 'dashscope/qwen-plus',
        messages: [{ role: 'user', content: 'x' }],
        tools: [calculator],
        tool_choice: { type: 'function', function: { name: 'nope' } },
      }),
    );
    expect(badTool).toMatchObject({ status: 400, param: 'tool_choice.name' });
    const orphan = await failure(ai.chat.completions.create({ model: 'dashscope/qwen-plus', messages: [{ role: 'tool', tool_call_id: 'c9', content: '1' }] }));
    expect(orphan).toMatchObject({ status: 400, param: 'messages[0].tool_call_id' });
    expect(f.sim.requests).toHaveLength(0);
  });

  it('401 without a key or with a wrong one', async () => {
    const wrong = await failure(f.client('sk-not-a-key').chat.completions.create({ model: 'qwen-plus', messages: [{ role: 'user', content: 'x' }] }));
    expect(wrong.status).toBe(401);
    expect(wrong.code).toBe('invalid_api_key');
    const none = await fetch(`${f.origin}/v1/models`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'missing_api_key' } });
  });

  it('404 for an unknown model', async () => {
    const error = await failure(ai.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }));
    expect(error).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    f.sim.script({ fault: dashscopeErrors.modelNotFound });
    const upstream = await failure(ai.chat.completions.create({ model: 'dashscope/qwen-gone', messages: [{ role: 'user', content: 'x' }] }));
    expect(upstream).toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('429 with Retry-After when the upstream rate-limits', async () => {
    // A Retry-After puts the target in cooldown for as long: each 429 here has a model of its own.
    f.sim.script({ fault: { ...dashscopeErrors.rateQuota, headers: { 'retry-after': '7' } } });
    const error = await failure(ai.chat.completions.create({ model: 'dashscope/qwen3-max', messages: [{ role: 'user', content: 'x' }] }));
    expect(error.status).toBe(429);
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.headers?.get('retry-after')).toBe('7');
  });

  it('402 budget_exceeded for a budget refusal, before anything is sent', async () => {
    const error = await failure(ai.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], max_tokens: 1000 }));
    expect(error.status).toBe(402);
    expect(error.error).toMatchObject({
      type: 'budget_exceeded',
      code: 'budget_exceeded',
      aegis: { kind: 'budget_exceeded', provider: 'openai', limitUsd: expect.any(String) },
    });
    expect(Number(error.headers?.get('retry-after'))).toBeGreaterThan(0);
    // Advice in this surface's parameter names.
    expect(error.message).toMatch(/lower `max_tokens`/);
    expect(error.message).not.toMatch(/maxTokens/);
  });

  it('502 for an upstream failure and 504 for an upstream that hangs', async () => {
    f.sim.script({ fault: dashscopeErrors.internalError });
    const broken = await failure(ai.chat.completions.create({ model: 'dashscope/qwen-plus', messages: [{ role: 'user', content: 'x' }] }));
    expect(broken).toMatchObject({ status: 502, code: 'upstream_unavailable' });
    f.sim.script({ fault: { type: 'hang-before-headers' } });
    const hung = await failure(ai.chat.completions.create({ model: 'dashscope/qwen-plus', messages: [{ role: 'user', content: 'x' }] }));
    expect(hung).toMatchObject({ status: 504, code: 'timeout' });
  });

  it('a failure before the first chunk of a stream is an HTTP error; after it, an error event ends the stream', async () => {
    f.sim.script({ fault: { ...dashscopeErrors.rateQuota, headers: { 'retry-after': '3' } } });
    const early = await failure(ai.chat.completions.create({ model: 'dashscope/qwen3-coder-flash', messages: [{ role: 'user', content: 'x' }], stream: true }));
    expect(early.status).toBe(429);

    f.sim.script({ text: 'a b c d e f', chunks: 6, fault: { type: 'drop', afterChunks: 3 } });
    const stream = await ai.chat.completions.create({ model: 'dashscope/qwen-plus', messages: [{ role: 'user', content: 'x' }], stream: true });
    let text = '';
    const late = await failure(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      })(),
    );
    expect(text.length).toBeGreaterThan(0);
    expect(late.error).toMatchObject({ code: 'upstream_unavailable', aegis: { delivered: true } });
  });

  it('a client that disconnects aborts the upstream call, and the delivered part is charged', async () => {
    f.sim.script({ text: 'w '.repeat(200), chunks: 100, chunkIntervalMs: 30 });
    const stream = await ai.chat.completions.create({ model: 'dashscope/qwen-plus', messages: [{ role: 'user', content: 'long' }], stream: true });
    let seen = 0;
    // Leaving the loop closes the SDK's connection, as a user pressing stop does.
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) seen++;
      if (seen === 3) break;
    }
    expect(seen).toBe(3);
    await until(() => f.sim.requests.at(-1)?.aborted === true);
    await until(() => f.sim.inFlight() === 0);
    let cancelled;
    await until(async () => {
      cancelled = (await f.gateway.recentRequests(5)).find((r) => r.outcome === 'cancelled');
      return cancelled !== undefined;
    });
    expect(cancelled).toMatchObject({ provider: 'dashscope', model: 'qwen-plus', outputTokens: expect.any(Number) });
    expect((cancelled as unknown as { costMicroUsd: number }).costMicroUsd).toBeGreaterThan(0);
  });

  it('413 above the body limit, 403 for a foreign Host, and CORS stays off', async () => {
    const big = await failure(ai.chat.completions.create({ model: 'dashscope/qwen-plus', messages: [{ role: 'user', content: 'x'.repeat(100_000) }] }));
    expect(big).toMatchObject({ status: 413, code: 'request_too_large' });
    const preflight = await fetch(`${f.origin}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: f.origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${f.origin}/v1/models`, { headers: { host: 'evil.example', authorization: `Bearer ${SERVER_TOKEN}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});

describe('GET /v1/models', () => {
  let f: OpenAiFixture;
  beforeAll(async () => {
    f = await startOpenAiFixture();
  });
  afterAll(async () => f.close());

  it('lists catalog and live models as provider/model with Aegis facts, and the task routes', async () => {
    const models = [];
    for await (const model of f.client().models.list()) models.push(model as OpenAI.Models.Model & { aegis: Record<string, unknown> });
    const plus = models.find((m) => m.id === 'dashscope/qwen-plus');
    expect(plus).toMatchObject({
      object: 'model',
      owned_by: 'dashscope',
      aegis: { provider: 'dashscope', model: 'qwen-plus', status: 'current', configured: true },
    });
    expect(plus?.aegis.pricing).toMatchObject({ currency: 'USD', tiers: expect.any(Array), source: expect.any(String) });
    expect(models.find((m) => m.id === 'aegis/summarize')?.aegis).toMatchObject({ task: 'summarize', route: expect.arrayContaining(['dashscope/qwen-flash']) });
    const one = await f.client().models.retrieve('dashscope/qwen-plus');
    expect(one.id).toBe('dashscope/qwen-plus');
    await expect(f.client().models.retrieve('dashscope/nope')).rejects.toMatchObject({ status: 404 });
  });
});
