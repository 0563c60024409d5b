/**
 * The nodes inside a real n8n (2.40.x on Node 24, installed outside the
 * workspace by scripts/install-n8n.sh): pack the package, install it into
 * ~/.n8n/nodes as n8n's community-package installer does, import credentials
 * and one workflow, execute it with the n8n CLI, and check the outputs and
 * the shared ledger.
 *
 * One workflow holds every case (n8n starts once per CLI command, ~10-25 s):
 *   1. DashScope node chat, then its Budget Status;
 *   2. AnyLLM node chat that falls back (qwen-max is out of quota);
 *   3. DashScope node hitting an upstream 400 with "continue on error";
 *   4. Basic LLM Chain with the DashScope Chat Model sub-node;
 *   (and the AI Agent with the AnyLLM Chat Model sub-node);
 *   5. the DashScope and AnyLLM nodes at version 2, saved without touching
 *      Maximum Tokens: the request carries the default the panel shows.
 * Then two more workflows, published and served by `n8n start`: one streams
 * a DashScope answer out of a Webhook in response mode "Streaming"; in the
 * other an AI Agent streams, its AnyLLM Chat Model calling the Calculator
 * tool in the middle of the stream.
 * The simulator runs as its own process, scripted over its control API.
 *
 * Without the runtime the suite is skipped locally, and fails under CI=true.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BudgetStatus } from '@aegis-llm/core';
import { dashscopeErrors, type RecordedRequest } from '@aegis-llm/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureN8nNodesBuilt } from '../../packaging/ensure-n8n-nodes-built.ts';
import { installLikeN8n } from '../../packaging/install-like-n8n.ts';
import { packWorkspacePackage } from '../../packaging/pack-workspace-package.ts';
import { e2eCredentials } from './e2e-credentials.ts';
import { freePort, n8nCliEnv, readLedger } from './n8n-cli-env.ts';
import { findN8nRuntime, isCi } from './n8n-runtime.ts';
import { postAndReadStream, setupOwner, startN8nServer, testCredential, waitForWebhook, type StreamedLine } from './n8n-server.ts';
import { runProcess } from './run-process.ts';
import { nodeItems, parseRawRun, type RawRun } from './run-data.ts';
import { startSimulatorProcess, type SimulatorProcess } from './simulator-process.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..', '..');
const packageDir = join(repoRoot, 'packages', 'n8n-nodes');
const WORKFLOW_ID = 'aegisE2eWorkflow1';
const STREAM_WORKFLOW_ID = 'aegisE2eStream01';
const AGENT_STREAM_WORKFLOW_ID = 'aegisE2eAgentSt1';
const STREAM_TEXT = 'Streamed from the simulator, word by word';
/** What the action node, as the streaming agent's tool, answers the agent: never the user's stream. */
const TOOL_ONLY_TEXT = 'Hello, said to the agent only';
const API_KEY = 'sk-e2e-n8n-0123456789abcdef';

const runtime = findN8nRuntime(repoRoot);
if (!runtime.ok && !isCi()) {
  console.warn(`[n8n e2e] skipped: ${runtime.reason}. Under CI=true this fails instead.`);
}

