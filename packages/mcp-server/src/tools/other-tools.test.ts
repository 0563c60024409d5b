import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dashscopeErrors } from '@aegis-llm/simulator';
import { CANARY_KEY, startMcpFixture, type McpFixture } from '../test-support/mcp-fixture.js';

type Structured = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Result = CallToolResult & { structuredContent?: Structured };
const textOf = (result: Result) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

describe('list_models, test_provider, budget_status and budget://status', () => {
  let f: McpFixture;
  const call = async (name: string, args: Record<string, unknown> = {}) => (await f.client.callTool({ name, arguments: args })) as Result;

  beforeAll(async () => {
    f = await startMcpFixture({ file: { budgets: { dashscope: { monthlyUsd: 5, alertThresholds: [50, 80] } } } });
  });
  afterEach(() => f.sim.reset());
  afterAll(async () => f.close());

  it('lists the four tools with titles, annotations, output schemas and described inputs', async () => {
    const { tools } = await f.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['budget_status', 'chat', 'list_models', 'test_provider']);
    for (const tool of tools) {
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.description, tool.name).toBeTruthy();
      expect(tool.annotations, tool.name).toBeDefined();
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      const describe = (props: Record<string, Structured>, path: string) => {
        for (const [key, schema] of Object.entries(props)) {
          expect(schema.description, `${tool.name}: ${path}${key}`).toBeTruthy();
          if (schema.properties) describe(schema.properties, `${path}${key}.`);
        }
      };
      describe((tool.inputSchema.properties ?? {}) as Record<string, Structured>, '');
    }
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(byName.list_models?.annotations?.readOnlyHint).toBe(true);
    expect(byName.budget_status?.annotations?.readOnlyHint).toBe(true);
    expect(byName.chat?.annotations?.readOnlyHint).toBe(false);
  });

  it('list_models: catalog with prices, filtered by provider and capability', async () => {
    const all = await call('list_models', { live: false });
    expect(all.isError).toBeFalsy();
    const models = all.structuredContent!.models as Structured[];
    expect(all.structuredContent!.count).toBe(models.length);
    const plus = models.find((m) => m.id === 'dashscope/qwen-plus')!;
    expect(plus).toMatchObject({ provider: 'dashscope', model: 'qwen-plus', configured: true, source: 'catalog' });
    expect(plus.pricing.tiers[0].input).toBeGreaterThan(0);
    expect(plus.contextWindow).toBeGreaterThan(0);
    expect(plus.lifecycle).toMatchObject({ status: 'current', source: expect.any(String), asOf: expect.any(String) });
    expect(models.find((m) => m.id === 'dashscope/qwq-plus')?.lifecycle).toMatchObject({
      status: 'retired',
      date: '2026-10-10',
      replacement: 'qwen3.5-plus',
    });
    expect(models.find((m) => m.provider === 'openai')?.configured).toBe(false);

    const vision = await call('list_models', { provider: 'dashscope', capability: 'vision' });
    const ids = (vision.structuredContent!.models as Structured[]).map((m) => m.id);
    expect(ids).toContain('dashscope/qwen-vl-plus');
    expect(ids.every((id) => id.startsWith('dashscope/'))).toBe(true);
    // Live: the simulator's /models was asked and its ids are marked.
    expect((vision.structuredContent!.models as Structured[]).find((m) => m.model === 'qwen-vl-plus')?.source).toBe('both');
  });

  it('list_models: unknown provider or capability lists the valid ones', async () => {
    const badProvider = await call('list_models', { provider: 'dashscop' });
    expect(badProvider.isError).toBe(true);
    expect(badProvider.structuredContent?.error).toMatchObject({ kind: 'bad_request', field: 'provider' });
    expect(textOf(badProvider)).toContain('dashscope, openai, ollama, anyllm');
    const badCapability = await call('list_models', { capability: 'telepathy' });
    expect(badCapability.isError).toBe(true);
    expect(textOf(badCapability)).toMatch(/capability/);
    expect(textOf(badCapability)).toContain('vision');
  });

  it('test_provider: one provider, all of them, and an unknown one', async () => {
    const one = await call('test_provider', { provider: 'dashscope' });
    expect(one.isError).toBeFalsy();
    expect(one.structuredContent!.results[0]).toMatchObject({
      provider: 'dashscope',
      configured: true,
      reachable: true,
      keyAccepted: true,
      modelAnswered: true,
    });
    expect(one.structuredContent!.answered).toEqual(['dashscope']);

    const all = await call('test_provider');
    const results = all.structuredContent!.results as Structured[];
    expect(results.map((r) => r.provider).sort()).toEqual(['anyllm', 'dashscope', 'ollama', 'openai']);
    expect(results.find((r) => r.provider === 'openai')).toMatchObject({ configured: false });
    expect(results.find((r) => r.provider === 'openai')?.hint).toContain('OPENAI_API_KEY');

    const unknown = await call('test_provider', { provider: 'nope' });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain('dashscope');
  });

  it('test_provider: a refused key is reported, redacted, not thrown', async () => {
    f.sim.script({ fault: { ...dashscopeErrors.invalidApiKey, echoKey: true } }, { route: 'models' });
    const result = await call('test_provider', { provider: 'dashscope' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent!.results[0]).toMatchObject({ reachable: true, keyAccepted: false });
    expect(result.structuredContent!.answered).toEqual([]);
    expect(JSON.stringify(result)).not.toContain(CANARY_KEY);
  });

  it('budget_status: spend against the limit, and a job estimate', async () => {
    await call('chat', { prompt: 'spend a little', model: 'dashscope/qwen-plus' });
    const status = await call('budget_status', { provider: 'dashscope' });
    expect(status.isError).toBeFalsy();
    const dashscope = (status.structuredContent!.providers as Structured[])[0]!;
    expect(dashscope).toMatchObject({ provider: 'dashscope', budgeted: true, limit: { microUsd: 5_000_000, usd: '$5.00' } });
    expect(dashscope.spent.microUsd).toBeGreaterThan(0);
    expect(dashscope.remaining.microUsd).toBe(5_000_000 - dashscope.spent.microUsd);

    const fits = await call('budget_status', { estimate: { model: 'dashscope/qwen-plus', input_tokens: 1000, output_tokens: 500, calls: 10 } });
    expect(fits.structuredContent!.estimate).toMatchObject({ provider: 'dashscope', model: 'qwen-plus', calls: 10, fits: true });
    expect(fits.structuredContent!.estimate.summary).toBeTruthy();
    const tooBig = await call('budget_status', { estimate: { model: 'dashscope/qwen-max', input_tokens: 100_000, output_tokens: 8_000, calls: 1000 } });
    expect(tooBig.structuredContent!.estimate.fits).toBe(false);
  });

  it('budget_status: an embedding job before a large ingestion, and no tool returns vectors', async () => {
    const job = await call('budget_status', { estimate: { kind: 'embed', model: 'dashscope/text-embedding-v4', input_tokens: 20_000_000 } });
    expect(job.isError).toBeFalsy();
    // $0.07 per 1M input tokens; no output.
    expect(job.structuredContent!.estimate).toMatchObject({
      provider: 'dashscope',
      model: 'text-embedding-v4',
      outputTokens: 0,
      total: { microUsd: 1_400_000 },
      fits: true,
    });
    const chatModel = await call('budget_status', { estimate: { kind: 'embed', model: 'dashscope/qwen-plus', input_tokens: 10 } });
    expect(chatModel.isError).toBe(true);
    expect(textOf(chatModel)).toContain('is a chat model');
    const noOutput = await call('budget_status', { estimate: { model: 'dashscope/qwen-plus', input_tokens: 10 } });
    expect(noOutput.isError).toBe(true);
    expect(textOf(noOutput)).toContain('estimate.output_tokens is required for a chat job');
    const { tools } = await f.client.listTools();
    expect(tools.map((t) => t.name).filter((name) => /embed/i.test(name))).toEqual([]);
    // list_models says which models embed, and their vector length.
    const listed = await call('list_models', { provider: 'dashscope', live: false });
    const v4 = (listed.structuredContent!.models as Structured[]).find((m) => m.model === 'text-embedding-v4');
    expect(v4?.embedding).toMatchObject({ dimensions: 1024, maxInputsPerRequest: 10 });
  });

  it('budget_status: bad estimate fields and an unknown model name the field', async () => {
    const negative = await call('budget_status', { estimate: { model: 'dashscope/qwen-plus', input_tokens: -1, output_tokens: 1 } });
    expect(negative.isError).toBe(true);
    expect(textOf(negative)).toContain('estimate.input_tokens must be 0 or more');
    const unknown = await call('budget_status', { estimate: { model: 'no-such-model', input_tokens: 1, output_tokens: 1 } });
    expect(unknown.isError).toBe(true);
    expect(unknown.structuredContent?.error).toMatchObject({ kind: 'bad_request', field: 'estimate.model' });
    expect(textOf(unknown)).toContain('dashscope/qwen-plus');
    const badProvider = await call('budget_status', { provider: 'nope' });
    expect(badProvider.structuredContent?.error).toMatchObject({ field: 'provider' });
  });

  it('budget://status: the same status as a resource', async () => {
    const { resources } = await f.client.listResources();
    expect(resources.map((r) => r.uri)).toContain('budget://status');
    const read = await f.client.readResource({ uri: 'budget://status' });
    const content = read.contents[0] as { mimeType: string; text: string };
    expect(content.mimeType).toBe('application/json');
    const status = JSON.parse(content.text) as Structured;
    expect(status.period).toMatch(/^\d{4}-\d{2}$/);
    expect(status.providers.map((p: Structured) => p.provider)).toContain('dashscope');
  });

  it('provider and model names that are Object.prototype members are ordinary (unknown) names', async () => {
    for (const name of ['__proto__', 'toString', 'constructor']) {
      for (const [tool, args] of [
        ['budget_status', { provider: name }],
        ['test_provider', { provider: name }],
        ['list_models', { provider: name, live: false }],
        ['chat', { model: `dashscope/${name}`, prompt: 'x' }],
        ['chat', { task: name, prompt: 'x' }],
      ] as const) {
        const result = await call(tool, args);
        expect(result.isError, `${tool} ${name}`).toBe(true);
        // budget_exceeded: under this fixture's DashScope budget an unknown (unpriced) model is refused unsent.
        expect(textOf(result), `${tool} ${name}`).toMatch(/^Error \((bad_request|not_found|budget_exceeded)\)/);
      }
    }
  });
});
