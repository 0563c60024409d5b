import { AegisError } from '../errors.js';

/**
 * An error in a surface's own argument names. The core names request fields
 * as ChatRequest does (`maxTokens`, `messages.2.toolCallId`): in
 * `details.field`, and in messages between backticks. A surface whose
 * arguments are spelt otherwise (the MCP tool's `max_tokens`) passes its
 * names per path segment, so advice never names an argument its caller
 * cannot send. Segments without a new name (indexes, `prompt`) stay.
 */
/**
 * ChatRequest's fields as OpenAI's chat API spells them: the names of every
 * surface whose arguments follow that vocabulary (the MCP tool, the
 * OpenAI-compatible endpoint). A surface adds its own (`timeout_ms`).
 */
export const OPENAI_ARGUMENT_NAMES: ReadonlyMap<string, string> = new Map([
  ['maxTokens', 'max_tokens'],
  ['topP', 'top_p'],
  ['responseFormat', 'response_format'],
  ['toolChoice', 'tool_choice'],
  ['toolCalls', 'tool_calls'],
  ['toolCallId', 'tool_call_id'],
  ['parallelToolCalls', 'parallel_tool_calls'],
  ['presencePenalty', 'presence_penalty'],
  ['frequencyPenalty', 'frequency_penalty'],
]);

export function renameArguments(error: AegisError, names: ReadonlyMap<string, string>): AegisError {
  const rename = (path: string): string =>
    path
      .split('.')
      .map((segment) => names.get(segment) ?? segment)
      .join('.');
  const inText = (text: string): string => text.replace(/`([A-Za-z][\w.]*)`/g, (_all, path: string) => `\`${rename(path)}\``);
  const message = inText(error.message);
  const details = error.details;
  if (details === undefined) return message === error.message ? error : error.with({ message });
  const { field, attempts } = details;
  return error.with({
    message,
    details: {
      ...details,
      ...(field === undefined ? {} : { field: rename(field) }),
      // The attempts' messages repeat the advice.
      ...(attempts === undefined ? {} : { attempts: attempts.map((a) => (a.message === undefined ? a : { ...a, message: inText(a.message) })) }),
    },
  });
}
