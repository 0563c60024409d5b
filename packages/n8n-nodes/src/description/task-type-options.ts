import { DEFAULT_ROUTES, DEFAULT_TASK } from '@aegis-llm/core';
import type { INodePropertyOptions } from 'n8n-workflow';

const LABELS: Readonly<Record<string, string>> = {
  chat: 'Chat',
  summarize: 'Summarize',
  extract: 'Extract',
  code: 'Code',
  vision: 'Vision',
  reasoning: 'Reasoning',
};

/** The core's task types, as the options of the Purpose field. */
export function taskTypeOptions(): INodePropertyOptions[] {
  return Object.keys(DEFAULT_ROUTES).map((task) => ({ name: LABELS[task] ?? task, value: task }));
}

export { DEFAULT_TASK };
