import { describe, expect, it } from 'vitest';
import { AegisError } from '../errors.js';
import type { ProviderStreamPart, Target } from '../types.js';
import { type RoutedStream, type RoutedStreamPart, runStreamWithFallback } from './run-stream-with-fallback.js';
import { harness, upstreams } from './test-support/executor-harness.js';
import { type FakeStream, fakeStream, text } from './test-support/fake-stream.js';
import { upstreamError } from './test-support/scripted-attempts.js';

const A: Target = { provider: 'dashscope', model: 'qwen-plus' };
const B: Target = { provider: 'openai', model: 'gpt-4o-mini' };

async function collect(stream: RoutedStream) {
  const parts: RoutedStreamPart[] = [];
  try {
    for await (const part of stream) parts.push(part);
  } catch (error) {
    return { parts, error: error as AegisError };
  }
  return { parts, error: undefined };
}

const finish: ProviderStreamPart = { type: 'finish', finishReason: 'stop' };
const usage: ProviderStreamPart = { type: 'usage', usage: { inputTokens: 3, outputTokens: 2, cachedInputTokens: 0, reasoningTokens: 0 } };

describe('runStreamWithFallback', () => {
  it('streams one target: start, parts, done', async () => {
    const { options } = harness();
    const up = upstreams({ 'dashscope/qwen-plus': [fakeStream([text('Hel'), text('lo'), usage, finish])] });
    const stream = runStreamWithFallback([A, B], up.open, options);
    const { parts, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(parts).toEqual([{ type: 'start', target: A }, text('Hel'), text('lo'), usage, finish]);
    expect(stream.target).toEqual(A);
    expect(stream.delivered).toEqual({ textChars: 5, reasoningChars: 0, toolCalls: 0 });
    expect(stream.timeToFirstDeltaMs).toBe(0);
    expect(stream.attempts).toEqual([expect.objectContaining({ provider: 'dashscope', outcome: 'ok' })]);
  });

  it('a failure before the first delta falls back transparently, leaking nothing of the failed attempt', async () => {
    const { options } = harness({ maxRetries: 0 });
    const dropped = fakeStream([usage], { failWith: upstreamError('upstream_unavailable', 503) });
    const up = upstreams({ 'dashscope/qwen-plus': [dropped], 'openai/gpt-4o-mini': [fakeStream([text('Hi'), finish])] });
    const stream = runStreamWithFallback([A, B], up.open, options);
    const { parts, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(parts).toEqual([
      { type: 'fallback', from: A, to: B, error: expect.objectContaining({ kind: 'upstream_unavailable', status: 503 }) },
      { type: 'start', target: B },
      text('Hi'),
      finish,
    ]);
    expect(stream.target).toEqual(B);
    expect(stream.attempts.map((a) => `${a.provider}:${a.outcome}`)).toEqual(['dashscope:upstream_unavailable', 'openai:ok']);
  });

  it('retries a stream that failed to open (429 + Retry-After) on the same target', async () => {
    const { time, options } = harness();
    const up = upstreams({
      'dashscope/qwen-plus': [upstreamError('rate_limited', 429, { retryAfterMs: 1000 }), fakeStream([text('ok')])],
    });
    const { parts } = await collect(runStreamWithFallback([A, B], up.open, options));
    expect(time.sleeps).toEqual([1000]);
    expect(parts).toEqual([{ type: 'start', target: A }, text('ok')]);
  });

  it('a failure after the first delta ends the stream with a typed error saying what was delivered', async () => {
    const { options } = harness();
    const broken = fakeStream([{ type: 'reasoning-delta', delta: 'hmm' }, text('Hello, wor')], {
      failWith: upstreamError('upstream_unavailable', undefined),
    });
    const up = upstreams({ 'dashscope/qwen-plus': [broken], 'openai/gpt-4o-mini': [fakeStream([text('never')])] });
    const stream = runStreamWithFallback([A, B], up.open, options);
    const { parts, error } = await collect(stream);
    expect(parts).toEqual([{ type: 'start', target: A }, { type: 'reasoning-delta', delta: 'hmm' }, text('Hello, wor')]);
    expect(error).toBeInstanceOf(AegisError);
    expect(error).toMatchObject({ kind: 'upstream_unavailable', fallbackable: false });
    expect(error?.message).toContain('The stream broke after 10 characters of text and 3 of reasoning had been delivered.');
    expect(error?.details).toMatchObject({ partial: true, delivered: { textChars: 10, reasoningChars: 3 } });
    expect(up.opened['openai/gpt-4o-mini']).toBeUndefined();
    expect(stream.target).toEqual(A);
  });

  it('a consumer that stops early releases the upstream (return() and abort)', async () => {
    const { options } = harness();
    const upstream = fakeStream([text('a'), text('b'), text('c')], { hang: true });
    const up = upstreams({ 'dashscope/qwen-plus': [upstream] });
    const stream = runStreamWithFallback([A], up.open, options);
    for await (const part of stream) {
      if (part.type === 'text-delta') break;
    }
    expect(upstream.returned).toBe(true);
    expect(up.signals[0]?.aborted).toBe(true);
    expect(stream.attempts).toEqual([expect.objectContaining({ outcome: 'ok' })]);
    expect(stream.delivered.textChars).toBe(1);
  });

  it('an idle upstream times out: before the first delta it falls back (real idle timer)', async () => {
    const { options } = harness({ streamIdleTimeoutMs: 30 }, true);
    const silent = fakeStream([], { hang: true });
    const up = upstreams({ 'dashscope/qwen-plus': [silent], 'openai/gpt-4o-mini': [fakeStream([text('here')])] });
    const stream = runStreamWithFallback([A, B], up.open, options);
    const { parts, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(parts[0]).toMatchObject({ type: 'fallback', error: { kind: 'timeout', message: 'dashscope/qwen-plus sent nothing for 30 ms.' } });
    expect(silent.returned).toBe(true);
    expect(up.signals[0]?.aborted).toBe(true);
    expect(stream.target).toEqual(B);
  });

  it('an idle upstream after the first delta ends the stream as a timeout', async () => {
    const { options } = harness({ streamIdleTimeoutMs: 30 }, true);
    const stalls = fakeStream([text('part')], { hang: true });
    const up = upstreams({ 'dashscope/qwen-plus': [stalls] });
    const { error } = await collect(runStreamWithFallback([A, B], up.open, options));
    expect(error).toMatchObject({ kind: 'timeout', details: { delivered: { textChars: 4, reasoningChars: 0 } } });
    expect(stalls.returned).toBe(true);
  });

  it('a slow consumer is not mistaken for an idle upstream', async () => {
    const { options } = harness({ streamIdleTimeoutMs: 30 }, true);
    const up = upstreams({ 'dashscope/qwen-plus': [fakeStream([text('a'), text('b')])] });
    const parts: RoutedStreamPart[] = [];
    for await (const part of runStreamWithFallback([A], up.open, options)) {
      parts.push(part);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    expect(parts).toEqual([{ type: 'start', target: A }, text('a'), text('b')]);
  });

  it('idleTimeoutMs: Infinity lets a wrapped non-streaming answer take its time', async () => {
    const { options } = harness({ streamIdleTimeoutMs: 20 }, true);
    const open = async () => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      return fakeStream([text('whole answer'), finish]);
    };
    const { parts, error } = await collect(runStreamWithFallback([A], open, { ...options, idleTimeoutMs: Number.POSITIVE_INFINITY }));
    expect(error).toBeUndefined();
    expect(parts).toEqual([{ type: 'start', target: A }, text('whole answer'), finish]);
  });

  it('the deadline ends a hanging stream open, and the late stream is closed', async () => {
    const { options } = harness({}, true);
    let late: FakeStream | undefined;
    const open = async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      late = fakeStream([text('too late')]);
      return late;
    };
    const started = Date.now();
    const { error } = await collect(runStreamWithFallback([A], open, { ...options, deadline: Date.now() + 30 }));
    expect(error?.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(250);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(late?.returned).toBe(true);
  });

  it('a caller cancel mid-stream ends it as cancelled, with what was delivered', async () => {
    const { options } = harness();
    const controller = new AbortController();
    const up = upstreams({ 'dashscope/qwen-plus': [fakeStream([text('one'), text('two')], { hang: true })] });
    const stream = runStreamWithFallback([A, B], up.open, { ...options, signal: controller.signal });
    const parts: RoutedStreamPart[] = [];
    let error: unknown;
    try {
      for await (const part of stream) {
        parts.push(part);
        if (part.type === 'text-delta' && part.delta === 'two') controller.abort();
      }
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ kind: 'cancelled', details: { delivered: { textChars: 6, reasoningChars: 0 } } });
    expect(up.opened['openai/gpt-4o-mini']).toBeUndefined();
  });

  it('an answer without any delta still counts as served', async () => {
    const { options } = harness();
    const up = upstreams({ 'dashscope/qwen-plus': [fakeStream([finish])] });
    const stream = runStreamWithFallback([A], up.open, options);
    const { parts } = await collect(stream);
    expect(parts).toEqual([{ type: 'start', target: A }, finish]);
    expect(stream.timeToFirstDeltaMs).toBeUndefined();
  });

  it('when every target fails before a delta, throws the summary', async () => {
    const { options } = harness({ maxRetries: 0 });
    const up = upstreams({
      'dashscope/qwen-plus': [upstreamError('quota_exhausted', 429, { code: 'Arrearage' })],
      'openai/gpt-4o-mini': [fakeStream([], { failWith: upstreamError('upstream_unavailable', 502) })],
    });
    const { parts, error } = await collect(runStreamWithFallback([A, B], up.open, options));
    expect(parts.map((p) => p.type)).toEqual(['fallback']);
    expect(error?.message).toMatch(/^No target answered \(2 failed\):/);
    expect(error?.details?.attempts).toHaveLength(2);
  });

  it('bad_request while opening: no retry, no fallback', async () => {
    const { options } = harness();
    const up = upstreams({ 'dashscope/qwen-plus': [upstreamError('bad_request', 400)] });
    const { parts, error } = await collect(runStreamWithFallback([A, B], up.open, options));
    expect(parts).toEqual([]);
    expect(error?.kind).toBe('bad_request');
    expect(up.opened).toEqual({ 'dashscope/qwen-plus': 1 });
  });

  it('can be read only once', async () => {
    const { options } = harness();
    const up = upstreams({ 'dashscope/qwen-plus': [fakeStream([text('x')])] });
    const stream = runStreamWithFallback([A], up.open, options);
    await collect(stream);
    expect(() => stream[Symbol.asyncIterator]()).toThrow('read only once');
  });

  it('skips a target in cooldown and gives a probe back when the consumer leaves at a fallback notice', async () => {
    const { time, options } = harness({ maxRetries: 0 });
    const { cooldown } = options;
    await cooldown.recordFailure(B, upstreamError('quota_exhausted', 429));
    time.advance(30_000);
    const up = upstreams({ 'dashscope/qwen-plus': [upstreamError('upstream_unavailable', 503)] });
    const stream = runStreamWithFallback([A, B], up.open, options);
    for await (const part of stream) {
      expect(part.type).toBe('fallback');
      break;
    }
    expect(up.opened['openai/gpt-4o-mini']).toBeUndefined();
    expect(cooldown.tryAcquire(B)).toBe('probe');
  });
});
