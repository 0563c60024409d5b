import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startMcpFixture, type McpFixture } from '../test-support/mcp-fixture.js';

type Structured = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const call = async (f: McpFixture, args: Record<string, unknown>) =>
  (await f.client.callTool({ name: 'chat', arguments: args })) as CallToolResult & { structuredContent?: Structured };

describe('chat tool', () => {
  let f: McpFixture;
  beforeAll(async () => {
    f = await startMcpFixture({ server: { pageChars: 40 } });
  });
  afterEach(() => f.sim.reset());
  afterAll(async () => f.close());

  it('answers a prompt with provider, model, usage, cost and the budget left', async () => {
    f.sim.script({ text: 'Hello from the simulator', chunks: 3 });
    const result = await call(f, { prompt: 'Say hello', model: 'dashscope/qwen-plus', max_tokens: 64 });
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent!;
    expect(out).toMatchObject({ text: 'Hello from the simulator', provider: 'dashscope', model: 'qwen-plus', finishReason: 'stop' });
    expect(out.usage.inputTokens).toBeGreaterThan(0);
    expect(out.usage.estimated).toBe(false);
    expect(out.cost.microUsd).toBeGreaterThan(0);
    expect(out.cost.usd).toMatch(/^\$0\.\d+$/);
    // Lean: one clean attempt, no fallback, no skip are left out.
    expect(out.attempts).toBeUndefined();
    expect(out.fallbacks).toBeUndefined();
    expect(out.skipped).toBeUndefined();
    expect(out.budget).toMatchObject({ provider: 'dashscope', budgeted: false });
    expect(out.page).toBeUndefined();
    // The text block is the same JSON, as the spec asks.
    expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual(out);
    expect(f.sim.requests.at(-1)?.body?.max_completion_tokens ?? f.sim.requests.at(-1)?.body?.max_tokens).toBe(64);
  });

  it('routes by task, sends system and messages, and returns reasoning when thinking', async () => {
    const result = await call(f, {
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: 'What is two plus two' },
      ],
      thinking: true,
      temperature: 0.2,
    });
    expect(result.isError).toBeFalsy();
    const body = f.sim.requests.at(-1)?.body as Structured;
    expect(body.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(body.messages).toHaveLength(4);
    expect(body.enable_thinking).toBe(true);
    expect(body.temperature).toBe(0.2);
    expect(result.structuredContent?.reasoning).toMatch(/Thinking about/);
    expect(result.structuredContent?.model).toBe('qwen-plus');
  });

  it('attaches images for a vision model', async () => {
    const result = await call(f, {
      prompt: 'What is in the picture',
      model: 'dashscope/qwen-vl-plus',
      images: ['https://example.com/cat.png'],
    });
    expect(result.isError).toBeFalsy();
    const last = (f.sim.requests.at(-1)?.body as Structured).messages.at(-1);
    expect(last.content).toContainEqual({ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } });
  });

  it('reports the fallback it took', async () => {
    f.sim.script({ fault: { type: 'status', status: 404, code: 'model_not_found', message: 'The model `{model}` does not exist.' } }, { model: 'qwen-max' });
    const result = await call(f, { prompt: 'hi', model: 'dashscope/qwen-max', fallbacks: ['dashscope/qwen-turbo'] });
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent!;
    expect(out.model).toBe('qwen-turbo');
    expect(out.fallbacks).toEqual([{ from: 'dashscope/qwen-max', to: 'dashscope/qwen-turbo', reason: 'not_found' }]);
    expect(out.attempts.map((a: Structured) => a.outcome)).toEqual(['not_found', 'ok']);
  });

  it('streams partial text as progress notifications when asked', async () => {
    f.sim.script({ text: 'one two three four five', chunks: 5, chunkIntervalMs: 5 });
    const progress: Array<{ progress: number; message?: string }> = [];
    const result = (await f.client.callTool({ name: 'chat', arguments: { prompt: 'count', model: 'dashscope/qwen-plus' } }, undefined, {
      onprogress: (p) => progress.push(p),
    })) as CallToolResult & { structuredContent?: Structured };
    expect(result.isError).toBeFalsy();
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.map((p) => p.message ?? '').join('')).toBe('one two three four five');
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.progress).toBeGreaterThan(progress[i - 1]!.progress);
    expect(result.structuredContent?.text).toBe('one two three four five');
  });

  it('pages a long answer and reads on by answer_id without calling the model again', async () => {
    const text = 'x'.repeat(35) + ' ' + 'y'.repeat(50);
    f.sim.script({ text, chunks: 4 });
    const first = await call(f, { prompt: 'long please', model: 'dashscope/qwen-plus' });
    const page = first.structuredContent!.page;
    expect(first.structuredContent!.text).toHaveLength(40);
    expect(page).toMatchObject({ offset: 0, length: 40, totalChars: text.length, nextOffset: 40 });
    const before = f.sim.requests.length;
    const second = await call(f, { answer_id: page.answerId, offset: page.nextOffset });
    const third = await call(f, { answer_id: page.answerId, offset: second.structuredContent!.page.nextOffset });
    expect(third.structuredContent!.page.nextOffset).toBeUndefined();
    expect(first.structuredContent!.text + second.structuredContent!.text + third.structuredContent!.text).toBe(text);
    expect(f.sim.requests.length).toBe(before);
  });
});
