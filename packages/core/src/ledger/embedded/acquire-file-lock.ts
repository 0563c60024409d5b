import lockfile from 'proper-lockfile';
import { setTimeout as sleep } from 'node:timers/promises';
import { AegisError } from '../../errors.js';

export interface FileLockOptions {
  /** The lock itself (a directory made with mkdir, atomic on every file system). */
  lockPath: string;
  /** A lock whose holder stopped refreshing it this long ago is taken over (the holder died). Floor 2000. */
  staleMs: number;
  /** Give up after waiting this long. */
  timeoutMs: number;
  /** The lock was taken from us while held (we stalled past `staleMs`). */
  onCompromised: (error: Error) => void;
}

export type ReleaseLock = () => Promise<void>;

/**
 * Cross-process mutual exclusion for the ledger's files, on proper-lockfile:
 * mkdir as the atomic test-and-set, the holder refreshing its mtime, and a
 * lock whose mtime is older than `staleMs` taken over, which is how a lock of
 * a kill -9'd process is recovered. Waiting polls every 1-2 ms (jittered):
 * commits hold the lock for about a millisecond, and a busy holder leaves it
 * free for a few ms every few commits (see openEmbeddedStore), which a
 * waiter polling this often is sure to catch.
 *
 * Waiting is measured in real time on purpose (not the injected clock):
 * proper-lockfile's staleness is wall-clock based too.
 */
export async function acquireFileLock(options: FileLockOptions): Promise<ReleaseLock> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    try {
      return await lockfile.lock(options.lockPath, {
        // The lock directory is the only path involved; nothing to resolve.
        lockfilePath: options.lockPath,
        realpath: false,
        stale: options.staleMs,
        retries: 0,
        onCompromised: options.onCompromised,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      if (Date.now() >= deadline) {
        // The ledger's problem, not the provider's: store_unavailable, never
        // counted towards a target's cooldown (see to-ledger-error.ts).
        throw new AegisError(
          'store_unavailable',
          `The cost ledger's lock (${options.lockPath}) is held by another process and did not free up within ${options.timeoutMs} ms: ` +
            'another process is stuck inside a ledger write (or the file system is very slow); try again.',
          { code: 'LEDGER_LOCK_TIMEOUT', cause: error },
        );
      }
      await sleep(1 + Math.random());
    }
  }
}
