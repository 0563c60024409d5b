import type { ProviderCompletion } from '../providers/provider-call.js';
import { lazyStream } from '../streams/lazy-stream.js';
import type { ProviderStreamPart } from '../types.js';

/**
 * A non-streamed answer as stream parts, so one pipeline (budget, fallback,
 * accounting) serves both `chat` and `stream`. Nothing is awaited until the
 * first read, as the routing executor expects (its idle timer measures reads).
 */
export function completionToParts(completion: Promise<ProviderCompletion>): AsyncIterable<ProviderStreamPart> {
  // An attempt abandoned before its first read never looks at the answer:
  // its failure (the abort, typically) must not surface as an unhandled rejection.
  completion.catch(() => undefined);
  return lazyStream(() => completion.then(partsOf));
}

function partsOf(answer: ProviderCompletion): ProviderStreamPart[] {
  const parts: ProviderStreamPart[] = [];
  if (answer.reasoning) parts.push({ type: 'reasoning-delta', delta: answer.reasoning });
  if (answer.text) parts.push({ type: 'text-delta', delta: answer.text });
  answer.toolCalls?.forEach((toolCall, index) => parts.push({ type: 'tool-call', index, toolCall }));
  if (answer.usage) parts.push({ type: 'usage', usage: answer.usage });
  parts.push({ type: 'finish', finishReason: answer.finishReason });
  return parts;
}
