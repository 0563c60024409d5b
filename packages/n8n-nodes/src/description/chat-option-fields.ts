import { DEFAULT_HOME } from '@aegis-llm/core';
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
      description: 'Randomness of the answer: 0 is the most deterministic',
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
      description: 'Folder of the spend record for this node, instead of the credential\'s (Spend Ledger Folder there)',
    },
  ];
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
      displayName: 'Thinking Budget',
      name: 'thinkingBudget',
      type: 'number',
      default: 2048,
      typeOptions: { minValue: 1 },
      description: 'Maximum tokens spent on reasoning when Thinking is on',
    },
  ];
}
