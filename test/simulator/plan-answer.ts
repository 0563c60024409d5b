import type { JsonObject, Scenario } from './types.ts';
import { buildUsage, contentText, countPromptTokens, isObject, type WireUsage } from './usage.ts';

/** What one successful answer says, before it is shaped as a stream or a completion. */
export interface AnswerPlan {
  text: string;
  reasoning: string;
  finishReason: string;
  usage: WireUsage | undefined;
}

export const DEFAULT_CHUNKS = 4;
const ECHO_WORDS = 12;

/**
 * Decide the answer to a chat request: pure, so the same request always gets
 * the same answer. `thinking` says whether the model reasons without being
 * told to by the scenario (a streamed call with enable_thinking, or a
 * thinking-only model).
 */
export function planAnswer(body: JsonObject, scenario: Scenario, thinking: boolean): AnswerPlan {
  const words = promptWords(body.messages);
  let text = scenario.text ?? echoText(words, scenario.chunks ?? DEFAULT_CHUNKS);
  const reasoning = scenario.reasoning ?? (thinking ? `Thinking about: ${words.slice(0, ECHO_WORDS).join(' ')}` : '');

  // DashScope caps the answer, not the thinking, with max_completion_tokens (max_tokens before 2026-04).
  let finishReason = 'stop';
  const limit = outputLimit(body);
  if (limit !== undefined && Math.ceil(text.length / 4) > limit) {
    text = text.slice(0, limit * 4);
    finishReason = 'length';
  }
  const usage = buildUsage(scenario, { promptTokens: countPromptTokens(body.messages), answerText: text, reasoningText: reasoning });
  return { text, reasoning, finishReason: scenario.finishReason ?? finishReason, usage };
}

function outputLimit(body: JsonObject): number | undefined {
  const limit = body.max_completion_tokens ?? body.max_tokens;
  return typeof limit === 'number' && Number.isFinite(limit) && limit >= 0 ? Math.floor(limit) : undefined;
}

/** Words of the last user message. */
function promptWords(messages: unknown): string[] {
  if (!Array.isArray(messages)) return [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message: unknown = messages[i];
    if (isObject(message) && message.role === 'user') return contentText(message.content).split(/\s+/).filter(Boolean);
  }
  return [];
}

// Padded so that the default answer has a word for every chunk.
function echoText(words: readonly string[], chunks: number): string {
  const answer = ['Echo:', ...words.slice(0, ECHO_WORDS)];
  while (answer.length < chunks) answer.push('echo');
  return answer.join(' ');
}
