import { DEFAULT_HOME, type ProviderKindDefinition } from '@aegis-llm/core';
import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_TASK, taskTypeOptions } from './task-type-options.js';

/** Chat options both the action nodes and the chat-model sub-nodes offer. */
export function commonChatOptionFields(): INodeProperties[] {
  return [
    {
      displayName: 'Fallback Models',
      name: 'fallbackModels',
      type: 'string',
      default: '',
      placeholder: 'qwen-turbo, qwen-flash',
      description:
        'Models tried in order when the model fails with an error another model may not have (rate limit, outage, budget with "Fall Back"). Comma-separated.',
    },
    {
      displayName: 'Maximum Tokens',
      name: 'maxTokens',
      type: 'number',
      default: 1024,
      typeOptions: { minValue: 1 },
      description: 'Cap on the answer length. Also what the budget reserves before the request is sent.',
    },
    {
      displayName: 'Temperature',
      name: 'temperature',
      type: 'number',
      default: 0.7,
      typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 },
      description:
        "Randomness of the answer: 0 is the most deterministic. Sent only once added; not added, the model's own default applies (it differs by model).",
    },
    {
      displayName: 'Purpose',
      name: 'task',
      type: 'options',
      default: DEFAULT_TASK,
      options: taskTypeOptions(),
      description: 'What the request is for. With no model named, it picks a suitable model (e.g. a coding model for Code). Also recorded with the spend.',
    },
    {
      displayName: 'Timeout (Seconds)',
      name: 'timeoutSeconds',
      type: 'number',
      default: 55,
      typeOptions: { minValue: 1 },
      description: 'Deadline of the whole request, retries and fallbacks included',
    },
    {
      displayName: 'Spend Ledger Folder',
      name: 'dataDir',
      type: 'string',
      default: '',
      placeholder: DEFAULT_HOME,
      description: "Folder of the spend record for this node, instead of the credential's (Spend Ledger Folder there)",
    },
    tagsOptionField(),
  ];
}

/** The Tags option of chat and embeddings nodes: rows of name and value kept with each request's spend. */
export function tagsOptionField(): INodeProperties {
  return {
    displayName: 'Tags',
    name: 'tags',
    type: 'fixedCollection',
    typeOptions: { multipleValues: true },
    default: {},
    placeholder: 'Add Tag',
    description:
      'Labels kept with the spend of each request (e.g. team = support, end_user = an expression), summed per tag in Budget Status. The workflow, execution and node are tagged already.',
    options: [
      {
        displayName: 'Tag',
        name: 'values',
        values: [
          {
            displayName: 'Name',
            name: 'name',
            type: 'string',
            default: '',
            placeholder: 'team',
            description: 'Lower-case letters, digits, _ . : or - (at most 64)',
          },
          {
            displayName: 'Value',
            name: 'value',
            type: 'string',
            default: '',
            placeholder: 'support',
            description: '1 to 256 characters',
          },
        ],
      },
    ],
  };
}

/** DashScope hybrid thinking (`enable_thinking`, `thinking_budget`). */
export function thinkingOptionFields(): INodeProperties[] {
  return [
    {
      displayName: 'Thinking',
      name: 'thinking',
      type: 'boolean',
      default: false,
      description: 'Whether hybrid thinking models (qwen-plus, qwen3) reason before answering. The reasoning is output separately.',
    },
    {
      displayName: 'Thinking Budget (Tokens)',
      name: 'thinkingBudget',
      type: 'number',
      default: 2048,
      typeOptions: { minValue: 1 },
      description: 'Maximum tokens spent on reasoning when Thinking is on',
    },
  ];
}

/** The sampling parameters a provider kind accepts (its core spec's `samplingParams`). */
export type SamplingParams = ProviderKindDefinition['spec']['samplingParams'];

/**
 * Sampling options, those the node's provider kind accepts (the core's kind
 * spec): a field the provider would never receive is not offered. Each is
 * sent only once added, with the value shown; not added, the provider's own
 * default applies.
 */
export function samplingOptionFields(accepted: SamplingParams): INodeProperties[] {
  return SAMPLING_FIELDS.filter(([param]) => accepted.includes(param)).map(([, field]) => field);
}

/** Each option beside the wire parameter it becomes. */
const SAMPLING_FIELDS: ReadonlyArray<readonly [SamplingParams[number], INodeProperties]> = [
  [
    'top_p',
    {
      displayName: 'Top P',
      name: 'topP',
      type: 'number',
      default: 1,
      typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
      description: 'Nucleus sampling: only the most likely tokens whose probabilities add up to this are considered',
    },
  ],
  [
    'stop',
    {
      displayName: 'Stop Sequences',
      name: 'stop',
      type: 'string',
      default: '',
      placeholder: 'END, ###',
      description: 'Up to 4 sequences that end the answer, comma-separated',
    },
  ],
  [
    'seed',
    {
      displayName: 'Seed',
      name: 'seed',
      type: 'number',
      default: 0,
      typeOptions: { numberPrecision: 0 },
      description: 'The same seed and request give the same answer, as far as the provider can',
    },
  ],
  [
    'presence_penalty',
    {
      displayName: 'Presence Penalty',
      name: 'presencePenalty',
      type: 'number',
      default: 0,
      typeOptions: { minValue: -2, maxValue: 2, numberPrecision: 2 },
      description: 'Positive values make the model move on to new topics (-2 to 2)',
    },
  ],
  [
    'frequency_penalty',
    {
      displayName: 'Frequency Penalty',
      name: 'frequencyPenalty',
      type: 'number',
      default: 0,
      typeOptions: { minValue: -2, maxValue: 2, numberPrecision: 2 },
      description: 'Positive values make the model repeat itself less (-2 to 2)',
    },
  ],
];

/** The answer's form, for the action nodes (chains and agents use an output parser instead). */
export function outputFormatOptionFields(): INodeProperties[] {
  return [
    {
      displayName: 'Output Format',
      name: 'responseFormat',
      type: 'options',
      default: 'text',
      options: [
        { name: 'Text', value: 'text' },
        { name: 'JSON Object', value: 'json_object', description: "Any JSON object; the parsed value is in the output's json field" },
        { name: 'JSON Following a Schema', value: 'json_schema', description: 'JSON that follows the JSON Schema below' },
      ],
      description: 'Models without the mode asked for are skipped (with the reason) for the next fallback',
    },
    {
      displayName: 'JSON Schema',
      name: 'jsonSchema',
      type: 'json',
      default: '{\n  "type": "object",\n  "properties": {\n    "answer": { "type": "string" }\n  },\n  "required": ["answer"]\n}',
      displayOptions: { show: { responseFormat: ['json_schema'] } },
      description: 'The JSON Schema the answer must follow (for Output Format "JSON Following a Schema")',
    },
  ];
}
