import { randomUUID } from 'node:crypto';
import { mkdirSync, rmdirSync, statSync, type BigIntStats } from 'node:fs';
import { mkdir, rename, rmdir, stat, utimes } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { AegisError } from '../../errors.js';

export interface FileLockOptions {
  /** The lock itself: a directory made with mkdir, atomic on every file system. */
  lockPath: string;
  /** A lock whose holder stopped touching it this long ago is taken over (the holder died). Floor 100. */
  staleMs: number;
  /** Give up after waiting this long. */
  timeoutMs: number;
  /** The lock was taken from us while held (we stalled past `staleMs`). */
  onCompromised: (error: Error) => void;
}

export interface HeldLock {
  /**
   * Throws (`store_unavailable`, code LEDGER_LOCK_LOST) unless the lock is
   * still the directory this holder made: called right before each step
   * that cannot be undone (a log append, the document's rename), so a holder
   * that stalled past `staleMs` and was taken over abandons its commit (as
   * if killed there) instead of writing beside the new holder.
   */
  assertHeld(): Promise<void>;
  release(): Promise<void>;
}

/** The identity of one lock directory: inode and nanosecond mtime (a new directory differs in one of them). */
interface Identity {
  ino: bigint;
  mtimeNs: bigint;
}

const identityOf = (s: BigIntStats): Identity => ({ ino: s.ino, mtimeNs: s.mtimeNs });
const sameIdentity = (a: Identity, b: Identity): boolean => a.ino === b.ino && a.mtimeNs === b.mtimeNs;
/** Takeover levels tried for one stale lock before waiting instead (a level's marker left by a takeover killed midway goes stale in its turn). */
const MAX_TAKEOVER_LEVELS = 8;

/** Locks this process holds, removed if it exits while holding them (a kill -9 leaves them to go stale). */
const heldPaths = new Set<string>();
let exitHookInstalled = false;
function removeHeldOnExit(): void {
  for (const path of heldPaths) {
    try {
      rmdirSync(path);
    } catch {
      // Gone already, or not ours any more: nothing to clean up.
    }
  }
}

/**
 * Cross-process mutual exclusion for the ledger's files on one machine:
 * mkdir as the atomic test-and-set; the holder touches the directory's mtime
 * every `staleMs / 4`; a lock untouched for `staleMs` belongs to a dead (or
 * stalled) holder and is taken over. Waiting polls every 1-2 ms (jittered):
 * commits hold the lock for about a millisecond, and a busy holder leaves it
 * free for a few ms every few commits (see openEmbeddedStore).
 *
 * Taking over is where a naive lock fails: "stat, see stale, rmdir, mkdir"
 * lets two waiters that both saw the stale lock each remove one, the second
 * removing the lock the first just made, and both hold it (every gateway
 * restarting after a crash races exactly so; the gateway crash loop caught
 * it as records logged twice). Here only one waiter per stale lock may move
 * it away: the one whose mkdir of `<lock>.takeover-<inode>-<mtime>-<level>`
 * succeeds. It checks the lock is still that same stale directory, renames it
 * aside, checks it moved that directory and not a fresh one, removes it, and
 * competes for the lock with mkdir like everyone else. A takeover killed
 * midway leaves its marker, which goes stale in turn: the next level is tried.
 *
 * A holder that stalls past `staleMs` (a frozen event loop, a suspended
 * process) may be taken over while it believes it holds the lock: it learns
 * so at its next `assertHeld()` (or its refresh timer does) and abandons its
 * commit; either reports it through `onCompromised`, once.
 *
 * Waiting is measured in real time on purpose (not the injected clock): the
 * staleness of a directory's mtime is wall-clock time.
 */
export async function acquireFileLock(options: FileLockOptions): Promise<HeldLock> {
  const { lockPath } = options;
  const staleMs = Math.max(options.staleMs, 100);
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    try {
      // Synchronous: microseconds on a local disk, where an async call's thread-pool hop costs several times that in CPU.
      mkdirSync(lockPath);
      return hold(lockPath, staleMs, options.onCompromised, identityOf(statSync(lockPath, { bigint: true })));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const seen = await statOrUndefined(lockPath);
    if (seen !== undefined && Date.now() - Number(seen.mtimeMs) > staleMs) await takeOver(lockPath, identityOf(seen), staleMs);
    else if (Date.now() >= deadline) {
      // The ledger's problem, not the provider's: store_unavailable, never
      // counted towards a target's cooldown (see to-ledger-error.ts).
      throw new AegisError(
        'store_unavailable',
        `The cost ledger's lock (${lockPath}) is held by another process and did not free up within ${options.timeoutMs} ms: ` +
          'another process is stuck inside a ledger write (or the file system is very slow); try again.',
        { code: 'LEDGER_LOCK_TIMEOUT' },
      );
    } else if (seen !== undefined) await sleep(1 + Math.random());
  }
}

