import { dashscopeErrors } from '@aegis-llm/simulator';
import { NodeApiError, type IDataObject, type INodeType } from 'n8n-workflow';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LmChatAnyLlm } from '../../nodes/LmChatAnyLlm/LmChatAnyLlm.node.js';
import { LmChatDashScopeAegis } from '../../nodes/LmChatDashScopeAegis/LmChatDashScopeAegis.node.js';
import { fakeExecuteContext, modelParam } from '../test-support/fake-execute-context.js';
import { startNodeFixture, TEST_KEY, type NodeFixture } from '../test-support/node-fixture.js';

interface LangchainToolCall {
  id?: string;
  name: string;
  args: Record<string, unknown>;
}
interface LangchainMessage {
  content: unknown;
  tool_calls?: LangchainToolCall[];
  usage_metadata?: { input_tokens: number; output_tokens: number };
  concat(other: LangchainMessage): LangchainMessage;
}
/** What a LangChain chat model answers `invoke` and `stream` with (the parts these tests read). */
interface LangchainChatModel {
  invoke(input: unknown): Promise<LangchainMessage>;
  stream(input: unknown): Promise<AsyncIterable<LangchainMessage>>;
  bindTools(tools: unknown[]): LangchainChatModel;
}

/** A LangChain tool in OpenAI's shape, as an agent binds it. */
const calculator = {
  type: 'function',
  function: {
    name: 'calculator',
    description: 'Evaluates arithmetic',
    parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] },
  },
};

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

  it("answers through the gateway, with usage for n8n's token tracing and cost in the shared ledger", async () => {
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

  it("fails the call with a NodeApiError, once (no retry on top of the gateway's), without the key", async () => {
    fx.sim.script({ fault: { ...dashscopeErrors.invalidParameter, echoKey: true } });
    const { model, supplied } = await supply();
    const error = await model.invoke('Hi').catch((e: unknown) => e);
    await supplied.closeFunction?.();
    expect(error).toBeInstanceOf(NodeApiError);
    expect(String((error as Error).message)).not.toContain(TEST_KEY);
    expect(fx.sim.requests).toHaveLength(1);
  });

  it("says what to check in the credential's words when the key is refused: its Region, not a variable", async () => {
    fx.sim.script({ fault: dashscopeErrors.invalidApiKey });
    const { model, supplied } = await supply();
    const error = await model.invoke('Hi').catch((e: unknown) => e);
    await supplied.closeFunction?.();
    expect(String((error as Error).message)).toContain('the Region');
    expect(String((error as Error).message)).not.toContain('DASHSCOPE_REGION');
  });
});

