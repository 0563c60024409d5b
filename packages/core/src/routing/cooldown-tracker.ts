/**
 * Per-target cooldown (a circuit breaker), shared by every request in the
 * process. A target that keeps failing is skipped for a while instead of
 * being hammered; after the cooldown exactly one request probes it, and only
 * that probe's outcome decides whether traffic returns (half-open state of
 * the classic breaker, Nygard, "Release It!", ch. 5).
 *
 * Only failures that say something about the target's health count
 * (COOLDOWN_KINDS): a bad request or a filtered prompt is the request's
 * fault; auth is a configuration problem that every request should keep
 * reporting loudly rather than hide behind "in cooldown". `not_found` does
 * cool down, at once: a retired model answers 404 to every request, and the
 * skip reason still carries its error (plan-targets.ts).
 */
import type { AegisError, ErrorKind } from '../errors.js';
import type { RoutingSettings } from '../config/types.js';
import type { Target } from '../types.js';
import type { Clock } from '../time/clock.js';
import { type Awaitable, type CooldownRecord, type CooldownStore, createMemoryCooldownStore } from './cooldown-store.js';
import { formatTarget } from './parse-target.js';

/** What one request may do with a target right now. */
export type CooldownPermit = 'closed' | 'probe' | 'open';

export type CooldownState = 'closed' | 'open' | 'half-open';

/**
 * Kinds that count against a target's health. Never `store_unavailable`: a
 * cost ledger or Redis that cannot be used is no target's fault (issue 15).
 */
export const COOLDOWN_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'rate_limited',
  'quota_exhausted',
  'upstream_unavailable',
  'timeout',
  'bad_response',
  // A model the upstream does not serve (retired, or a wrong id) fails every
  // request the same way: skipped for a while, not paid a round trip each time.
  'not_found',
]);

/** One target's cooldown, as testProvider and the admin page show it. */
export interface CooldownStatus {
  /** `provider/model`. */
  target: string;
  provider: string;
  model: string;
  state: CooldownState;
  /** When the cooldown ends (open) or ended (half-open). */
  until?: number;
  /** Failures within the window. */
  failures: number;
  /** True while a probe request is out (half-open). */
  probing: boolean;
  lastErrorKind?: ErrorKind;
  lastErrorMessage?: string;
  lastFailureAt?: number;
}

export interface CooldownReport {
  /** True when this request holds the probe (tryAcquire returned `probe`). */
  probe?: boolean;
}

/**
 * Implementations must not throw: a store outage degrades to "closed" (no
 * cooldown), never to a failed request.
 */
export interface CooldownTracker {
  /** `closed`: go ahead. `probe`: go ahead, you are the one probe. `open`: skip. */
  tryAcquire(target: Target): Awaitable<CooldownPermit>;
  /** Cheap, synchronous: true while open, or half-open with the probe taken. */
  isCoolingDown(target: Target): boolean;
  /** Synchronous view of one target; undefined when it has no record. */
  status(target: Target): CooldownStatus | undefined;
  recordSuccess(target: Target, report?: CooldownReport): Awaitable<void>;
  recordFailure(target: Target, error: AegisError, report?: CooldownReport): Awaitable<void>;
  /** Give the probe back without a verdict (the request was cancelled or was at fault). */
  release(target: Target): Awaitable<void>;
  /** Every target with a record, sorted by `provider/model`. */
  snapshot(): Awaitable<CooldownStatus[]>;
  /** Forgets a target's failures and cooldown (an admin knows it is fixed): the next request goes to it. True when there was a record. */
  clear(target: Target): Awaitable<boolean>;
}

export interface CooldownTrackerOptions {
  settings: Pick<RoutingSettings, 'cooldown' | 'maxRetryWaitMs'>;
  clock: Clock;
  /** @default a new in-memory store */
  store?: CooldownStore;
  /** How long a probe may hold a half-open target without reporting. @default 60000 */
  probeLeaseMs?: number;
}

const MESSAGE_LIMIT = 300;