async function statOrUndefined(path: string): Promise<BigIntStats | undefined> {
  try {
    return await stat(path, { bigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function statOrUndefinedSync(path: string): BigIntStats | undefined {
  return statSync(path, { bigint: true, throwIfNoEntry: false });
}

/** Removes the stale lock `seen` if this process wins its takeover; returns either way, to compete for the lock again. */
async function takeOver(lockPath: string, seen: Identity, staleMs: number): Promise<void> {
  const markerBase = `${lockPath}.takeover-${seen.ino}-${seen.mtimeNs}`;
  let marker: string | undefined;
  for (let level = 1; level <= MAX_TAKEOVER_LEVELS && marker === undefined; level += 1) {
    try {
      await mkdir(`${markerBase}-${level}`);
      marker = `${markerBase}-${level}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const other = await statOrUndefined(`${markerBase}-${level}`);
      // Another waiter is taking this lock over right now: let it.
      if (other !== undefined && Date.now() - Number(other.mtimeMs) <= staleMs) return sleep(1 + Math.random());
    }
  }
  if (marker === undefined) return sleep(1 + Math.random());
  try {
    const now = await statOrUndefined(lockPath);
    // Released, touched or replaced since we looked: not the stale lock any more.
    if (now === undefined || !sameIdentity(identityOf(now), seen)) return;
    const aside = `${lockPath}.stale-${randomUUID()}`;
    try {
      await rename(lockPath, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    // If the holder touched it between our check and the rename, we moved a
    // live lock: its holder finds it gone at its next assertHeld() and
    // abandons that commit. Either way the directory aside is removed.
    await rmdir(aside).catch(() => undefined);
    // Markers of lower levels (takeovers killed midway) of the same stale lock.
    const level = Number(marker.slice(markerBase.length + 1));
    for (let lower = 1; lower < level; lower += 1) await rmdir(`${markerBase}-${lower}`).catch(() => undefined);
  } finally {
    await rmdir(marker).catch(() => undefined);
  }
}

function hold(lockPath: string, staleMs: number, onCompromised: (error: Error) => void, made: Identity): HeldLock {
  let mine = made;
  let lost: AegisError | undefined;
  let released = false;
  /** The touch in progress: assertHeld waits for it, so it never compares against a half-made touch. */
  let touching: Promise<void> | undefined;
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', removeHeldOnExit);
  }
  heldPaths.add(lockPath);

  /** The loss, reported through onCompromised once, whether the fence or the refresh timer finds it. */
  const loseIt = (why: string): AegisError => {
    if (lost !== undefined) return lost;
    lost = new AegisError(
      'store_unavailable',
      `The cost ledger's lock (${lockPath}) was taken over while this process held it (${why}); the write was abandoned and will be retried.`,
      { code: 'LEDGER_LOCK_LOST' },
    );
    onCompromised(lost);
    return lost;
  };
  const check = (): void => {
    if (lost !== undefined) throw lost;
    const now = statOrUndefinedSync(lockPath);
    if (now === undefined) throw loseIt('it was removed');
    if (!sameIdentity(identityOf(now), mine)) throw loseIt('it is another directory now');
  };
  const touch = async (): Promise<void> => {
    check();
    const at = new Date();
    await utimes(lockPath, at, at);
    const now = await stat(lockPath, { bigint: true });
    if (now.ino !== mine.ino) throw loseIt('it is another directory now');
    mine = identityOf(now);
  };
  const timer = setInterval(
    () => {
      if (touching !== undefined || released) return;
      touching = touch()
        .catch((error: unknown) => {
          clearInterval(timer);
          if (error !== lost) onCompromised(error instanceof Error ? error : new Error(String(error)));
        })
        .finally(() => (touching = undefined));
    },
    Math.max(25, Math.floor(staleMs / 4)),
  );
  timer.unref();

  return {
    async assertHeld() {
      if (touching !== undefined) await touching;
      check();
    },
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      if (touching !== undefined) await touching;
      heldPaths.delete(lockPath);
      // Not ours any more (taken over after a stall): the new holder's to remove.
      if (lost !== undefined) return;
      const now = statOrUndefinedSync(lockPath);
      if (now !== undefined && sameIdentity(identityOf(now), mine)) rmdirSync(lockPath);
    },
  };
}