describe.runIf(runtime.ok || isCi())('n8n nodes in a real n8n', () => {
  let work: string;
  let installedDir: string;
  let aegisHome: string;
  let sim: SimulatorProcess | undefined;
  let run: RawRun;
  let upstream: RecordedRequest[];
  let ledger: BudgetStatus;
  let streamed: StreamedLine[];
  let agentStreamed: StreamedLine[];
  let agentUpstream: RecordedRequest[];
  let ledgerAfterStream: BudgetStatus;
  let credentialTests: Record<string, { status: string; message: string }>;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    if (!runtime.ok) throw new Error(`n8n end-to-end tests need n8n: ${runtime.reason}`);
    work = mkdtempSync(join(tmpdir(), 'aegis-n8n-e2e-'));
    aegisHome = join(work, 'aegis-home');

    // The package as n8n installs it: packed, then unpacked into
    // <N8N_USER_FOLDER>/.n8n/nodes/node_modules by n8n's installer steps
    // (../../packaging/install-like-n8n.ts); n8n loads it from there at start,
    // and n8n-workflow and @n8n/ai-node-sdk resolve to n8n's own copies.
    const started = Date.now();
    await ensureN8nNodesBuilt();
    const tarball = await packWorkspacePackage(packageDir, join(work, 'pack'));
    installedDir = await installLikeN8n(tarball, join(work, 'n8n-user', '.n8n'));
    timings.packAndInstall = Date.now() - started;

    sim = await startSimulatorProcess(repoRoot, runtime.node, API_KEY);
    // Model-scoped faults: whichever order n8n runs the branches in, each hits its own.
    await sim.client.script({ fault: dashscopeErrors.insufficientQuota }, { model: 'qwen-max' });
    await sim.client.script({ fault: dashscopeErrors.invalidParameter }, { model: 'qwen-flash' });

    writeFileSync(join(work, 'credentials.json'), JSON.stringify(e2eCredentials(sim.baseURL, API_KEY)));
    const workflows = ['aegis-e2e.workflow.json', 'aegis-e2e-stream.workflow.json', 'aegis-e2e-agent-stream.workflow.json'].map((file) =>
      JSON.parse(readFileSync(join(here, file), 'utf8')),
    );
    writeFileSync(join(work, 'workflow.json'), JSON.stringify(workflows));

    const env = await n8nCliEnv(work, aegisHome);
    const n8n = async (step: string, args: string[]) => {
      const result = await runProcess(runtime.node, [runtime.n8nBin, ...args], { env, cwd: work, timeoutMs: 180_000 });
      timings[step] = result.ms;
      if (result.code !== 0) throw new Error(`n8n ${args.join(' ')} exited ${result.code}:\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
      return result.stdout;
    };
    await n8n('importCredentials', ['import:credentials', `--input=${join(work, 'credentials.json')}`]);
    await n8n('importWorkflow', ['import:workflow', `--input=${join(work, 'workflow.json')}`]);
    run = parseRawRun(await n8n('execute', ['execute', `--id=${WORKFLOW_ID}`, '--rawOutput']));
    upstream = await sim.client.requests();
    ledger = await readLedger(aegisHome);

    // Streaming needs a live webhook: publish the workflow and serve it.
    await n8n('publish', ['publish:workflow', `--id=${STREAM_WORKFLOW_ID}`]);
    await n8n('publishAgent', ['publish:workflow', `--id=${AGENT_STREAM_WORKFLOW_ID}`]);
    await sim.client.script({ text: STREAM_TEXT, chunks: 6, chunkIntervalMs: 150 }, { model: 'qwen-plus' });
    // The streaming agent's model: it asks the AnyLLM action node (as a tool,
    // whose answer is for the agent only), then calls the Calculator (its
    // arguments over several chunks), then answers quoting the Calculator.
    await sim.client.script(
      [
        { toolCalls: [{ id: 'call_ask', name: 'Ask_Qwen_Stream', arguments: { prompt: 'Say hello' } }] },
        { toolCalls: [{ name: 'Calculator_Stream', arguments: { input: '9*9' } }], toolCallChunks: 3 },
        { text: '9 times 9 is {lastToolResult}.', chunks: 4 },
      ],
      { model: 'qwen-turbo' },
    );
    await sim.client.script({ text: TOOL_ONLY_TEXT, chunks: 3 }, { model: 'qwen3-max' });
    const serverStarted = Date.now();
    const server = await startN8nServer(runtime.node, runtime.n8nBin, env, await freePort(), 'aegis-e2e-stream', 120_000);
    timings.start = Date.now() - serverStarted;
    try {
      const posted = Date.now();
      streamed = await postAndReadStream(`${server.url}/webhook/aegis-e2e-stream`, { prompt: 'Stream me an answer' });
      timings.stream = Date.now() - posted;
      await waitForWebhook(server.url, 'aegis-e2e-agent-stream', 60_000);
      const agentPosted = Date.now();
      agentStreamed = await postAndReadStream(`${server.url}/webhook/aegis-e2e-agent-stream`, { prompt: 'What is 9 times 9? Use the calculator.' });
      timings.agentStream = Date.now() - agentPosted;
      agentUpstream = (await sim.client.requests()).filter(
        (r) => r.path.endsWith('/chat/completions') && JSON.stringify(r.body?.messages).includes('What is 9 times 9?'),
      );
      // The credentials' "Test connection" button, as the editor calls it.
      const cookie = await setupOwner(server.url);
      const dashscope = (apiKey: string) => ({
        id: 'aegisDsCred0001',
        type: 'aegisDashScopeApi',
        data: { apiKey, region: 'custom', baseUrl: sim?.baseURL },
      });
      credentialTests = {
        dashscopeOk: await testCredential(server.url, cookie, dashscope(API_KEY)),
        dashscopeOtherRegion: await testCredential(server.url, cookie, dashscope('sk-made-in-another-region-0000')),
        anyllmOk: await testCredential(server.url, cookie, { id: 'aegisAnyCred001', type: 'aegisAnyLlmApi', data: { apiKey: API_KEY, baseUrl: sim?.baseURL } }),
        anyllmWrongUrl: await testCredential(server.url, cookie, {
          id: 'aegisAnyCred001',
          type: 'aegisAnyLlmApi',
          data: { apiKey: API_KEY, baseUrl: `${new URL(sim?.baseURL ?? '').origin}/not-an-api` },
        }),
      };
    } finally {
      await server.stop();
    }
    ledgerAfterStream = await readLedger(aegisHome);
  }, 420_000);

  afterAll(async () => {
    await sim?.stop();
    console.info(`[n8n e2e] n8n ${runtime.ok ? runtime.version : '?'}; timings (ms): ${JSON.stringify(timings)}`);
    if (work && !process.env.AEGIS_E2E_KEEP) rmSync(work, { recursive: true, force: true });
  });

  const provider = (id: string) => ledger.providers.find((p) => p.provider === id);

  it("ran the package n8n's installer steps put in ~/.n8n/nodes (test/packaging checks the package itself)", () => {
    const pkg = JSON.parse(readFileSync(join(installedDir, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
    for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(existsSync(join(installedDir, file)), file).toBe(true);
  });

  it('runs the whole workflow successfully', () => {
    expect(run.status).toBe('success');
    expect(run.data.resultData.error).toBeUndefined();
  });

  it('(1) chats through the DashScope node, and its Budget Status sees the spend', () => {
    const [chat] = nodeItems(run, 'DashScope Chat');
    expect(chat).toMatchObject({
      text: 'Echo: Hello from n8n',
      reasoning: null,
      provider: 'dashscope',
      model: 'qwen-plus',
      usage: { estimated: false },
      // A number an expression can add up; the text form apart (issue 20).
      cost: { usd: expect.any(Number), microUsd: expect.any(Number), formatted: expect.stringMatching(/^\$0\.\d+$/) },
      attempts: [{ provider: 'dashscope', model: 'qwen-plus', outcome: 'ok' }],
      fallback: false,
    });
    const cost = chat?.cost as { usd: number; microUsd: number };
    expect(cost.usd).toBe(cost.microUsd / 1_000_000);
    const [budget] = nodeItems(run, 'DashScope Budget');
    expect(budget).toMatchObject({ provider: 'dashscope', budgeted: true, limit: { usd: '$5.00' }, onLimit: 'block' });
    expect((budget?.spent as { microUsd: number }).microUsd).toBeGreaterThanOrEqual((chat?.cost as { microUsd: number }).microUsd);
  });

  it('(2) chats through the AnyLLM node with a fallback', () => {
    const [item] = nodeItems(run, 'AnyLLM Fallback');
    expect(item).toMatchObject({
      provider: 'simlab',
      model: 'qwen-turbo',
      fallback: true,
      attempts: [
        { provider: 'simlab', model: 'qwen-max', outcome: 'quota_exhausted', status: 429 },
        { provider: 'simlab', model: 'qwen-turbo', outcome: 'ok' },
      ],
      cost: { microUsd: expect.any(Number) },
    });
    expect(item?.text).toMatch(/^Echo: Fallback please/);
  });

  it('(3) turns an upstream error into an error item when continue on error is on', () => {
    const items = nodeItems(run, 'DashScope Error');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      error: expect.stringContaining('400'),
      errorKind: 'bad_request',
      provider: 'dashscope',
      model: 'qwen-flash',
      status: 400,
      code: 'InvalidParameter',
    });
  });

  it('(4) runs the Basic LLM Chain with the DashScope Chat Model sub-node', () => {
    const [item] = nodeItems(run, 'Basic LLM Chain');
    expect(item?.text).toBe('Echo: Say hi to the chain');
    const [model] = nodeItems(run, 'DashScope Chat Model', 'ai_languageModel');
    expect(model?.tokenUsage).toMatchObject({ promptTokens: expect.any(Number), completionTokens: expect.any(Number) });
  });

  it('runs the AI Agent with the AnyLLM Chat Model sub-node (n8n accepts a community chat model)', () => {
    const [item] = nodeItems(run, 'AI Agent');
    expect(item?.output).toBe('Echo: Agent, say hi');
  });

  it('sent each request to the upstream once, with the key and the models asked for', () => {
    const chats = upstream.filter((r) => r.path.endsWith('/chat/completions'));
    expect(chats.map((r) => r.body?.model).sort()).toEqual(
      ['qwen-flash', 'qwen-max', 'qwen-plus', 'qwen-plus', 'qwen-plus', 'qwen-plus', 'qwen-turbo', 'qwen-turbo'].sort(),
    );
    expect(chats.every((r) => r.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
    const chain = chats.find((r) => JSON.stringify(r.body?.messages).includes('Say hi to the chain'));
    expect(chain?.body).toMatchObject({ model: 'qwen-turbo', max_completion_tokens: 128 });
  });

  it('(5) version 2 nodes send the Maximum Tokens the panel shows (1024), saved without touching it', () => {
    const chats = upstream.filter((r) => r.path.endsWith('/chat/completions'));
    const sentFor = (prompt: string) => chats.find((r) => JSON.stringify(r.body?.messages).includes(prompt))?.body;
    // DashScope's output cap is max_completion_tokens, an OpenAI-compatible endpoint's max_tokens.
    expect(sentFor('DashScope v2 as the panel shows it')).toMatchObject({ model: 'qwen-plus', max_completion_tokens: 1024 });
    expect(sentFor('AnyLLM v2 as the panel shows it')).toMatchObject({ model: 'qwen-plus', max_tokens: 1024 });
    expect(nodeItems(run, 'DashScope Chat v2')[0]?.text).toBe('Echo: DashScope v2 as the panel shows it');
    expect(nodeItems(run, 'AnyLLM Chat v2')[0]?.text).toBe('Echo: AnyLLM v2 as the panel shows it');
    // Version 1 is as it was: the cap of its Maximum Tokens option.
    expect(sentFor('Hello from n8n')).toMatchObject({ max_completion_tokens: 64 });
  });

  it('recorded the cost in the shared ledger (AEGIS_LLM_HOME)', () => {
    const chatCost = (nodeItems(run, 'DashScope Chat')[0]?.cost as { microUsd: number }).microUsd;
    const fallbackCost = (nodeItems(run, 'AnyLLM Fallback')[0]?.cost as { microUsd: number }).microUsd;
    const dashscope = provider('dashscope');
    // The chat, the version 2 chat, the chain's model call (qwen-turbo) and the failed call (no cost, an error request).
    expect(dashscope?.requests).toBe(4);
    expect(dashscope?.errorRequests).toBe(1);
    expect(dashscope?.spent.microUsd).toBeGreaterThan(chatCost);
    expect(dashscope?.models.map((m) => m.model).sort()).toEqual(['qwen-flash', 'qwen-plus', 'qwen-turbo']);
    const simlab = provider('simlab');
    // The fallback chat, the version 2 chat and the agent's model call.
    expect(simlab?.requests).toBe(3);
    expect(simlab?.fallbackRequests).toBe(1);
    expect(simlab?.spent.microUsd).toBeGreaterThan(fallbackCost);
  });

  it("puts the workflow's spend under its workflow tag, with node, free and hostile tags", () => {
    const tag = (status: BudgetStatus, name: string, value: string) => status.tags.find((t) => t.name === name && t.value === value);
    // Everything in the ledger so far came from this one workflow run.
    const total = ledger.providers.reduce((sum, p) => sum + p.spent.microUsd, 0);
    const requests = ledger.providers.reduce((sum, p) => sum + p.requests, 0);
    expect(tag(ledger, 'workflow_id', WORKFLOW_ID)).toMatchObject({ requests, spent: { microUsd: total } });
    expect(tag(ledger, 'workflow_name', 'Aegis LLM nodes end-to-end')).toMatchObject({ requests, spent: { microUsd: total } });
    const chatCost = (nodeItems(run, 'DashScope Chat')[0]?.cost as { microUsd: number }).microUsd;
    expect(tag(ledger, 'node_name', 'DashScope Chat')).toMatchObject({ requests: 1, spent: { microUsd: chatCost } });
    // The Tags option, a hostile name included, and the chat-model sub-node's own node name and tag.
    expect(tag(ledger, 'team', 'e2e')).toMatchObject({ requests: 1, spent: { microUsd: chatCost } });
    expect(tag(ledger, '__proto__', 'hostile')).toMatchObject({ requests: 1 });
    expect(tag(ledger, 'node_name', 'DashScope Chat Model')).toMatchObject({ requests: 1 });
    expect(tag(ledger, 'agent', 'chain')).toMatchObject({ requests: 1 });
    // Execution ids are in each record, not summed.
    expect(ledger.tags.some((t) => t.name === 'execution_id')).toBe(false);
    // The streaming workflow's request is under its own id.
    expect(tag(ledgerAfterStream, 'workflow_id', STREAM_WORKFLOW_ID)).toMatchObject({ requests: 1 });
    expect(tag(ledgerAfterStream, 'workflow_id', WORKFLOW_ID)?.requests).toBe(requests);
  });

  it('streams the answer out of a streaming webhook as it arrives (sendChunk)', () => {
    const events = streamed.filter((line) => line.event.metadata?.nodeName === 'DashScope Stream');
    expect(events[0]?.event.type).toBe('begin');
    expect(events.at(-1)?.event.type).toBe('end');
    const items = events.filter((line) => line.event.type === 'item');
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.map((line) => line.event.content).join('')).toBe(STREAM_TEXT);
    // The simulator sends a chunk every 150 ms: the chunks arrived spread out, not all at the end.
    const first = items[0]?.at ?? 0;
    const last = items.at(-1)?.at ?? 0;
    expect(last - first).toBeGreaterThanOrEqual(400);
    // Recorded like any other request.
    const before = ledger.providers.find((p) => p.provider === 'dashscope');
    const after = ledgerAfterStream.providers.find((p) => p.provider === 'dashscope');
    expect(after?.requests).toBe((before?.requests ?? 0) + 1);
    expect(after?.spent.microUsd).toBeGreaterThan(before?.spent.microUsd ?? 0);
  });

  it('streams an AI Agent whose chat model calls a tool mid-stream: the tool runs and the answer streams out', () => {
    // Every model call was streamed upstream: the first offered the tools, the later ones carried their results.
    expect(agentUpstream.map((r) => [r.body?.model, r.body?.stream])).toEqual([
      ['qwen-turbo', true],
      ['qwen-turbo', true],
      ['qwen-turbo', true],
    ]);
    const toolNames = (agentUpstream[0]?.body?.tools as Array<{ function: { name: string } }>).map((tool) => tool.function.name).sort();
    expect(toolNames).toEqual(['Ask_Qwen_Stream', 'Calculator_Stream']);
    const messages = agentUpstream[2]?.body?.messages as Array<{ role: string; content: unknown; tool_call_id?: string }>;
    expect(messages.find((m) => m.role === 'tool' && m.tool_call_id === 'call_1')).toMatchObject({ content: expect.stringContaining('81') });
    const events = agentStreamed.filter((line) => line.event.metadata?.nodeName === 'Stream Agent');
    expect(events[0]?.event.type).toBe('begin');
    expect(events.at(-1)?.event.type).toBe('end');
    const text = events
      .filter((line) => line.event.type === 'item')
      .map((line) => line.event.content)
      .join('');
    // The simulator quotes the tool message as n8n's agent wrote it (`[{"response":"81"}]`).
    expect(text).toMatch(/^9 times 9 is .*81.*\.$/);
    expect(JSON.stringify(agentStreamed)).not.toContain(API_KEY);
  });

  it("streams nothing of the action node's answer when it runs as the agent's tool: the agent gets it, short", () => {
    const messages = agentUpstream[2]?.body?.messages as Array<{ role: string; content: unknown; tool_call_id?: string }>;
    const answer = String(messages.find((m) => m.role === 'tool' && m.tool_call_id === 'call_ask')?.content);
    expect(answer).toContain(TOOL_ONLY_TEXT);
    expect(answer).toContain('simlab/qwen3-max');
    expect(answer).not.toContain('attempts');
    expect(agentStreamed.filter((line) => line.event.metadata?.nodeName === 'Ask Qwen Stream')).toEqual([]);
    expect(JSON.stringify(agentStreamed)).not.toContain(TOOL_ONLY_TEXT);
  });

  it('tests credentials with the "Test connection" button; a key from another region says so', () => {
    expect(credentialTests.dashscopeOk).toEqual({ status: 'OK', message: 'Connection successful!' });
    expect(credentialTests.dashscopeOtherRegion?.status).toBe('Error');
    expect(credentialTests.dashscopeOtherRegion?.message).toMatch(/bound to a region: check that the Region matches/);
    expect(credentialTests.anyllmOk?.status).toBe('OK');
    expect(credentialTests.anyllmWrongUrl).toMatchObject({ status: 'Error', message: expect.stringContaining('404') });
  });

  it('kept the key out of every output', () => {
    expect(JSON.stringify(run)).not.toContain(API_KEY);
    expect(JSON.stringify(streamed)).not.toContain(API_KEY);
  });
});
