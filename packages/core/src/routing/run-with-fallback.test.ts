import { describe, expect, it } from 'vitest';
import { failureOf } from '../test-support/failure-of.js';
import { runWithFallback } from './run-with-fallback.js';
import { A, B, C, harness, outcomes } from './test-support/executor-harness.js';
import { scriptedAttempts, upstreamError } from './test-support/scripted-attempts.js';

describe('runWithFallback: retries', () => {
  it('429 with retryAfterMs 1000, then success: waits the asked second once', async () => {
    const { time, options } = harness();
    const up = scriptedAttempts({ 'dashscope/qwen-plus': [upstreamError('rate_limited', 429, { retryAfterMs: 1000 }), 'hello'] });
    const result = await runWithFallback([A, B], up.attempt, options);
    expect(result.value).toBe('hello from dashscope/qwen-plus');
    expect(result.target).toEqual(A);
    expect(time.sleeps).toEqual([1000]);
    expect(result.attempts).toEqual([
      expect.objectContaining({ provider: 'dashscope', model: 'qwen-plus', outcome: 'rate_limited', status: 429, waitedMs: 0 }),
      expect.objectContaining({ outcome: 'ok', waitedMs: 1000 }),
    ]);
    expect(up.callsTo(B)).toBe(0);
  });

  it('429 without Retry-After: exponential backoff with jitter', async () => {
    const { time, options } = harness();
    const limited = upstreamError('rate_limited', 429);
    const up = scriptedAttempts({ 'dashscope/qwen-plus': [limited, limited, 'hello'] });
    const result = await runWithFallback([A, B], up.attempt, options);
    expect(result.target).toEqual(A);
    // random 0.5 of the ceilings 250 and 500.
    expect(time.sleeps).toEqual([125, 250]);
    expect(result.attempts.map((a) => a.waitedMs)).toEqual([0, 125, 250]);
  });

  it('retryAfterMs 120000: falls back at once, without waiting', async () => {
    const { time, options, cooldown } = harness();
    const up = scriptedAttempts({ 'dashscope/qwen-plus': [upstreamError('rate_limited', 429, { retryAfterMs: 120_000 })] });
    const result = await runWithFallback([A, B], up.attempt, options);
    expect(result.target).toEqual(B);
    expect(time.sleeps).toEqual([]);
    expect(outcomes(result.attempts)).toEqual(['dashscope:rate_limited', 'openai:ok']);
    // And the target is skipped by later requests for at least that long.
    expect(cooldown.status(A)).toMatchObject({ state: 'open', until: time.clock.now() + 120_000 });
  });

  it.each([
    ['persistent 429', upstreamError('rate_limited', 429)],
    ['persistent 503', upstreamError('upstream_unavailable', 503)],
  ])('%s: falls back after the configured retries', async (_name, error) => {
    const { time, options } = harness({ maxRetries: 2 });
    const up = scriptedAttempts({ 'dashscope/qwen-plus': [error] });
    const result = await runWithFallback([A, B], up.attempt, options);
    expect(up.callsTo(A)).toBe(3);
    expect(time.sleeps).toHaveLength(2);
    expect(result.target).toEqual(B);
    expect(outcomes(result.attempts)).toEqual([
      `dashscope:${error.kind}`,
      `dashscope:${error.kind}`,
      `dashscope:${error.kind}`,
      'openai:ok',
    ]);
  });

  it('never retries or falls back on bad_request, even one marked retryable', async () => {
    const { options } = harness();
    const up = scriptedAttempts({ 'dashscope/qwen-plus': [upstreamError('bad_request', 400, { retryable: true })] });
    const error = await failureOf(runWithFallback([A, B], up.attempt, options));
    expect(error.kind).toBe('bad_request');
    expect(up.callsTo(A)).toBe(1);
    expect(up.callsTo(B)).toBe(0);
    expect(error.details?.attempts).toEqual([expect.objectContaining({ outcome: 'bad_request', status: 400 })]);
  });

  it('never retries auth or not_found: falls back, flagging a configuration problem', async () => {
    const { options, cooldown } = harness();
    const up = scriptedAttempts({
      'dashscope/qwen-plus': [upstreamError('auth', 401, { retryable: true })],
      'openai/gpt-4o-mini': [upstreamError('not_found', 404)],
    });
    const result = await runWithFallback([A, B, C], up.attempt, options);
    expect(up.callsTo(A)).toBe(1);
    expect(up.callsTo(B)).toBe(1);
    expect(result.target).toEqual(C);
    expect(result.attempts.slice(0, 2)).toEqual([
      expect.objectContaining({ outcome: 'auth', configProblem: true }),
      expect.objectContaining({ outcome: 'not_found', configProblem: true }),
    ]);
    // Configuration problems are reported on every request, not hidden by a cooldown.
    expect(cooldown.status(A)).toBeUndefined();
  });

  it('content_filtered stops, unless the settings allow falling back on it', async () => {
    const filtered = upstreamError('content_filtered', 400, { code: 'DataInspectionFailed' });
    const strict = harness();
    const up = scriptedAttempts({ 'dashscope/qwen-plus': [filtered] });
    expect((await failureOf(runWithFallback([A, B], up.attempt, strict.options))).kind).toBe('content_filtered');

    const lenient = harness({ fallbackOnContentFilter: true });
    const result = await runWithFallback([A, B], scriptedAttempts({ 'dashscope/qwen-plus': [filtered] }).attempt, lenient.options);
    expect(result.target).toEqual(B);
    expect(result.attempts[0]).toMatchObject({ outcome: 'content_filtered', code: 'DataInspectionFailed' });
  });

  it('honours a custom shouldFallback', async () => {
    const { options } = harness();
    const up = scriptedAttempts({ 'dashscope/qwen-plus': [upstreamError('quota_exhausted', 429)] });
    const error = await failureOf(runWithFallback([A, B], up.attempt, { ...options, shouldFallback: () => false }));
    expect(error.kind).toBe('quota_exhausted');
    expect(up.callsTo(B)).toBe(0);
  });

  it('wraps an unexpected throw as a non-retryable, fallbackable failure', async () => {
    const { options } = harness();
    const result = await runWithFallback(
      [A, B],
      async (target) => {
        if (target === A) throw new TypeError('x is undefined (key sk-secret1234567)');
        return 'ok';
      },
      { ...options, redact: (text) => text.replace(/sk-\w+/g, '[REDACTED]') },
    );
    expect(result.attempts[0]).toMatchObject({
      outcome: 'upstream_unavailable',
      message: 'dashscope/qwen-plus failed unexpectedly (TypeError: x is undefined (key [REDACTED])).',
    });
  });
});

