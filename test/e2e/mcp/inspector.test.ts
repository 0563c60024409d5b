/**
 * A real outside MCP client against the built `aegis-llm`: the MCP Inspector
 * CLI (`@modelcontextprotocol/inspector --cli`, a devDependency of
 * @aegis-llm/mcp-server) calls all four tools and reads the budget resource,
 * over stdio and over Streamable HTTP, with the simulator as the upstream.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Simulator } from '@aegis-llm/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH, ensureBuilt } from '../../../packages/mcp-server/src/test-support/ensure-built.js';
import { spawnServe, type ServeProcess } from '../../../packages/mcp-server/src/test-support/spawn-serve.js';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const INSPECTOR = join(ROOT, 'packages/mcp-server/node_modules/.bin/mcp-inspector');
const KEY = 'sk-inspector-e2e-0123456789';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('MCP Inspector CLI against aegis-llm', () => {
  let sim: Simulator;
  let home: string;
  let env: Record<string, string>;

  /** Runs the Inspector CLI; resolves with its parsed JSON output, exit code and stderr. */
  const run = (target: string[], args: string[]): Promise<{ json: Json; code: number; stderr: string }> =>
    new Promise((done, fail) => {
      execFile(INSPECTOR, ['--cli', ...target, ...args], { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        // A tool result with isError makes the CLI exit non-zero; its JSON is still on stdout.
        try {
          done({ json: JSON.parse(stdout) as Json, code: typeof error?.code === 'number' ? error.code : 0, stderr });
        } catch {
          fail(new Error(`inspector failed (${error?.message ?? 'no JSON'}):\n${stderr}\n${stdout}`));
        }
      });
    });
  const inspect = async (target: string[], args: string[]) => (await run(target, args)).json;
  const stdio = () => [
    process.execPath,
    CLI_PATH,
    '-e',
    `DASHSCOPE_API_KEY=${KEY}`,
    '-e',
    `DASHSCOPE_BASE_URL=${sim.baseURL}`,
    '-e',
    'OLLAMA_BASE_URL=http://127.0.0.1:9/v1',
    '-e',
    `AEGIS_LLM_HOME=${join(home, 'data')}`,
    '-e',
    'MONTHLY_BUDGET_ALIBABA_CLOUD=25',
  ];
  const call = (target: string[], tool: string, ...toolArgs: string[]) =>
    inspect(target, ['--method', 'tools/call', '--tool-name', tool, ...(toolArgs.length ? ['--tool-arg', ...toolArgs] : [])]);

  beforeAll(async () => {
    await ensureBuilt();
    sim = await startSimulator({ apiKey: KEY });
    home = mkdtempSync(join(tmpdir(), 'aegis-inspector-'));
    env = { PATH: process.env.PATH ?? '', HOME: home, MCP_CATALOG_PATH: join(home, 'catalog.json') };
  }, 300_000);
  afterAll(async () => {
    await sim?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('lists the four tools with no schema portability problem (--strict)', async () => {
    const { json: listed, code, stderr } = await run(stdio(), ['--method', 'tools/list', '--strict']);
    // --strict exits 6 on an error-severity problem and prints every warning on stderr.
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/Warning|Error:/);
    expect(listed.tools.map((t: Json) => t.name).sort()).toEqual(['budget_status', 'chat', 'list_models', 'test_provider']);
  });

  it('calls chat, list_models, test_provider and budget_status over stdio', async () => {
    const chat = await call(stdio(), 'chat', 'prompt=Hello inspector', 'model=dashscope/qwen-plus', 'max_tokens=50');
    expect(chat.isError).toBeFalsy();
    expect(chat.structuredContent).toMatchObject({ provider: 'dashscope', model: 'qwen-plus', finishReason: 'stop' });
    expect(chat.structuredContent.text).toMatch(/^Echo: Hello inspector/);
    expect(chat.structuredContent.cost.microUsd).toBeGreaterThan(0);
    expect(chat.structuredContent.budget).toMatchObject({ provider: 'dashscope', budgeted: true, limit: { usd: '$25.00' } });

    const models = await call(stdio(), 'list_models', 'provider=dashscope', 'capability=vision');
    expect(models.structuredContent.models.map((m: Json) => m.id)).toContain('dashscope/qwen-vl-plus');

    const test = await call(stdio(), 'test_provider', 'provider=dashscope');
    expect(test.structuredContent.results[0]).toMatchObject({ provider: 'dashscope', reachable: true, keyAccepted: true, modelAnswered: true });

    const budget = await call(
      stdio(),
      'budget_status',
      'provider=dashscope',
      'estimate={"model":"dashscope/qwen-max","input_tokens":2000,"output_tokens":800,"calls":50}',
    );
    expect(budget.structuredContent.providers[0]).toMatchObject({ provider: 'dashscope', budgeted: true });
    // The chat; the connection test is charged but not counted as a request (issue 22).
    expect(budget.structuredContent.providers[0].requests).toBeGreaterThanOrEqual(1);
    expect(budget.structuredContent.estimate).toMatchObject({ model: 'qwen-max', calls: 50, fits: true });

    const resource = await inspect(stdio(), ['--method', 'resources/read', '--uri', 'budget://status']);
    expect(JSON.parse(resource.contents[0].text).providers[0].provider).toBe('dashscope');
    expect(JSON.stringify([chat, models, test, budget, resource])).not.toContain(KEY);
  });

  it('chat with response_format returns the parsed JSON, and chat with tools returns the tool calls', async () => {
    const json = await call(
      stdio(),
      'chat',
      'prompt=Reply in json: the capital of France',
      'model=dashscope/qwen-plus',
      'max_tokens=60',
      'response_format={"type":"json_object"}',
    );
    expect(json.isError).toBeFalsy();
    expect(json.structuredContent.json).toEqual({ echo: expect.stringContaining('capital of France') });

    sim.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }], toolCallChunks: 3 }, { model: 'qwen-plus' });
    const tools = await call(
      stdio(),
      'chat',
      'prompt=What is the weather in Paris?',
      'model=dashscope/qwen-plus',
      'max_tokens=60',
      'tools=[{"name":"get_weather","description":"Current weather of a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]',
    );
    expect(tools.isError).toBeFalsy();
    expect(tools.structuredContent.finishReason).toBe('tool_calls');
    expect(tools.structuredContent.toolCalls).toEqual([expect.objectContaining({ name: 'get_weather', arguments: '{"city":"Paris"}' })]);
    const upstream = sim.requests.at(-1)?.body as Json;
    expect(upstream.tools[0].function.name).toBe('get_weather');
  });

  it('gets a bad argument back as an error result naming the field', async () => {
    const bad = await call(stdio(), 'chat', 'prompt=hi', 'max_tokens=0');
    expect(bad.isError).toBe(true);
    expect(bad.content[0].text).toContain('max_tokens must be at least 1');
  });

  describe('over Streamable HTTP (aegis-llm serve)', () => {
    let serve: ServeProcess;
    beforeAll(async () => {
      serve = await spawnServe({
        ...env,
        DASHSCOPE_API_KEY: KEY,
        DASHSCOPE_BASE_URL: sim.baseURL,
        OLLAMA_BASE_URL: 'http://127.0.0.1:9/v1',
        AEGIS_LLM_HOME: join(home, 'data-http'),
      });
    }, 60_000);
    afterAll(async () => {
      await serve?.stop();
    });

    it('calls the four tools with the bearer token', async () => {
      const target = ['--transport', 'http', '--server-url', `${serve.base}/mcp`, '--header', `Authorization: Bearer ${serve.token}`];
      const chat = await call(target, 'chat', 'prompt=Hello over HTTP', 'model=dashscope/qwen-turbo');
      expect(chat.structuredContent.text).toMatch(/^Echo: Hello over HTTP/);
      expect((await call(target, 'list_models', 'live=false')).structuredContent.count).toBeGreaterThan(5);
      expect((await call(target, 'test_provider', 'provider=dashscope')).structuredContent.answered).toEqual(['dashscope']);
      expect((await call(target, 'budget_status')).structuredContent.providers[0].provider).toBe('dashscope');
    });
  });
});
