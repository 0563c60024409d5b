import { dashscopeErrors } from '@aegis-llm/simulator';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_KEY, startMcpFixture, type McpFixture } from '../test-support/mcp-fixture.js';

type Structured = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Result = CallToolResult & { structuredContent?: Structured };

const textOf = (result: Result) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

describe('chat errors', () => {
  let f: McpFixture;
  const call = async (args: Record<string, unknown>) => (await f.client.callTool({ name: 'chat', arguments: args })) as Result;

  beforeAll(async () => {
    f = await startMcpFixture({ file: { routing: { maxRetries: 0 } } });
  });
  afterEach(() => f.sim.reset());
  afterAll(async () => f.close());

  it.each([
    [{ prompt: 'hi', max_tokens: -5 }, 'max_tokens', 'at least 1'],
    [{ prompt: 'hi', max_tokens: 1.5 }, 'max_tokens', 'whole number'],
    [{ prompt: 'hi', temperature: 3 }, 'temperature', 'between 0 and 2'],
    [{ prompt: 'hi', images: ['file:///etc/passwd'] }, 'images', 'http(s) URL'],
    [{ prompt: '' }, 'prompt', 'prompt is empty'],
    [{ messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role', 'system'],
    [{ prompt: 'hi', fallbacks: 'dashscope/qwen-plus' }, 'fallbacks', 'array'],
  ])('rejects bad arguments %j naming %s', async (args, field, fix) => {
    const result = await call(args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(field);
    expect(textOf(result)).toContain(fix);
    expect(f.sim.requests).toHaveLength(0);
  });

  it('asks for exactly one of prompt and messages', async () => {
    const none = await call({});
    expect(none.isError).toBe(true);
    expect(none.structuredContent?.error).toMatchObject({ kind: 'bad_request' });
    expect(textOf(none)).toContain('give `prompt`');
    const both = await call({ prompt: 'a', messages: [{ role: 'user', content: 'b' }] });
    expect(textOf(both)).toContain('not both');
  });

  it('lists the valid models for an unknown model or provider', async () => {
    const unknownProvider = await call({ prompt: 'hi', model: 'nosuch/model-x' });
    expect(unknownProvider.isError).toBe(true);
    expect(unknownProvider.structuredContent?.error).toMatchObject({ kind: 'bad_request', field: 'model' });
    expect(textOf(unknownProvider)).toContain('dashscope, openai, ollama, anyllm');
    expect(textOf(unknownProvider)).toContain('dashscope/qwen-plus');
    expect(unknownProvider.structuredContent?.error.details.validModels).toContain('dashscope/qwen-max');

    const unknownModel = await call({ prompt: 'hi', model: 'dashscope/qwen-nonexistent' });
    expect(unknownModel.structuredContent?.error).toMatchObject({ kind: 'not_found', provider: 'dashscope', status: 404 });
    expect(textOf(unknownModel)).toContain('dashscope/qwen-turbo');
  });

  it('lists the known task types for an unknown task', async () => {
    const result = await call({ prompt: 'hi', task: 'poetry-slam' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Known task types: .*chat/);
  });

  it('reads a page only with a known answer_id', async () => {
    const unknown = await call({ answer_id: 'nope', offset: 0 });
    expect(unknown.structuredContent?.error).toMatchObject({ kind: 'bad_request', field: 'answer_id' });
    const offsetOnly = await call({ offset: 10 });
    expect(offsetOnly.structuredContent?.error).toMatchObject({ field: 'answer_id' });
  });

  it("passes a provider error on as the core's typed error, without the key", async () => {
    f.sim.script({ fault: { ...dashscopeErrors.invalidApiKey, echoKey: true } });
    const result = await call({ prompt: 'hi', model: 'dashscope/qwen-plus' });
    expect(result.isError).toBe(true);
    expect(result.structuredContent?.error).toMatchObject({ kind: 'auth', provider: 'dashscope', model: 'qwen-plus', status: 401 });
    // One attempt that is the error itself: not repeated beside it, nor in its details.
    expect(result.structuredContent?.attempts).toBeUndefined();
    expect(result.structuredContent?.error.details?.attempts).toBeUndefined();
    expect(JSON.stringify(result)).not.toContain(CANARY_KEY);
    expect(f.logs.join('\n')).not.toContain(CANARY_KEY);
  });

  it('reports a rate limit as retryable with its provider', async () => {
    f.sim.script({ fault: dashscopeErrors.rateQuota });
    const result = await call({ prompt: 'hi', model: 'dashscope/qwen-plus' });
    expect(result.structuredContent?.error).toMatchObject({ kind: 'rate_limited', provider: 'dashscope', status: 429, retryable: true });
  });

  it('returns the partial answer with the error when a stream breaks mid-way', async () => {
    f.sim.script({ text: 'alpha beta gamma delta', chunks: 4, fault: { type: 'drop', afterChunks: 3 } });
    const result = await call({ prompt: 'hi', model: 'dashscope/qwen-plus' });
    expect(result.isError).toBe(true);
    expect(result.structuredContent?.error.kind).toMatch(/upstream_unavailable|bad_response/);
    expect(result.structuredContent?.text).toMatch(/^alpha/);
    expect(result.structuredContent?.usage.outputTokens).toBeGreaterThan(0);
  });
});

describe('chat over budget', () => {
  let f: McpFixture;
  beforeAll(async () => {
    f = await startMcpFixture({ file: { budgets: { dashscope: { monthlyUsd: 0.000001 } } } });
  });
  afterAll(async () => f.close());

  it('refuses the call with a typed budget_exceeded error before anything is sent', async () => {
    const result = (await f.client.callTool({ name: 'chat', arguments: { prompt: 'hi', model: 'dashscope/qwen-max' } })) as Result;
    expect(result.isError).toBe(true);
    expect(result.structuredContent?.error).toMatchObject({ kind: 'budget_exceeded', provider: 'dashscope' });
    expect(f.sim.requests).toHaveLength(0);
  });
});

describe('chat with no provider configured', () => {
  let f: McpFixture;
  beforeAll(async () => {
    f = await startMcpFixture({ env: { DASHSCOPE_API_KEY: '' } });
  });
  afterAll(async () => f.close());

  it('says which variables to set', async () => {
    const result = (await f.client.callTool({ name: 'chat', arguments: { prompt: 'hi', model: 'dashscope/qwen-plus' } })) as Result;
    expect(result.isError).toBe(true);
    expect(result.structuredContent?.error.kind).toBe('not_configured');
    expect(textOf(result)).toContain('DASHSCOPE_API_KEY');
  });
});

describe('chat against an upstream that never answers', () => {
  let f: McpFixture;
  beforeAll(async () => {
    f = await startMcpFixture({ file: { routing: { maxRetries: 0, requestTimeoutMs: 400, streamIdleTimeoutMs: 300 } } });
  });
  afterAll(async () => f.close());

  it('ends with a typed timeout error naming the provider', async () => {
    f.sim.script({ fault: { type: 'hang-before-headers' } });
    const result = (await f.client.callTool({ name: 'chat', arguments: { prompt: 'hi', model: 'dashscope/qwen-plus' } })) as Result;
    expect(result.isError).toBe(true);
    expect(result.structuredContent?.error).toMatchObject({ kind: 'timeout', provider: 'dashscope' });
  });
});
