import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpMcp, type HttpMcpFixture } from '../test-support/http-mcp-fixture.js';
import { startMcpFixture, type McpFixture } from '../test-support/mcp-fixture.js';
import { INITIALIZE, rawRequest } from '../test-support/raw-request.js';

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a client that disconnects over HTTP without cancelling (issue 20)', () => {
  let f: McpFixture;
  let http: HttpMcpFixture;

  beforeAll(async () => {
    f = await startMcpFixture();
    http = await startHttpMcp(f);
  });
  afterAll(async () => {
    await http.close();
    await f.close();
  });

  it('aborts the upstream and charges what was delivered', async () => {
    const { headers, port } = http;
    const init = await rawRequest({ port, headers, body: INITIALIZE });
    const sessionId = String(init.headers['mcp-session-id']);
    const inSession = { ...headers, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' };
    await rawRequest({ port, headers: inSession, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });

    f.sim.script({ text: 'w '.repeat(200), chunks: 100, chunkIntervalMs: 40 });
    const controller = new AbortController();
    const call = fetch(`http://127.0.0.1:${port}/mcp`, {
      method: 'POST',
      headers: inSession,
      signal: controller.signal,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'chat', arguments: { prompt: 'a long story', model: 'dashscope/qwen-plus' }, _meta: { progressToken: 'p' } },
      }),
    });
    const response = await call;
    const reader = response.body!.getReader();
    await reader.read(); // the first progress notification: the upstream is streaming
    controller.abort(); // gone, no notifications/cancelled

    await until(() => f.sim.requests.at(-1)?.aborted === true);
    await until(() => f.sim.inFlight() === 0);
    await until(async () => (await f.gateway.recentRequests(5)).some((r) => r.outcome === 'cancelled'));
    const record = (await f.gateway.recentRequests(5)).find((r) => r.outcome === 'cancelled')!;
    expect(record.outputTokens).toBeGreaterThan(0);
    expect(record.outputTokens).toBeLessThan(200);
    expect(record.costMicroUsd).toBeGreaterThan(0);
  });
});
