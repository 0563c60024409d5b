import { NodeHelpers, NodeOperationError, type IDataObject, type INode, type INodeType } from 'n8n-workflow';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AegisAnyLlm } from '../../nodes/AegisAnyLlm/AegisAnyLlm.node.js';
import { AegisDashScope } from '../../nodes/AegisDashScope/AegisDashScope.node.js';
import { DEFAULT_MAX_TOKENS } from '../description/action-node-version.js';
import { fakeExecuteContext, modelParam } from '../test-support/fake-execute-context.js';
import { startNodeFixture, TEST_KEY, type NodeFixture } from '../test-support/node-fixture.js';

let fx: NodeFixture;
beforeAll(async () => {
  fx = await startNodeFixture();
});
afterEach(() => fx.sim.reset());
afterAll(async () => fx.close());

const dashscope = new AegisDashScope();

/**
 * The parameters n8n runs a saved node with: its own NodeHelpers fill in the
 * defaults of every parameter shown for the node's version (what a workflow
 * saved without touching a field gets), and drop those not shown.
 */
function asN8nRunsIt(node: INodeType, typeVersion: number, saved: IDataObject): IDataObject {
  const { description } = node;
  const stored: INode = { id: 'n', name: 'n', type: description.name, typeVersion, position: [0, 0], parameters: saved as INode['parameters'] };
  return (NodeHelpers.getNodeParameters(description.properties, stored.parameters, true, false, stored, description) ?? {}) as IDataObject;
}

const chat = { operation: 'chat', model: modelParam('qwen-plus'), inputType: 'prompt', prompt: 'Hello there', options: {} };

async function runDashScope(typeVersion: number, saved: IDataObject, credential: IDataObject = fx.dashscopeCredential) {
  const { ctx } = fakeExecuteContext({
    credentialName: 'aegisDashScopeApi',
    credential: credential as Record<string, string>,
    parameters: asN8nRunsIt(dashscope, typeVersion, saved),
    typeVersion,
  });
  const [out] = await dashscope.execute.call(ctx);
  return out ?? [];
}

describe('action node versions', () => {
  it.each([
    ['DashScope', new AegisDashScope()],
    ['AnyLLM', new AegisAnyLlm()],
  ])('%s: versions 1 and 2, new nodes get 2', (_label, node) => {
    expect(node.description.version).toEqual([1, 2]);
    expect(node.description.defaultVersion).toBe(2);
  });

  it('version 2 shows Maximum Tokens with its default; version 1 keeps it an option', () => {
    expect(asN8nRunsIt(dashscope, 2, chat)).toMatchObject({ maxTokens: DEFAULT_MAX_TOKENS });
    expect(asN8nRunsIt(dashscope, 1, chat)).not.toHaveProperty('maxTokens');
    const options = dashscope.description.properties.find((p) => p.name === 'options')?.options ?? [];
    const maxTokensOption = options.find((o) => o.name === 'maxTokens') as { displayOptions?: { show?: IDataObject } };
    expect(maxTokensOption.displayOptions?.show?.['@version']).toEqual([1]);
  });

  it('version 2 sends the shown default with every request', async () => {
    await runDashScope(2, chat);
    expect(fx.sim.requests.at(-1)?.body).toMatchObject({ model: 'qwen-plus', max_completion_tokens: DEFAULT_MAX_TOKENS });
  });

  it('version 2 sends the value set, and ignores a Maximum Tokens left in the options', async () => {
    await runDashScope(2, { ...chat, maxTokens: 300, options: { maxTokens: 77 } });
    expect(fx.sim.requests.at(-1)?.body?.max_completion_tokens).toBe(300);
  });

  it('version 2 refuses a Maximum Tokens under 1, naming it, and sends nothing', async () => {
    const error = await runDashScope(2, { ...chat, maxTokens: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as Error).message).toMatch(/maxTokens/);
    expect(fx.sim.requests).toHaveLength(0);
  });

  it("version 1 is unchanged: until the option is added the cap is the model's whole output, then the option's", async () => {
    await runDashScope(1, chat);
    // The core's cap rule: no maxTokens, the model's max output (qwen-plus: 32,768) is sent and reserved.
    expect(fx.sim.requests.at(-1)?.body?.max_completion_tokens).toBe(32_768);
    await runDashScope(1, { ...chat, options: { maxTokens: 64 } });
    expect(fx.sim.requests.at(-1)?.body?.max_completion_tokens).toBe(64);
  });

  it("under a small budget, version 2 reserves the shown cap and runs; version 1 reserves the model's whole output and is blocked", async () => {
    // qwen-plus can write 32,768 tokens (over $0.039 at its cheapest output
    // price); 1,024 cost at most about $0.004 even at its thinking price.
    const credential = { ...fx.dashscopeCredential, monthlyBudgetUsd: 0.02, onLimit: 'block' };
    const [item] = await runDashScope(2, chat, credential);
    expect(item?.json.text).toMatch(/^Echo: Hello there/);
    const sent = fx.sim.requests.length;
    const error = await runDashScope(1, chat, credential).catch((e: unknown) => e);
    expect((error as NodeOperationError).description).toContain('kind: budget_exceeded');
    expect(fx.sim.requests.length).toBe(sent);
  });

  it('keeps the key out of a version 2 failure', async () => {
    const error = await runDashScope(2, { ...chat, maxTokens: -5 }).catch((e: unknown) => e);
    expect(JSON.stringify(error)).not.toContain(TEST_KEY);
    expect(String(error)).not.toContain(TEST_KEY);
  });
});

describe('sampling options on the action nodes', () => {
  const optionNames = (node: INodeType) => (node.description.properties.find((p) => p.name === 'options')?.options ?? []).map((o) => o.name);

  it('offers only what the provider kind accepts: DashScope takes no frequency penalty', () => {
    expect(optionNames(dashscope)).toEqual(expect.arrayContaining(['topP', 'stop', 'seed', 'presencePenalty']));
    expect(optionNames(dashscope)).not.toContain('frequencyPenalty');
    expect(optionNames(new AegisAnyLlm())).toEqual(expect.arrayContaining(['topP', 'stop', 'seed', 'presencePenalty', 'frequencyPenalty']));
  });
});
