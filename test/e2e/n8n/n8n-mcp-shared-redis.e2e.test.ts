/**
 * One budget for two surfaces on one Redis (issue 17, item 5): a real n8n
 * whose DashScope credential sets a $0.002 monthly budget and names the
 * Redis store ("Shared Store (Redis URL)"), and the built `aegis-llm` MCP
 * server over stdio on the same Redis (AEGIS_LLM_STORE) declaring no budget
 * at all. The n8n run writes its limit into the store's budget book and its
 * spend into the shared ledger; the MCP server then enforces that limit: a
 * call whose worst case does not fit is refused before anything is sent,
 * one that fits goes through, and both processes' spend is one sum.
 *
 * Without n8n or redis-server the suite is skipped locally, and fails under CI=true.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedisServer, startRedisServer, type RedisServer } from '../../../packages/core/src/test-support/start-redis-server.js';
import { CLI_PATH, ensureBuilt } from '../../../packages/mcp-server/src/test-support/ensure-built.js';
import { ensureN8nNodesBuilt } from '../../packaging/ensure-n8n-nodes-built.ts';
import { installLikeN8n } from '../../packaging/install-like-n8n.ts';
import { packWorkspacePackage } from '../../packaging/pack-workspace-package.ts';
import { n8nCliEnv } from './n8n-cli-env.ts';
import { findN8nRuntime, isCi } from './n8n-runtime.ts';
import { runProcess } from './run-process.ts';
import { nodeItems, parseRawRun, type RawRun } from './run-data.ts';
import { startSimulatorProcess, type SimulatorProcess } from './simulator-process.ts';

type Structured = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..', '..');
const packageDir = join(repoRoot, 'packages', 'n8n-nodes');
const WORKFLOW_ID = 'aegisE2eShared01';
const API_KEY = 'sk-e2e-n8n-shared-0123456789abcdef';
const LIMIT_USD = 0.002;

const workflow = {
  id: WORKFLOW_ID,
  name: 'Aegis e2e: one budget on a shared Redis store',
  active: false,
  settings: {},
  nodes: [
    { id: 'a1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    {
      id: 'a2',
      name: 'DashScope Chat',
      type: 'n8n-nodes-aegis-llm.aegisDashScope',
      typeVersion: 1,
      position: [240, 0],
      parameters: {
        operation: 'chat',
        model: { __rl: true, mode: 'id', value: 'qwen-plus' },
        inputType: 'prompt',
        prompt: 'Hello from n8n on the shared store',
        options: { maxTokens: 64 },
      },
      credentials: { aegisDashScopeApi: { id: 'aegisDsShared01', name: 'DashScope (shared store)' } },
    },
  ],
  connections: { Start: { main: [[{ node: 'DashScope Chat', type: 'main', index: 0 }]] } },
};

const runtime = findN8nRuntime(repoRoot);
const redisReady = hasRedisServer();
if (!runtime.ok && !isCi()) console.warn(`[n8n shared-store e2e] skipped: ${runtime.reason}. Under CI=true this fails instead.`);

describe.runIf((runtime.ok || isCi()) && redisReady)('n8n and the MCP server on one Redis: one budget', () => {
  let work: string;
  let redis: RedisServer | undefined;
  let sim: SimulatorProcess | undefined;
  let run: RawRun;
  let mcp: Client | undefined;
  let mcpStderr = '';

  beforeAll(async () => {
    if (!runtime.ok) throw new Error(`n8n end-to-end tests need n8n: ${runtime.reason}`);
    work = mkdtempSync(join(tmpdir(), 'aegis-n8n-shared-'));
    redis = await startRedisServer();
    await Promise.all([ensureN8nNodesBuilt(), ensureBuilt()]);
    await installLikeN8n(await packWorkspacePackage(packageDir, join(work, 'pack')), join(work, 'n8n-user', '.n8n'));
    sim = await startSimulatorProcess(repoRoot, runtime.node, API_KEY);

    const credentials = [
      {
        id: 'aegisDsShared01',
        name: 'DashScope (shared store)',
        type: 'aegisDashScopeApi',
        data: { apiKey: API_KEY, region: 'custom', baseUrl: sim.baseURL, monthlyBudgetUsd: LIMIT_USD, onLimit: 'block', storeUrl: redis.url },
      },
    ];
    writeFileSync(join(work, 'credentials.json'), JSON.stringify(credentials));
    writeFileSync(join(work, 'workflow.json'), JSON.stringify([workflow]));
    // The n8n process's own folder ledger is not used: the credential names the store.
    const env = await n8nCliEnv(work, join(work, 'n8n-aegis-home'));
    const n8n = async (args: string[]) => {
      const result = await runProcess(runtime.node, [runtime.n8nBin, ...args], { env, cwd: work, timeoutMs: 180_000 });
      if (result.code !== 0) throw new Error(`n8n ${args.join(' ')} exited ${result.code}:\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
      return result.stdout;
    };
    await n8n(['import:credentials', `--input=${join(work, 'credentials.json')}`]);
    await n8n(['import:workflow', `--input=${join(work, 'workflow.json')}`]);
    run = parseRawRun(await n8n(['execute', `--id=${WORKFLOW_ID}`, '--rawOutput']));

    // The MCP server: same upstream, same Redis, its own home, and no budget of its own.
    const mcpHome = join(work, 'mcp-home');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI_PATH],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: mcpHome,
        AEGIS_LLM_HOME: mcpHome,
        AEGIS_LLM_STORE: redis.url,
        DASHSCOPE_API_KEY: API_KEY,
        DASHSCOPE_BASE_URL: sim.baseURL,
      },
      stderr: 'pipe',
    });
    (transport.stderr as PassThrough).on('data', (chunk: Buffer) => (mcpStderr += chunk.toString()));
    mcp = new Client({ name: 'shared-store-e2e', version: '0' });
    await mcp.connect(transport);
  }, 420_000);

  afterAll(async () => {
    await mcp?.close();
    await sim?.stop();
    await redis?.stop();
    if (work && !process.env.AEGIS_E2E_KEEP) rmSync(work, { recursive: true, force: true });
  });

  const budget = async (): Promise<Structured> => {
    const result = (await mcp!.callTool({ name: 'budget_status', arguments: { provider: 'dashscope' } })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    return (result.structuredContent as Structured).providers[0] as Structured;
  };

  it('n8n answers and charges the shared ledger', () => {
    expect(run.data.resultData.error).toBeUndefined();
    const [item] = nodeItems(run, 'DashScope Chat') as Structured[];
    expect(item?.text).toMatch(/^Echo: /);
  });

  it("the MCP server, declaring no budget, sees n8n's limit, who set it, and n8n's spend", async () => {
    const dashscope = await budget();
    expect(dashscope).toMatchObject({ budgeted: true, limit: { microUsd: LIMIT_USD * 1e6 }, requests: 1 });
    expect(dashscope.spent.microUsd).toBeGreaterThan(0);
    expect(dashscope.limitSetBy).toMatch(/n8n/i);
  });

  it("refuses an MCP call whose worst case passes n8n's limit, before anything is sent", async () => {
    const before = (await sim!.client.requests()).length;
    // 2,000 output tokens at $1.2/M: $0.0024 of worst case, over the $0.002 limit.
    const refused = (await mcp!.callTool({
      name: 'chat',
      arguments: { prompt: 'a long essay', model: 'dashscope/qwen-plus', max_tokens: 2_000 },
    })) as CallToolResult;
    expect(refused.isError).toBe(true);
    expect((refused.structuredContent as Structured).error).toMatchObject({ kind: 'budget_exceeded' });
    expect((await sim!.client.requests()).length).toBe(before);
  });

  it('lets a call that fits through, and both processes spend one sum', async () => {
    const spentBefore = (await budget()).spent.microUsd as number;
    const answer = (await mcp!.callTool({ name: 'chat', arguments: { prompt: 'short', model: 'dashscope/qwen-plus', max_tokens: 50 } })) as CallToolResult;
    expect(answer.isError).toBeFalsy();
    const cost = (answer.structuredContent as Structured).cost.microUsd as number;
    const after = await budget();
    expect(after.requests).toBe(3);
    expect(cost).toBeGreaterThan(0);
    expect(after.spent.microUsd).toBe(spentBefore + cost);
    expect(after.spent.microUsd).toBeLessThanOrEqual(LIMIT_USD * 1e6);
    expect(mcpStderr).not.toContain(API_KEY);
  });
});
