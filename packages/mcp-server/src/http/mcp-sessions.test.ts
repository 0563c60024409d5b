/**
 * Sessions of clients that are gone are freed (issue 20): a client that
 * closes its transport without DELETE, or 100 stale sessions, must not keep
 * new clients out for 30 minutes. Real SDK clients and raw requests over
 * HTTP against the serve app.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpMcp, type HttpMcpFixture } from '../test-support/http-mcp-fixture.js';
import { startMcpFixture, type McpFixture } from '../test-support/mcp-fixture.js';
import { INITIALIZE, rawRequest } from '../test-support/raw-request.js';

let f: McpFixture | undefined;
let http: HttpMcpFixture | undefined;
afterEach(async () => {
  await http?.close();
  await f?.close();
  http = undefined;
  f = undefined;
});

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const start = async (sessions: { maxSessions?: number; leftGraceMs?: number }) => {
  f = await startMcpFixture();
  http = await startHttpMcp(f, { sessions });
  return http;
};

/** A session opened by a raw initialize: never streams, never closes. */
const staleSession = async (h: HttpMcpFixture): Promise<string> => {
  const init = await rawRequest({ port: h.port, headers: h.headers, body: INITIALIZE });
  expect(init.status).toBe(200);
  return String(init.headers['mcp-session-id']);
};

describe('MCP sessions over HTTP', () => {
  it('a client that closes its transport without DELETE frees its session at once', async () => {
    const h = await start({ leftGraceMs: 50 });
    const { client } = await h.connect();
    await until(() => h.sessions.size() === 1);
    // The SDK client's close() drops its GET stream and sends no DELETE.
    await client.close();
    await until(() => h.sessions.size() === 0, 1_000);
  });

  it('DELETE frees the session at once', async () => {
    const h = await start({});
    const { transport } = await h.connect();
    expect(h.sessions.size()).toBe(1);
    await transport.terminateSession();
    expect(h.sessions.size()).toBe(0);
  });

  it('a stream that closes mid-call: the session lives until the call ends, then goes', async () => {
    const h = await start({ leftGraceMs: 50 });
    const id = await staleSession(h);
    const inSession = { ...h.headers, 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' };
    await rawRequest({ port: h.port, headers: inSession, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
    const stream = new AbortController();
    const get = await fetch(h.url, { headers: { ...inSession, accept: 'text/event-stream' }, signal: stream.signal });
    expect(get.status).toBe(200);
    // A second GET is refused (one stream per session) and must not pass for the first closing.
    const second = await fetch(h.url, { headers: { ...inSession, accept: 'text/event-stream' } });
    expect(second.status).toBe(409);

    f!.sim.script({ text: 'a b c d e f', chunks: 6, chunkIntervalMs: 100 });
    const call = rawRequest({
      port: h.port,
      headers: inSession,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 3,
        method: 'tools/call',
        params: { name: 'chat', arguments: { prompt: 'count', model: 'dashscope/qwen-plus' } },
      }),
    });
    await until(() => f!.sim.inFlight() === 1);
    stream.abort();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.sessions.size()).toBe(1);
    const answer = await call;
    expect(answer.body).toContain('a b c d e f');
    await until(() => h.sessions.size() === 0, 1_000);
  });

  it('100 stale sessions do not refuse a new client: the longest unused makes room', async () => {
    const h = await start({ maxSessions: 100 });
    const first = await staleSession(h);
    for (let i = 1; i < 100; i++) await staleSession(h);
    expect(h.sessions.size()).toBe(100);
    const { client } = await h.connect({ name: 'newcomer' });
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThan(0);
    expect(h.sessions.size()).toBe(100);
    // The oldest was closed: its client is told to initialize again.
    const gone = await rawRequest({
      port: h.port,
      headers: { ...h.headers, 'mcp-session-id': first, 'mcp-protocol-version': '2025-06-18' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(gone.status).toBe(404);
  });

  it('refuses a new client with 503 only when every session is running a call', async () => {
    const h = await start({ maxSessions: 2 });
    const a = await h.connect({ name: 'a' });
    const b = await h.connect({ name: 'b' });
    f!.sim.script([
      { text: 'a b c d e f', chunks: 6, chunkIntervalMs: 100 },
      { text: 'a b c d e f', chunks: 6, chunkIntervalMs: 100 },
    ]);
    const calls = [a, b].map(({ client }) => client.callTool({ name: 'chat', arguments: { prompt: 'count', model: 'dashscope/qwen-plus' } }));
    await until(() => f!.sim.inFlight() === 2);
    const refused = await rawRequest({ port: h.port, headers: h.headers, body: INITIALIZE });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatch(/running calls/);
    for (const result of await Promise.all(calls)) expect(result.isError).toBeFalsy();
    const admitted = await rawRequest({ port: h.port, headers: h.headers, body: INITIALIZE });
    expect(admitted.status).toBe(200);
  });
});
