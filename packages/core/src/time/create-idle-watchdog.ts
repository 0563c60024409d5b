/**
 * A lazy idle watchdog for streams: fires once the watched side has kept us
 * waiting `ms` in one stretch. Re-arming costs a clock read, not a timer: at
 * most one timer is pending, and when it expires after activity it is set
 * again for the time still left. A timer per stream chunk (clearTimeout +
 * setTimeout) cost about a microsecond per chunk, several times over, on a
 * relay whose whole budget is ~12 µs a chunk (bench/README.md, issue 8).
 *
 * Measured on a real monotonic clock by default, like the timer itself: a
 * hang guard must fire even when nothing else moves (see ./clock.ts).
 */
export interface IdleWatchdog {
  /** Starts (or restarts) the wait: idle after `ms` from now, unless re-armed or disarmed first. */
  arm(): void;
  /** Pauses the watch: time until the next `arm()` does not count as idle. */
  disarm(): void;
  /** Stops it for good: clears the timer; it never fires after this. */
  dispose(): void;
}

export interface IdleWatchdogOptions {
  /** Idle time that fires it. `Infinity` never fires (no timer is set). */
  ms: number;
  /** Called once, when the wait reaches `ms`. */
  onIdle(): void;
  /** Monotonic milliseconds. @default performance.now */
  now?: () => number;
  /** Whether a pending watchdog lets the process exit (as a CLI's should). @default true */
  unref?: boolean;
}

export function createIdleWatchdog(options: IdleWatchdogOptions): IdleWatchdog {
  const { ms, onIdle } = options;
  const now = options.now ?? (() => performance.now());
  const unref = options.unref ?? true;
  const enabled = Number.isFinite(ms);
  let since = 0;
  let waiting = false;
  let done = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = (delay: number): void => {
    timer = setTimeout(check, delay);
    if (unref) timer.unref?.();
  };
  function check(): void {
    timer = undefined;
    // Paused: the next arm() sets a fresh timer.
    if (done || !waiting) return;
    const left = since + ms - now();
    if (left > 0) {
      schedule(left);
      return;
    }
    done = true;
    waiting = false;
    onIdle();
  }

  return {
    arm() {
      if (done || !enabled) return;
      since = now();
      waiting = true;
      if (timer === undefined) schedule(ms);
    },
    disarm() {
      waiting = false;
    },
    dispose() {
      done = true;
      waiting = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
