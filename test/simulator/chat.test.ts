import type OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from './server.ts';
import { openaiFor, postChat, sseData, user } from './test-client.ts';
import type { Simulator } from './types.ts';

type Chunk = OpenAI.Chat.ChatCompletionChunk;
type WithReasoning = { reasoning_content?: string | null };

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

async function collect(stream: AsyncIterable<Chunk>): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('non-stream chat', () => {
  it('answers a deterministic echo with usage', async () => {
    const completion = await openaiFor(sim).chat.completions.create({ model: 'qwen-plus', messages: user('Tell me a joke') });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('qwen-plus');
    expect(completion.choices[0]?.message).toEqual({ role: 'assistant', content: 'Echo: Tell me a joke' });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    // 'Tell me a joke' = 14 chars -> 4 tokens + 4; 'Echo: Tell me a joke' = 20 chars -> 5.
    expect(completion.usage).toEqual({ prompt_tokens: 8, completion_tokens: 5, total_tokens: 13 });
  });

  it('pads the echo so every chunk has a word', async () => {
    const completion = await openaiFor(sim).chat.completions.create({ model: 'qwen-plus', messages: user('hi') });
    expect(completion.choices[0]?.message.content).toBe('Echo: hi echo echo');
  });

  it('serves scripted text, reasoning, cached tokens and no usage', async () => {
    const client = openaiFor(sim);
    sim.script([{ text: 'forty-two', reasoning: 'think', cachedTokens: 3 }, { usage: 'absent' }]);
    const first = await client.chat.completions.create({ model: 'qwen-max', messages: user('q') });
    expect(first.choices[0]?.message.content).toBe('forty-two');
    expect((first.choices[0]?.message as WithReasoning).reasoning_content).toBe('think');
    expect(first.usage?.prompt_tokens_details?.cached_tokens).toBe(3);
    expect(first.usage?.completion_tokens_details?.reasoning_tokens).toBe(2);
    expect(first.usage?.completion_tokens).toBe(3 + 2);
    const second = await client.chat.completions.create({ model: 'qwen-max', messages: user('q') });
    expect(second.usage).toBeUndefined();
    // The queue is empty again: the default answers.
    const third = await client.chat.completions.create({ model: 'qwen-max', messages: user('q') });
    expect(third.usage).toBeDefined();
  });

  it('cuts the answer at max_completion_tokens (or max_tokens) with finish_reason length', async () => {
    sim.setDefault({ text: 'x'.repeat(100) });
    const client = openaiFor(sim);
    const cut = await client.chat.completions.create({ model: 'qwen-plus', messages: user('q'), max_completion_tokens: 5 });
    expect(cut.choices[0]?.message.content).toBe('x'.repeat(20));
    expect(cut.choices[0]?.finish_reason).toBe('length');
    expect(cut.usage?.completion_tokens).toBe(5);
    const old = await client.chat.completions.create({ model: 'qwen-plus', messages: user('q'), max_tokens: 2 });
    expect(old.choices[0]?.finish_reason).toBe('length');
    expect(sim.requests.map((request) => request.body?.max_completion_tokens)).toEqual([5, undefined]);
  });

  it('answers under the DashScope /compatible-mode/v1 base URL too', async () => {
    const client = openaiFor(sim, { baseURL: `${sim.origin}/compatible-mode/v1` });
    const completion = await client.chat.completions.create({ model: 'qwen-turbo', messages: user('hello') });
    expect(completion.choices[0]?.message.content).toBe('Echo: hello echo echo');
    expect(sim.requests[0]?.path).toBe('/compatible-mode/v1/chat/completions');
  });
});

