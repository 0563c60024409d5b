import { AegisError } from '../errors.js';
import type { ChatResult, StreamEvent } from '../types.js';

/**
 * Drains public stream events into one answer. A failure is thrown as the
 * AegisError it was, with what had been delivered in `details.partial`.
 */
export async function collectResult(events: AsyncIterable<StreamEvent>): Promise<ChatResult> {
  for await (const event of events) {
    if (event.type === 'done') return event.result;
    if (event.type === 'error') {
      throw event.error.with({ details: { ...event.error.details, partial: event.partial } });
    }
  }
  throw new AegisError('bad_response', 'The request ended without an answer.');
}
