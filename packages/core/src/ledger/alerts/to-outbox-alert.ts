import { createHash } from 'node:crypto';
import type { OutboxAlert } from '../store.js';

export interface AlertInput {
  /**
   * Stable per alert: the same in every process that could raise it, so a
   * receiver can dedupe on it. Sent as a header too: an id that is not
   * printable ASCII (a caller's request id may not be) is replaced by its hash.
   */
  id: string;
  /** `aegis-llm.<kind>`, the body's `type`. */
  type: string;
  /** The body's other fields (flat, for n8n expressions). */
  payload: Record<string, unknown>;
  /** A few facts for log lines; never a secret. */
  facts?: Record<string, string | number>;
}

/** An alert of any type, ready for the outbox: the body leads with `id` and `type`. */
export function toOutboxAlert(input: AlertInput): OutboxAlert {
  const id = /^[\x21-\x7e]{1,200}$/.test(input.id) ? input.id : `sha256-${createHash('sha256').update(input.id).digest('hex').slice(0, 32)}`;
  const { id: _id, type: _type, ...rest } = input.payload;
  return {
    id,
    type: input.type,
    body: JSON.stringify({ id, type: input.type, ...rest }),
    facts: input.facts ?? {},
  };
}
