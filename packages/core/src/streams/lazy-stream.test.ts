import { describe, expect, it } from 'vitest';
import { lazyStream } from './lazy-stream.js';

/** An iterator over `items` that records return(). */
function source(items: number[]) {
  let index = 0;
  const seen = { returned: false, nexts: 0 };
  const iterator: AsyncIterableIterator<number> = {
    next: async () => {
      seen.nexts++;
      return index < items.length ? { done: false, value: items[index++] as number } : { done: true, value: undefined };
    },
    return: async () => {
      seen.returned = true;
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return { iterator, seen };
}

async function drain(stream: AsyncIterable<number>): Promise<number[]> {
  const out: number[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

describe('lazyStream', () => {
  it('opens on the first read, then reads the opened stream', async () => {
    let opened = 0;
    const { iterator } = source([1, 2, 3]);
    const stream = lazyStream(async () => {
      opened++;
      return iterator;
    });
    const reader = stream[Symbol.asyncIterator]();
    expect(opened).toBe(0);
    expect(await reader.next()).toEqual({ done: false, value: 1 });
    expect(await drain({ [Symbol.asyncIterator]: () => reader })).toEqual([2, 3]);
    expect(opened).toBe(1);
  });

  it('a failure to open rejects the first read', async () => {
    const stream = lazyStream<number>(async () => {
      throw new Error('not configured');
    });
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toThrow('not configured');
  });

  it('return() before any read opens nothing', async () => {
    let opened = 0;
    const reader = lazyStream(async () => {
      opened++;
      return source([1]).iterator;
    })[Symbol.asyncIterator]();
    expect(await reader.return?.()).toEqual({ done: true, value: undefined });
    expect(await reader.next()).toEqual({ done: true, value: undefined });
    expect(opened).toBe(0);
  });

  it('return() while opening closes what opens and reads nothing from it', async () => {
    const { iterator, seen } = source([1]);
    let finishOpening: () => void = () => undefined;
    const reader = lazyStream(
      () =>
        new Promise<AsyncIterable<number>>((resolve) => {
          finishOpening = () => resolve(iterator);
        }),
    )[Symbol.asyncIterator]();
    const first = reader.next();
    await reader.return?.();
    finishOpening();
    expect(await first).toEqual({ done: true, value: undefined });
    expect(seen).toEqual({ returned: true, nexts: 0 });
  });

  it('return() after opening closes the opened stream', async () => {
    const { iterator, seen } = source([1, 2]);
    const reader = lazyStream(async () => iterator)[Symbol.asyncIterator]();
    await reader.next();
    await reader.return?.();
    expect(seen.returned).toBe(true);
  });

  it('opens to a plain iterable as well', async () => {
    expect(await drain(lazyStream(async () => [4, 5]))).toEqual([4, 5]);
  });
});
