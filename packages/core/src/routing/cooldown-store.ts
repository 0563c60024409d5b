/**
 * Where cooldown state lives. The tracker (./cooldown-tracker.ts) holds the
 * policy; a store only keeps records and applies changes atomically, so a
 * Redis-backed store can share cooldowns between processes (WATCH/MULTI or a
 * Lua script around `update`) without repeating the policy.
 */
import type { ErrorKind } from '../errors.js';

export type Awaitable<T> = T | Promise<T>;

/** One target's breaker state. Records are treated as immutable values. */
export interface CooldownRecord {
  /** Times (ms) of recent failures, oldest first; pruned to the window on write. */
  readonly failures: readonly number[];
  /** Set when the target was put in cooldown: no traffic before this time, then one probe. */
  readonly openUntil?: number;
  /**
   * While a probe is out, the time its lease ends. A lease rather than a flag,
   * so a probe that never reports back (a crashed process) cannot hold the
   * target forever.
   */
  readonly probeUntil?: number;
  readonly lastErrorKind?: ErrorKind;
  /** Already secret-free: AegisError messages are redacted when built. */
  readonly lastErrorMessage?: string;
  readonly lastFailureAt?: number;
}

export interface CooldownChange<R> {
  /** The record to store; undefined deletes it. */
  next: CooldownRecord | undefined;
  result: R;
}

export interface CooldownStore {
  /**
   * The record as this process last knew it, synchronously: the hot path
   * (every attempt) reads this. A shared store answers from a local cache.
   */
  peek(key: string): CooldownRecord | undefined;
  /**
   * Read-modify-write of one record, atomically. `change` is pure and may run
   * more than once (a shared store retries it on a concurrent write).
   */
  update<R>(key: string, change: (current: CooldownRecord | undefined) => CooldownChange<R>): Awaitable<R>;
  entries(): Awaitable<ReadonlyArray<readonly [string, CooldownRecord]>>;
}

/** The store for one process: a Map, created per gateway (no module state). */
export function createMemoryCooldownStore(): CooldownStore {
  const records = new Map<string, CooldownRecord>();
  return {
    peek: (key) => records.get(key),
    update(key, change) {
      const { next, result } = change(records.get(key));
      if (next === undefined) records.delete(key);
      else records.set(key, next);
      return result;
    },
    entries: () => [...records.entries()],
  };
}
