import type { ChatResult } from '@aegis-llm/core';

/** The `details.partial` of a failed request, when there is one. */
export function isChatResult(value: unknown): value is ChatResult {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ChatResult).text === 'string' &&
    Array.isArray((value as ChatResult).attempts)
  );
}