describe('streaming chat', () => {
  it('streams role first, finish_reason on the last content chunk, usage last when asked', async () => {
    sim.script({ text: 'one two three four', chunks: 4 });
    const stream = await openaiFor(sim).chat.completions.create({
      model: 'qwen-plus',
      messages: user('count'),
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = await collect(stream);
    expect(chunks).toHaveLength(5);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(
      chunks
        .slice(0, 4)
        .map((chunk) => chunk.choices[0]?.delta.content)
        .join(''),
    ).toBe('one two three four');
    expect(chunks.slice(0, 4).map((chunk) => chunk.choices[0]?.finish_reason)).toEqual([null, null, null, 'stop']);
    expect(chunks[4]?.choices).toEqual([]);
    expect(chunks[4]?.usage).toEqual({ prompt_tokens: 6, completion_tokens: 5, total_tokens: 11 });
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it('sends no usage chunk unless include_usage is set, nor when usage is absent', async () => {
    const client = openaiFor(sim);
    const plain = await collect(await client.chat.completions.create({ model: 'qwen-plus', messages: user('a'), stream: true }));
    expect(plain.every((chunk) => chunk.usage === undefined && chunk.choices.length === 1)).toBe(true);

    sim.script({ usage: 'absent' });
    const absent = await collect(
      await client.chat.completions.create({ model: 'qwen-plus', messages: user('a'), stream: true, stream_options: { include_usage: true } }),
    );
    expect(absent.some((chunk) => chunk.choices.length === 0)).toBe(false);

    sim.script({ usage: 'zero' });
    const zero = await collect(
      await client.chat.completions.create({ model: 'qwen-plus', messages: user('a'), stream: true, stream_options: { include_usage: true } }),
    );
    expect(zero.at(-1)?.usage).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
  });

  it('writes exact SSE lines ending with data: [DONE]', async () => {
    sim.script({ text: 'ab', chunks: 1 });
    const response = await postChat(sim, { model: 'qwen-plus', messages: user('x'), stream: true });
    expect(response.headers.get('content-type')).toBe('text/event-stream;charset=UTF-8');
    const data = sseData(await response.text());
    expect(data.at(-1)).toBe('[DONE]');
    expect(data).toHaveLength(2);
    expect(JSON.parse(data[0] ?? '')).toMatchObject({
      object: 'chat.completion.chunk',
      model: 'qwen-plus',
      choices: [{ index: 0, delta: { role: 'assistant', content: 'ab' }, finish_reason: 'stop' }],
    });
  });

  it('streams reasoning_content before the answer when enable_thinking is on', async () => {
    const thinking = { enable_thinking: true };
    const stream = await openaiFor(sim).chat.completions.create({
      model: 'qwen-plus',
      messages: user('why is the sky blue'),
      stream: true,
      stream_options: { include_usage: true },
      ...thinking,
    });
    const chunks = await collect(stream);
    const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta as WithReasoning & { content?: string | null }));
    const firstAnswer = deltas.findIndex((delta) => typeof delta.content === 'string');
    expect(
      deltas
        .slice(0, firstAnswer)
        .map((delta) => delta.reasoning_content)
        .join(''),
    ).toBe('Thinking about: why is the sky blue');
    expect(deltas.slice(firstAnswer).every((delta) => delta.reasoning_content === null)).toBe(true);
    expect(chunks.at(-1)?.usage?.completion_tokens_details?.reasoning_tokens).toBe(9);
    expect(sim.requests[0]?.body?.enable_thinking).toBe(true);
  });

  it('streams reasoning from a thinking-only model (qwq-plus) unasked, and none when the scenario says reasoning: ""', async () => {
    const client = openaiFor(sim);
    const reasoningOf = async (): Promise<string> => {
      const chunks = await collect(await client.chat.completions.create({ model: 'qwq-plus', messages: user('hi'), stream: true }));
      return chunks.map((chunk) => (chunk.choices[0]?.delta as WithReasoning | undefined)?.reasoning_content ?? '').join('');
    };
    expect(await reasoningOf()).toBe('Thinking about: hi');
    sim.script({ reasoning: '' });
    expect(await reasoningOf()).toBe('');
  });

  it('streams reasoning from a model that thinks by default (qwen3.5-plus) unless enable_thinking is false', async () => {
    const client = openaiFor(sim);
    const reasoningOf = async (body: Record<string, unknown>): Promise<string> => {
      const request = { model: 'qwen3.5-plus', messages: user('hi'), stream: true as const, ...body };
      const chunks = await collect(await client.chat.completions.create(request));
      return chunks.map((chunk) => (chunk.choices[0]?.delta as WithReasoning | undefined)?.reasoning_content ?? '').join('');
    };
    expect(await reasoningOf({})).toBe('Thinking about: hi');
    expect(await reasoningOf({ enable_thinking: false })).toBe('');
  });

  it('paces chunks: ttftMs, then chunkIntervalMs', async () => {
    sim.script({ ttftMs: 150, chunkIntervalMs: 60, chunks: 3 });
    const started = performance.now();
    const arrivals: number[] = [];
    for await (const _chunk of await openaiFor(sim).chat.completions.create({ model: 'qwen-plus', messages: user('a b c'), stream: true })) {
      arrivals.push(performance.now() - started);
    }
    expect(arrivals).toHaveLength(3);
    expect(arrivals[0]).toBeGreaterThanOrEqual(140);
    expect((arrivals[2] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(110);
  });
});

describe('scripting and recording', () => {
  it('consumes model-scoped scenarios only for that model, before any-model ones', async () => {
    const client = openaiFor(sim);
    sim.script({ text: 'any' });
    sim.script({ text: 'max only' }, { model: 'qwen-max' });
    expect(sim.pending()).toBe(2);
    const plus = await client.chat.completions.create({ model: 'qwen-plus', messages: user('a') });
    const max = await client.chat.completions.create({ model: 'qwen-max', messages: user('a') });
    expect([plus.choices[0]?.message.content, max.choices[0]?.message.content]).toEqual(['any', 'max only']);
    expect(sim.pending()).toBe(0);
    expect(sim.requests.map((request) => request.scenario?.text)).toEqual(['any', 'max only']);
  });

  it('refuses to script a model it does not serve, and invalid scenarios', () => {
    expect(() => sim.script({}, { model: 'gpt-4o' })).toThrow(/does not serve/);
    expect(() => sim.script({ latency: 1 } as never)).toThrow(/unknown scenario field/);
  });

  it('records method, path, lower-case headers, the JSON body with image parts, and time', async () => {
    const before = Date.now();
    await openaiFor(sim, { apiKey: 'sk-recorded' }).chat.completions.create({
      model: 'qwen-vl-plus',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    const [request] = sim.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/chat/completions', status: 200, aborted: false });
    expect(request?.headers.authorization).toBe('Bearer sk-recorded');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body?.stream_options).toEqual({ include_usage: true });
    expect(JSON.stringify(request?.body?.messages)).toContain('"image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}');
    expect(request?.receivedAt).toBeGreaterThanOrEqual(before);
  });
});
