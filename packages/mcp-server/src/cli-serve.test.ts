/**
 * The built `aegis-llm serve` as a subprocess: the SDK's Streamable HTTP
 * client with the printed token, and raw requests that must be refused.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_FILE_NAME } from './cli/load-server-token.js';
import { startCliTestEnv, type CliTestEnv } from './test-support/cli-test-env.js';
import { CANARY_KEY } from './test-support/mcp-fixture.js';
import { INITIALIZE, MCP_HEADERS, rawRequest } from './test-support/raw-request.js';
import { spawnServe, type ServeProcess } from './test-support/spawn-serve.js';

describe('aegis-llm serve (built CLI, subprocess)', () => {
  let cli: CliTestEnv;
  let env: Record<string, string>;
  let serve: ServeProcess;

  beforeAll(async () => {
    cli = await startCliTestEnv('aegis-serve-');
    env = cli.env;
    serve = await spawnServe(env);
  }, 300_000);
  afterAll(async () => {
    await serve?.stop();
    await cli?.close();
  });

  it('prints the MCP URL, the admin URL and a generated token, never the key', () => {
    expect(serve.stderr()).toContain(`MCP endpoint  ${serve.base}/mcp`);
    expect(serve.stderr()).toContain(`Admin page    ${serve.base}/`);
    expect(serve.token).toMatch(/^[\w-]{32}$/);
    expect(serve.stderr()).toContain('Providers configured: dashscope (singapore), ollama');
    expect(serve.stderr()).not.toContain(CANARY_KEY);
  });

  it('serves MCP to the SDK client with the token', async () => {
    const client = new Client({ name: 'serve-test', version: '0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${serve.base}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${serve.token}` } } }),
    );
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(4);
    const chat = (await client.callTool({ name: 'chat', arguments: { prompt: 'hello over http', model: 'dashscope/qwen-plus' } })) as CallToolResult;
    expect((chat.structuredContent as { text: string }).text).toMatch(/^Echo: hello over http/);
    const budget = (await client.callTool({ name: 'budget_status', arguments: { provider: 'dashscope' } })) as CallToolResult;
    expect(budget.isError).toBeFalsy();
    await client.close();
  });

  it('refuses no token and a wrong token (401), a foreign Host or Origin (403), an oversized body (413)', async () => {
    const auth = { ...MCP_HEADERS, authorization: `Bearer ${serve.token}` };
    expect((await rawRequest({ port: serve.port, headers: MCP_HEADERS, body: INITIALIZE })).status).toBe(401);
    expect((await rawRequest({ port: serve.port, headers: { ...MCP_HEADERS, authorization: 'Bearer nope' }, body: INITIALIZE })).status).toBe(401);
    expect((await rawRequest({ port: serve.port, headers: { ...auth, host: 'attacker.example' }, body: INITIALIZE })).status).toBe(403);
    expect((await rawRequest({ port: serve.port, headers: { ...auth, origin: 'https://attacker.example' }, body: INITIALIZE })).status).toBe(403);
    const huge = Buffer.alloc(9 * 1024 * 1024, 'a');
    expect((await rawRequest({ port: serve.port, headers: auth, body: huge })).status).toBe(413);
    expect((await rawRequest({ port: serve.port, headers: auth, body: INITIALIZE })).status).toBe(200);
  });

  it('keeps a generated token in the data directory (0600) across restarts, and starts with AEGIS_LLM_CONFIG naming a new file', async () => {
    const file = join(cli.home, 'data', TOKEN_FILE_NAME);
    expect(serve.stderr()).toContain(`(generated, kept in ${file}; set AEGIS_LLM_TOKEN`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(serve.token);
    const configFile = join(cli.home, 'new-dir', 'aegis.json');
    const again = await spawnServe({ ...env, AEGIS_LLM_CONFIG: configFile });
    try {
      expect(again.token).toBe(serve.token);
      expect(again.stderr()).toContain(`(from ${file}; set AEGIS_LLM_TOKEN`);
      expect(again.stderr()).toContain(`Config file   ${configFile}`);
    } finally {
      expect(await again.stop()).toBe(0);
    }
  });

  it('takes the token from AEGIS_LLM_TOKEN without printing it, and starts with no key configured', async () => {
    const other = await spawnServe({ ...env, DASHSCOPE_API_KEY: '', AEGIS_LLM_TOKEN: 'my-own-token-123456' });
    try {
      expect(other.token).toBeUndefined();
      expect(other.stderr()).toContain('Token         from AEGIS_LLM_TOKEN');
      expect(other.stderr()).not.toContain('my-own-token-123456');
      expect(other.stderr()).toContain('No provider has a key yet');
      expect(other.stderr()).toContain('DASHSCOPE_API_KEY');
      const ok = await rawRequest({ port: other.port, headers: { ...MCP_HEADERS, authorization: 'Bearer my-own-token-123456' }, body: INITIALIZE });
      expect(ok.status).toBe(200);
    } finally {
      expect(await other.stop()).toBe(0);
    }
  });

  it('exits 2 with one line on an invalid config, and 1 when the port is taken', async () => {
    await expect(spawnServe({ ...env, DASHSCOPE_REGION: 'mars' })).rejects.toThrow(/exited with 2:\naegis-llm: .*DASHSCOPE_REGION[^\n]*\n$/);
    await expect(spawnServe(env, ['--port', String(serve.port)])).rejects.toThrow(/exited with 1:\naegis-llm: port \d+ on 127\.0\.0\.1 is in use/);
  });
});
