import { dashscopeErrors } from '@aegis-llm/simulator';
import { NodeApiError, NodeOperationError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AegisDashScope } from '../../nodes/AegisDashScope/AegisDashScope.node.js';
import { DASHSCOPE_REGION_MISMATCH_HINT } from '../credentials/region-mismatch-hint.js';
import { fakeExecuteContext, modelParam, type FakeContextOptions } from '../test-support/fake-execute-context.js';
import { startNodeFixture, TEST_KEY, type NodeFixture } from '../test-support/node-fixture.js';

let fx: NodeFixture;
beforeAll(async () => {
  fx = await startNodeFixture();
});
afterEach(() => fx.sim.reset());
afterAll(async () => fx.close());

const node = new AegisDashScope();

function context(parameters: IDataObject, extra: Partial<FakeContextOptions> = {}) {
  return fakeExecuteContext({
    credentialName: 'aegisDashScopeApi',
    credential: fx.dashscopeCredential,
    parameters: { operation: 'chat', model: modelParam('qwen-plus'), inputType: 'prompt', prompt: 'Hello there', options: {}, ...parameters },
    ...extra,
  });
}

async function run(parameters: IDataObject, extra: Partial<FakeContextOptions> = {}): Promise<INodeExecutionData[]> {
  const [out] = await node.execute.call(context(parameters, extra).ctx);
  return out ?? [];
}