describe('runWithFallback: when everything fails', () => {
  it('throws one error listing each target, with the attempts in details', async () => {
    const { options } = harness({ maxRetries: 1 });
    const up = scriptedAttempts({
      'dashscope/qwen-plus': [upstreamError('rate_limited', 429, { retryAfterMs: 2000 })],
      'openai/gpt-4o-mini': [upstreamError('auth', 401)],
    });
    const error = await failureOf(runWithFallback([A, B], up.attempt, options));
    // The health problem, not the fallback's misconfiguration, sets the kind.
    expect(error.kind).toBe('rate_limited');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(2000);
    expect(error.message).toBe(
      [
        'No target answered (2 failed):',
        '- dashscope/qwen-plus: upstream said rate_limited (429) (2 attempts)',
        '- openai/gpt-4o-mini [configuration problem]: upstream said auth (401)',
      ].join('\n'),
    );
    expect(error.details?.attempts).toHaveLength(3);
    expect(error.details?.errors).toHaveLength(2);
  });

  it('one target: throws its own error, with the attempts added', async () => {
    const { options } = harness({ maxRetries: 0 });
    const up = scriptedAttempts({ 'dashscope/qwen-plus': [upstreamError('upstream_unavailable', 503, { requestId: 'r-1' })] });
    const error = await failureOf(runWithFallback([A], up.attempt, options));
    expect(error).toMatchObject({ kind: 'upstream_unavailable', status: 503, requestId: 'r-1', message: 'upstream said upstream_unavailable (503)' });
    expect(error.details?.attempts).toHaveLength(1);
  });
});
