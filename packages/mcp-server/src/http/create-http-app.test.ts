import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpMcp, type HttpMcpFixture } from '../test-support/http-mcp-fixture.js';
import { startMcpFixture, type McpFixture } from '../test-support/mcp-fixture.js';
import { INITIALIZE, MCP_HEADERS, rawRequest } from '../test-support/raw-request.js';
import type { McpSessions } from './create-mcp-sessions.js';

const TOKEN = 'test-token-0123456789';

describe('Streamable HTTP at /mcp', () => {
  let f: McpFixture;
  let http: HttpMcpFixture;
  let sessions: McpSessions;
  let port: number;
  let reloads = 0;
  const connect = (token = TOKEN) => http.connect({ token });

  beforeAll(async () => {
    f = await startMcpFixture();
    http = await startHttpMcp(f, {
      token: TOKEN,
      maxBodyBytes: 64 * 1024,
      reconfigure: async () => {
        reloads++;
      },
    });
    ({ sessions, port } = http);
  });
  afterAll(async () => {
    await http.close();
    await f.close();
  });

  it('serves the four tools to an SDK client with the token, one session per client', async () => {
    const { client, transport } = await connect();
    expect(transport.sessionId).toBeTruthy();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['budget_status', 'chat', 'list_models', 'test_provider']);
    const progress: string[] = [];
    const result = (await client.callTool({ name: 'chat', arguments: { prompt: 'hello over http', model: 'dashscope/qwen-plus' } }, undefined, {
      onprogress: (p) => progress.push(p.message ?? ''),
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(progress.join('')).toBe((result.structuredContent as { text: string }).text);
    const budget = await client.callTool({ name: 'budget_status', arguments: {} });
    expect(budget.isError).toBeFalsy();
    const second = await connect();
    expect(sessions.size()).toBe(2);
    await second.transport.terminateSession();
    await second.client.close();
    expect(sessions.size()).toBe(1);
    await client.close();
  });

  it('cancels a chat over HTTP: the upstream request is aborted', async () => {
    f.sim.script({ text: 'w '.repeat(200), chunks: 100, chunkIntervalMs: 40 });
    const { client } = await connect();
    const controller = new AbortController();
    let seen = 0;
    const call = client.callTool({ name: 'chat', arguments: { prompt: 'long', model: 'dashscope/qwen-plus' } }, undefined, {
      signal: controller.signal,
      onprogress: () => {
        if (++seen === 2) controller.abort();
      },
    });
    await expect(call).rejects.toThrow();
    const started = Date.now();
    while (f.sim.requests.at(-1)?.aborted !== true && Date.now() - started < 5_000) await new Promise((r) => setTimeout(r, 20));
    expect(f.sim.requests.at(-1)?.aborted).toBe(true);
    await client.close();
  });

  it('refuses a missing or wrong token with 401', async () => {
    const none = await rawRequest({ port, headers: MCP_HEADERS, body: INITIALIZE });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.body).toContain('Authorization: Bearer');
    const wrong = await rawRequest({ port, headers: { ...MCP_HEADERS, authorization: 'Bearer not-the-token' }, body: INITIALIZE });
    expect(wrong.status).toBe(401);
    await expect(connect('wrong')).rejects.toThrow();
  });

  it('refuses a foreign Host or Origin with 403 (DNS rebinding), token or not', async () => {
    const auth = { ...MCP_HEADERS, authorization: `Bearer ${TOKEN}` };
    const host = await rawRequest({ port, headers: { ...auth, host: 'evil.example:80' }, body: INITIALIZE });
    expect(host.status).toBe(403);
    const origin = await rawRequest({ port, headers: { ...auth, origin: 'http://evil.example' }, body: INITIALIZE });
    expect(origin.status).toBe(403);
    const nullOrigin = await rawRequest({ port, headers: { ...auth, origin: 'null' }, body: INITIALIZE });
    expect(nullOrigin.status).toBe(403);
    const otherPort = await rawRequest({ port, headers: { ...auth, origin: `http://127.0.0.1:${port + 1}` }, body: INITIALIZE });
    expect(otherPort.status).toBe(403);
    // The server's own origin and the loopback names pass.
    const own = await rawRequest({ port, headers: { ...auth, origin: `http://127.0.0.1:${port}` }, body: INITIALIZE });
    expect(own.status).toBe(200);
    const localhost = await rawRequest({ port, headers: { ...auth, host: `localhost:${port}` }, body: INITIALIZE });
    expect(localhost.status).toBe(200);
    // The admin page's routes are behind the same check.
    expect((await rawRequest({ port, method: 'GET', path: '/', headers: { host: 'evil.example' } })).status).toBe(403);
  });

  it('refuses an oversized body with 413, whatever its Content-Type says', async () => {
    const auth = { ...MCP_HEADERS, authorization: `Bearer ${TOKEN}` };
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'chat', arguments: { prompt: 'x'.repeat(100_000) } } });
    const tooLarge = await rawRequest({ port, headers: auth, body: big });
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.body)).toMatchObject({ jsonrpc: '2.0', error: { message: expect.stringContaining('too large') } });
    const asText = await rawRequest({ port, headers: { ...auth, 'content-type': 'text/plain' }, body: big });
    expect(asText.status).toBe(413);
  });

  it('answers protocol mistakes without a stack trace', async () => {
    const auth = { ...MCP_HEADERS, authorization: `Bearer ${TOKEN}` };
    const notJson = await rawRequest({ port, headers: auth, body: '{oops' });
    expect(notJson.status).toBe(400);
    expect(notJson.body).not.toMatch(/\bat .*\.js/);
    const noSession = await rawRequest({ port, headers: auth, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
    expect(noSession.status).toBe(400);
    const unknownSession = await rawRequest({
      port,
      headers: { ...auth, 'mcp-session-id': 'no-such-session' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(unknownSession.status).toBe(404);
    const put = await rawRequest({ port, method: 'PUT', headers: auth, body: '{}' });
    expect(put.status).toBe(405);
    expect(reloads).toBe(0);
  });
});
