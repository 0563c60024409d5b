import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger, startMcpFixture, type McpFixture } from '../test-support/mcp-fixture.js';
import { INITIALIZE, MCP_HEADERS, rawRequest } from '../test-support/raw-request.js';
import { createHttpApp } from './create-http-app.js';
import type { McpSessions } from './create-mcp-sessions.js';
import { listen } from './listen.js';
import { createClientKeyStore } from '../client-keys/create-client-key-store.js';

const TOKEN = 'test-token-disconnect-0123';

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a client that disconnects over HTTP without cancelling (issue 20)', () => {
  let f: McpFixture;
  let server: Server;
  let sessions: McpSessions;
  let port: number;

  beforeAll(async () => {
    f = await startMcpFixture();
    const http = createHttpApp({
      gateway: f.gateway,
      token: TOKEN,
      host: '127.0.0.1',
      configFile: '/nonexistent/aegis-llm.config.json',
      reconfigure: async () => undefined,
      logger: memoryLogger(f.logs),
      clientKeys: createClientKeyStore(f.home),
    });
    sessions = http.sessions;
    ({ server, port } = await listen(http.app, 0, '127.0.0.1'));
  });
  afterAll(async () => {
    await sessions.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await f.close();
  });

  it('aborts the upstream and charges what was delivered', async () => {
    const headers = { ...MCP_HEADERS, authorization: `Bearer ${TOKEN}` };
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
