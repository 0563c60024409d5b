/** The contract between the gateway and the routing executors. Types only. */
import type { RoutingSettings } from '../config/types.js';
import type { AegisError } from '../errors.js';
import type { RoutedAttempt } from '../error-details.js';
import type { Clock, Random, Sleep } from '../time/clock.js';
import type { CooldownTracker } from './cooldown-tracker.js';

export interface AttemptContext {
  /** Aborts on caller cancel, deadline, idle stream or consumer stop. Pass it to the upstream call. */
  signal: AbortSignal;
  /** 1-based count of attempts in this request, across targets. */
  attemptNumber: number;
  /** 1-based count of attempts of this target (2 = first retry). */
  targetAttempt: number;
}

export interface RunOptions {
  settings: RoutingSettings;
  /**
   * Absolute clock time (ms) by which the answer must have started (its
   * first delta), all attempts included; a request that is delivering by then
   * goes on until `deliveringDeadline`.
   */
  deadline: number;
  /**
   * Absolute clock time (ms) by which a request that is delivering must end.
   * @default deadline: the deadline bounds the whole request
   */
  deliveringDeadline?: number;
  /** The caller's cancel. */
  signal?: AbortSignal;
  clock: Clock;
  sleep: Sleep;
  random: Random;
  cooldown: CooldownTracker;
  /**
   * Whether to move on to the next target after `error` (once retries are
   * spent or not allowed).
   * @default error.fallbackable, and content_filtered only when settings.fallbackOnContentFilter
   */
  shouldFallback?(error: AegisError): boolean;
  /**
   * A cap on one attempt, so a hang leaves time for the next target.
   * Exceeding it is a `timeout` that falls back without retrying.
   * @default none: an attempt may use all the time left before the deadline
   */
  attemptTimeoutMs?: number;
  /**
   * Streaming executor only: how long the upstream may send nothing before
   * the attempt ends as a `timeout`. Pass `Infinity` for an upstream that
   * cannot send anything until it is done (a non-streaming call wrapped as
   * parts), or it is cut off as idle.
   * @default settings.streamIdleTimeoutMs
   */
  idleTimeoutMs?: number;
  /**
   * The idle watchdog watches an attempt only until its first delta: after
   * it the upstream's parts come coalesced (ProviderCall.coalesce), few and
   * far apart, and the provider watches each chunk of the body itself.
   */
  idleUntilDelivering?: boolean;
  /** Called as each attempt ends (logs, metrics). Must not throw. */
  onAttempt?(attempt: RoutedAttempt): void;
  /**
   * Redacts the text of unexpected non-AegisError failures before it goes
   * into a message. Without it that text is left out.
   */
  redact?(text: string): string;
}
