import { describe, expect, it } from 'vitest';
import type { AegisError } from '../errors.js';
import type { ProviderStreamPart, Target } from '../types.js';
import { createFallbackRun, type RoutedRun } from './fallback-run.js';
import type { OpenStreamFn } from './part-source.js';
import { readWithFallback } from './read-with-fallback.js';
import type { RunOptions } from './run-options.js';
import { type RoutedStreamPart, runStreamWithFallback } from './run-stream-with-fallback.js';
import { harness, upstreams } from './test-support/executor-harness.js';
import { type FakeStream, fakeStream, text } from './test-support/fake-stream.js';
import { upstreamError } from './test-support/scripted-attempts.js';

const A: Target = { provider: 'dashscope', model: 'qwen-plus' };
const B: Target = { provider: 'openai', model: 'gpt-4o-mini' };
const finish: ProviderStreamPart = { type: 'finish', finishReason: 'stop' };
const usage: ProviderStreamPart = { type: 'usage', usage: { inputTokens: 3, outputTokens: 2, cachedInputTokens: 0, reasoningTokens: 0 } };

async function read(targets: Target[], open: OpenStreamFn, options: RunOptions) {
  const run = createFallbackRun(targets, options);
  const parts: RoutedStreamPart[] = [];
  let error: AegisError | undefined;
  try {
    await readWithFallback(run, open, (part) => parts.push(part));
  } catch (caught) {
    error = caught as AegisError;
  }
  return { parts, error, run };
}

async function stream(targets: Target[], open: OpenStreamFn, options: RunOptions) {
  const routed = runStreamWithFallback(targets, open, options);
  const parts: RoutedStreamPart[] = [];
  let error: AegisError | undefined;
  try {
    for await (const part of routed) parts.push(part);
  } catch (caught) {
    error = caught as AegisError;
  }
  return { parts, error, run: routed };
}

/** A stream that hangs after its parts and aborts `controller` once its last part is read. */
function abortAfter(parts: ProviderStreamPart[], controller: AbortController): FakeStream {
  const inner = fakeStream(parts, { hang: true });
  const wrapper: FakeStream = {
    get returned() {
      return inner.returned;
    },
    set returned(value) {
      inner.returned = value;
    },
    nextCalls: 0,
    [Symbol.asyncIterator]() {
      const it = inner[Symbol.asyncIterator]();
      let reads = 0;
      return {
        next: () => {
          reads++;
          if (reads === parts.length + 1) queueMicrotask(() => controller.abort());
          return it.next();
        },
        return: () => it.return!(),
      };
    },
  };
  return wrapper;
}

interface Scenario {
  name: string;
  targets: Target[];
  overrides?: Parameters<typeof harness>[0];
  /** Builds fresh upstreams (and options changes) for one run. */
  setup(options: RunOptions): Promise<{ open: OpenStreamFn; options?: Partial<RunOptions>; streams?: FakeStream[] }>;
}

