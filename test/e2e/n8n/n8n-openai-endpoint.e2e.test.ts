/**
 * n8n's own OpenAI Chat Model, pointed at `aegis-llm serve`'s OpenAI-compatible
 * endpoint with a client key, inside a real n8n (issue 18): an AI Agent with
 * n8n's Calculator tool, the upstream (the simulator, as DashScope behind
 * Aegis) scripted to call the tool first and quote its result after. The
 * agent's output holds what the Calculator computed, so the call went n8n ->
 * Aegis -> upstream and back, the tool ran in n8n, and its result came back
 * through the endpoint; the Aegis ledger has both calls.
 *
 * Without the runtime the suite is skipped locally, and fails under CI=true.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BudgetStatus } from '@aegis-llm/core';
import type { RecordedRequest } from '@aegis-llm/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH, ensureBuilt } from '../../../packages/mcp-server/src/test-support/ensure-built.js';
import { spawnServe, type ServeProcess } from '../../../packages/mcp-server/src/test-support/spawn-serve.js';
import { n8nCliEnv, readLedger } from './n8n-cli-env.ts';
import { findN8nRuntime, isCi } from './n8n-runtime.ts';
import { runProcess } from './run-process.ts';
import { nodeItems, parseRawRun, type RawRun } from './run-data.ts';
import { startSimulatorProcess, type SimulatorProcess } from './simulator-process.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..', '..');
const WORKFLOW_ID = 'aegisE2eOpenAi01';
const UPSTREAM_KEY = 'sk-e2e-upstream-0123456789abcdef';

const runtime = findN8nRuntime(repoRoot);
if (!runtime.ok && !isCi()) console.warn(`[n8n OpenAI endpoint e2e] skipped: ${runtime.reason}. Under CI=true this fails instead.`);

describe.runIf(runtime.ok || isCi())("n8n's OpenAI Chat Model through the Aegis endpoint in a real n8n", () => {
  let work: string;
  let sim: SimulatorProcess | undefined;
  let serve: ServeProcess | undefined;
  let secret: string;
  let keyId: string;
  let run: RawRun;
  let upstream: RecordedRequest[];
  let ledger: BudgetStatus;

  beforeAll(async () => {
    if (!runtime.ok) throw new Error(`n8n end-to-end tests need n8n: ${runtime.reason}`);
    await ensureBuilt();
    work = mkdtempSync(join(tmpdir(), 'aegis-n8n-openai-'));
    const aegisHome = join(work, 'aegis-home');
    sim = await startSimulatorProcess(repoRoot, runtime.node, UPSTREAM_KEY);
    await sim.client.script(
      [{ toolCalls: [{ name: 'Calculator_OpenAI', arguments: { input: '9*8' } }], toolCallChunks: 3 }, { text: '9 times 8 is {lastToolResult}.' }],
      { model: 'qwen-plus' },
    );

    const aegisEnv = {
      PATH: process.env.PATH ?? '',
      HOME: work,
      AEGIS_LLM_HOME: aegisHome,
      DASHSCOPE_API_KEY: UPSTREAM_KEY,
      DASHSCOPE_BASE_URL: sim.baseURL,
      OLLAMA_BASE_URL: 'http://127.0.0.1:9/v1',
      AEGIS_LLM_TOKEN: 'e2e-server-token-0123456789',
    };
    // The key as a user makes one: the CLI, secret shown once.
    const created = await runProcess(runtime.node, [CLI_PATH, 'keys', 'create', '--name', 'n8n', '--json'], { env: aegisEnv, cwd: work, timeoutMs: 30_000 });
    if (created.code !== 0) throw new Error(`keys create failed: ${created.stderr}`);
    ({ secret, id: keyId } = JSON.parse(created.stdout) as { secret: string; id: string });
    serve = await spawnServe(aegisEnv);

    const credentials = [{ id: 'aegisOpenAiCred1', name: 'Aegis endpoint', type: 'openAiApi', data: { apiKey: secret, url: `${serve.base}/v1` } }];
    writeFileSync(join(work, 'credentials.json'), JSON.stringify(credentials));
    writeFileSync(join(work, 'workflow.json'), JSON.stringify([JSON.parse(readFileSync(join(here, 'aegis-e2e-openai-endpoint.workflow.json'), 'utf8'))]));
    const env = await n8nCliEnv(work, join(work, 'unused-aegis-home'));
    const n8n = async (args: string[]) => {
      const result = await runProcess(runtime.node, [runtime.n8nBin, ...args], { env, cwd: work, timeoutMs: 180_000 });
      if (result.code !== 0) {
        writeFileSync(join(work, 'n8n-failed.log'), `${result.stdout}\n${result.stderr}`);
        throw new Error(`n8n ${args.join(' ')} exited ${result.code}:\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-2000)}`);
      }
      return result.stdout;
    };
    await n8n(['import:credentials', `--input=${join(work, 'credentials.json')}`]);
    await n8n(['import:workflow', `--input=${join(work, 'workflow.json')}`]);
    run = parseRawRun(await n8n(['execute', `--id=${WORKFLOW_ID}`, '--rawOutput']));
    upstream = (await sim.client.requests()).filter((r) => r.path.endsWith('/chat/completions'));
    ledger = await readLedger(aegisHome);
  }, 420_000);

  afterAll(async () => {
    await serve?.stop();
    await sim?.stop();
    if (work && !process.env.AEGIS_E2E_KEEP) rmSync(work, { recursive: true, force: true });
  });

  it('runs the workflow successfully', () => {
    expect(run.data.resultData.error).toBeUndefined();
    expect(run.status).toBe('success');
  });

  it('the agent calls the Calculator through the endpoint and answers with its result', () => {
    const [first, second] = upstream;
    expect(upstream).toHaveLength(2);
    expect(first?.body?.model).toBe('qwen-plus');
    expect(first?.body?.tools).toEqual([expect.objectContaining({ type: 'function', function: expect.objectContaining({ name: 'Calculator_OpenAI' }) })]);
    const messages = second?.body?.messages as Array<{ role: string; content: unknown; tool_calls?: unknown[]; tool_call_id?: string }>;
    expect(messages.find((m) => m.role === 'assistant' && m.tool_calls)?.tool_calls).toEqual([
      expect.objectContaining({ id: 'call_1', function: expect.objectContaining({ name: 'Calculator_OpenAI' }) }),
    ]);
    expect(messages.find((m) => m.role === 'tool')).toMatchObject({ tool_call_id: 'call_1', content: expect.stringContaining('72') });
    const [item] = nodeItems(run, 'Agent OpenAI');
    expect(String(item?.output)).toContain('72');
  });

  it('recorded both calls in the Aegis ledger, and kept the upstream key and the client secret out of the run', () => {
    expect(ledger.providers.find((p) => p.provider === 'dashscope')?.requests).toBe(2);
    const text = JSON.stringify(run);
    expect(text).not.toContain(UPSTREAM_KEY);
    expect(text).not.toContain(secret);
    expect(keyId).toMatch(/^k_/);
    expect(serve?.stderr()).not.toContain(secret);
  });
});
