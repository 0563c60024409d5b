import type { Logger } from '../log/logger.js';

export interface Listeners<T> {
  emit(value: T): void;
  /** Calls `listener` with each value emitted until the returned function is called. */
  subscribe(listener: (value: T) => void): () => void;
}

/**
 * A signal of the gateway's (budget changes, budget alerts) that surfaces
 * listen to. Listeners are called synchronously and must be cheap: they run
 * where the event happened (the request path, an alert check). A listener
 * that throws is logged as "a `what` listener failed" and the others still
 * run.
 */
export function createListeners<T>(logger: Logger, what: string): Listeners<T> {
  const listeners = new Set<(value: T) => void>();
  return {
    emit(value) {
      for (const listener of [...listeners]) {
        try {
          listener(value);
        } catch (error) {
          logger.warn(`a ${what} listener failed`, { error: String(error) });
        }
      }
    },
    subscribe(listener) {
      // A wrapper per subscription: one function subscribed twice is two subscriptions.
      const entry = (value: T) => listener(value);
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
  };
}
