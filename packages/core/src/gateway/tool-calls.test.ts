/**
 * Tool calling through the gateway against the simulator: definitions and
 * choices on the wire, calls in answers and streams (arguments in many
 * pieces, several calls), tool results sent back, the skip of a model
 * without function calling, and no fallback once a call was streamed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '../test-support/failure-of.js';
import { startGatewayFixture, type GatewayFixture } from '../test-support/gateway-fixture.js';
import type { ChatRequest, StreamEvent, ToolDefinition } from '../types.js';

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture({ file: { routing: { baseBackoffMs: 10, maxBackoffMs: 20, maxRetries: 0 } } });
});
afterEach(() => fx.sim.reset());
afterAll(async () => fx.close());

const weather: ToolDefinition = {
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const time: ToolDefinition = { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } };
const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'dashscope/qwen-plus',
  prompt: 'Weather in Paris?',
  tools: [weather, time],
  ...extra,
});

async function events(request: ChatRequest): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const event of fx.gateway.stream(request)) out.push(event);
  return out;
}

describe('tool definitions on the wire', () => {
  it('sends tools, tool_choice and parallel_tool_calls in OpenAI shape', async () => {
    await fx.gateway.chat(ask({ toolChoice: { name: 'get_weather' }, parallelToolCalls: false }));
    expect(fx.sim.requests.at(-1)?.body).toMatchObject({
      tools: [
        { type: 'function', function: { name: 'get_weather', description: 'The weather in a city', parameters: weather.parameters } },
        { type: 'function', function: { name: 'get_time', parameters: time.parameters } },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
    });
  });

  it('sends assistant tool calls and tool results back as tool_calls and tool_call_id', async () => {
    fx.sim.script({ text: 'It is {lastToolResult}.' });
    const result = await fx.gateway.chat({
      model: 'dashscope/qwen-plus',
      tools: [weather],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_9', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
        { role: 'tool', toolCallId: 'call_9', content: 'sunny, 21 C' },
      ],
    });
    expect(result.text).toBe('It is sunny, 21 C.');
    expect(fx.sim.requests.at(-1)?.body?.messages).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_9', content: 'sunny, 21 C' },
    ]);
  });
});

describe('tool calls in answers', () => {
  const two = {
    toolCalls: [
      { name: 'get_weather', arguments: { city: 'Paris' }, id: 'call_a' },
      { name: 'get_time', arguments: { zone: 'Europe/Paris' }, id: 'call_b' },
    ],
    toolCallChunks: 7,
  };

  it('one answer (non-streamed upstream) carries the calls with finishReason tool_calls', async () => {
    const local = await startGatewayFixture({ file: { routing: { streamUpstream: false } } });
    try {
      local.sim.script(two);
      const result = await local.gateway.chat(ask());
      expect(local.sim.requests.at(-1)?.body?.stream).toBe(false);
      expect(result.finishReason).toBe('tool_calls');
      expect(result.text).toBe('');
      expect(result.toolCalls).toEqual([
        { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'call_b', name: 'get_time', arguments: '{"zone":"Europe/Paris"}' },
      ]);
      expect(result.costMicroUsd).toBeGreaterThan(0);
    } finally {
      await local.close();
    }
  });

  it('one answer over a streamed upstream assembles arguments split over many chunks', async () => {
    fx.sim.script(two);
    const result = await fx.gateway.chat(ask());
    expect(fx.sim.requests.at(-1)?.body?.stream).toBe(true);
    expect(result.finishReason).toBe('tool_calls');
    expect(result.toolCalls?.map((c) => [c.id, c.name, JSON.parse(c.arguments)])).toEqual([
      ['call_a', 'get_weather', { city: 'Paris' }],
      ['call_b', 'get_time', { zone: 'Europe/Paris' }],
    ]);
  });

  it('the stream carries argument deltas per index and a whole call once each is complete', async () => {
    fx.sim.script(two);
    const seen = await events(ask());
    const deltas = seen.filter((e) => e.type === 'tool-call-delta');
    expect(deltas.length).toBeGreaterThan(4);
    const joined = new Map<number, string>();
    for (const d of deltas) if (d.type === 'tool-call-delta') joined.set(d.index, (joined.get(d.index) ?? '') + d.argumentsDelta);
    expect([...joined.values()]).toEqual(['{"city":"Paris"}', '{"zone":"Europe/Paris"}']);
    const whole = seen.filter((e) => e.type === 'tool-call');
    expect(whole).toEqual([
      { type: 'tool-call', index: 0, toolCall: { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { type: 'tool-call', index: 1, toolCall: { id: 'call_b', name: 'get_time', arguments: '{"zone":"Europe/Paris"}' } },
    ]);
    // The first call is whole as soon as the second begins, before the stream ends.
    expect(seen.indexOf(whole[0] as StreamEvent)).toBeLessThan(seen.findIndex((e) => e.type === 'tool-call-delta' && e.index === 1 && e.argumentsDelta !== ''));
    const done = seen.at(-1);
    expect(done?.type === 'done' && done.result.toolCalls).toHaveLength(2);
    expect(done?.type === 'done' && done.result.finishReason).toBe('tool_calls');
  });

  it('counts tool definitions in the input estimate and the calls in the output estimate', async () => {
    fx.sim.script([
      { usage: 'absent', toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] },
      { usage: 'absent', toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] },
    ]);
    const bare = await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'Weather in Paris?', tools: [{ name: 'get_weather' }] });
    const described = await fx.gateway.chat(ask());
    expect(bare.usage.estimated).toBe(true);
    expect(described.usage.inputTokens).toBeGreaterThan(bare.usage.inputTokens + 20);
    expect(bare.usage.outputTokens).toBeGreaterThan(3);
  });
});

describe('delivered means committed', () => {
  it('a stream that breaks after a tool call began does not fall back silently', async () => {
    fx.sim.script(
      { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }], toolCallChunks: 6, fault: { type: 'drop', afterChunks: 3 } },
      { model: 'qwen-plus' },
    );
    const seen = await events(ask({ fallbacks: ['dashscope/qwen-turbo'] }));
    const last = seen.at(-1);
    expect(last?.type).toBe('error');
    expect(seen.some((e) => e.type === 'fallback')).toBe(false);
    expect(fx.sim.requests.map((r) => r.body?.model)).toEqual(['qwen-plus']);
    if (last?.type === 'error') {
      expect(last.error.message).toMatch(/1 tool call/);
      expect(last.partial.toolCalls?.[0]?.name).toBe('get_weather');
    }
  });

  it('a failure before any output still falls back', async () => {
    fx.sim.script({ fault: { type: 'status', status: 503, code: 'ModelUnavailable' } }, { model: 'qwen-plus' });
    fx.sim.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] }, { model: 'qwen-turbo' });
    const result = await fx.gateway.chat(ask({ fallbacks: ['dashscope/qwen-turbo'] }));
    expect(result.model).toBe('qwen-turbo');
    expect(result.toolCalls?.[0]?.name).toBe('get_weather');
  });
});

describe('capabilities', () => {
  it('skips a model without function calling, with the reason, and lands on one with it', async () => {
    const result = await fx.gateway.chat(ask({ model: 'dashscope/qwen-vl-plus', fallbacks: ['dashscope/qwen-plus'] }));
    expect(result.model).toBe('qwen-plus');
    expect(result.skipped).toEqual([expect.objectContaining({ model: 'qwen-vl-plus', reason: expect.stringMatching(/function calling/) })]);
    expect(fx.sim.requests.map((r) => r.body?.model)).toEqual(['qwen-plus']);
  });

  it('tool_choice none needs no function calling', async () => {
    const result = await fx.gateway.chat(ask({ model: 'dashscope/qwen-vl-plus', toolChoice: 'none' }));
    expect(result.model).toBe('qwen-vl-plus');
  });

  it('refuses with bad_request when no target can call tools, sending nothing', async () => {
    const error = await failureOf(fx.gateway.chat(ask({ model: 'dashscope/qwen-vl-plus' })));
    expect(error.kind).toBe('bad_request');
    expect(error.message).toMatch(/qwen-vl-plus: the request gives tools/);
    expect(fx.sim.requests).toHaveLength(0);
  });
});

describe('bad input', () => {
  it.each<[string, Partial<ChatRequest>, RegExp]>([
    [
      'a tool message with no matching call',
      {
        prompt: undefined,
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'tool', toolCallId: 'nope', content: 'x' },
        ],
      },
      /`messages\.1\.toolCallId`: "nope" matches no tool call/,
    ],
    ['an invalid JSON Schema', { tools: [{ name: 'f', parameters: { type: 'objekt' } }] }, /`tools\.0\.parameters`: not a valid JSON Schema/],
    ['tool choice naming an undefined tool', { toolChoice: { name: 'nope' } }, /`toolChoice\.name`: "nope" is not one of the tools/],
    ['required tool choice without tools', { tools: undefined, toolChoice: 'required' }, /`toolChoice`: "required" needs `tools`/],
    ['a JSON-schema format with no schema', { responseFormat: { type: 'json_schema', name: 'x' } as never }, /responseFormat\.schema/],
    ['top_p out of range', { topP: 1.5 }, /topP/],
    ['a penalty out of range', { presencePenalty: -3 }, /presencePenalty/],
    ['a non-integer seed', { seed: 1.5 }, /seed/],
    ['a bad tool name', { tools: [{ name: 'has space' }] }, /tools\.0\.name/],
    ['a tool defined twice', { tools: [weather, weather] }, /`tools\.1\.name`: "get_weather" is defined twice/],
  ])('%s is a bad_request naming the field, and nothing is sent', async (_name, extra, message) => {
    const error = await failureOf(fx.gateway.chat(ask(extra)));
    expect(error.kind).toBe('bad_request');
    expect(error.message).toMatch(message);
    expect(fx.sim.requests).toHaveLength(0);
  });
});
