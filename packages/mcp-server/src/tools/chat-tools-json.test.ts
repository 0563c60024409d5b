/**
 * The `chat` tool's tool calling and JSON output through a real MCP client
 * (the SDK's, over an in-memory transport) against the simulator: tool calls
 * come back for the caller to run, tool results are accepted back, and a
 * JSON response format returns the parsed value in structuredContent.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startMcpFixture, type McpFixture } from '../test-support/mcp-fixture.js';

type Structured = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const call = async (f: McpFixture, args: Record<string, unknown>) =>
  (await f.client.callTool({ name: 'chat', arguments: args })) as CallToolResult & { structuredContent?: Structured };

const weather = {
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('chat tool: tools and JSON output', () => {
  let f: McpFixture;
  beforeAll(async () => {
    f = await startMcpFixture();
  });
  afterEach(() => f.sim.reset());
  afterAll(async () => f.close());

  it('returns the tool calls for the caller to run, and takes the results back', async () => {
    f.sim.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' }, id: 'call_7' }], toolCallChunks: 4 });
    const first = await call(f, { prompt: 'Weather in Paris?', model: 'dashscope/qwen-plus', tools: [weather], tool_choice: 'auto' });
    expect(first.isError).toBeFalsy();
    expect(first.structuredContent).toMatchObject({
      finishReason: 'tool_calls',
      toolCalls: [{ id: 'call_7', name: 'get_weather', arguments: '{"city":"Paris"}' }],
    });
    expect(f.sim.requests.at(-1)?.body).toMatchObject({ tools: [{ type: 'function', function: weather }], tool_choice: 'auto' });

    f.sim.script({ text: 'It is {lastToolResult} in Paris.' });
    const second = await call(f, {
      model: 'dashscope/qwen-plus',
      tools: [weather],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: '', tool_calls: first.structuredContent?.toolCalls },
        { role: 'tool', tool_call_id: 'call_7', content: 'sunny' },
      ],
    });
    expect(second.structuredContent).toMatchObject({ text: 'It is sunny in Paris.', finishReason: 'stop' });
    expect((f.sim.requests.at(-1)?.body?.messages as Structured[])[2]).toEqual({ role: 'tool', tool_call_id: 'call_7', content: 'sunny' });
  });

  it('refuses a tool result that answers no call, naming the field', async () => {
    const result = await call(f, {
      model: 'dashscope/qwen-plus',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'tool', tool_call_id: 'nope', content: 'x' },
      ],
    });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/messages\.1\.tool_call_id/);
    expect(f.sim.requests).toHaveLength(0);
  });

  it('response_format json_schema returns the parsed JSON in structuredContent', async () => {
    f.sim.script({ json: { city: 'Paris', temp: 21 } });
    const schema = { type: 'object', properties: { city: { type: 'string' }, temp: { type: 'number' } }, required: ['city', 'temp'] };
    const result = await call(f, {
      prompt: 'Weather in Paris?',
      model: 'dashscope/qwen-plus',
      response_format: { type: 'json_schema', name: 'weather', schema, strict: true },
      top_p: 0.5,
      stop: ['END'],
      seed: 3,
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.json).toEqual({ city: 'Paris', temp: 21 });
    expect(f.sim.requests.at(-1)?.body).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { name: 'weather', schema, strict: true } },
      top_p: 0.5,
      stop: ['END'],
      seed: 3,
    });
  });

  it('json_object on DashScope gets the word json it needs, and says when the answer is not JSON', async () => {
    f.sim.script({ text: 'not json' });
    const result = await call(f, { prompt: 'Weather in Paris?', model: 'dashscope/qwen-plus', response_format: { type: 'json_object' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.json).toBeUndefined();
    expect(result.structuredContent?.jsonError).toEqual(expect.any(String));
  });
});
