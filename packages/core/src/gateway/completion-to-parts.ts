import type { ProviderCompletion } from '../providers/provider-call.js';
import type { ProviderStreamPart } from '../types.js';

/**
 * A non-streamed answer as stream parts, so one pipeline (budget, fallback,
 * accounting) serves both `chat` and `stream`.
 */
export async function* completionToParts(
  completion: Promise<ProviderCompletion>,
): AsyncGenerator<ProviderStreamPart, void, undefined> {
  const answer = await completion;
  if (answer.reasoning) yield { type: 'reasoning-delta', delta: answer.reasoning };
  if (answer.text) yield { type: 'text-delta', delta: answer.text };
  if (answer.usage) yield { type: 'usage', usage: answer.usage };
  yield { type: 'finish', finishReason: answer.finishReason };
}
