/**
 * HTTP surfaces (issue 9), table-driven: the app `aegis-llm serve` runs
 * (createHttpApp: /mcp and the admin page behind one Host/Origin guard) is
 * sent each kind of request that must be refused, and each must get its
 * status: no token, a wrong token, a foreign Host or Origin, a CSRF-less or
 * wrong-CSRF admin write, an oversized or malformed body, a cross-site fetch,
 * a wrong method, repeated wrong logins. A control row per surface shows the
 * right request passes. No response carries the server token or a stack trace.
 * (packages/mcp-server has these checks spread over its own tests; this is the
 * one table.)
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientKeyStore } from '../../packages/mcp-server/src/client-keys/create-client-key-store.js';
import { createHttpApp } from '../../packages/mcp-server/src/http/create-http-app.js';
import type { McpSessions } from '../../packages/mcp-server/src/http/create-mcp-sessions.js';
import { listen } from '../../packages/mcp-server/src/http/listen.js';
import { memoryLogger, startMcpFixture, type McpFixture } from '../../packages/mcp-server/src/test-support/mcp-fixture.js';
import { INITIALIZE, MCP_HEADERS, rawRequest, type RawResponse } from '../../packages/mcp-server/src/test-support/raw-request.js';
import { soakMode } from './support/soak-mode.ts';
import { writeFigures } from './support/write-figures.ts';

const mode = soakMode();
const TOKEN = 'surface-token-0123456789abcdef';
const MAX_BODY = 64 * 1024;

interface Row {
  name: string;
  method?: string;
  path: string;
  /** Header sets are built per row: `host` defaults to this server's. */
  headers: (ctx: Ctx) => Record<string, string>;
  body?: string | Buffer;
  status: number;
  /** Extra checks on the answer. */
  check?: (response: RawResponse) => void;
}

interface Ctx {
  host: string;
  origin: string;
  cookie: string;
  csrf: string;
}

const bearer = { authorization: `Bearer ${TOKEN}` };
const json = { 'content-type': 'application/json' };
const big = Buffer.alloc(MAX_BODY + 1024, 'a');
const bigJson = JSON.stringify({ chain: ['x'.repeat(70 * 1024)] });

const MCP_ROWS: Row[] = [
  { name: 'control: initialize with the token', path: '/mcp', headers: () => ({ ...MCP_HEADERS, ...bearer }), body: INITIALIZE, status: 200 },
  {
    name: 'control: loopback name "localhost"',
    path: '/mcp',
    headers: (c) => ({ ...MCP_HEADERS, ...bearer, host: c.host.replace('127.0.0.1', 'localhost') }),
    body: INITIALIZE,
    status: 200,
  },
  {
    name: 'no token',
    path: '/mcp',
    headers: () => ({ ...MCP_HEADERS }),
    body: INITIALIZE,
    status: 401,
    check: (r) => expect(r.headers['www-authenticate']).toMatch(/^Bearer/),
  },
  { name: 'wrong token', path: '/mcp', headers: () => ({ ...MCP_HEADERS, authorization: 'Bearer wrong-token-0123456789' }), body: INITIALIZE, status: 401 },
  {
    name: 'the token one character short',
    path: '/mcp',
    headers: () => ({ ...MCP_HEADERS, authorization: `Bearer ${TOKEN.slice(0, -1)}` }),
    body: INITIALIZE,
    status: 401,
  },
  {
    name: 'Basic instead of Bearer',
    path: '/mcp',
    headers: () => ({ ...MCP_HEADERS, authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }),
    body: INITIALIZE,
    status: 401,
  },
  { name: 'token in the query string only', path: `/mcp?token=${TOKEN}`, headers: () => ({ ...MCP_HEADERS }), body: INITIALIZE, status: 401 },
  { name: 'foreign Host, with the token', path: '/mcp', headers: () => ({ ...MCP_HEADERS, ...bearer, host: 'evil.example' }), body: INITIALIZE, status: 403 },
  {
    name: 'rebinding Host 127.0.0.1.evil.example',
    path: '/mcp',
    headers: (c) => ({ ...MCP_HEADERS, ...bearer, host: `127.0.0.1.evil.example:${c.host.split(':')[1]}` }),
    body: INITIALIZE,
    status: 403,
  },
  {
    name: 'foreign Origin, with the token',
    path: '/mcp',
    headers: () => ({ ...MCP_HEADERS, ...bearer, origin: 'http://evil.example' }),
    body: INITIALIZE,
    status: 403,
  },
  {
    name: 'Origin of the same host on another port',
    path: '/mcp',
    headers: () => ({ ...MCP_HEADERS, ...bearer, origin: 'http://127.0.0.1:1' }),
    body: INITIALIZE,
    status: 403,
  },
  {
    name: 'Origin "null" (sandboxed frame, file://)',
    path: '/mcp',
    headers: () => ({ ...MCP_HEADERS, ...bearer, origin: 'null' }),
    body: INITIALIZE,
    status: 403,
  },
  { name: 'oversized body, with the token', path: '/mcp', headers: () => ({ ...MCP_HEADERS, ...bearer }), body: big, status: 413 },
  {
    name: 'oversized body claiming text/plain',
    path: '/mcp',
    headers: () => ({ ...MCP_HEADERS, ...bearer, 'content-type': 'text/plain' }),
    body: big,
    status: 413,
  },
  { name: 'oversized body without the token (refused before it is read)', path: '/mcp', headers: () => ({ ...MCP_HEADERS }), body: big, status: 401 },
  { name: 'malformed JSON, with the token', path: '/mcp', headers: () => ({ ...MCP_HEADERS, ...bearer }), body: '{"jsonrpc": "2.0", ', status: 400 },
  { name: 'PUT /mcp', method: 'PUT', path: '/mcp', headers: () => ({ ...MCP_HEADERS, ...bearer }), body: INITIALIZE, status: 405 },
  {
    name: 'a session id that does not exist',
    path: '/mcp',
    headers: () => ({ ...MCP_HEADERS, ...bearer, 'mcp-session-id': 'no-such-session' }),
    body: '{"jsonrpc":"2.0","id":2,"method":"tools/list"}',
    status: 404,
  },
];

