import type { OutboxAlert } from '../ledger/store.js';

export interface AlertInput {
  /**
   * Stable per alert: the same in every process that could raise it, so a
   * receiver can dedupe on it. ASCII (it is sent as a header too).
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
  if (!/^[\x21-\x7e]{1,200}$/.test(input.id)) throw new Error('alerts: an alert id must be 1-200 printable ASCII characters');
  const { id: _id, type: _type, ...rest } = input.payload;
  return {
    id: input.id,
    type: input.type,
    body: JSON.stringify({ id: input.id, type: input.type, ...rest }),
    facts: input.facts ?? {},
  };
}
