import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcpFixture, type McpFixture } from '../test-support/mcp-fixture.js';

type Result = CallToolResult & { structuredContent?: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
const textOf = (result: Result) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

describe('chat arguments (issue 20)', () => {
  let f: McpFixture;
  beforeAll(async () => {
    // No short deadlines here: on a loaded machine a refusal could pass for a timeout (the timeout_ms case has its own fixture).
    f = await startMcpFixture({ file: { budgets: { dashscope: { monthlyUsd: 0.000001 } } } });
  });
  afterAll(async () => f.close());

  it('an unknown argument is an error naming the closest known one, and nothing is sent', async () => {
    const before = f.sim.requests.length;
    const result = (await f.client.callTool({ name: 'chat', arguments: { prompt: 'hi', maxTokens: 5 } })) as Result;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/unknown argument `maxTokens`: did you mean `max_tokens`\?/);
    expect(f.sim.requests.length).toBe(before);
  });

  it('the other tools refuse unknown arguments too', async () => {
    const result = (await f.client.callTool({ name: 'list_models', arguments: { providr: 'dashscope' } })) as Result;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/did you mean `provider`/);
  });

  it("the budget refusal's advice names max_tokens, the tool's argument", async () => {
    const result = (await f.client.callTool({ name: 'chat', arguments: { prompt: 'hi', model: 'dashscope/qwen-plus', max_tokens: 500 } })) as Result;
    expect(result.isError).toBe(true);
    expect(result.structuredContent?.error.kind).toBe('budget_exceeded');
    expect(textOf(result)).toMatch(/lower `max_tokens`/);
    expect(textOf(result)).not.toMatch(/maxTokens/);
  });

  it('a bad value names the argument as the tool spells it', async () => {
    const result = (await f.client.callTool({
      name: 'chat',
      arguments: { model: 'ollama/qwen2.5:0.5b', messages: [{ role: 'tool', content: 'x', tool_call_id: 'nope' }] },
    })) as Result;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/tool_call_id/);
    expect(textOf(result)).not.toMatch(/toolCallId/);
  });

  it('timeout_ms: the deadline for silence, not for a stream that delivers', async () => {
    // Ollama has no budget here; the simulator answers for dashscope only, so use a fixture without one.
    const g = await startMcpFixture({ file: { routing: { requestTimeoutMs: 400, streamIdleTimeoutMs: 400 } } });
    try {
      await g.client.callTool({ name: 'chat', arguments: { prompt: 'warm up', model: 'dashscope/qwen-plus', timeout_ms: 5_000 } });
      g.sim.script({ text: 'a b c d e f g h i j k l', chunks: 12, chunkIntervalMs: 100 });
      const slow = (await g.client.callTool({ name: 'chat', arguments: { prompt: 'count', model: 'dashscope/qwen-plus' } })) as Result;
      expect(slow.isError).toBeFalsy();
      expect(slow.structuredContent?.text).toBe('a b c d e f g h i j k l');
      g.sim.script({ ttftMs: 1_500, text: 'late' });
      const started = Date.now();
      const late = (await g.client.callTool({ name: 'chat', arguments: { prompt: 'x', model: 'dashscope/qwen-plus', timeout_ms: 300 } })) as Result;
      expect(late.isError).toBe(true);
      expect(late.structuredContent?.error.kind).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(1_200);
    } finally {
      await g.close();
    }
  });
});

describe('logging (issue 20)', () => {
  it('declares logging and sends fallbacks to the client as log notifications', async () => {
    const { LoggingMessageNotificationSchema } = await import('@modelcontextprotocol/sdk/types.js');
    const g = await startMcpFixture();
    try {
      expect(g.client.getServerCapabilities()?.logging).toEqual({});
      expect(g.client.getServerCapabilities()?.resources?.listChanged).toBe(false);
      const logs: string[] = [];
      g.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(String(n.params.data)));
      await g.client.setLoggingLevel('info');
      g.sim.script({ fault: { type: 'status', status: 404, code: 'model_not_found', message: 'The model `{model}` does not exist.' } }, { model: 'qwen-max' });
      const result = (await g.client.callTool({
        name: 'chat',
        arguments: { prompt: 'hi', model: 'dashscope/qwen-max', fallbacks: ['dashscope/qwen-turbo'] },
      })) as Result;
      expect(result.isError).toBeFalsy();
      expect(logs.some((l) => /fallback from dashscope\/qwen-max to dashscope\/qwen-turbo after not_found/.test(l))).toBe(true);
    } finally {
      await g.close();
    }
  });
});
