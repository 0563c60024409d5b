/**
 * A hand-written upstream stream iterator: yields `parts`, then ends, throws
 * `failWith`, or hangs; records whether `return()` was called (the socket
 * release the executor owes an upstream it abandons).
 */
import type { AegisError } from '../../errors.js';
import type { ProviderStreamPart } from '../../types.js';

export interface FakeStream extends AsyncIterable<ProviderStreamPart> {
  returned: boolean;
  nextCalls: number;
}

export function fakeStream(parts: ProviderStreamPart[], end: { failWith?: AegisError; hang?: boolean } = {}): FakeStream {
  let index = 0;
  const stream: FakeStream = {
    returned: false,
    nextCalls: 0,
    [Symbol.asyncIterator]: () => ({
      async next(): Promise<IteratorResult<ProviderStreamPart>> {
        stream.nextCalls++;
        await Promise.resolve();
        const part = parts[index++];
        if (part !== undefined) return { done: false, value: part };
        if (end.failWith) throw end.failWith;
        if (end.hang) return new Promise<never>(() => undefined);
        return { done: true, value: undefined };
      },
      async return(): Promise<IteratorResult<ProviderStreamPart>> {
        stream.returned = true;
        return { done: true, value: undefined };
      },
    }),
  };
  return stream;
}

export const text = (delta: string): ProviderStreamPart => ({ type: 'text-delta', delta });
