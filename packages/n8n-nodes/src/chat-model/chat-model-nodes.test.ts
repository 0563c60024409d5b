import { dashscopeErrors } from '@aegis-llm/simulator';
import { NodeApiError, type IDataObject } from 'n8n-workflow';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LmChatAnyLlm } from '../../nodes/LmChatAnyLlm/LmChatAnyLlm.node.js';
import { LmChatDashScopeAegis } from '../../nodes/LmChatDashScopeAegis/LmChatDashScopeAegis.node.js';
import { fakeExecuteContext, modelParam } from '../test-support/fake-execute-context.js';
import { startNodeFixture, TEST_KEY, type NodeFixture } from '../test-support/node-fixture.js';

/** What a LangChain chat model answers `invoke` and `stream` with (the parts these tests read). */
interface LangchainChatModel {
  invoke(input: string): Promise<{ content: unknown; usage_metadata?: { input_tokens: number; output_tokens: number } }>;
  stream(input: string): Promise<AsyncIterable<{ content: unknown }>>;
}

let fx: NodeFixture;
beforeAll(async () => {
  fx = await startNodeFixture();
});
afterEach(() => fx.sim.reset());
afterAll(async () => fx.close());

async function supply(parameters: IDataObject = {}) {
  const fake = fakeExecuteContext({
    credentialName: 'aegisDashScopeApi',
    credential: fx.dashscopeCredential,
    parameters: { model: modelParam('qwen-plus'), options: {}, ...parameters },
  });
  const supplied = await new LmChatDashScopeAegis().supplyData.call(fake.ctx, 0);
  return { ...fake, supplied, model: supplied.response as LangchainChatModel };
}

describe('DashScope Chat Model sub-node', () => {
  it('supplies a LangChain chat model and a close function for the gateway', async () => {
    const { supplied } = await supply();
    expect(typeof (supplied.response as LangchainChatModel).invoke).toBe('function');
    expect(typeof supplied.closeFunction).toBe('function');
    await supplied.closeFunction?.();
  });

  it('answers through the gateway, with usage for n8n\'s token tracing and cost in the shared ledger', async () => {
    const { model, supplied, traced } = await supply({ options: { maxTokens: 100 } });
    const before = (await fx.sharedBudget('dashscope'))?.spent.microUsd ?? 0;
    const answer = await model.invoke('Tell me a story');
    await supplied.closeFunction?.();
    expect(JSON.stringify(answer.content)).toContain('Echo: Tell me a story');
    expect(answer.usage_metadata?.input_tokens).toBeGreaterThan(0);
    expect(fx.sim.requests.at(-1)?.body).toMatchObject({ model: 'qwen-plus', max_completion_tokens: 100 });
    expect((await fx.sharedBudget('dashscope'))?.spent.microUsd).toBeGreaterThan(before);
    expect(traced.map((t) => t.kind)).toEqual(['input', 'output']);
  });

  it('falls back inside one model call', async () => {
    fx.sim.script({ fault: dashscopeErrors.insufficientQuota }, { model: 'qwen-plus' });
    const { model, supplied } = await supply({ options: { fallbackModels: 'qwen-turbo' } });
    await model.invoke('Hi');
    await supplied.closeFunction?.();
    expect(fx.sim.requests.map((r) => r.body?.model)).toEqual(['qwen-plus', 'qwen-turbo']);
  });

  it('streams deltas as they arrive', async () => {
    fx.sim.script({ text: 'alpha beta gamma', chunks: 3 });
    const { model, supplied } = await supply();
    const parts: string[] = [];
    for await (const chunk of await model.stream('Hi')) {
      if (typeof chunk.content === 'string') parts.push(chunk.content);
      else if (Array.isArray(chunk.content)) parts.push(chunk.content.map((c: { text?: string }) => c.text ?? '').join(''));
    }
    await supplied.closeFunction?.();
    expect(parts.filter((p) => p !== '').length).toBeGreaterThan(1);
    expect(parts.join('')).toBe('alpha beta gamma');
  });

  it('fails the call with a NodeApiError, once (no retry on top of the gateway\'s), without the key', async () => {
    fx.sim.script({ fault: { ...dashscopeErrors.invalidParameter, echoKey: true } });
    const { model, supplied } = await supply();
    const error = await model.invoke('Hi').catch((e: unknown) => e);
    await supplied.closeFunction?.();
    expect(error).toBeInstanceOf(NodeApiError);
    expect(String((error as Error).message)).not.toContain(TEST_KEY);
    expect(fx.sim.requests).toHaveLength(1);
  });
});

describe('AnyLLM Chat Model sub-node', () => {
  it('answers with the credential\'s default model under its provider id', async () => {
    const fake = fakeExecuteContext({
      credentialName: 'aegisAnyLlmApi',
      credential: { baseUrl: fx.sim.baseURL, apiKey: TEST_KEY, defaultModel: 'qwen-turbo', providerId: 'lab', dataDir: fx.home },
      parameters: { model: modelParam(''), options: {} },
    });
    const supplied = await new LmChatAnyLlm().supplyData.call(fake.ctx, 0);
    const answer = await (supplied.response as LangchainChatModel).invoke('Ping');
    await supplied.closeFunction?.();
    expect(JSON.stringify(answer.content)).toContain('Echo: Ping');
    expect(fx.sim.requests.at(-1)?.body?.model).toBe('qwen-turbo');
    expect((await fx.sharedBudget('lab'))?.requests).toBeGreaterThan(0);
  });
});
