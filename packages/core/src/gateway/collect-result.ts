import { AegisError } from '../errors.js';
import type { ChatResult, StreamEvent } from '../types.js';

/** A failure as `chat` throws it: the error, with what had been delivered in `details.partial`. */
export function withPartial(error: AegisError, partial: ChatResult): AegisError {
  return error.with({ details: { ...error.details, partial } });
}

/**
 * Drains public stream events into one answer. A failure is thrown as the
 * AegisError it was, with what had been delivered in `details.partial`.
 */
export async function collectResult(events: AsyncIterable<StreamEvent>): Promise<ChatResult> {
  for await (const event of events) {
    if (event.type === 'done') return event.result;
    if (event.type === 'error') throw withPartial(event.error, event.partial);
  }
  throw new AegisError('bad_response', 'The request ended without an answer.');
}
