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
      const { error, partial } = event;
      throw new AegisError(error.kind, error.message, {
        provider: error.provider,
        model: error.model,
        status: error.status,
        code: error.code,
        retryable: error.retryable,
        fallbackable: error.fallbackable,
        retryAfterMs: error.retryAfterMs,
        requestId: error.requestId,
        details: { ...error.details, partial },
      });
    }
  }
  throw new AegisError('bad_response', 'The request ended without an answer.');
}
