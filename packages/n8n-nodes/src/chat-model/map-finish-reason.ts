import type { FinishReason as CoreFinishReason } from '@aegis-llm/core';
import type { FinishReason } from '@n8n/ai-node-sdk';

/** The core's finish reasons in the AI SDK's words. */
export function mapFinishReason(reason: CoreFinishReason): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'tool_calls':
      return 'tool-calls';
    case 'error':
      return 'error';
    default:
      return 'other';
  }
}
