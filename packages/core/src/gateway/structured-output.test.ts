/**
 * Response formats and sampling fields through the gateway against the
 * simulator: JSON answers say whether they parsed, DashScope's JSON mode
 * gets the word "json" it needs, schema mode skips models without it, and
 * each sampling field reaches only the kinds that take it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_KEY, startGatewayFixture, type GatewayFixture } from '../test-support/gateway-fixture.js';
import type { ChatRequest, StreamEvent } from '../types.js';

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterEach(() => fx.sim.reset());
afterAll(async () => fx.close());

const schema = { type: 'object', properties: { city: { type: 'string' }, temp: { type: 'number' } }, required: ['city', 'temp'] };

describe('JSON answers', () => {
  it('json_object: the answer parses, and DashScope is told "json" when the messages do not say it', async () => {
    fx.sim.script({ json: { city: 'Paris', temp: 21 } });
    const result = await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'Weather in Paris?', responseFormat: { type: 'json_object' } });
    expect(result.json).toEqual({ parsed: true, value: { city: 'Paris', temp: 21 } });
    const body = fx.sim.requests.at(-1)?.body;
    expect(body?.response_format).toEqual({ type: 'json_object' });
    expect(body?.messages).toEqual([
      { role: 'system', content: 'Answer in json.' },
      { role: 'user', content: 'Weather in Paris?' },
    ]);
  });

  it('the instruction joins the caller\'s system message, and is not added when "json" is there', async () => {
    await fx.gateway.chat({ model: 'dashscope/qwen-plus', system: 'Be brief.', prompt: 'Weather?', responseFormat: { type: 'json_object' } });
    expect((fx.sim.requests.at(-1)?.body?.messages as unknown[])[0]).toEqual({ role: 'system', content: 'Be brief.\n\nAnswer in json.' });
    await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'Weather, as JSON?', responseFormat: { type: 'json_object' } });
    expect(fx.sim.requests.at(-1)?.body?.messages).toEqual([{ role: 'user', content: 'Weather, as JSON?' }]);
  });

  it('json_schema: sent with name, schema and strict; streamed answers parse too', async () => {
    fx.sim.script({ json: { city: 'Paris', temp: 21 }, chunks: 5 });
    const request: ChatRequest = {
      model: 'dashscope/qwen-plus',
      prompt: 'Weather in Paris?',
      responseFormat: { type: 'json_schema', name: 'weather', schema, strict: true },
    };
    let done: StreamEvent | undefined;
    for await (const event of fx.gateway.stream(request)) if (event.type === 'done') done = event;
    expect(fx.sim.requests.at(-1)?.body?.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'weather', schema, strict: true } });
    expect(done?.type === 'done' && done.result.json).toEqual({ parsed: true, value: { city: 'Paris', temp: 21 } });
  });

  it('says so when the answer is not JSON, and takes a fenced answer', async () => {
    fx.sim.script([{ text: 'Sunny, 21 C' }, { text: '```json\n{"ok":true}\n```' }]);
    const bad = await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'json please', responseFormat: { type: 'json_object' } });
    expect(bad.json).toMatchObject({ parsed: false, error: expect.any(String) });
    const fenced = await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'json please', responseFormat: { type: 'json_object' } });
    expect(fenced.json).toEqual({ parsed: true, value: { ok: true } });
  });

  it('a text answer carries no json field', async () => {
    const result = await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'hi' });
    expect(result.json).toBeUndefined();
  });

  it('skips a model without the JSON-schema mode, with the reason', async () => {
    const result = await fx.gateway.chat({
      model: 'dashscope/qwen-max',
      fallbacks: ['dashscope/qwen-plus'],
      prompt: 'Weather?',
      responseFormat: { type: 'json_schema', name: 'weather', schema },
    });
    expect(result.model).toBe('qwen-plus');
    expect(result.skipped).toEqual([expect.objectContaining({ model: 'qwen-max', reason: expect.stringMatching(/JSON-schema mode/) })]);
  });
});

describe("the simulator's DashScope check", () => {
  it('refuses JSON mode without "json" in the messages when it reaches the upstream as is', async () => {
    const response = await fetch(`${fx.sim.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CANARY_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'qwen-plus', messages: [{ role: 'user', content: 'hi' }], response_format: { type: 'json_object' } }),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/must contain the word 'json'/);
  });
});

describe('sampling fields', () => {
  const sampled: Partial<ChatRequest> = { topP: 0.9, stop: ['END'], seed: 7, presencePenalty: 0.5, frequencyPenalty: 0.25, user: 'user-42' };

  it('reach DashScope only where its compatible mode takes them', async () => {
    await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'hi', ...sampled });
    const body = fx.sim.requests.at(-1)?.body ?? {};
    expect(body).toMatchObject({ top_p: 0.9, stop: ['END'], seed: 7, presence_penalty: 0.5 });
    expect(body).not.toHaveProperty('frequency_penalty');
    expect(body).not.toHaveProperty('user');
  });

  it('reach an OpenAI-compatible endpoint in full', async () => {
    const local = await startGatewayFixture({ file: {} });
    try {
      const lab = await startGatewayFixture({
        file: { endpoints: [{ name: 'lab', baseURL: local.sim.baseURL, apiKey: CANARY_KEY }] },
      });
      try {
        await lab.gateway.chat({ model: 'lab/qwen-plus', prompt: 'hi', ...sampled });
        expect(local.sim.requests.at(-1)?.body).toMatchObject({
          top_p: 0.9,
          stop: ['END'],
          seed: 7,
          presence_penalty: 0.5,
          frequency_penalty: 0.25,
          user: 'user-42',
        });
      } finally {
        await lab.close();
      }
    } finally {
      await local.close();
    }
  });

  it('nothing is sent that the request did not set', async () => {
    await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'hi' });
    const body = fx.sim.requests.at(-1)?.body ?? {};
    for (const field of ['top_p', 'stop', 'seed', 'presence_penalty', 'tools', 'tool_choice', 'response_format']) expect(body).not.toHaveProperty(field);
  });
});
