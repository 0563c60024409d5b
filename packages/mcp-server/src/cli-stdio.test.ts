/**
 * The built `aegis-llm` as a subprocess: MCP over stdio with the SDK's own
 * client, exactly as Claude Desktop or Claude Code start it.
 */
import { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliTestEnv, type CliTestEnv } from './test-support/cli-test-env.js';
import { CLI_PATH } from './test-support/ensure-built.js';
import { CANARY_KEY } from './test-support/mcp-fixture.js';

type Structured = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('aegis-llm over stdio (built CLI, subprocess)', () => {
  let cli: CliTestEnv;
  let env: Record<string, string>;

  const start = async (args: string[] = []) => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI_PATH, ...args], env, stderr: 'pipe' });
    let stderr = '';
    const pipe = transport.stderr as PassThrough;
    pipe.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'stdio-test', version: '0' });
    await client.connect(transport);
    return { client, transport, stderr: () => stderr };
  };

  beforeAll(async () => {
    cli = await startCliTestEnv('aegis-stdio-', { MONTHLY_BUDGET_ALIBABA_CLOUD: '20' });
    env = cli.env;
  }, 300_000);
  afterAll(async () => {
    await cli?.close();
  });

  it('answers all four tools and the resource; logs go to stderr only', async () => {
    const { client, stderr } = await start();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['budget_status', 'chat', 'list_models', 'test_provider']);

    const chat = (await client.callTool({ name: 'chat', arguments: { prompt: 'hello from stdio', model: 'dashscope/qwen-turbo' } })) as CallToolResult;
    expect(chat.isError).toBeFalsy();
    expect((chat.structuredContent as Structured).text).toMatch(/^Echo: hello from stdio/);

    const models = (await client.callTool({ name: 'list_models', arguments: { provider: 'dashscope' } })) as CallToolResult;
    expect((models.structuredContent as Structured).count).toBeGreaterThan(3);
    const test = (await client.callTool({ name: 'test_provider', arguments: { provider: 'dashscope' } })) as CallToolResult;
    expect((test.structuredContent as Structured).answered).toEqual(['dashscope']);
    const budget = (await client.callTool({ name: 'budget_status', arguments: {} })) as CallToolResult;
    const dashscope = (budget.structuredContent as Structured).providers.find((p: Structured) => p.provider === 'dashscope');
    expect(dashscope).toMatchObject({ budgeted: true, limit: { usd: '$20.00' } });
    // The chat; the connection test is charged but not counted as a request (issue 22).
    expect(dashscope.requests).toBe(1);
    const resource = await client.readResource({ uri: 'budget://status' });
    expect(JSON.parse((resource.contents[0] as { text: string }).text).period).toMatch(/^\d{4}-\d{2}$/);

    expect(stderr()).toContain('MCP server on stdio');
    expect(stderr()).not.toContain(CANARY_KEY);
    await client.close();
  });

  it('an oversized message fails that call only: a JSON-RPC error at once, and the server keeps serving', async () => {
    const { client, transport, stderr } = await start();
    const huge = 'x'.repeat(11 * 1024 * 1024);
    const refused = await client.callTool({ name: 'chat', arguments: { prompt: huge } }).then(
      () => undefined,
      (error: unknown) => error as { code?: number; message?: string },
    );
    expect(refused?.code).toBe(-32600);
    expect(refused?.message).toContain('Message too large');
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(4);
    expect(transport.pid).toBeDefined();
    expect(stderr()).toContain('skipped a stdio message over the size limit');
    await client.close();
  });

  it('starts with no key configured and says which variables to set', async () => {
    const saved = env;
    env = { ...env, DASHSCOPE_API_KEY: '' };
    try {
      const { client, stderr } = await start();
      await client.listTools();
      expect(stderr()).toContain('No provider has a key yet');
      expect(stderr()).toContain('DASHSCOPE_API_KEY');
      const chat = (await client.callTool({ name: 'chat', arguments: { prompt: 'hi', model: 'dashscope/qwen-plus' } })) as CallToolResult;
      expect(chat.isError).toBe(true);
      await client.close();
    } finally {
      env = saved;
    }
  });

  it('cold start: spawn to tools/list answered', async () => {
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const { client } = await start();
      await client.listTools();
      samples.push(performance.now() - started);
      await client.close();
    }
    samples.sort((a, b) => a - b);
    const median = samples[2] as number;
    // Reported, not a gate: the shared 2-core machine is noisy (target < 500 ms; `pnpm bench` will formalize it).
    console.log(`cold start to tools/list over stdio: median ${median.toFixed(0)} ms, runs ${samples.map((s) => s.toFixed(0)).join(', ')} ms`);
    expect(median).toBeLessThan(5_000);
  });
});