const scenarios: Scenario[] = [
  {
    name: 'one target answers',
    targets: [A, B],
    setup: async () => ({ open: upstreams({ 'dashscope/qwen-plus': [fakeStream([text('Hel'), text('lo'), usage, finish])] }).open }),
  },
  {
    name: 'a failure before the first delta falls back, leaking nothing',
    targets: [A, B],
    overrides: { maxRetries: 0 },
    setup: async () => {
      const dropped = fakeStream([usage], { failWith: upstreamError('upstream_unavailable', 503) });
      return { open: upstreams({ 'dashscope/qwen-plus': [dropped], 'openai/gpt-4o-mini': [fakeStream([text('Hi'), finish])] }).open };
    },
  },
  {
    name: 'single target: 429 with Retry-After, then success',
    targets: [A],
    setup: async () => ({
      open: upstreams({ 'dashscope/qwen-plus': [upstreamError('rate_limited', 429, { retryAfterMs: 1000 }), fakeStream([text('ok'), usage, finish])] }).open,
    }),
  },
  {
    name: 'single target: a stream that fails before a delta is retried, then succeeds',
    targets: [A],
    setup: async () => ({
      open: upstreams({
        'dashscope/qwen-plus': [fakeStream([usage], { failWith: upstreamError('upstream_unavailable', 503) }), fakeStream([text('ok'), finish])],
      }).open,
    }),
  },
  {
    name: 'single target: an error with retries spent',
    targets: [A],
    overrides: { maxRetries: 1 },
    setup: async () => ({
      open: upstreams({ 'dashscope/qwen-plus': [upstreamError('upstream_unavailable', 503), upstreamError('upstream_unavailable', 502)] }).open,
    }),
  },
  {
    name: 'single target: bad_request, no retry',
    targets: [A],
    setup: async () => ({ open: upstreams({ 'dashscope/qwen-plus': [upstreamError('bad_request', 400)] }).open }),
  },
  {
    name: 'a failure after the first delta ends the run, saying what was delivered',
    targets: [A, B],
    setup: async () => {
      const broken = fakeStream([{ type: 'reasoning-delta', delta: 'hmm' }, text('Hello, wor')], {
        failWith: upstreamError('upstream_unavailable', undefined),
      });
      return { open: upstreams({ 'dashscope/qwen-plus': [broken], 'openai/gpt-4o-mini': [fakeStream([text('never')])] }).open };
    },
  },
  {
    name: 'an answer without any delta still counts as served',
    targets: [A],
    setup: async () => ({ open: upstreams({ 'dashscope/qwen-plus': [fakeStream([usage, finish])] }).open }),
  },
  {
    name: 'every target fails before a delta: the summary',
    targets: [A, B],
    overrides: { maxRetries: 0 },
    setup: async () => ({
      open: upstreams({
        'dashscope/qwen-plus': [upstreamError('quota_exhausted', 429, { code: 'Arrearage' })],
        'openai/gpt-4o-mini': [fakeStream([], { failWith: upstreamError('upstream_unavailable', 502) })],
      }).open,
    }),
  },
  {
    name: 'a target in cooldown is skipped',
    targets: [A, B],
    overrides: { maxRetries: 0 },
    setup: async (options) => {
      await options.cooldown.recordFailure(B, upstreamError('quota_exhausted', 429));
      return { open: upstreams({ 'dashscope/qwen-plus': [upstreamError('upstream_unavailable', 503)] }).open };
    },
  },
  {
    name: 'single target: the caller cancels mid-answer',
    targets: [A],
    setup: async () => {
      const controller = new AbortController();
      const upstream = abortAfter([text('one'), text('two')], controller);
      return { open: upstreams({ 'dashscope/qwen-plus': [upstream] }).open, options: { signal: controller.signal }, streams: [upstream] };
    },
  },
  {
    name: 'a request already cancelled tries nothing',
    targets: [A, B],
    setup: async () => ({ open: upstreams({}).open, options: { signal: AbortSignal.abort() } }),
  },
  {
    name: 'a deadline already passed tries nothing',
    targets: [A, B],
    setup: async (options) => ({ open: upstreams({}).open, options: { deadline: options.clock.now() } }),
  },
];

/** What a run leaves behind, comparable across executors (fake time: latencies are equal too). */
function outcome(result: { parts: RoutedStreamPart[]; error: AegisError | undefined; run: RoutedRun }) {
  const { parts, error, run } = result;
  return {
    parts,
    error: error && {
      name: error.name,
      kind: error.kind,
      message: error.message,
      status: error.status,
      fallbackable: error.fallbackable,
      details: error.details,
    },
    target: run.target,
    attempts: run.attempts,
    skipped: run.skipped,
    delivered: run.delivered,
    timeToFirstDeltaMs: run.timeToFirstDeltaMs,
  };
}

