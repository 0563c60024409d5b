import type { INodeProperties } from 'n8n-workflow';
import { commonChatOptionFields, outputFormatOptionFields, samplingOptionFields, thinkingOptionFields, type SamplingParams } from './chat-option-fields.js';
import { DEFAULT_MAX_TOKENS, FROM_VERSION_2, VERSION_1_ONLY } from './action-node-version.js';
import { modelProperty, type ModelPropertyOptions } from './model-property.js';

export interface ActionNodePropertiesOptions {
  model: ModelPropertyOptions;
  /** Offer DashScope's thinking options. */
  thinking: boolean;
  /** The sampling parameters the provider kind accepts: only those are offered. */
  sampling: SamplingParams;
}

const onChat = { show: { operation: ['chat'] } };
const onChatOption = { show: { '/operation': ['chat'] } };
// Version 2 has Maximum Tokens as a parameter of its own (action-node-version.ts).
const onChatOptionVersion1 = { show: { '/operation': ['chat'], ...VERSION_1_ONLY } };

/** The parameters of the DashScope and AnyLLM action nodes: the four verbs of the gateway. */
export function actionNodeProperties(options: ActionNodePropertiesOptions): INodeProperties[] {
  const chatOptions = [
    ...commonChatOptionFields(),
    ...outputFormatOptionFields(),
    ...samplingOptionFields(options.sampling),
    ...(options.thinking ? thinkingOptionFields() : []),
  ].map((field) => {
    if (field.name === 'dataDir') return field;
    return { ...field, displayOptions: field.name === 'maxTokens' ? onChatOptionVersion1 : onChatOption };
  });
  return [
    {
      displayName: 'Operation',
      name: 'operation',
      type: 'options',
      noDataExpression: true,
      default: 'chat',
      options: [
        { name: 'Chat', value: 'chat', action: 'Send a chat message', description: 'Get an answer, with fallback, budget and cost' },
        { name: 'List Models', value: 'listModels', action: 'List models', description: 'Models the provider serves, with prices and capabilities' },
        {
          name: 'Test Connection',
          value: 'testConnection',
          action: 'Test the connection',
          description: 'Reachability, key, region and whether the default model answers',
        },
        {
          name: 'Budget Status',
          value: 'budgetStatus',
          action: 'Get the budget status',
          description: "This month's spend and what is left, from the shared ledger",
        },
      ],
    },
    { ...modelProperty(options.model), displayOptions: onChat },
    {
      displayName: 'Input',
      name: 'inputType',
      type: 'options',
      default: 'prompt',
      displayOptions: onChat,
      options: [
        { name: 'Prompt', value: 'prompt', description: 'One user message' },
        { name: 'Messages', value: 'messages', description: 'A conversation of system, user and assistant messages' },
      ],
    },
    {
      displayName: 'Prompt',
      name: 'prompt',
      type: 'string',
      default: '',
      required: true,
      typeOptions: { rows: 4 },
      displayOptions: { show: { operation: ['chat'], inputType: ['prompt'] } },
      description: 'What to ask the model',
    },
    {
      displayName: 'Messages',
      name: 'messages',
      type: 'fixedCollection',
      default: {},
      placeholder: 'Add Message',
      typeOptions: { multipleValues: true, sortable: true },
      displayOptions: { show: { operation: ['chat'], inputType: ['messages'] } },
      options: [
        {
          displayName: 'Message',
          name: 'values',
          values: [
            {
              displayName: 'Role',
              name: 'role',
              type: 'options',
              default: 'user',
              options: [
                { name: 'User', value: 'user' },
                { name: 'Assistant', value: 'assistant' },
                { name: 'System', value: 'system' },
              ],
            },
            { displayName: 'Content', name: 'content', type: 'string', default: '', typeOptions: { rows: 2 } },
          ],
        },
      ],
    },
    {
      displayName: 'Maximum Tokens',
      name: 'maxTokens',
      type: 'number',
      default: DEFAULT_MAX_TOKENS,
      required: true,
      typeOptions: { minValue: 1, numberPrecision: 0 },
      displayOptions: { show: { operation: ['chat'], ...FROM_VERSION_2 } },
      description: 'Cap on the answer length, sent with every request. The budget reserves this many output tokens before the request is sent.',
    },
    {
      displayName: 'Options',
      name: 'options',
      type: 'collection',
      placeholder: 'Add Option',
      default: {},
      options: [
        {
          displayName: 'System Message',
          name: 'system',
          type: 'string',
          default: '',
          typeOptions: { rows: 3 },
          displayOptions: onChatOption,
          description: 'Instructions sent before the conversation',
        },
        {
          displayName: 'Image URLs',
          name: 'images',
          type: 'string',
          default: '',
          typeOptions: { rows: 2 },
          displayOptions: onChatOption,
          description: 'Images for vision models (qwen-vl-plus, qwen-vl-max): http(s) or data:image URLs, one per line',
        },
        {
          displayName: 'Image Binary Fields',
          name: 'imageBinaryProperties',
          type: 'string',
          default: '',
          placeholder: 'data',
          displayOptions: onChatOption,
          description: 'Binary fields of the input item holding images to attach, comma-separated',
        },
        {
          displayName: 'Live Model List',
          name: 'live',
          type: 'boolean',
          default: true,
          displayOptions: { show: { '/operation': ['listModels'] } },
          description: 'Whether to ask the provider for its models, on top of the built-in catalog',
        },
        ...chatOptions,
      ],
    },
  ];
}
