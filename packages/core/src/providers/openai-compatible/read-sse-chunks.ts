import type { UpstreamReply } from '../../transport/upstream-exchange.js';
import { createSseDecoder, type SseEvent } from './create-sse-decoder.js';
import type { BodyReader } from './body-reader.js';
import { openBodyReader } from './open-body-reader.js';
import { UpstreamStatusError } from './upstream-status-error.js';
import type { WireChunk } from './wire-chunk.js';

const ENDED: IteratorReturnResult<undefined> = { done: true, value: undefined };
const DONE = Symbol('[DONE]');
type ReadResult = Awaited<ReturnType<BodyReader['read']>>;

/**
 * The chunks of a streamed chat completion, read from the body of an answer
 * whose status was 2xx (wire-client.ts sent the request and turned an error
 * status into an UpstreamStatusError).
 *
 * Why not the SDK's own Stream: it reads each chunk through five async
 * generators, a byte-level line decoder, a Promise.race per read and a copy of
 * every chunk, about 8 µs per chunk on the benchmark machine; this reads one
 * network read's worth of events at a time and hands each over as one
 * resolved promise (~2 µs, most of it JSON.parse). It keeps the SDK's
 * behaviour (legacy stream mode, openai/core/streaming.mjs): it ends at
 * `data: [DONE]` and cancels the rest of the body; an `error` event or a chunk
 * with an `error` field throws an UpstreamStatusError (as the SDK's APIError); unparseable JSON throws the
 * SDK's SyntaxError; `thread.*` events come as `{ event, data }`; a read
 * that fails with an AbortError ends the stream quietly (the caller tells an
 * abort from a cut by its signal); a read is abandoned as soon as the signal
 * aborts, whatever the body does (rejected with the signal's reason where the
 * SDK ends quietly: the caller reports both as the abort).
 * read-sse-chunks.test.ts checks that the two read any stream alike.
 */
export interface SseChunks extends AsyncIterableIterator<WireChunk> {
  /**
   * The chunks already received and not yet read, without waiting: decoded
   * events still queued and what the body has buffered, up to `[DONE]` or a
   * chunk that does not parse. For a reader that is stopping (cancel,
   * deadline): the upstream may have sent its usage already. They are
   * consumed; empty once closed.
   */
  takeBuffered(): WireChunk[];
}

export function readSseChunks(response: Pick<UpstreamReply, 'body' | 'headers'>, signal: AbortSignal): SseChunks {
  const { body, headers } = response;
  const text = new TextDecoder();
  const sse = createSseDecoder();
  let reader: BodyReader | undefined;
  let events: SseEvent[] = [];
  let index = 0;
  // `eof`: the body has ended, events may still be queued; `closed`: nothing more.
  let state: 'new' | 'reading' | 'eof' | 'closed' = 'new';
  // The read in progress, rejected by the abort: one listener, not one per read.
  let rejectRead: ((reason: unknown) => void) | undefined;
  const onAbort = (): void => rejectRead?.(signal.reason);

  /**
   * `cancel`: stop the body (an error, an abort, the consumer left); `finish`:
   * `[DONE]` came, let the rest of the body go without failing the connection;
   * `release`: the body has ended.
   */
  const close = (how: 'cancel' | 'finish' | 'release'): void => {
    if (state === 'closed') return;
    state = 'closed';
    events = [];
    signal.removeEventListener('abort', onAbort);
    const held = reader ?? (how !== 'release' && body ? openBodyReader(body) : undefined);
    if (!held) return;
    if (how === 'cancel') held.cancel().catch(() => undefined);
    else if (how === 'finish') held.finish();
    else held.release();
  };

  const read = (): Promise<ReadResult> =>
    new Promise((resolve, reject) => {
      rejectRead = reject;
      (reader as BodyReader).read().then(resolve, reject);
    });
  const onRead = (result: ReadResult): Promise<IteratorResult<WireChunk>> => {
    rejectRead = undefined;
    if (state === 'closed') return Promise.resolve(ENDED);
    if (result.done) {
      events = sse.push(text.decode());
      events.push(...sse.end());
      state = 'eof';
    } else {
      events = sse.push(text.decode(result.value, { stream: true }));
    }
    index = 0;
    return next();
  };
  const onReadError = (error: unknown): Promise<IteratorResult<WireChunk>> => {
    rejectRead = undefined;
    close('cancel');
    // A transport abort ends the stream quietly, as in the SDK: the caller
    // tells an abort from a cut by its signal.
    if (isAbortError(error) && error !== signal.reason) return Promise.resolve(ENDED);
    return Promise.reject(error);
  };

  function next(): Promise<IteratorResult<WireChunk>> {
    if (index < events.length) {
      const event = events[index++] as SseEvent;
      let chunk: WireChunk | typeof DONE;
      try {
        chunk = toChunk(event, headers);
      } catch (error) {
        close('cancel');
        return Promise.reject(error);
      }
      if (chunk === DONE) {
        close('finish');
        return Promise.resolve(ENDED);
      }
      return Promise.resolve({ done: false, value: chunk });
    }
    if (state === 'eof' || state === 'closed') {
      close('release');
      return Promise.resolve(ENDED);
    }
    if (state === 'new') {
      if (!body) {
        close('release');
        return Promise.reject(new Error('Attempted to iterate over a response with no body'));
      }
      if (signal.aborted) {
        close('cancel');
        return Promise.reject(signal.reason);
      }
      reader = openBodyReader(body);
      signal.addEventListener('abort', onAbort, { once: true });
      state = 'reading';
    }
    return read().then(onRead, onReadError);
  }

  const takeBuffered = (): WireChunk[] => {
    const out: WireChunk[] = [];
    if (state === 'closed') return out;
    const take = (queued: readonly SseEvent[]): boolean => {
      for (const event of queued) {
        let chunk: WireChunk | typeof DONE;
        try {
          chunk = toChunk(event, headers);
        } catch {
          return false;
        }
        if (chunk === DONE) return false;
        out.push(chunk);
      }
      return true;
    };
    const queued = events.slice(index);
    index = events.length;
    if (!take(queued)) return out;
    const buffered = state === 'reading' ? reader?.readBuffered?.() : null;
    if (buffered) take(sse.push(text.decode(buffered, { stream: true })));
    return out;
  };

  return {
    next,
    takeBuffered,
    return() {
      close('cancel');
      return Promise.resolve(ENDED);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

function toChunk(event: SseEvent, headers: UpstreamReply['headers']): WireChunk | typeof DONE {
  if (event.data === '[DONE]') return DONE;
  let data: { error?: unknown } | null;
  try {
    data = JSON.parse(event.data) as { error?: unknown } | null;
  } catch {
    throw new SyntaxError('Error reading response: malformed server-sent event JSON.');
  }
  // Named assistant events pass as the SDK passes them (no `choices`: a chat stream skips them).
  if (event.event?.startsWith('thread.')) return { event: event.event, data } as WireChunk;
  if (event.event === 'error') throw new UpstreamStatusError(undefined, data?.error ?? data ?? undefined, undefined, headers);
  if (data?.error) throw new UpstreamStatusError(undefined, data.error, undefined, headers);
  return data as WireChunk;
}

function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