describe('readWithFallback', () => {
  describe('does what runStreamWithFallback does for a consumer that reads to the end', () => {
    for (const scenario of scenarios) {
      it(scenario.name, async () => {
        const runs = [];
        for (const executor of [read, stream]) {
          const { time, options } = harness(scenario.overrides);
          const { open, options: changes, streams } = await scenario.setup(options);
          const result = await executor(scenario.targets, open, { ...options, ...changes });
          runs.push({ ...outcome(result), sleeps: time.sleeps, closed: streams?.map((s) => s.returned) });
        }
        expect(runs[0]).toEqual(runs[1]);
      });
    }
  });

  it('single target: retry then success, with the wait and both attempts recorded', async () => {
    const { time, options } = harness();
    const up = upstreams({ 'dashscope/qwen-plus': [upstreamError('rate_limited', 429, { retryAfterMs: 1000 }), fakeStream([text('ok'), finish])] });
    const { parts, error, run } = await read([A], up.open, options);
    expect(error).toBeUndefined();
    expect(time.sleeps).toEqual([1000]);
    expect(parts).toEqual([{ type: 'start', target: A }, text('ok'), finish]);
    expect(run.attempts.map((a) => a.outcome)).toEqual(['rate_limited', 'ok']);
    expect(run.attempts[1]?.waitedMs).toBe(1000);
  });

  it('single target: an error ends the run with the attempts in its details', async () => {
    const { options } = harness({ maxRetries: 0 });
    const up = upstreams({ 'dashscope/qwen-plus': [upstreamError('upstream_unavailable', 503)] });
    const { parts, error } = await read([A], up.open, options);
    expect(parts).toEqual([]);
    expect(error).toMatchObject({ kind: 'upstream_unavailable', status: 503 });
    expect(error?.details?.attempts).toEqual([expect.objectContaining({ outcome: 'upstream_unavailable', status: 503 })]);
  });

  it('single target: a caller abort mid-answer ends it as cancelled, aborts and closes the upstream', async () => {
    const { options } = harness();
    const controller = new AbortController();
    const upstream = abortAfter([text('one'), text('two')], controller);
    const up = upstreams({ 'dashscope/qwen-plus': [upstream] });
    const { parts, error } = await read([A], up.open, { ...options, signal: controller.signal });
    expect(parts).toEqual([{ type: 'start', target: A }, text('one'), text('two')]);
    expect(error).toMatchObject({ kind: 'cancelled', details: { partial: true, delivered: { textChars: 6, reasoningChars: 0 } } });
    expect(up.signals[0]?.aborted).toBe(true);
    expect(upstream.returned).toBe(true);
  });

  it('single target: the deadline ends a hanging open, and the late stream is closed', async () => {
    const { options } = harness({}, true);
    let late: FakeStream | undefined;
    const open = async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      late = fakeStream([text('too late')]);
      return late;
    };
    const started = Date.now();
    const { error, run } = await read([A], open, { ...options, deadline: Date.now() + 30 });
    // Opening (the budget check) is local work: the target was never called (issue 15).
    expect(error).toMatchObject({
      kind: 'timeout',
      code: 'NOT_SENT',
      message: expect.stringMatching(/^dashscope\/qwen-plus was not called: the time ran out while the request was being prepared/),
    });
    expect(Date.now() - started).toBeLessThan(250);
    expect(run.attempts).toEqual([expect.objectContaining({ outcome: 'timeout' })]);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(late?.returned).toBe(true);
  });

  it('single target: the deadline ends a read that hangs after the first delta', async () => {
    const { options } = harness({}, true);
    const stalls = fakeStream([text('part')], { hang: true });
    const up = upstreams({ 'dashscope/qwen-plus': [stalls] });
    const { parts, error } = await read([A], up.open, { ...options, deadline: Date.now() + 30 });
    expect(parts).toEqual([{ type: 'start', target: A }, text('part')]);
    expect(error).toMatchObject({ kind: 'timeout', details: { partial: true, delivered: { textChars: 4, reasoningChars: 0 } } });
    expect(stalls.returned).toBe(true);
  });

  it('an idle upstream before the first delta falls back (real idle timer)', async () => {
    const { options } = harness({ streamIdleTimeoutMs: 30 }, true);
    const silent = fakeStream([], { hang: true });
    const up = upstreams({ 'dashscope/qwen-plus': [silent], 'openai/gpt-4o-mini': [fakeStream([text('here')])] });
    const { parts, error, run } = await read([A, B], up.open, options);
    expect(error).toBeUndefined();
    expect(parts[0]).toMatchObject({ type: 'fallback', error: { kind: 'timeout', message: 'dashscope/qwen-plus sent nothing for 30 ms.' } });
    expect(silent.returned).toBe(true);
    expect(up.signals[0]?.aborted).toBe(true);
    expect(run.target).toEqual(B);
  });

  it('idleTimeoutMs: Infinity lets a non-streaming answer take its time', async () => {
    const { options } = harness({ streamIdleTimeoutMs: 20 }, true);
    const open = async () => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      return fakeStream([text('whole answer'), finish]);
    };
    const { parts, error } = await read([A], open, { ...options, idleTimeoutMs: Number.POSITIVE_INFINITY });
    expect(error).toBeUndefined();
    expect(parts).toEqual([{ type: 'start', target: A }, text('whole answer'), finish]);
  });

  it('a probe of a target coming out of cooldown is spent on its outcome', async () => {
    const { time, options } = harness({ maxRetries: 0 });
    await options.cooldown.recordFailure(A, upstreamError('quota_exhausted', 429));
    time.advance(30_000);
    const up = upstreams({ 'dashscope/qwen-plus': [fakeStream([text('back')])] });
    const { error, run } = await read([A], up.open, options);
    expect(error).toBeUndefined();
    expect(run.attempts).toEqual([expect.objectContaining({ outcome: 'ok', probe: true })]);
    expect(options.cooldown.isCoolingDown(A)).toBe(false);
  });
});