describe('DashScope node: Chat', () => {
  it('answers each item with text, provider, model, usage, cost and attempts, paired to its input', async () => {
    const out = await run({}, { items: [{ json: { n: 1 } }, { json: { n: 2 } }], itemParameters: [{ prompt: 'First' }, { prompt: 'Second' }] });
    expect(out).toHaveLength(2);
    expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
    expect(out[0]?.json).toMatchObject({
      text: expect.stringMatching(/^Echo: First/),
      reasoning: null,
      provider: 'dashscope',
      model: 'qwen-plus',
      finishReason: 'stop',
      usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number), estimated: false },
      cost: { usd: expect.any(Number), microUsd: expect.any(Number), formatted: expect.stringMatching(/^\$0\.\d+/) },
      attempts: [{ provider: 'dashscope', model: 'qwen-plus', outcome: 'ok' }],
      fallback: false,
    });
    expect(out[1]?.json.text).toMatch(/^Echo: Second/);
    expect(fx.sim.requests.map((r) => r.body?.model)).toEqual(['qwen-plus', 'qwen-plus']);
  });

  it('gives cost.usd as a number, the same amount as microUsd', async () => {
    const [item] = await run({});
    const cost = item?.json.cost as { usd: number; microUsd: number; formatted: string };
    expect(cost.microUsd).toBeGreaterThan(0);
    expect(cost.usd).toBe(cost.microUsd / 1_000_000);
  });

  it("answers an AI Agent's tool call with the text and who answered, not the whole record", async () => {
    fx.sim.script({ text: 'Paris is the one.' });
    const { ctx } = context({}, { tool: true });
    const [out] = await node.execute.call(ctx);
    const json = out?.[0]?.json;
    expect(json).toEqual({ text: 'Paris is the one.', model: 'dashscope/qwen-plus', costUsd: expect.any(Number) });
    // 17 characters of answer: the agent reads under 100 (the full item is several hundred).
    expect(JSON.stringify(json).length).toBeLessThan(100);
  });

  // n8n 2.x's Agent runs its tool as a node of its own: isToolExecution() is
  // false there, the node's type is the Tool variant and the engine marks it.
  it.each([
    ['the tool variant of the node type', { nodeType: 'n8n-nodes-aegis-llm.aegisDashScopeTool' }],
    ["the engine's ai_tool mark", { rewireOutputLogTo: 'ai_tool' as const }],
  ])('answers the short form when an agent runs it as a node of its own (%s)', async (_case, extra) => {
    fx.sim.script({ text: 'Paris is the one.' });
    const [item] = await run({}, extra);
    expect(item?.json).toEqual({ text: 'Paris is the one.', model: 'dashscope/qwen-plus', costUsd: expect.any(Number) });
  });

  it("as an agent's tool in a streaming workflow, answers the agent and streams nothing to the user", async () => {
    fx.sim.script({ text: 'Paris is the one.' });
    const { ctx, chunks } = context({}, { streaming: true, nodeType: 'n8n-nodes-aegis-llm.aegisDashScopeTool', rewireOutputLogTo: 'ai_tool' });
    const [out] = await node.execute.call(ctx);
    expect(out?.[0]?.json).toMatchObject({ text: 'Paris is the one.' });
    expect(chunks).toEqual([]);
  });

  it('answers the whole record to a workflow (neither the tool type nor the mark)', async () => {
    const [item] = await run({}, { nodeType: 'n8n-nodes-aegis-llm.aegisDashScope' });
    expect(item?.json).toHaveProperty('attempts');
  });

  it("a refused key (401) says to check the credential's Region, not an environment variable", async () => {
    fx.sim.script({ fault: dashscopeErrors.invalidApiKey });
    const error = await run({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeApiError);
    const message = String((error as Error).message);
    expect(message).toMatch(/check that the Region matches the region the key was created in/);
    expect(message).not.toMatch(/DASHSCOPE_REGION|providers\.dashscope/);
    fx.sim.script({ fault: dashscopeErrors.invalidApiKey });
    const [item] = await run({}, { continueOnFail: true });
    expect(item?.json).toMatchObject({ errorKind: 'auth', status: 401, error: expect.stringMatching(/check that the Region matches/) });
    expect(String(item?.json.error)).not.toContain('DASHSCOPE_REGION');
  });

  it('falls back to the next model and says so', async () => {
    fx.sim.script({ fault: dashscopeErrors.insufficientQuota }, { model: 'qwen-plus' });
    const [item] = await run({ options: { fallbackModels: 'qwen-turbo' } });
    expect(item?.json).toMatchObject({
      provider: 'dashscope',
      model: 'qwen-turbo',
      fallback: true,
      attempts: [
        { model: 'qwen-plus', outcome: 'quota_exhausted', status: 429 },
        { model: 'qwen-turbo', outcome: 'ok' },
      ],
    });
  });

  it('sends messages, system message, caps and thinking; outputs the reasoning', async () => {
    const [item] = await run({
      inputType: 'messages',
      messages: { values: [{ role: 'user', content: 'Why is the sky blue?' }] },
      options: { system: 'Be brief.', maxTokens: 200, temperature: 0.2, thinking: true, thinkingBudget: 50 },
    });
    const body = fx.sim.requests.at(-1)?.body;
    expect(body).toMatchObject({ model: 'qwen-plus', max_completion_tokens: 200, temperature: 0.2, enable_thinking: true, thinking_budget: 50 });
    expect(body?.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Why is the sky blue?' },
    ]);
    expect(item?.json.reasoning).toMatch(/^Thinking about/);
    expect((item?.json.usage as IDataObject).reasoningTokens).toBeGreaterThan(0);
  });

  it("attaches images from URLs and from the item's binary data", async () => {
    const png = Buffer.from('fake-png').toString('base64');
    await run(
      { model: modelParam('qwen-vl-plus'), options: { images: 'https://example.com/cat.png', imageBinaryProperties: 'photo' } },
      { items: [{ json: {}, binary: { photo: { data: png, mimeType: 'image/png' } } }] },
    );
    const content = (fx.sim.requests.at(-1)?.body?.messages as Array<{ content: unknown }>).at(-1)?.content;
    expect(content).toEqual([
      { type: 'text', text: 'Hello there' },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
    ]);
  });

  it('streams text with sendChunk when the workflow streams, with the same output', async () => {
    fx.sim.script({ text: 'one two three four', chunks: 4 });
    const { ctx, chunks } = context({}, { streaming: true });
    const [out] = await node.execute.call(ctx);
    expect(chunks[0]).toEqual({ type: 'begin', itemIndex: 0, content: undefined });
    expect(chunks.at(-1)).toEqual({ type: 'end', itemIndex: 0, content: undefined });
    const streamed = chunks.filter((c) => c.type === 'item').map((c) => c.content);
    expect(streamed.length).toBeGreaterThan(1);
    expect(streamed.join('')).toBe('one two three four');
    expect(out?.[0]?.json.text).toBe('one two three four');
  });

  it('with Continue On Fail, a failed item becomes an error item and the others go on', async () => {
    fx.sim.script([{}, { fault: dashscopeErrors.invalidParameter }]);
    const out = await run({}, { continueOnFail: true, items: [{ json: {} }, { json: {} }, { json: {} }] });
    expect(out).toHaveLength(3);
    expect(out[1]).toMatchObject({
      json: { error: expect.stringContaining('400'), errorKind: 'bad_request', provider: 'dashscope', model: 'qwen-plus', status: 400 },
      pairedItem: { item: 1 },
    });
    expect(out[0]?.json.text).toBeDefined();
    expect(out[2]?.json.text).toBeDefined();
  });

  it('without it, fails with a NodeApiError carrying the item index and the status', async () => {
    fx.sim.script([{}, { fault: dashscopeErrors.invalidParameter }]);
    const error = await run({}, { items: [{ json: {} }, { json: {} }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeApiError);
    expect((error as NodeApiError).context.itemIndex).toBe(1);
    expect((error as NodeApiError).httpCode).toBe('400');
    expect((error as NodeApiError).description).toContain('kind: bad_request');
  });

  it('fails a non-HTTP problem with a NodeOperationError (a bad credential setting)', async () => {
    const { ctx } = fakeExecuteContext({
      credentialName: 'aegisDashScopeApi',
      credential: { ...fx.dashscopeCredential, baseUrl: 'not a url' },
      parameters: { operation: 'chat', model: modelParam('qwen-plus'), prompt: 'x', options: {} },
    });
    const error = await node.execute.call(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as Error).message).toMatch(/^DashScope credential, Base URL:/);
  });

  it('never lets the key out, even when the upstream echoes it', async () => {
    fx.sim.script({ fault: { ...dashscopeErrors.invalidParameter, echoKey: true } });
    const { ctx, logs } = context({}, { continueOnFail: true });
    const [out] = await node.execute.call(ctx);
    const error = await run({}, {}).catch((e: unknown) => e);
    expect(JSON.stringify(out)).not.toContain(TEST_KEY);
    expect(JSON.stringify(logs)).not.toContain(TEST_KEY);
    expect(String(error)).not.toContain(TEST_KEY);
  });
});

