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
        // TODO(lead): no error kind fits a local store failure; see the ledger report.
        throw new AegisError(
          'upstream_unavailable',
          `The cost ledger is locked by another process and did not free up within ${options.timeoutMs} ms; try again.`,
          { code: 'LEDGER_LOCK_TIMEOUT', retryable: true, fallbackable: false, cause: error },
        );
      }
      await sleep(1 + Math.random());
    }
  }
}
