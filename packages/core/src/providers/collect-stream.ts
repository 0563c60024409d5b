import type { FinishReason, ProviderStreamPart, ToolCall, Usage } from '../types.js';
import type { ProviderCompletion } from './provider-call.js';

/** Drains provider parts into one answer (streaming-only models asked for one answer). */
export async function collectStream(parts: AsyncIterable<ProviderStreamPart>): Promise<ProviderCompletion> {
  let text = '';
  let reasoning = '';
  let usage: Omit<Usage, 'estimated'> | undefined;
  let finishReason: FinishReason = 'unknown';
  const toolCalls: ToolCall[] = [];
  for await (const part of parts) {
    if (part.type === 'text-delta') text += part.delta;
    else if (part.type === 'reasoning-delta') reasoning += part.delta;
    else if (part.type === 'tool-call') toolCalls.push(part.toolCall);
    else if (part.type === 'usage') usage = part.usage;
    else if (part.type === 'finish') finishReason = part.finishReason;
  }
  return { text, ...(reasoning ? { reasoning } : {}), ...(toolCalls.length > 0 ? { toolCalls } : {}), finishReason, usage };
}
