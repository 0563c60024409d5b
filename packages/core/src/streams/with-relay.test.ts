import { describe, expect, it } from 'vitest';
import { relay, type RelayingGenerator, withRelay } from './with-relay.js';

/** Steps 1..n from a plain iterator; a throw after `failAfter` steps when set. */
function numbers(n: number, failAfter?: number) {
  let i = 0;
  return {
    reads: 0,
    next(): Promise<IteratorResult<number>> {
      this.reads++;
      if (failAfter !== undefined && i >= failAfter) return Promise.reject(new Error('cut'));
      return Promise.resolve(i < n ? { done: false, value: ++i } : { done: true, value: undefined });
    },
  };
}

interface Log {
  resumed: string[];
  finallyRan: boolean;
}

/** Yields "start", relays odd numbers as strings, takes even ones (and the end) back itself. */
async function* oddRelay(source: ReturnType<typeof numbers>, log: Log): RelayingGenerator<number, string> {
  try {
    yield 'start';
    for (;;) {
      const end = yield relay<number, string>({
        read: () => source.next(),
        forward: (step) => (!step.done && step.value % 2 === 1 ? { done: false, value: `odd ${step.value}` } : undefined),
      });
      if (end === undefined) throw new Error('no end');
      if ('error' in end) {
        log.resumed.push(`error ${(end.error as Error).message}`);
        yield 'failed';
        return;
      }
      if (end.step.done) {
        log.resumed.push('done');
        yield 'end';
        return;
      }
      log.resumed.push(`even ${end.step.value}`);
      yield `even ${end.step.value}`;
    }
  } finally {
    log.finallyRan = true;
  }
}

async function drain(iterable: AsyncIterable<string>, limit = Number.POSITIVE_INFINITY): Promise<string[]> {
  const out: string[] = [];
  for await (const item of iterable) {
    out.push(item);
    if (out.length >= limit) break;
  }
  return out;
}

describe('withRelay', () => {
  it('relays what forward takes, and resumes the generator only with what it declines', async () => {
    const log: Log = { resumed: [], finallyRan: false };
    const source = numbers(5);
    expect(await drain(withRelay(oddRelay(source, log)))).toEqual(['start', 'odd 1', 'even 2', 'odd 3', 'even 4', 'odd 5', 'end']);
    expect(log.resumed).toEqual(['even 2', 'even 4', 'done']);
    expect(source.reads).toBe(6);
  });

  it('gives a failed read back to the generator', async () => {
    const log: Log = { resumed: [], finallyRan: false };
    expect(await drain(withRelay(oddRelay(numbers(5, 1), log)))).toEqual(['start', 'odd 1', 'failed']);
    expect(log.resumed).toEqual(['error cut']);
  });

  it('gives a throwing forward back to the generator as its error', async () => {
    const log: Log = { resumed: [], finallyRan: false };
    async function* broken(): RelayingGenerator<number, string> {
      const end = yield relay<number, string>({
        read: () => Promise.resolve({ done: false, value: 1 }),
        forward: () => {
          throw new Error('bad chunk');
        },
      });
      log.resumed.push(end && 'error' in end ? (end.error as Error).message : 'no error');
    }
    expect(await drain(withRelay(broken()))).toEqual([]);
    expect(log.resumed).toEqual(['bad chunk']);
  });

  it('gives a read that throws at once back to the generator as its error', async () => {
    const seen: string[] = [];
    async function* broken(): RelayingGenerator<number, string> {
      const end = yield relay<number, string>({
        read: () => {
          throw new Error('no iterator');
        },
        forward: () => undefined,
      });
      seen.push(end && 'error' in end ? (end.error as Error).message : 'no error');
    }
    expect(await drain(withRelay(broken()))).toEqual([]);
    expect(seen).toEqual(['no iterator']);
  });

  it('a consumer leaving during the relay runs the generator finally, and reads no more', async () => {
    const log: Log = { resumed: [], finallyRan: false };
    const source = numbers(100);
    expect(await drain(withRelay(oddRelay(source, log)), 2)).toEqual(['start', 'odd 1']);
    expect(log.finallyRan).toBe(true);
    expect(source.reads).toBe(1);
  });
});
