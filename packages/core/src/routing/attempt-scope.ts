/**
 * The life of one attempt: one AbortSignal that fires when the caller
 * cancels, when the request's deadline (or the attempt's own cap) passes,
 * when a stream goes idle, or when the consumer stops. The abort reason is an
 * AegisError, so provider code that hands `signal.reason` on (see
 * providers/openai-compatible/to-aegis-error.ts) reports the right kind.
 *
 * Deliberately one controller plus clearable timers rather than
 * `AbortSignal.any([caller, AbortSignal.timeout(ms)])`: the timers are
 * cleared the moment the attempt ends, the caller listener is removed (a
 * long-lived caller signal would otherwise collect one listener per attempt),
 * and the reason says which of the causes fired.
 */
import { AegisError } from '../errors.js';
import type { Target } from '../types.js';
import type { Clock } from '../time/clock.js';
import { createIdleWatchdog } from '../time/create-idle-watchdog.js';
import { formatTarget } from './parse-target.js';

export type AbortCause = 'caller' | 'deadline' | 'attempt-timeout' | 'idle' | 'stopped';

export interface AttemptScope {
  readonly signal: AbortSignal;
  /** Why the scope aborted; undefined while it has not. */
  readonly cause: AbortCause | undefined;
  /**
   * Settles like `promise`, or rejects with the abort reason as soon as the
   * scope aborts: an upstream that ignores its signal cannot outlive the
   * deadline. A rejection of the abandoned promise is swallowed.
   */
  race<T>(promise: PromiseLike<T>): Promise<T>;
  /** (Re)starts the idle watchdog: abort unless re-armed or disarmed within `idleTimeoutMs`. */
  armIdle(): void;
  /** Pauses the idle watchdog (while a part waits for a slow consumer: not the upstream's fault). */
  disarmIdle(): void;
  /**
   * The first delta went to the consumer: the deadline (and the attempt's
   * own cap) is for silence, not for a stream that delivers, so from now on
   * only the idle watchdog and `deliveringDeadline` end the attempt.
   */
  delivering(): void;
  /** Aborts because the consumer stopped reading. */
  stop(): void;
  /** Clears timers and listeners; does not abort (a finished answer stays valid). */
  dispose(): void;
}

export interface AttemptScopeOptions {
  target: Target;
  clock: Clock;
  /** Absolute clock time by which the whole request must end. */
  deadline: number;
  signal?: AbortSignal;
  /** A cap on this one attempt, shorter than the deadline. */
  attemptTimeoutMs?: number;
  /**
   * Absolute clock time by which a request that is delivering must end (see
   * delivering()). @default deadline: the deadline bounds the whole attempt
   */
  deliveringDeadline?: number;
  /** How long the upstream may keep us waiting (see armIdle). @default Infinity: no idle watchdog */
  idleTimeoutMs?: number;
  /** The idle watchdog stops at delivering() (RunOptions.idleUntilDelivering). */
  idleUntilDelivering?: boolean;
}

export function createAttemptScope(options: AttemptScopeOptions): AttemptScope {
  const { target, signal: callerSignal } = options;
  const name = formatTarget(target);
  const where = { provider: target.provider, model: target.model };
  const controller = new AbortController();
  let cause: AbortCause | undefined;
  let deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  // Races in flight, rejected by abort() itself: one hook for the scope's
  // life instead of an abort listener added and removed per race (per chunk).
  const racing = new Set<(reason: unknown) => void>();

  const abort = (why: AbortCause, reason: AegisError): void => {
    if (controller.signal.aborted) return;
    cause = why;
    clearTimers();
    controller.abort(reason);
    for (const reject of racing) reject(reason);
    racing.clear();
  };
  const idleMs = options.idleTimeoutMs ?? Number.POSITIVE_INFINITY;
  const idle = createIdleWatchdog({
    ms: idleMs,
    onIdle: () => abort('idle', new AegisError('timeout', `${name} sent nothing for ${idleMs} ms.`, { ...where, retryable: false })),
  });
  let idleStopped = false;
  const clearTimers = (): void => {
    idle.dispose();
    if (deadlineTimer !== undefined) clearTimeout(deadlineTimer);
    deadlineTimer = undefined;
  };
  const onCallerAbort = (): void =>
    abort('caller', new AegisError('cancelled', 'The request was cancelled by the caller.', { ...where, cause: callerSignal?.reason }));

  const remaining = options.deadline - options.clock.now();
  const cap = options.attemptTimeoutMs;
  const byAttemptCap = cap !== undefined && cap < remaining;
  const fireDeadline = (): void =>
    byAttemptCap
      ? abort(
          'attempt-timeout',
          // Our own cap, not the upstream's verdict: retrying the same hang
          // would burn the deadline, so move on to the next target instead.
          new AegisError('timeout', `${name} did not answer within ${cap} ms.`, { ...where, retryable: false }),
        )
      : abort(
          'deadline',
          new AegisError('timeout', `${name} did not answer before the request deadline.`, {
            ...where,
            retryable: false,
            fallbackable: false,
          }),
        );

  if (callerSignal?.aborted) onCallerAbort();
  else {
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    if (remaining <= 0) fireDeadline();
    else {
      deadlineTimer = setTimeout(fireDeadline, byAttemptCap ? cap : remaining);
      // A pending deadline must not keep a CLI process alive on its own.
      deadlineTimer.unref?.();
    }
  }

  return {
    signal: controller.signal,
    get cause() {
      return cause;
    },
    race<T>(promise: PromiseLike<T>): Promise<T> {
      const settled = Promise.resolve(promise);
      if (controller.signal.aborted) {
        settled.catch(() => undefined);
        return Promise.reject(controller.signal.reason);
      }
      return new Promise<T>((resolve, reject) => {
        racing.add(reject);
        // Also swallows a rejection of the promise once the abort has won.
        settled.then(
          (value) => {
            racing.delete(reject);
            resolve(value);
          },
          (error: unknown) => {
            racing.delete(reject);
            reject(error);
          },
        );
      });
    },
    armIdle() {
      if (!idleStopped) idle.arm();
    },
    disarmIdle() {
      idle.disarm();
    },
    delivering() {
      if (options.idleUntilDelivering) {
        idleStopped = true;
        idle.disarm();
      }
      const until = options.deliveringDeadline;
      if (until === undefined || until <= options.deadline || controller.signal.aborted || deadlineTimer === undefined) return;
      clearTimeout(deadlineTimer);
      deadlineTimer = setTimeout(
        () =>
          abort(
            'deadline',
            new AegisError('timeout', `${name} was still answering when the request reached the longest it may last (routing.maxRequestMs).`, {
              ...where,
              retryable: false,
              fallbackable: false,
            }),
          ),
        Math.max(0, until - options.clock.now()),
      );
      deadlineTimer.unref?.();
    },
    stop() {
      abort('stopped', new AegisError('cancelled', 'The consumer stopped reading the stream.', where));
    },
    dispose() {
      clearTimers();
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
