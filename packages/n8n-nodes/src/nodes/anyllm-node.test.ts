import { dashscopeErrors } from '@aegis-llm/simulator';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AegisAnyLlm } from '../../nodes/AegisAnyLlm/AegisAnyLlm.node.js';
import { fakeExecuteContext, modelParam } from '../test-support/fake-execute-context.js';
import { startNodeFixture, TEST_KEY, type NodeFixture } from '../test-support/node-fixture.js';

let fx: NodeFixture;
let keyless: NodeFixture;
beforeAll(async () => {
  fx = await startNodeFixture();
  // A local server that wants no key (vLLM, LM Studio).
  keyless = await startNodeFixture({ apiKey: undefined });
});
afterEach(() => {
  fx.sim.reset();
  keyless.sim.reset();
});
afterAll(async () => {
  await fx.close();
  await keyless.close();
});

const node = new AegisAnyLlm();

async function run(credential: IDataObject, parameters: IDataObject, continueOnFail = false): Promise<INodeExecutionData[]> {
  const { ctx } = fakeExecuteContext({
    credentialName: 'aegisAnyLlmApi',
    credential: credential as Record<string, string>,
    parameters: { operation: 'chat', model: modelParam(''), inputType: 'prompt', prompt: 'Hello there', options: {}, ...parameters },
    continueOnFail,
  });
  const [out] = await node.execute.call(ctx);
  return out ?? [];
}

describe('AnyLLM node', () => {
  const credential = () => ({
    baseUrl: fx.sim.baseURL,
    apiKey: TEST_KEY,
    defaultModel: 'qwen-plus',
    providerId: 'myllm',
    headers: 'X-Title: aegis-n8n\nX-Team-Token: team-secret-4242',
    // Every model the tests call is priced: under the budget an unpriced one is refused unsent.
    modelPrices: 'qwen-plus: 1, 2\nqwen-turbo: 0.5, 1\nqwen-max: 2, 4',
    monthlyBudgetUsd: 2,
    dataDir: fx.home,
  });

  it("chats with the credential's default model, headers and prices, under its provider id", async () => {
    const [item] = await run(credential(), {});
    expect(item?.json).toMatchObject({
      provider: 'myllm',
      model: 'qwen-plus',
      text: expect.stringMatching(/^Echo: Hello there/),
      cost: { microUsd: expect.any(Number) },
    });
    const usage = item?.json.usage as { inputTokens: number; outputTokens: number };
    // 1 USD / 1M input tokens, 2 USD / 1M output tokens: micro-USD equal the token counts.
    expect((item?.json.cost as { microUsd: number }).microUsd).toBe(usage.inputTokens + 2 * usage.outputTokens);
    const request = fx.sim.requests.at(-1);
    expect(request?.headers).toMatchObject({ 'x-title': 'aegis-n8n', 'x-team-token': 'team-secret-4242' });
    expect(request?.body).toMatchObject({ model: 'qwen-plus' });
  });

  it('falls back to another model of the endpoint', async () => {
    fx.sim.script({ fault: dashscopeErrors.insufficientQuota }, { model: 'qwen-max' });
    const [item] = await run(credential(), { model: modelParam('qwen-max'), options: { fallbackModels: 'qwen-turbo' } });
    expect(item?.json).toMatchObject({
      provider: 'myllm',
      model: 'qwen-turbo',
      fallback: true,
      attempts: [
        { model: 'qwen-max', outcome: 'quota_exhausted' },
        { model: 'qwen-turbo', outcome: 'ok' },
      ],
    });
  });

  it('keeps header values out of errors', async () => {
    fx.sim.script({ fault: { type: 'status', status: 400, code: 'invalid', message: 'bad header team-secret-4242' } });
    const [item] = await run(credential(), {}, true);
    expect(item?.json.error).toContain('[REDACTED]');
    expect(JSON.stringify(item)).not.toContain('team-secret-4242');
  });

  it("counts spend against the endpoint's own budget in the shared ledger", async () => {
    await run(credential(), {});
    const shared = await fx.sharedBudget('myllm');
    expect(shared?.spent.microUsd).toBeGreaterThan(0);
    const [status] = await run(credential(), { operation: 'budgetStatus' });
    expect(status?.json).toMatchObject({ provider: 'myllm', budgeted: true, limit: { usd: '$2.00' } });
  });

  it('works with a key-less local server; its models are unpriced, not free', async () => {
    const [item] = await run({ baseUrl: keyless.sim.baseURL, defaultModel: 'qwen-turbo', dataDir: keyless.home }, {});
    expect(item?.json).toMatchObject({ provider: 'anyllm', model: 'qwen-turbo', cost: null });
    expect(keyless.sim.requests.at(-1)?.headers.authorization ?? '').not.toContain(TEST_KEY);
  });

  it("tests the connection and lists the endpoint's live models", async () => {
    const [test] = await run(credential(), { operation: 'testConnection' });
    expect(test?.json).toMatchObject({ provider: 'myllm', reachable: true, modelAnswered: true, model: 'qwen-plus' });
    const models = await run(credential(), { operation: 'listModels' });
    expect(models.map((m) => m.json.model)).toEqual(expect.arrayContaining(['qwen-plus', 'qwen-turbo', 'qwen-max']));
    expect(models.find((m) => m.json.model === 'qwen-plus')?.json.pricing).toMatchObject({ source: 'n8n credential' });
  });
});
