import { setTimeout as delay } from 'node:timers/promises';

/**
 * Wait `ms`, or less if the exchange ends first. Resolves true when the wait
 * ran its course, false when the signal fired: the timer is cleared then, so a
 * client that gives up never leaves one behind.
 */
export async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  // No timer at all for the zero-latency benchmark path.
  if (ms <= 0) return true;
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
