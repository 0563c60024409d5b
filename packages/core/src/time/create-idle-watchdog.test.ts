import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIdleWatchdog } from './create-idle-watchdog.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A watchdog on a hand-moved clock; its timer is real, so the tests wait a little. */
function harness(ms: number) {
  let now = 0;
  let fired = 0;
  const watchdog = createIdleWatchdog({ ms, now: () => now, onIdle: () => fired++ });
  return {
    watchdog,
    fired: () => fired,
    advance(by: number) {
      now += by;
    },
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createIdleWatchdog', () => {
  it('fires once after the idle time, not before', async () => {
    const fired: number[] = [];
    const started = performance.now();
    const watchdog = createIdleWatchdog({ ms: 40, onIdle: () => fired.push(performance.now() - started) });
    watchdog.arm();
    await sleep(15);
    expect(fired).toEqual([]);
    await sleep(120);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toBeGreaterThanOrEqual(39);
    watchdog.arm();
    await sleep(80);
    expect(fired).toHaveLength(1);
  });

  it('activity re-arms it: the wait counts from the last arm()', async () => {
    const h = harness(30);
    h.watchdog.arm();
    h.advance(20);
    h.watchdog.arm();
    // The first timer expires with 20 of 30 ms used since the last arm(): not idle yet.
    h.advance(15);
    await sleep(60);
    expect(h.fired()).toBe(0);
    h.advance(20);
    await sleep(60);
    expect(h.fired()).toBe(1);
    h.watchdog.dispose();
  });

  it('a pause (disarm) is not idle time, and arm() after it starts a fresh wait', async () => {
    const h = harness(20);
    h.watchdog.arm();
    h.watchdog.disarm();
    h.advance(1_000);
    await sleep(50);
    expect(h.fired()).toBe(0);
    h.watchdog.arm();
    h.advance(10);
    await sleep(50);
    expect(h.fired()).toBe(0);
    h.advance(10);
    await sleep(50);
    expect(h.fired()).toBe(1);
  });

  it('keeps one timer however often it is re-armed', () => {
    const setTimer = vi.spyOn(globalThis, 'setTimeout');
    const watchdog = createIdleWatchdog({ ms: 10_000, onIdle: () => undefined });
    for (let chunk = 0; chunk < 2_000; chunk++) {
      watchdog.arm();
      watchdog.disarm();
    }
    expect(setTimer).toHaveBeenCalledTimes(1);
    watchdog.dispose();
  });

  it('never fires once disposed', async () => {
    const h = harness(20);
    h.watchdog.arm();
    h.watchdog.dispose();
    h.advance(100);
    await sleep(50);
    h.watchdog.arm();
    await sleep(50);
    expect(h.fired()).toBe(0);
  });

  it('sets no timer for an infinite idle time', () => {
    const setTimer = vi.spyOn(globalThis, 'setTimeout');
    const watchdog = createIdleWatchdog({ ms: Number.POSITIVE_INFINITY, onIdle: () => undefined });
    watchdog.arm();
    expect(setTimer).not.toHaveBeenCalled();
    watchdog.dispose();
  });
});
