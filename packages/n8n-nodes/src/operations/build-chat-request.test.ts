import { describe, expect, it } from 'vitest';
import type { ProviderSetup } from '../config/provider-setup.js';
import { buildChatRequest } from './build-chat-request.js';
import type { ChatParameters } from './chat-parameters.js';
import { splitList } from './split-list.js';
import { workflowTags } from './workflow-tags.js';

const dashscope: ProviderSetup = { providerId: 'dashscope', raw: {}, secrets: [] };
const anyllm: ProviderSetup = { providerId: 'anyllm', raw: {}, secrets: [], defaultModel: 'local-model' };

function params(overrides: Partial<ChatParameters> = {}): ChatParameters {
  return { model: 'qwen-plus', inputType: 'prompt', prompt: 'Hi', messages: [], options: {}, binaryImages: [], ...overrides };
}

describe('buildChatRequest', () => {
  it("keeps the request to the credential's provider: the core qualifies the model and fallbacks with it", () => {
    expect(buildChatRequest(params(), dashscope)).toMatchObject({ model: 'qwen-plus', providers: ['dashscope'], prompt: 'Hi', task: 'chat' });
    expect(buildChatRequest(params({ model: 'meta-llama/llama-3.1-8b' }), anyllm)).toMatchObject({ model: 'meta-llama/llama-3.1-8b', providers: ['anyllm'] });
    const request = buildChatRequest(params({ options: { fallbackModels: 'qwen-turbo,\n dashscope/qwen-flash' } }), dashscope);
    expect(request.fallbacks).toEqual(['qwen-turbo', 'dashscope/qwen-flash']);
  });

  it('tags the request with the Tags option and the workflow context, the context winning per name', () => {
    const request = buildChatRequest(
      params({
        options: {
          tags: {
            values: [
              { name: ' team ', value: 'ops' },
              { name: '', value: 'blank row' },
              { name: '__proto__', value: 'p' },
              { name: 'workflow_id', value: 'spoof' },
            ],
          },
        },
        contextTags: workflowTags({ getWorkflow: () => ({ id: 'wf1', name: 'Invoices' }), getExecutionId: () => '42', getNode: () => ({ name: 'Summarize' }) }),
      }),
      dashscope,
    );
    expect(Object.entries(request.tags ?? {})).toEqual([
      ['team', 'ops'],
      ['__proto__', 'p'],
      ['workflow_id', 'wf1'],
      ['workflow_name', 'Invoices'],
      ['execution_id', '42'],
      ['node_name', 'Summarize'],
    ]);
    // An unsaved workflow has no id; a context method that throws leaves its tag out.
    expect(
      workflowTags({
        getWorkflow: () => ({ name: 'Draft' }),
        getExecutionId: () => {
          throw new Error('no execution');
        },
        getNode: () => ({ name: 'N' }),
      }),
    ).toEqual({
      workflow_name: 'Draft',
      node_name: 'N',
    });
    expect(buildChatRequest(params(), dashscope).tags).toBeUndefined();
  });

  it("uses the credential's default model when the node names none", () => {
    expect(buildChatRequest(params({ model: ' ' }), anyllm).model).toBe('local-model');
  });

  it('names no model when neither the node nor the credential has one: the core routes by task type on this provider', () => {
    const request = buildChatRequest(params({ model: '', options: { task: 'code', fallbackModels: 'qwen-turbo' } }), dashscope);
    expect(request).toMatchObject({ task: 'code', providers: ['dashscope'], fallbacks: ['qwen-turbo'] });
    expect(request.model).toBeUndefined();
  });

  it('sends messages, system, images, caps, thinking and the timeout', () => {
    const request = buildChatRequest(
      params({
        inputType: 'messages',
        messages: [
          { role: 'user', content: 'Q' },
          { role: 'assistant', content: 'A' },
        ],
        binaryImages: ['data:image/png;base64,AAAA'],
        options: {
          system: 'Be brief.',
          images: 'https://example.com/a.png',
          maxTokens: 64,
          temperature: 0,
          thinking: true,
          thinkingBudget: 100,
          timeoutSeconds: 2.5,
        },
      }),
      dashscope,
    );
    expect(request).toMatchObject({
      messages: [
        { role: 'user', content: 'Q' },
        { role: 'assistant', content: 'A' },
      ],
      system: 'Be brief.',
      images: ['https://example.com/a.png', 'data:image/png;base64,AAAA'],
      maxTokens: 64,
      temperature: 0,
      thinking: true,
      thinkingBudget: 100,
      timeoutMs: 2500,
    });
    expect(request.prompt).toBeUndefined();
  });

  it('leaves thinking out unless asked, and its budget out when thinking is off', () => {
    expect(buildChatRequest(params(), dashscope).thinking).toBeUndefined();
    expect(buildChatRequest(params({ options: { thinking: false, thinkingBudget: 10 } }), dashscope)).toMatchObject({ thinking: false });
    expect(buildChatRequest(params({ options: { thinking: false, thinkingBudget: 10 } }), dashscope).thinkingBudget).toBeUndefined();
  });
});

describe('buildChatRequest: Maximum Tokens of version 2', () => {
  it('sends the parameter in place of the option, and an invalid one as it is for the core to refuse', () => {
    expect(buildChatRequest(params({ maxTokens: 1024, options: { maxTokens: 64 } }), dashscope).maxTokens).toBe(1024);
    expect(buildChatRequest(params({ maxTokens: 0 }), dashscope).maxTokens).toBe(0);
    expect(buildChatRequest(params({ options: { maxTokens: 0 } }), dashscope)).not.toHaveProperty('maxTokens');
  });
});

describe('buildChatRequest: output format and sampling options', () => {
  it('sends each option added, with the value shown, and nothing for options not added', () => {
    expect(buildChatRequest(params(), dashscope)).not.toHaveProperty('topP');
    const request = buildChatRequest(
      params({ options: { topP: 0.8, stop: 'END, ###', seed: 0, presencePenalty: 0.5, frequencyPenalty: -1, responseFormat: 'json_object' } }),
      dashscope,
    );
    expect(request).toMatchObject({
      topP: 0.8,
      stop: ['END', '###'],
      seed: 0,
      presencePenalty: 0.5,
      frequencyPenalty: -1,
      responseFormat: { type: 'json_object' },
    });
  });

  it('takes the JSON Schema as text or as an object, and refuses one that is not an object', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    expect(buildChatRequest(params({ options: { responseFormat: 'json_schema', jsonSchema: JSON.stringify(schema) } }), dashscope).responseFormat).toEqual({
      type: 'json_schema',
      name: 'output',
      schema,
    });
    expect(buildChatRequest(params({ options: { responseFormat: 'json_schema', jsonSchema: schema } }), dashscope).responseFormat).toMatchObject({ schema });
    expect(() => buildChatRequest(params({ options: { responseFormat: 'json_schema', jsonSchema: '[1]' } }), dashscope)).toThrow(
      /JSON Schema is not a JSON object/,
    );
  });
});

describe('splitList', () => {
  it('splits on newlines and commas but keeps a data URL whole', () => {
    expect(splitList('a, b\n\ndata:image/png;base64,AA,BB\n c ')).toEqual(['a', 'b', 'data:image/png;base64,AA,BB', 'c']);
    expect(splitList(undefined)).toEqual([]);
  });
});
