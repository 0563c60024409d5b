import { describe, expect, it } from 'vitest';
import { failureOf } from '../test-support/failure-of.js';
import type { Target } from '../types.js';
import { systemClock, systemRandom, systemSleep } from '../time/clock.js';
import { createCooldownTracker } from './cooldown-tracker.js';
import { runWithFallback } from './run-with-fallback.js';
import { A, B, C, harness } from './test-support/executor-harness.js';
import { routingSettings } from './test-support/routing-settings.js';
import { scriptedAttempts, upstreamError } from './test-support/scripted-attempts.js';

describe('runWithFallback: deadline and cancel', () => {
  it('a hang ends at the (real) deadline as a timeout, and the attempt signal fires', async () => {
    const settings = routingSettings();
    const up = scriptedAttempts({ 'dashscope/qwen-plus': ['hang'] });
    const started = Date.now();
    const error = await failureOf(
      runWithFallback([A, B], up.attempt, {
        settings,
        deadline: Date.now() + 60,
        clock: systemClock,
        sleep: systemSleep,
        random: systemRandom,
        cooldown: createCooldownTracker({ settings, clock: systemClock }),
      }),
    );
    const elapsed = Date.now() - started;
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('No target answered (1 failed, 1 not tried before the deadline)');
    expect(elapsed).toBeGreaterThanOrEqual(50);
    expect(elapsed).toBeLessThan(2000);
    expect(up.signals[0]?.aborted).toBe(true);
    expect(up.signals[0]?.reason).toMatchObject({ kind: 'timeout' });
    expect(up.callsTo(B)).toBe(0);
  });

  it('an upstream that turns the abort into its own error still reports a timeout', async () => {
    const settings = routingSettings();
    const error = await failureOf(
      runWithFallback(
        [A],
        (_target, { signal }) =>
          new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('socket hang up')))),
        {
          settings,
          deadline: Date.now() + 30,
          clock: systemClock,
          sleep: systemSleep,
          random: systemRandom,
          cooldown: createCooldownTracker({ settings, clock: systemClock }),
        },
      ),
    );
    expect(error).toMatchObject({ kind: 'timeout', message: 'dashscope/qwen-plus did not answer before the request deadline.' });
  });

  it('a short request deadline does not count against the target\'s health', async () => {
    const settings = routingSettings();
    const cooldown = createCooldownTracker({ settings, clock: systemClock });
    const up = scriptedAttempts({ 'dashscope/qwen-plus': ['hang'] });
    const run = () =>
      failureOf(
        runWithFallback([A], up.attempt, {
          settings: routingSettings({ cooldown: { failures: 1, windowMs: 60_000, durationMs: 30_000 } }),
          deadline: Date.now() + 20,
          clock: systemClock,
          sleep: systemSleep,
          random: systemRandom,
          cooldown,
        }),
      );
    await run();
    await run();
    expect(cooldown.status(A)).toBeUndefined();
    expect(up.callsTo(A)).toBe(2);
  });

  it('does not call the upstream at all when the caller has already cancelled', async () => {
    const { options } = harness();
    const up = scriptedAttempts({});
    const error = await failureOf(runWithFallback([A, B], up.attempt, { ...options, signal: AbortSignal.abort() }));
    expect(error.kind).toBe('cancelled');
    expect(up.calls.size).toBe(0);
  });

  it('attemptTimeoutMs: a hang falls back to the next target instead of eating the deadline', async () => {
    const settings = routingSettings();
    const up = scriptedAttempts({ 'dashscope/qwen-plus': ['hang'] });
    const result = await runWithFallback([A, B], up.attempt, {
      settings,
      deadline: Date.now() + 10_000,
      attemptTimeoutMs: 40,
      clock: systemClock,
      sleep: systemSleep,
      random: systemRandom,
      cooldown: createCooldownTracker({ settings, clock: systemClock }),
    });
    expect(result.target).toEqual(B);
    expect(up.callsTo(A)).toBe(1);
    expect(result.attempts[0]).toMatchObject({ outcome: 'timeout', message: 'dashscope/qwen-plus did not answer within 40 ms.' });
  });

  it('the deadline holds: no wait that would pass it, no attempt after it', async () => {
    const { time, options } = harness({ maxRetries: 5 });
    const start = time.clock.now();
    const limited = upstreamError('rate_limited', 429, { retryAfterMs: 3000 });
    const up = scriptedAttempts({ 'dashscope/qwen-plus': [limited], 'openai/gpt-4o-mini': [limited], 'ollama/qwen2.5:7b': [limited] });
    const error = await failureOf(runWithFallback([A, B, C], up.attempt, { ...options, deadline: start + 5000 }));
    expect(error.kind).toBe('rate_limited');
    // One 3 s wait fits in the 5 s budget, a second does not: the rest fall back at once.
    expect(time.sleeps).toEqual([3000]);
    expect(time.clock.now() - start).toBeLessThan(5000);
    expect([up.callsTo(A), up.callsTo(B), up.callsTo(C)]).toEqual([2, 1, 1]);
  });

  it('does not start another target once the deadline has passed', async () => {
    const { time, options } = harness({ maxRetries: 0 });
    const up = scriptedAttempts({});
    const slowFailure = async (target: Target) => {
      time.advance(6000);
      return up.attempt(target, { signal: new AbortController().signal, attemptNumber: 1, targetAttempt: 1 }).then(() => {
        throw upstreamError('upstream_unavailable', 502);
      });
    };
    const error = await failureOf(runWithFallback([A, B], slowFailure, { ...options, deadline: time.clock.now() + 5000 }));
    expect(error.kind).toBe('timeout');
    expect(error.details?.untried).toEqual(['openai/gpt-4o-mini']);
    expect(up.callsTo(B)).toBe(0);
  });

  it('a caller cancel stops everything as `cancelled`, during an attempt or a wait', async () => {
    const { options } = harness();
    const controller = new AbortController();
    const error = await failureOf(
      runWithFallback(
        [A, B],
        async () => {
          controller.abort();
          throw new Error('aborted');
        },
        { ...options, signal: controller.signal },
      ),
    );
    expect(error.kind).toBe('cancelled');
    expect(error.details?.attempts).toEqual([expect.objectContaining({ outcome: 'cancelled' })]);

    const duringWait = new AbortController();
    const up = scriptedAttempts({ 'dashscope/qwen-plus': [upstreamError('rate_limited', 429, { retryAfterMs: 1000 })] });
    const waitError = await failureOf(
      runWithFallback([A, B], up.attempt, {
        ...options,
        signal: duringWait.signal,
        sleep: async (_ms, signal) => {
          duringWait.abort();
          throw signal?.reason;
        },
      }),
    );
    expect(waitError.kind).toBe('cancelled');
    expect(up.callsTo(B)).toBe(0);
  });
});