const ADMIN_ROWS: Row[] = [
  {
    name: 'control: a write with session and CSRF token',
    method: 'PUT',
    path: '/admin/api/routing/reliability',
    headers: (c) => ({ ...json, cookie: c.cookie, 'x-csrf-token': c.csrf }),
    body: JSON.stringify({ chain: ['dashscope/qwen-plus'] }),
    status: 200,
  },
  { name: 'control: a read with the session', method: 'GET', path: '/admin/api/providers', headers: (c) => ({ cookie: c.cookie }), status: 200 },
  { name: 'a read without a session', method: 'GET', path: '/admin/api/providers', headers: () => ({}), status: 401 },
  { name: 'a write without a session', method: 'PUT', path: '/admin/api/alerts', headers: () => ({ ...json }), body: '{"webhookUrl":""}', status: 401 },
  {
    name: 'a forged session cookie',
    method: 'GET',
    path: '/admin/api/providers',
    headers: () => ({ cookie: 'aegis_admin_session=forged-0123456789' }),
    status: 401,
  },
  {
    name: 'a write with the session but no CSRF token',
    method: 'PUT',
    path: '/admin/api/budgets/dashscope',
    headers: (c) => ({ ...json, cookie: c.cookie }),
    body: JSON.stringify({ monthlyUsd: '5', onLimit: 'block', alertThresholds: [], models: [] }),
    status: 403,
    check: (r) => expect(JSON.parse(r.body).error.kind).toBe('csrf'),
  },
  {
    name: 'a write with a wrong CSRF token',
    method: 'DELETE',
    path: '/admin/api/routing/chat',
    headers: (c) => ({ cookie: c.cookie, 'x-csrf-token': `${c.csrf}x` }),
    status: 403,
  },
  {
    name: 'a provider test without the CSRF token',
    method: 'POST',
    path: '/admin/api/providers/dashscope/test',
    headers: (c) => ({ cookie: c.cookie }),
    status: 403,
  },
  { name: 'logout without the CSRF token', method: 'POST', path: '/admin/api/logout', headers: (c) => ({ cookie: c.cookie }), status: 403 },
  {
    name: 'a foreign Host, with session and CSRF',
    method: 'PUT',
    path: '/admin/api/alerts',
    headers: (c) => ({ ...json, cookie: c.cookie, 'x-csrf-token': c.csrf, host: 'evil.example' }),
    body: '{"webhookUrl":""}',
    status: 403,
  },
  { name: 'the page under a foreign Host', method: 'GET', path: '/', headers: () => ({ host: 'evil.example' }), status: 403 },
  {
    name: 'a foreign Origin, with session and CSRF',
    method: 'PUT',
    path: '/admin/api/alerts',
    headers: (c) => ({ ...json, cookie: c.cookie, 'x-csrf-token': c.csrf, origin: 'http://evil.example' }),
    body: '{"webhookUrl":""}',
    status: 403,
  },
  {
    name: 'a cross-site fetch (Sec-Fetch-Site)',
    method: 'GET',
    path: '/admin/api/providers',
    headers: (c) => ({ cookie: c.cookie, 'sec-fetch-site': 'cross-site' }),
    status: 403,
  },
  {
    name: 'login from a foreign Origin',
    method: 'POST',
    path: '/admin/api/login',
    headers: () => ({ ...json, origin: 'http://evil.example' }),
    body: JSON.stringify({ token: TOKEN }),
    status: 403,
  },
  {
    name: 'login with a wrong token',
    method: 'POST',
    path: '/admin/api/login',
    headers: () => ({ ...json }),
    body: JSON.stringify({ token: 'not-the-token' }),
    status: 401,
  },
  {
    name: 'an oversized body, with session and CSRF',
    method: 'PUT',
    path: '/admin/api/routing/big',
    headers: (c) => ({ ...json, cookie: c.cookie, 'x-csrf-token': c.csrf }),
    body: bigJson,
    status: 413,
  },
  {
    name: 'malformed JSON, with session and CSRF',
    method: 'PUT',
    path: '/admin/api/alerts',
    headers: (c) => ({ ...json, cookie: c.cookie, 'x-csrf-token': c.csrf }),
    body: '{"webhookUrl": ',
    status: 400,
  },
  { name: 'an unknown API route, with the session', method: 'GET', path: '/admin/api/../../etc/passwd', headers: (c) => ({ cookie: c.cookie }), status: 404 },
];

