/**
 * The embeddings sub-nodes inside a real n8n (issue 21): n8n's own Simple
 * Vector Store (in memory) with the Default Data Loader inserts twelve
 * documents through the DashScope Embeddings and the AnyLLM Embeddings
 * sub-nodes, then a second Simple Vector Store retrieves by similarity with
 * the same sub-node, against the simulator, whose vectors are bag-of-words
 * hashes (texts sharing words are close). The document that shares the
 * query's words must come first; DashScope's twelve inputs go up in batches
 * of at most ten; every batch is in the shared ledger with kind `embed`,
 * tagged with the workflow, execution and sub-node.
 *
 * Without the runtime the suite is skipped locally, and fails under CI=true.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGateway, parseConfig, type BudgetStatus, type LedgerRecord } from '@aegis-llm/core';
import type { RecordedRequest } from '@aegis-llm/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureN8nNodesBuilt } from '../../packaging/ensure-n8n-nodes-built.ts';
import { installLikeN8n } from '../../packaging/install-like-n8n.ts';
import { packWorkspacePackage } from '../../packaging/pack-workspace-package.ts';
import { e2eCredentials } from './e2e-credentials.ts';
import { n8nCliEnv, readLedger } from './n8n-cli-env.ts';
import { findN8nRuntime, isCi } from './n8n-runtime.ts';
import { runProcess } from './run-process.ts';
import { nodeItems, parseRawRun, type RawRun } from './run-data.ts';
import { startSimulatorProcess, type SimulatorProcess } from './simulator-process.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..', '..');
const packageDir = join(repoRoot, 'packages', 'n8n-nodes');
const WORKFLOW_ID = 'aegisE2eEmbed001';
const API_KEY = 'sk-e2e-n8n-embed-0123456789abcdef';

const runtime = findN8nRuntime(repoRoot);
if (!runtime.ok && !isCi()) console.warn(`[n8n embeddings e2e] skipped: ${runtime.reason}. Under CI=true this fails instead.`);

describe.runIf(runtime.ok || isCi())('embeddings sub-nodes with the in-memory vector store in a real n8n', () => {
  let work: string;
  let aegisHome: string;
  let sim: SimulatorProcess | undefined;
  let run: RawRun;
  let upstream: RecordedRequest[];
  let ledger: BudgetStatus;
  let records: LedgerRecord[];

  beforeAll(async () => {
    if (!runtime.ok) throw new Error(`n8n end-to-end tests need n8n: ${runtime.reason}`);
    work = mkdtempSync(join(tmpdir(), 'aegis-n8n-embed-'));
    aegisHome = join(work, 'aegis-home');
    await ensureN8nNodesBuilt();
    await installLikeN8n(await packWorkspacePackage(packageDir, join(work, 'pack')), join(work, 'n8n-user', '.n8n'));
    sim = await startSimulatorProcess(repoRoot, runtime.node, API_KEY);

    // The AnyLLM credential prices the embedding model (it has a budget: unpriced, it would be refused).
    const credentials = (e2eCredentials(sim.baseURL, API_KEY) as Array<{ type: string; data: Record<string, unknown> }>).map((c) =>
      c.type === 'aegisAnyLlmApi' ? { ...c, data: { ...c.data, modelPrices: `${String(c.data.modelPrices)}\ntext-embedding-3-small: 0.02, 0` } } : c,
    );
    writeFileSync(join(work, 'credentials.json'), JSON.stringify(credentials));
    writeFileSync(join(work, 'workflow.json'), JSON.stringify([JSON.parse(readFileSync(join(here, 'aegis-e2e-embeddings.workflow.json'), 'utf8'))]));
    const env = await n8nCliEnv(work, aegisHome);
    const n8n = async (args: string[]) => {
      const result = await runProcess(runtime.node, [runtime.n8nBin, ...args], { env, cwd: work, timeoutMs: 180_000 });
      if (result.code !== 0) {
        writeFileSync(join(work, 'n8n-failed.log'), `${result.stdout}\n${result.stderr}`);
        throw new Error(`n8n ${args.join(' ')} exited ${result.code}:\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
      }
      return result.stdout;
    };
    await n8n(['import:credentials', `--input=${join(work, 'credentials.json')}`]);
    await n8n(['import:workflow', `--input=${join(work, 'workflow.json')}`]);
    run = parseRawRun(await n8n(['execute', `--id=${WORKFLOW_ID}`, '--rawOutput']));
    upstream = (await sim.client.requests()).filter((r) => r.path.endsWith('/embeddings'));
    ledger = await readLedger(aegisHome);
    const reader = createGateway({ config: parseConfig({ home: aegisHome }, {}) });
    records = await reader.recentRequests(50).finally(() => reader.close());
  }, 420_000);

  afterAll(async () => {
    await sim?.stop();
    if (work && !process.env.AEGIS_E2E_KEEP) rmSync(work, { recursive: true, force: true });
  });

  const requestsFor = (model: string) => upstream.filter((r) => r.body?.model === model);
  const found = (node: string) => nodeItems(run, node).map((item) => item as { document: { pageContent: string }; score: number });

  it('runs the workflow successfully', () => {
    expect(run.data.resultData.error).toBeUndefined();
    expect(run.status).toBe('success');
  });

  it("DashScope: inserts the documents in batches of at most ten and finds the one sharing the query's words", () => {
    const [inserts, ...queries] = requestsFor('text-embedding-v4').map((r) => r.body?.input as string[]);
    // n8n hands the store's twelve documents over in one call; the gateway splits them for DashScope.
    const documentCalls = requestsFor('text-embedding-v4').filter((r) => (r.body?.input as string[]).length > 1);
    expect(documentCalls.map((r) => (r.body?.input as string[]).length)).toEqual([10, 2]);
    expect(inserts).toBeDefined();
    expect(queries.some((q) => q.length === 1 && q[0] === 'which invoice payment is overdue')).toBe(true);
    expect(requestsFor('text-embedding-v4').every((r) => r.body?.dimensions === 512)).toBe(true);
    const results = found('Search DashScope');
    expect(results).toHaveLength(2);
    expect(results[0]?.document.pageContent).toBe('The invoice payment for order 1042 is overdue by thirty days');
    expect(results[0]!.score).toBeGreaterThan(results[1]!.score);
  });

  it('AnyLLM: the model made an embedding model by its vector length serves insert and search', () => {
    const calls = requestsFor('text-embedding-3-small');
    expect(calls.map((r) => (r.body?.input as string[]).length)).toEqual([12, 1]);
    const [best] = found('Search AnyLLM');
    expect(best?.document.pageContent).toBe('The rocket launch was delayed by strong winds over the coast');
  });

  it('records every batch in the shared ledger as kind embed, counted in the budgets', () => {
    const dashscope = ledger.providers.find((p) => p.provider === 'dashscope');
    const simlab = ledger.providers.find((p) => p.provider === 'simlab');
    expect(dashscope?.requests).toBe(3);
    expect(simlab?.requests).toBe(2);
    expect(dashscope?.spent.microUsd).toBeGreaterThan(0);
    expect(records).toHaveLength(5);
    expect(records.every((r) => r.kind === 'embed' && r.outputTokens === 0 && r.outcome === 'ok')).toBe(true);
  });

  it("tags every batch with the workflow, execution and sub-node, so the workflow's embedding spend shows under its tags", () => {
    const tag = (name: string, value: string) => ledger.tags.find((t) => t.name === name && t.value === value);
    const total = ledger.providers.reduce((sum, p) => sum + p.spent.microUsd, 0);
    expect(tag('workflow_id', WORKFLOW_ID)).toMatchObject({ requests: 5, spent: { microUsd: total } });
    expect(tag('workflow_name', 'Aegis LLM embeddings end-to-end')).toMatchObject({ requests: 5 });
    expect(tag('node_name', 'DashScope Embeddings')).toMatchObject({ requests: 3 });
    expect(tag('node_name', 'AnyLLM Embeddings')).toMatchObject({ requests: 2 });
    expect(records.every((r) => r.tags?.workflow_id === WORKFLOW_ID && typeof r.tags?.execution_id === 'string')).toBe(true);
  });

  it("shows the sub-node's calls in the run data, as n8n's own embeddings nodes do (n8n's Embeddings class, its logWrapper)", () => {
    const runs = run.data.resultData.runData['DashScope Embeddings'] ?? [];
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const inputs = runs.map((r) => JSON.stringify(r.data?.ai_embedding ?? r.data));
    expect(inputs.some((text) => text.includes('"response"'))).toBe(true);
  });

  it('kept the key out of the run', () => {
    expect(JSON.stringify(run)).not.toContain(API_KEY);
  });
});
