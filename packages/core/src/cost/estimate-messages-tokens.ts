import type { ChatMessage } from '../types.js';
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
 * Estimated input tokens of a conversation: text by estimateTokens, plus a
 * fixed overhead per message, per image part and per request. Deterministic;
 * see estimateTokens for its accuracy.
 */
export function estimateMessagesTokens(messages: readonly ChatMessage[]): number {
  let total = TOKENS_PER_REPLY;
  for (const message of messages) {
    total += TOKENS_PER_MESSAGE;
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
