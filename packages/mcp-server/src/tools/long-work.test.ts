/**
 * Long work over Streamable HTTP (issue 20), scaled down: the server's
 * deadline (routing.requestTimeoutMs, 400 ms here) is for silence, and a
 * client's own timeout (60 s by default, 500 ms here) fits it when progress
 * resets it. The simulator streams for 1.5 s, past both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpMcp, type HttpMcpFixture } from '../test-support/http-mcp-fixture.js';
import { startMcpFixture, type McpFixture } from '../test-support/mcp-fixture.js';

const text = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen';
const slow = { text, chunks: 15, chunkIntervalMs: 100 };

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a long answer over HTTP', () => {
  let f: McpFixture;
  let http: HttpMcpFixture;
  beforeAll(async () => {
    f = await startMcpFixture({ file: { routing: { maxRetries: 0, requestTimeoutMs: 400, streamIdleTimeoutMs: 400 } } });
    http = await startHttpMcp(f);
  });
  afterAll(async () => {
    await http.close();
    await f.close();
  });

  it('arrives whole past the server deadline and the client timeout, when progress resets the timeout', async () => {
    const { client } = await http.connect();
    // Warm up (loads the provider client) with time to spare.
    await client.callTool({ name: 'chat', arguments: { prompt: 'warm up', model: 'dashscope/qwen-plus', timeout_ms: 5_000 } });
    f.sim.script(slow);
    let progress = 0;
    const started = Date.now();
    const result = await client.callTool({ name: 'chat', arguments: { prompt: 'count', model: 'dashscope/qwen-plus' } }, undefined, {
      timeout: 500,
      resetTimeoutOnProgress: true,
      onprogress: () => void progress++,
    });
    expect(Date.now() - started).toBeGreaterThan(1_200);
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { text: string }).text).toBe(text);
    expect(progress).toBeGreaterThanOrEqual(10);
  });

  it('a client that does not reset on progress gives up at its timeout, and the upstream is aborted and charged', async () => {
    const { client } = await http.connect();
    f.sim.script(slow);
    const call = client.callTool({ name: 'chat', arguments: { prompt: 'count', model: 'dashscope/qwen-plus' } }, undefined, {
      timeout: 500,
      onprogress: () => undefined,
    });
    await expect(call).rejects.toThrow(/timed out/i);
    await until(() => f.sim.requests.at(-1)?.aborted === true);
    await until(async () => (await f.gateway.recentRequests(3)).some((r) => r.outcome === 'cancelled'));
    const record = (await f.gateway.recentRequests(3)).find((r) => r.outcome === 'cancelled')!;
    expect(record.outputTokens).toBeGreaterThan(0);
  });

  it('timeout_ms: a call waits longer for its first token than the server default', async () => {
    const { client } = await http.connect();
    f.sim.script({ ttftMs: 700, text: 'late but welcome' });
    const refused = await client.callTool({ name: 'chat', arguments: { prompt: 'x', model: 'dashscope/qwen-plus' } });
    expect(refused.isError).toBe(true);
    expect((refused.structuredContent as { error: { kind: string } }).error.kind).toBe('timeout');
    f.sim.script({ ttftMs: 700, text: 'late but welcome' });
    const waited = await client.callTool({ name: 'chat', arguments: { prompt: 'x', model: 'dashscope/qwen-plus', timeout_ms: 3_000 } });
    expect(waited.isError, JSON.stringify(waited.structuredContent)).toBeFalsy();
    expect((waited.structuredContent as { text: string }).text).toBe('late but welcome');
  });
});