export function createCooldownTracker(options: CooldownTrackerOptions): CooldownTracker {
  const { settings, clock } = options;
  const store = options.store ?? createMemoryCooldownStore();
  const probeLeaseMs = options.probeLeaseMs ?? 60_000;

  const stateOf = (record: CooldownRecord | undefined, now: number): CooldownState => {
    if (record?.openUntil === undefined) return 'closed';
    return now < record.openUntil ? 'open' : 'half-open';
  };
  const probeOut = (record: CooldownRecord | undefined, now: number): boolean => record?.probeUntil !== undefined && now < record.probeUntil;
  const recent = (record: CooldownRecord | undefined, now: number): number[] => (record?.failures ?? []).filter((t) => t > now - settings.cooldown.windowMs);

  const toStatus = (key: string, record: CooldownRecord, now: number): CooldownStatus => {
    const slash = key.indexOf('/');
    const state = stateOf(record, now);
    return {
      target: key,
      provider: key.slice(0, slash),
      model: key.slice(slash + 1),
      state,
      until: record.openUntil,
      failures: recent(record, now).length,
      probing: state === 'half-open' && probeOut(record, now),
      lastErrorKind: record.lastErrorKind,
      lastErrorMessage: record.lastErrorMessage,
      lastFailureAt: record.lastFailureAt,
    };
  };

  const release = (target: Target): Awaitable<void> => {
    const key = formatTarget(target);
    if (store.peek(key)?.probeUntil === undefined) return;
    return store.update(key, (current) => ({
      next: current && { ...current, probeUntil: undefined },
      result: undefined,
    }));
  };

  return {
    tryAcquire(target) {
      const key = formatTarget(target);
      const now = clock.now();
      // Hot path: a healthy target has no record, or a closed one; no write.
      const known = store.peek(key);
      if (stateOf(known, now) === 'closed') return 'closed';
      if (stateOf(known, now) === 'open') return 'open';
      return store.update<CooldownPermit>(key, (current) => {
        const state = stateOf(current, now);
        if (state !== 'half-open' || current === undefined) return { next: current, result: state === 'open' ? 'open' : 'closed' };
        if (probeOut(current, now)) return { next: current, result: 'open' };
        return { next: { ...current, probeUntil: now + probeLeaseMs }, result: 'probe' };
      });
    },

    isCoolingDown(target) {
      const record = store.peek(formatTarget(target));
      const now = clock.now();
      const state = stateOf(record, now);
      return state === 'open' || (state === 'half-open' && probeOut(record, now));
    },

    status(target) {
      const key = formatTarget(target);
      const record = store.peek(key);
      return record && toStatus(key, record, clock.now());
    },

    recordSuccess(target, report = {}) {
      const key = formatTarget(target);
      if (store.peek(key) === undefined) return;
      const now = clock.now();
      return store.update(key, (current) => {
        const state = stateOf(current, now);
        // A closed target's success clears its failures: cooldown is for
        // targets that keep failing, not for a busy one's occasional error.
        // While open or half-open only the probe's verdict counts; a late
        // answer to a request sent before the cooldown proves little.
        if (state === 'closed' || report.probe) return { next: undefined, result: undefined };
        return { next: current, result: undefined };
      });
    },

    recordFailure(target, error, report = {}) {
      if (!COOLDOWN_KINDS.has(error.kind)) return report.probe ? release(target) : undefined;
      const key = formatTarget(target);
      const now = clock.now();
      const { failures: threshold, durationMs } = settings.cooldown;
      return store.update(key, (current) => {
        const failures = [...recent(current, now), now];
        const state = stateOf(current, now);
        const retryAfter = error.retryAfterMs ?? 0;
        const base: CooldownRecord = {
          ...current,
          failures,
          lastErrorKind: error.kind,
          lastErrorMessage: error.message.slice(0, MESSAGE_LIMIT),
          lastFailureAt: now,
        };
        if (state === 'open') {
          // Stragglers sent before the cooldown began do not extend it,
          // unless the upstream now asks for a longer wait.
          const until = Math.max(current?.openUntil ?? now, now + retryAfter);
          return { next: { ...base, openUntil: until }, result: undefined };
        }
        const open =
          report.probe === true ||
          state === 'half-open' ||
          failures.length >= threshold ||
          error.kind === 'quota_exhausted' ||
          error.kind === 'not_found' ||
          // The upstream asked for a wait no request will make: every request
          // would only skip it after a wasted call, so skip it up front.
          retryAfter > settings.maxRetryWaitMs;
        if (!open) return { next: base, result: undefined };
        // At least the Retry-After it gave (issue 3: "at least the Retry-After").
        return {
          next: { ...base, openUntil: now + Math.max(durationMs, retryAfter), probeUntil: undefined },
          result: undefined,
        };
      });
    },

    release,

    clear(target) {
      return store.update(formatTarget(target), (current) => ({ next: undefined, result: current !== undefined }));
    },

    snapshot() {
      const build = (entries: ReadonlyArray<readonly [string, CooldownRecord]>): CooldownStatus[] => {
        const now = clock.now();
        return entries
          .map(([key, record]) => toStatus(key, record, now))
          .filter((status) => status.state !== 'closed' || status.failures > 0)
          .sort((a, b) => a.target.localeCompare(b.target));
      };
      const entries = store.entries();
      return entries instanceof Promise ? entries.then(build) : build(entries);
    },
  };
}
