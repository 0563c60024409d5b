import { describe, expect, it } from 'vitest';
import { AegisError } from '../errors.js';
import { failureOf } from '../test-support/failure-of.js';
import type { Target } from '../types.js';
import { runWithFallback } from './run-with-fallback.js';
import { A, B, harness } from './test-support/executor-harness.js';
import { scriptedAttempts, upstreamError } from './test-support/scripted-attempts.js';

describe('runWithFallback: cooldown', () => {
  it('skips a target whose cooldown began after planning, and says why', async () => {
    const { options, cooldown } = harness();
    cooldown.recordFailure(A, upstreamError('quota_exhausted', 429));
    const up = scriptedAttempts({});
    const result = await runWithFallback([A, B], up.attempt, options);
    expect(up.callsTo(A)).toBe(0);
    expect(result.skipped).toEqual([
      expect.objectContaining({ provider: 'dashscope', model: 'qwen-plus', reason: expect.stringMatching(/^in cooldown until .* \(last error: quota_exhausted\)$/) }),
    ]);
  });

  it('stops retrying a target the moment its cooldown opens', async () => {
    const { options } = harness({ maxRetries: 5, cooldown: { failures: 2, windowMs: 60_000, durationMs: 30_000 } });
    const up = scriptedAttempts({ 'dashscope/qwen-plus': [upstreamError('rate_limited', 429)] });
    const result = await runWithFallback([A, B], up.attempt, options);
    expect(up.callsTo(A)).toBe(2);
    expect(result.target).toEqual(B);
  });

  it('50 concurrent requests: the failing target receives only the probes', async () => {
    const { time, options, cooldown } = harness({ maxRetries: 2 });
    let healthy = false;
    const calls = { a: 0, b: 0 };
    const attempt = async (target: Target) => {
      // Let every request start before any answer comes back.
      await new Promise((resolve) => setImmediate(resolve));
      if (target === B) {
        calls.b++;
        return 'b';
      }
      calls.a++;
      if (!healthy) throw upstreamError('upstream_unavailable', 503);
      return 'a';
    };
    const burst = () => Promise.all(Array.from({ length: 50 }, () => runWithFallback([A, B], attempt, { ...options, deadline: time.clock.now() + 55_000 })));

    // A fails three times: cooldown.
    for (let i = 0; i < 3; i++) await cooldown.recordFailure(A, upstreamError('upstream_unavailable', 503));
    let results = await burst();
    expect(calls.a).toBe(0);
    expect(results.every((r) => r.target === B)).toBe(true);

    // Cooldown over, still broken: exactly one probe, which fails and reopens it.
    time.advance(30_000);
    results = await burst();
    expect(calls.a).toBe(1);
    expect(results.filter((r) => r.attempts.some((a) => a.probe))).toHaveLength(1);
    expect(results.every((r) => r.target === B)).toBe(true);
    expect(cooldown.status(A)?.state).toBe('open');

    // Cooldown over, healthy again: one probe succeeds, then traffic returns.
    healthy = true;
    time.advance(30_000);
    results = await burst();
    expect(calls.a).toBe(2);
    expect(results.filter((r) => r.target === A)).toHaveLength(1);
    results = await burst();
    expect(calls.a).toBe(52);
    expect(results.every((r) => r.target === A)).toBe(true);
  });

  it('a probe that ends without a verdict gives the probe back', async () => {
    const { time, options, cooldown } = harness();
    await cooldown.recordFailure(A, upstreamError('quota_exhausted', 429));
    time.advance(30_000);
    const up = scriptedAttempts({ 'dashscope/qwen-plus': [upstreamError('bad_request', 400)] });
    await failureOf(runWithFallback([A, B], up.attempt, options));
    expect(cooldown.tryAcquire(A)).toBe('probe');
  });

  it('an AegisError thrown synchronously by the attempt function is handled the same', async () => {
    const { options } = harness();
    const result = await runWithFallback(
      [A, B],
      (target) => {
        if (target === A) throw new AegisError('not_found', 'no such model', { status: 404 });
        return Promise.resolve('fine');
      },
      options,
    );
    expect(result.value).toBe('fine');
  });
});