describe('DashScope node: budget', () => {
  it('records spend in the shared ledger that the MCP server reads', async () => {
    const before = (await fx.sharedBudget('dashscope'))?.spent.microUsd ?? 0;
    const [item] = await run({});
    const cost = (item?.json.cost as { microUsd: number }).microUsd;
    const after = await fx.sharedBudget('dashscope');
    expect(cost).toBeGreaterThan(0);
    expect(after?.spent.microUsd).toBe(before + cost);
  });

  it("reports the credential's monthly budget and what is left", async () => {
    const [item] = await fakeRun({ ...fx.dashscopeCredential, dataDir: ownLedger(), monthlyBudgetUsd: 5, onLimit: 'block' }, { operation: 'budgetStatus' });
    expect(item?.json).toMatchObject({
      provider: 'dashscope',
      budgeted: true,
      limit: { microUsd: 5_000_000, usd: '$5.00' },
      onLimit: 'block',
      spent: { microUsd: expect.any(Number) },
      remaining: { microUsd: expect.any(Number) },
      period: expect.stringMatching(/^\d{4}-\d{2}$/),
    });
  });

  it('blocks a request that could pass the limit, before it reaches the upstream', async () => {
    const sent = fx.sim.requests.length;
    const error = await fakeRun({ ...fx.dashscopeCredential, dataDir: ownLedger(), monthlyBudgetUsd: 0.000001, onLimit: 'block' }, { operation: 'chat' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as NodeOperationError).description).toContain('kind: budget_exceeded');
    expect(fx.sim.requests.length).toBe(sent);
  });

  it('at the limit with "Fall Back" and no fallback model, says the request stopped and what to set', async () => {
    const sent = fx.sim.requests.length;
    const error = await fakeRun(
      { ...fx.dashscopeCredential, dataDir: ownLedger(), monthlyBudgetUsd: 0.000001, onLimit: 'fallback' },
      { operation: 'chat' },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as Error).message).toMatch(/No fallback model was left to try, so this request was not sent/);
    expect((error as Error).message).toMatch(/add Fallback Models/);
    expect(fx.sim.requests.length).toBe(sent);
  });
});

/** A fresh ledger folder: a budget written there (into the store's budget book) limits only that run. */
function ownLedger(): string {
  return mkdtempSync(join(tmpdir(), 'aegis-node-budget-'));
}

describe('DashScope node: List Models and Test Connection', () => {
  it("lists the provider's models with prices, one item each", async () => {
    const out = await run({ operation: 'listModels' });
    const plus = out.find((item) => item.json.model === 'qwen-plus');
    expect(plus).toMatchObject({ json: { provider: 'dashscope', source: 'both', pricing: { currency: 'USD' } }, pairedItem: { item: 0 } });
    expect(out.every((item) => item.json.provider === 'dashscope')).toBe(true);
  });

  it('tests the connection: reachable, key accepted, the default model answers', async () => {
    const [item] = await run({ operation: 'testConnection' });
    expect(item?.json).toMatchObject({ provider: 'dashscope', reachable: true, keyAccepted: true, modelAnswered: true, model: 'qwen-plus' });
  });

  it('says a refused key is most likely from another region', async () => {
    const wrongKey = 'sk-from-beijing-0000000000';
    const [item] = await fakeRun({ ...fx.dashscopeCredential, apiKey: wrongKey }, { operation: 'testConnection' });
    expect(item?.json).toMatchObject({ reachable: true, keyAccepted: false, hint: DASHSCOPE_REGION_MISMATCH_HINT });
    expect(JSON.stringify(item)).not.toContain(wrongKey);
  });
});

async function fakeRun(credential: Record<string, string | number>, parameters: IDataObject): Promise<INodeExecutionData[]> {
  const { ctx } = fakeExecuteContext({
    credentialName: 'aegisDashScopeApi',
    credential,
    parameters: { model: modelParam('qwen-plus'), prompt: 'Hello there', options: {}, ...parameters },
  });
  const [out] = await node.execute.call(ctx);
  return out ?? [];
}
