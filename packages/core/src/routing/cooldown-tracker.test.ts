import { describe, expect, it } from 'vitest';
import { AegisError, type ErrorKind } from '../errors.js';
import type { CooldownStore } from './cooldown-store.js';
import { createMemoryCooldownStore } from './cooldown-store.js';
import { createCooldownTracker } from './cooldown-tracker.js';
import { createFakeTime } from './test-support/fake-time.js';
import { routingSettings } from './test-support/routing-settings.js';

const A = { provider: 'dashscope', model: 'qwen-plus' };
const B = { provider: 'openai', model: 'gpt-4o-mini' };

const fail = (kind: ErrorKind, retryAfterMs?: number) => new AegisError(kind, `${kind} happened`, { retryAfterMs });

function setup(store?: CooldownStore) {
  const time = createFakeTime(0);
  const tracker = createCooldownTracker({ settings: routingSettings(), clock: time.clock, store });
  return { time, tracker };
}

describe('createCooldownTracker', () => {
  it('opens after `failures` failures within the window, for durationMs', async () => {
    const { time, tracker } = setup();
    await tracker.recordFailure(A, fail('rate_limited'));
    await tracker.recordFailure(A, fail('upstream_unavailable'));
    expect(tracker.tryAcquire(A)).toBe('closed');
    await tracker.recordFailure(A, fail('timeout'));
    expect(tracker.tryAcquire(A)).toBe('open');
    expect(tracker.isCoolingDown(A)).toBe(true);
    expect(tracker.isCoolingDown(B)).toBe(false);
    expect(await tracker.snapshot()).toEqual([
      expect.objectContaining({ target: 'dashscope/qwen-plus', state: 'open', until: 30_000, failures: 3, lastErrorKind: 'timeout' }),
    ]);
    time.advance(29_999);
    expect(tracker.tryAcquire(A)).toBe('open');
  });

  it('clear ends a cooldown and forgets the failures: the next request goes to the target', async () => {
    const { tracker } = setup();
    for (let i = 0; i < 3; i += 1) await tracker.recordFailure(A, fail('upstream_unavailable'));
    expect(tracker.tryAcquire(A)).toBe('open');
    expect(await tracker.clear(A)).toBe(true);
    expect(tracker.tryAcquire(A)).toBe('closed');
    expect(await tracker.snapshot()).toEqual([]);
    // Two more failures do not reopen it: the old three are gone.
    await tracker.recordFailure(A, fail('upstream_unavailable'));
    await tracker.recordFailure(A, fail('upstream_unavailable'));
    expect(tracker.tryAcquire(A)).toBe('closed');
    expect(await tracker.clear(B)).toBe(false);
  });

  it('forgets failures that slid out of the window', async () => {
    const { time, tracker } = setup();
    await tracker.recordFailure(A, fail('rate_limited'));
    await tracker.recordFailure(A, fail('rate_limited'));
    time.advance(60_001);
    await tracker.recordFailure(A, fail('rate_limited'));
    expect(tracker.tryAcquire(A)).toBe('closed');
    expect(tracker.status(A)?.failures).toBe(1);
  });

  it('a success on a closed target clears its failures', async () => {
    const { tracker } = setup();
    await tracker.recordFailure(A, fail('rate_limited'));
    await tracker.recordFailure(A, fail('rate_limited'));
    await tracker.recordSuccess(A);
    await tracker.recordFailure(A, fail('rate_limited'));
    expect(tracker.tryAcquire(A)).toBe('closed');
  });

  it('opens at once for a Retry-After beyond the max wait, for at least that long', async () => {
    const { time, tracker } = setup();
    await tracker.recordFailure(A, fail('rate_limited', 120_000));
    expect(tracker.status(A)).toMatchObject({ state: 'open', until: 120_000 });
    time.advance(119_000);
    expect(tracker.tryAcquire(A)).toBe('open');
  });

  it('opens at once on a quota / billing error', async () => {
    const { tracker } = setup();
    await tracker.recordFailure(A, fail('quota_exhausted'));
    expect(tracker.tryAcquire(A)).toBe('open');
  });

  it("ignores failures that are the request's or the configuration's fault", async () => {
    const { tracker } = setup();
    for (const kind of ['bad_request', 'auth', 'content_filtered', 'context_too_long', 'cancelled'] as const) {
      for (let i = 0; i < 5; i++) await tracker.recordFailure(A, fail(kind));
    }
    expect(tracker.tryAcquire(A)).toBe('closed');
    expect(tracker.status(A)).toBeUndefined();
  });

  it('cools a target down at its first not_found: a retired model fails every request alike', async () => {
    const { tracker } = setup();
    await tracker.recordFailure(A, fail('not_found'));
    expect(tracker.tryAcquire(A)).toBe('open');
    expect(tracker.status(A)).toMatchObject({ state: 'open', lastErrorKind: 'not_found' });
  });

  it('half-open: exactly one probe; its success closes the target', async () => {
    const { time, tracker } = setup();
    await tracker.recordFailure(A, fail('quota_exhausted'));
    time.advance(30_000);
    expect(tracker.isCoolingDown(A)).toBe(false);
    expect(tracker.tryAcquire(A)).toBe('probe');
    expect(tracker.tryAcquire(A)).toBe('open');
    expect(tracker.isCoolingDown(A)).toBe(true);
    expect(tracker.status(A)).toMatchObject({ state: 'half-open', probing: true });
    // A late success from a request sent before the cooldown decides nothing.
    await tracker.recordSuccess(A);
    expect(tracker.tryAcquire(A)).toBe('open');
    await tracker.recordSuccess(A, { probe: true });
    expect(tracker.tryAcquire(A)).toBe('closed');
    expect(tracker.status(A)).toBeUndefined();
  });

  it('half-open: a failed probe reopens for another cooldown', async () => {
    const { time, tracker } = setup();
    await tracker.recordFailure(A, fail('quota_exhausted'));
    time.advance(30_000);
    expect(tracker.tryAcquire(A)).toBe('probe');
    await tracker.recordFailure(A, fail('upstream_unavailable'), { probe: true });
    expect(tracker.status(A)).toMatchObject({ state: 'open', until: 60_000, probing: false });
    time.advance(30_000);
    expect(tracker.tryAcquire(A)).toBe('probe');
  });

  it('a probe released without a verdict (or whose lease ran out) lets the next request probe', async () => {
    const { time, tracker } = setup();
    await tracker.recordFailure(A, fail('quota_exhausted'));
    time.advance(30_000);
    expect(tracker.tryAcquire(A)).toBe('probe');
    await tracker.recordFailure(A, fail('bad_request'), { probe: true });
    expect(tracker.tryAcquire(A)).toBe('probe');
    time.advance(60_000);
    expect(tracker.tryAcquire(A)).toBe('probe');
    await tracker.release(A);
    expect(tracker.tryAcquire(A)).toBe('probe');
  });

  it('stragglers do not extend an open cooldown, a longer Retry-After does', async () => {
    const { time, tracker } = setup();
    await tracker.recordFailure(A, fail('quota_exhausted'));
    time.advance(10_000);
    await tracker.recordFailure(A, fail('rate_limited'));
    expect(tracker.status(A)?.until).toBe(30_000);
    await tracker.recordFailure(A, fail('rate_limited', 50_000));
    expect(tracker.status(A)?.until).toBe(60_000);
  });

  it('snapshot lists open and failing targets, sorted, and works over an async store', async () => {
    const memory = createMemoryCooldownStore();
    const asyncStore: CooldownStore = {
      peek: (key) => memory.peek(key),
      update: async (key, change) => memory.update(key, change),
      entries: async () => memory.entries(),
    };
    const { tracker } = setup(asyncStore);
    await tracker.recordFailure(B, fail('rate_limited'));
    await tracker.recordFailure(A, fail('quota_exhausted'));
    const snapshot = await tracker.snapshot();
    expect(snapshot.map((s) => [s.target, s.state, s.failures])).toEqual([
      ['dashscope/qwen-plus', 'open', 1],
      ['openai/gpt-4o-mini', 'closed', 1],
    ]);
    expect(snapshot[0]).toMatchObject({ provider: 'dashscope', model: 'qwen-plus', lastErrorMessage: 'quota_exhausted happened' });
  });
});
