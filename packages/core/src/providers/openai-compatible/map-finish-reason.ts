import type { FinishReason } from '../../types.js';

/** Upstream finish reasons -> ours. DashScope's native "null" string means "not finished". */
export function mapFinishReason(reason: string | null | undefined): FinishReason | undefined {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content_filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case null:
    case undefined:
    case 'null':
      return undefined;
    default:
      return 'unknown';
  }
}
