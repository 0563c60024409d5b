import type { JsonObject, Scenario } from './types.ts';

/** The OpenAI / DashScope compatible-mode usage object. */
export interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
}

/** Deterministic stand-in for a tokenizer: one token per 4 UTF-16 units, rounded up. */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Prompt tokens of a request: per message, the tokens of its text (string
 * content or text parts; images count nothing) plus 4 for the message framing.
 */
export function countPromptTokens(messages: unknown): number {
  if (!Array.isArray(messages)) return 0;
  let total = 0;
  for (const message of messages) {
    const content = isObject(message) ? message.content : undefined;
    total += countTokens(contentText(content)) + 4;
  }
  return total;
}

/** The text of a message's content: a string, or its `{type:'text'}` parts joined. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (isObject(part) && part.type === 'text' && typeof part.text === 'string') text += part.text;
  }
  return text;
}

export interface UsageInput {
  promptTokens: number;
  answerText: string;
  reasoningText: string;
}

/** The usage a scenario reports, or undefined when it reports none. */
export function buildUsage(scenario: Scenario, input: UsageInput): WireUsage | undefined {
  const mode = scenario.usage ?? 'present';
  if (mode === 'absent') return undefined;
  if (mode === 'zero') return { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  const override = typeof mode === 'object' ? mode : {};
  const reasoningTokens = override.reasoningTokens ?? (input.reasoningText === '' ? undefined : countTokens(input.reasoningText));
  // Like OpenAI and DashScope, completion_tokens includes the reasoning tokens.
  const completionTokens = override.completionTokens ?? countTokens(input.answerText) + (reasoningTokens ?? 0);
  const promptTokens = override.promptTokens ?? input.promptTokens;
  const usage: WireUsage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: override.totalTokens ?? promptTokens + completionTokens,
  };
  const cachedTokens = override.cachedTokens ?? scenario.cachedTokens;
  if (cachedTokens !== undefined) usage.prompt_tokens_details = { cached_tokens: cachedTokens };
  if (reasoningTokens !== undefined) usage.completion_tokens_details = { reasoning_tokens: reasoningTokens };
  return usage;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