describe('tool calling through the sub-node', () => {
  it('sends the bound tools and returns the calls the agent runs; the tool result goes back as a tool message', async () => {
    fx.sim.script([{ toolCalls: [{ name: 'calculator', arguments: { input: '6*7' }, id: 'call_1' }] }, { text: 'The answer is {lastToolResult}.' }]);
    const { model, supplied, traced } = await supply();
    const withTools = model.bindTools([calculator]);
    const first = await withTools.invoke('What is 6 times 7?');
    expect(first.tool_calls).toEqual([expect.objectContaining({ id: 'call_1', name: 'calculator', args: { input: '6*7' } })]);
    expect(fx.sim.requests.at(-1)?.body?.tools).toEqual([{ type: 'function', function: calculator.function }]);
    const second = await withTools.invoke([{ role: 'user', content: 'What is 6 times 7?' }, first, { role: 'tool', content: '42', tool_call_id: 'call_1' }]);
    await supplied.closeFunction?.();
    expect(JSON.stringify(second.content)).toContain('The answer is 42.');
    expect(fx.sim.requests.at(-1)?.body?.messages).toEqual([
      { role: 'user', content: 'What is 6 times 7?' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'calculator', arguments: '{"input":"6*7"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '42' },
    ]);
    // The run data (what n8n's tracing keeps of a generation) says who answered and what it cost.
    const output = traced.filter((t) => t.kind === 'output').at(-1)?.data as Array<
      Array<{ json: { response: { generations: Array<Array<{ generationInfo?: { aegis?: Record<string, unknown> } }>> } } }>
    >;
    const aegis = output[0]?.[0]?.json.response.generations[0]?.[0]?.generationInfo?.aegis;
    expect(aegis).toMatchObject({ provider: 'dashscope', model: 'qwen-plus', fallback: false, cost: { microUsd: expect.any(Number) } });
  });

  it('streams two calls of one answer as two calls, not one merged', async () => {
    fx.sim.script({
      toolCalls: [
        { name: 'calculator', arguments: { input: '1+1' }, id: 'call_a' },
        { name: 'calculator', arguments: { input: '2+2' }, id: 'call_b' },
      ],
      toolCallChunks: 5,
    });
    const { model, supplied } = await supply();
    let merged: LangchainMessage | undefined;
    for await (const chunk of await model.bindTools([calculator]).stream('Add both')) merged = merged ? merged.concat(chunk) : chunk;
    await supplied.closeFunction?.();
    expect(merged?.tool_calls).toEqual([
      expect.objectContaining({ id: 'call_a', name: 'calculator', args: { input: '1+1' } }),
      expect.objectContaining({ id: 'call_b', name: 'calculator', args: { input: '2+2' } }),
    ]);
  });
});

describe('sampling options on the sub-nodes', () => {
  const optionNames = (node: INodeType) => (node.description.properties.find((p) => p.name === 'options')?.options ?? []).map((o) => o.name);

  it("offers those the provider kind accepts, as n8n's OpenAI Chat Model does: DashScope takes no frequency penalty", () => {
    expect(optionNames(new LmChatDashScopeAegis())).toEqual(expect.arrayContaining(['topP', 'stop', 'seed', 'presencePenalty']));
    expect(optionNames(new LmChatDashScopeAegis())).not.toContain('frequencyPenalty');
    expect(optionNames(new LmChatAnyLlm())).toEqual(expect.arrayContaining(['topP', 'stop', 'seed', 'presencePenalty', 'frequencyPenalty']));
  });

  it('sends each option added with every call, one answer and stream alike; none when not added', async () => {
    const { model, supplied } = await supply({ options: { topP: 0.5, stop: 'END, ###', seed: 7, presencePenalty: 0.3 } });
    await model.invoke('Hi');
    const sampled = { top_p: 0.5, stop: ['END', '###'], seed: 7, presence_penalty: 0.3 };
    expect(fx.sim.requests.at(-1)?.body).toMatchObject(sampled);
    for await (const _chunk of await model.stream('Hi again')) {
      // drained
    }
    await supplied.closeFunction?.();
    expect(fx.sim.requests.at(-1)?.body).toMatchObject({ ...sampled, stream: true });

    const plain = await supply();
    await plain.model.invoke('Hi');
    await plain.supplied.closeFunction?.();
    for (const field of ['top_p', 'stop', 'seed', 'presence_penalty', 'frequency_penalty']) expect(fx.sim.requests.at(-1)?.body).not.toHaveProperty(field);
  });

  it('sends the frequency penalty to an AnyLLM endpoint', async () => {
    const fake = fakeExecuteContext({
      credentialName: 'aegisAnyLlmApi',
      credential: { baseUrl: fx.sim.baseURL, apiKey: TEST_KEY, defaultModel: 'qwen-turbo', providerId: 'lab', dataDir: fx.home },
      parameters: { model: modelParam(''), options: { frequencyPenalty: 0.4, seed: 3 } },
    });
    const supplied = await new LmChatAnyLlm().supplyData.call(fake.ctx, 0);
    await (supplied.response as LangchainChatModel).invoke('Ping');
    await supplied.closeFunction?.();
    expect(fx.sim.requests.at(-1)?.body).toMatchObject({ model: 'qwen-turbo', frequency_penalty: 0.4, seed: 3 });
  });
});

describe('AnyLLM Chat Model sub-node', () => {
  it("answers with the credential's default model under its provider id", async () => {
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