describe('HTTP surfaces: each refusal with its status', () => {
  let f: McpFixture;
  let server: Server;
  let sessions: McpSessions;
  let port: number;
  const ctx: Ctx = { host: '', origin: '', cookie: '', csrf: '' };
  const outcomes: Array<{ surface: string; name: string; status: number; expected: number }> = [];
  const startedAt = Date.now();

  const send = (row: Row) => {
    return rawRequest({ port, method: row.method ?? 'POST', path: row.path, headers: { host: ctx.host, ...row.headers(ctx) }, body: row.body });
  };

  beforeAll(async () => {
    f = await startMcpFixture();
    const http = createHttpApp({
      gateway: f.gateway,
      token: TOKEN,
      host: '127.0.0.1',
      maxBodyBytes: MAX_BODY,
      configFile: `${f.home}/aegis-llm.config.json`,
      reconfigure: async () => {},
      logger: memoryLogger(f.logs),
      clientKeys: createClientKeyStore(f.home),
    });
    sessions = http.sessions;
    ({ server, port } = await listen(http.app, 0, '127.0.0.1'));
    ctx.host = `127.0.0.1:${port}`;
    ctx.origin = `http://127.0.0.1:${port}`;
    const login = await rawRequest({ port, path: '/admin/api/login', headers: { host: ctx.host, ...json }, body: JSON.stringify({ token: TOKEN }) });
    expect(login.status).toBe(200);
    ctx.cookie = String(login.headers['set-cookie']).split(';')[0]!;
    ctx.csrf = (JSON.parse(login.body) as { csrfToken: string }).csrfToken;
  });

  afterAll(async () => {
    await sessions?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await f?.close();
    const refusals = outcomes.filter((o) => o.expected >= 400);
    const wrong = outcomes.filter((o) => o.status !== o.expected);
    writeFigures(
      'http-surfaces',
      mode,
      {
        suite: 'HTTP surfaces',
        checks:
          '/mcp and the admin API as `aegis-llm serve` mounts them: token, Host, Origin, CSRF, Sec-Fetch-Site, body size and shape, method, login throttle',
        figures: { cases: outcomes.length, refusalsChecked: refusals.length, wrongStatus: wrong.length, leaksFound: wrong.length },
        findings: wrong.map((o) => `${o.surface} ${o.name}: ${o.status}, expected ${o.expected}`),
      },
      startedAt,
    );
  });

  const expectClean = (response: RawResponse) => {
    expect(response.body).not.toContain(TOKEN);
    expect(response.body).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
  };

  for (const [surface, rows] of [
    ['/mcp', MCP_ROWS],
    ['admin', ADMIN_ROWS],
  ] as const) {
    it.each(rows.map((row) => [row.name, row] as const))(`${surface}: %s`, async (_name, row) => {
      const response = await send(row);
      outcomes.push({ surface, name: row.name, status: response.status, expected: row.status });
      expect(response.status, response.body.slice(0, 300)).toBe(row.status);
      if (row.status >= 400 && row.status !== 404) expect(response.body.length).toBeGreaterThan(0);
      expectClean(response);
      row.check?.(response);
    });
  }

  it('admin: repeated wrong logins are throttled with 429 and Retry-After, yet the right token still gets in', async () => {
    let last: RawResponse | undefined;
    for (let i = 0; i < 30 && last?.status !== 429; i += 1) {
      last = await rawRequest({ port, path: '/admin/api/login', headers: { host: ctx.host, ...json }, body: JSON.stringify({ token: `wrong-${i}` }) });
    }
    const right = await rawRequest({ port, path: '/admin/api/login', headers: { host: ctx.host, ...json }, body: JSON.stringify({ token: TOKEN }) });
    outcomes.push({ surface: 'admin', name: 'wrong login after repeated wrong tokens', status: last?.status ?? 0, expected: 429 });
    outcomes.push({ surface: 'admin', name: 'right login after repeated wrong tokens', status: right.status, expected: 200 });
    expect(last?.status).toBe(429);
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    expect(right.status).toBe(200);
    if (last !== undefined) expectClean(last);
    expectClean(right);
  });
});
