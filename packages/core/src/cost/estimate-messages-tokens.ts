import type { ChatMessage, ResponseFormat, ToolDefinition } from '../types.js';
import { estimateTokens } from './estimate-tokens.js';

/**
 * Per-message framing (role and separators). OpenAI's cookbook counts 3-4
 * tokens per message for its chat format ("How to count tokens with
 * tiktoken"); Qwen's ChatML framing (`<|im_start|>role\n ... <|im_end|>\n`)
 * is about the same.
 */
export const TOKENS_PER_MESSAGE = 4;

/** Every reply is primed with an assistant header (same cookbook). */
export const TOKENS_PER_REPLY = 3;

/**
 * One image, whatever its size (we do not fetch or decode it). Qwen-VL caps
 * an image at 1280 visual tokens by default (`max_pixels` = 1280 x 28 x 28,
 * Model Studio vision docs); an OpenAI high-detail image costs 85 + 170 per
 * 512px tile, about 765-1105 tokens for common sizes. The Qwen cap is the
 * larger, and a budget estimate should err high.
 */
export const TOKENS_PER_IMAGE = 1280;

/**
 * Framing of one tool definition or call (its id, `type`, the `function`
 * wrapper). Providers render tool definitions into the prompt as text (Qwen
 * puts them in the system prompt as JSON; OpenAI as a TypeScript-like
 * declaration): they are input, billed as such.
 */
export const TOKENS_PER_TOOL = 10;

/**
 * Estimated input tokens of a conversation: text by estimateTokens, plus a
 * fixed overhead per message, per image part and per request. Deterministic;
 * see estimateTokens for its accuracy.
 */
export function estimateMessagesTokens(messages: readonly ChatMessage[]): number {
  let total = TOKENS_PER_REPLY;
  for (const message of messages) {
    total += TOKENS_PER_MESSAGE;
    // The calls an assistant made go back to the model as their JSON text.
    if (message.toolCalls) for (const call of message.toolCalls) total += TOKENS_PER_TOOL + estimateTokens(call.name + call.arguments);
    if (typeof message.content === 'string') {
      total += estimateTokens(message.content);
      continue;
    }
    for (const part of message.content) {
      total += part.type === 'text' ? estimateTokens(part.text) : TOKENS_PER_IMAGE;
    }
  }
  return total;
}

/**
 * Estimated input tokens of what a request sends besides its messages: the
 * tool definitions (name, description, parameters schema) and a JSON
 * schema response format. Counted in the prompt estimate, and so in the
 * worst-case reservation.
 */
export function estimateRequestExtrasTokens(tools: readonly ToolDefinition[] | undefined, format: ResponseFormat | undefined): number {
  let total = 0;
  for (const tool of tools ?? []) {
    total += TOKENS_PER_TOOL + estimateTokens(tool.name) + estimateTokens(tool.description ?? '');
    if (tool.parameters !== undefined) total += estimateTokens(JSON.stringify(tool.parameters));
  }
  if (format?.type === 'json_schema') total += TOKENS_PER_TOOL + estimateTokens(format.name + JSON.stringify(format.schema));
  return total;
}
