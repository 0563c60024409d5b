import type { JsonObject, Scenario } from './types.ts';
import { buildUsage, contentText, countPromptTokens, isObject, type WireUsage } from './usage.ts';

/** What one successful answer says, before it is shaped as a stream or a completion. */
/** A tool call as sent: id, name and the arguments' JSON text. */
export interface PlannedToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface AnswerPlan {
  text: string;
  reasoning: string;
  toolCalls: PlannedToolCall[];
  finishReason: string;
  /** The computed usage, or a scenario's `rawUsage` as it is. */
  usage: WireUsage | JsonObject | undefined;
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
  if (scenario.spend === 'all') return spendAll(body, scenario, thinking);
  const words = promptWords(body.messages);
  const toolCalls = (scenario.toolCalls ?? []).map((call, i) => ({
    id: call.id ?? `call_${i + 1}`,
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
  }));
  let text =
    scenario.json !== undefined
      ? JSON.stringify(scenario.json)
      : scenario.text !== undefined
        ? scenario.text.replaceAll('{lastToolResult}', lastToolResult(body.messages))
        : toolCalls.length > 0
          ? ''
          : jsonMode(body)
            ? JSON.stringify({ echo: words.slice(0, ECHO_WORDS).join(' ') })
            : echoText(words, scenario.chunks ?? DEFAULT_CHUNKS);
  const reasoning = scenario.reasoning ?? (thinking ? `Thinking about: ${words.slice(0, ECHO_WORDS).join(' ')}` : '');

  // DashScope caps the answer, not the thinking, with max_completion_tokens (max_tokens before 2026-04).
  let finishReason = 'stop';
  const limit = outputLimit(body);
  if (limit !== undefined && Math.ceil(text.length / 4) > limit) {
    text = text.slice(0, limit * 4);
    finishReason = 'length';
  }
  const answerText = text + toolCalls.map((call) => call.name + call.arguments).join('');
  const usage = scenario.rawUsage ?? buildUsage(scenario, { promptTokens: countPromptTokens(body.messages), answerText, reasoningText: reasoning });
  if (toolCalls.length > 0 && finishReason === 'stop') finishReason = 'tool_calls';
  return { text, reasoning, toolCalls, finishReason: scenario.finishReason ?? finishReason, usage };
}

/** Tokens reported by `spend: 'all'` for an output with no cap sent: far more than any model writes. */
export const SPEND_UNCAPPED_TOKENS = 1_000_000;
/** Longest text `spend: 'all'` really sends, in tokens (4 characters each). */
export const SPEND_TEXT_TOKENS = 65_536;

/** `spend: 'all'`: the answer as long as the cap sent, the reasoning as long as thinking_budget (see Scenario.spend). */
function spendAll(body: JsonObject, scenario: Scenario, thinking: boolean): AnswerPlan {
  const answerTokens = outputLimit(body) ?? SPEND_UNCAPPED_TOKENS;
  const reasoningTokens = thinking ? (count(body.thinking_budget) ?? SPEND_UNCAPPED_TOKENS) : 0;
  const filler = (tokens: number, word: string): string => (tokens <= SPEND_TEXT_TOKENS ? word.repeat(tokens) : word.repeat(64));
  const text = filler(answerTokens, 'spnd');
  const reasoning = filler(reasoningTokens, 'thnk');
  const computed =
    scenario.usage === 'absent'
      ? undefined
      : buildUsage(
          { ...scenario, usage: { completionTokens: answerTokens + reasoningTokens, ...(thinking ? { reasoningTokens } : {}) } },
          { promptTokens: countPromptTokens(body.messages), answerText: text, reasoningText: reasoning },
        );
  const finishReason = scenario.finishReason ?? (outputLimit(body) === undefined ? 'stop' : 'length');
  return { text, reasoning, toolCalls: [], finishReason, usage: scenario.rawUsage ?? computed };
}

function outputLimit(body: JsonObject): number | undefined {
  return count(body.max_completion_tokens ?? body.max_tokens);
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
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

/** The request asks for JSON (`response_format` json_object or json_schema). */
export function jsonMode(body: JsonObject): boolean {
  const format = body.response_format;
  return isObject(format) && (format.type === 'json_object' || format.type === 'json_schema');
}

/** The content of the last `tool` message, '' when there is none. */
function lastToolResult(messages: unknown): string {
  if (!Array.isArray(messages)) return '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const message: unknown = messages[i];
    if (isObject(message) && message.role === 'tool') return contentText(message.content);
  }
  return '';
}
