import { describe, expect, it } from 'vitest';
import { AegisError } from '../errors.js';
import { fakeStream, text } from '../routing/test-support/fake-stream.js';
import type { ProviderStreamPart } from '../types.js';
import { guardReservation } from './guard-reservation.js';

const usage: ProviderStreamPart = { type: 'usage', usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, reasoningTokens: 0 } };
const finish: ProviderStreamPart = { type: 'finish', finishReason: 'stop' };

function guarded(parts: ProviderStreamPart[], end: Parameters<typeof fakeStream>[1] = {}) {
  const controller = new AbortController();
  const calls: string[] = [];
  const upstream = fakeStream(parts, end);
  const stream = guardReservation(upstream, {
    signal: controller.signal,
    handOver: () => calls.push('handOver'),
    release: () => calls.push('release'),
  });
  return { stream, calls, controller, upstream };
}

async function drain(stream: AsyncIterable<ProviderStreamPart>) {
  const parts: ProviderStreamPart[] = [];
  try {
    for await (const part of stream) parts.push(part);
  } catch (error) {
    return { parts, error };
  }
  return { parts, error: undefined };
}

describe('guardReservation', () => {
  it('hands the reservation over at the first delta, then keeps out of the way', async () => {
    const { stream, calls, controller } = guarded([usage, text('a'), text('b'), finish]);
    const { parts, error } = await drain(stream);
    expect(error).toBeUndefined();
    expect(parts).toEqual([usage, text('a'), text('b'), finish]);
    expect(calls).toEqual(['handOver']);
    controller.abort();
    expect(calls).toEqual(['handOver']);
  });

  it('an answer without any delta is handed over when it ends cleanly', async () => {
    const { stream, calls } = guarded([finish]);
    await drain(stream);
    expect(calls).toEqual(['handOver']);
  });

  it('releases once when the upstream fails before a delta', async () => {
    const { stream, calls, controller } = guarded([usage], { failWith: new AegisError('upstream_unavailable', 'cut') });
    const { error } = await drain(stream);
    expect(error).toMatchObject({ kind: 'upstream_unavailable' });
    controller.abort();
    expect(calls).toEqual(['release']);
  });

  it('releases an attempt abandoned before it was ever read', () => {
    const { calls, controller, upstream } = guarded([text('never read')]);
    controller.abort();
    expect(calls).toEqual(['release']);
    expect(upstream.nextCalls).toBe(0);
  });

  it('releases when closed before the hand-over, not after it', async () => {
    const before = guarded([usage, text('a')], { hang: true });
    await before.stream.next();
    await before.stream.return?.();
    expect(before.calls).toEqual(['release']);
    expect(before.upstream.returned).toBe(true);

    const after = guarded([text('a')], { hang: true });
    await after.stream.next();
    await after.stream.return?.();
    expect(after.calls).toEqual(['handOver']);
  });
});
