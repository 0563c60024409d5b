/** What an attempt's opener hands the executors, and how they read and drop it. */
import type { ProviderStreamPart, Target } from '../types.js';
import type { AttemptContext } from './run-options.js';

export type PartSource = AsyncIterable<ProviderStreamPart> | AsyncIterator<ProviderStreamPart>;

/**
 * Opens one target's stream; pass `context.signal` on to the upstream call.
 * Do the upstream I/O in the returned iterator: only reading it is under the
 * idle timer (opening is bounded by the deadline).
 */
export type OpenStreamFn = (target: Target, context: AttemptContext) => PartSource | Promise<PartSource>;

/**
 * Output the consumer cannot take back: text, reasoning, and tool calls (a
 * streamed piece of one, or a whole one from a one-answer call). The first
 * commits the attempt: no fallback after it.
 */
export const isDelta = (part: ProviderStreamPart): boolean =>
  part.type === 'text-delta' || part.type === 'reasoning-delta' || part.type === 'tool-call-delta' || part.type === 'tool-call';

export function iteratorOf(source: PartSource): AsyncIterator<ProviderStreamPart> {
  const iterable = source as Partial<AsyncIterable<ProviderStreamPart>>;
  return typeof iterable[Symbol.asyncIterator] === 'function'
    ? (iterable[Symbol.asyncIterator] as () => AsyncIterator<ProviderStreamPart>)()
    : (source as AsyncIterator<ProviderStreamPart>);
}

/** Releases the upstream (its socket) without waiting: it may be stuck in a read the abort is ending. */
export function closeQuietly(iterator: AsyncIterator<ProviderStreamPart>): void {
  try {
    const closing = iterator.return?.();
    if (closing) Promise.resolve(closing).catch(() => undefined);
  } catch {
    // A broken return() must not hide the error that ended the stream.
  }
}
