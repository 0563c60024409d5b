type ReadResult = { done: true; value?: undefined } | { done: false; value: Uint8Array };

/** One reader over a response body, whichever kind the transport gave. */
export interface BodyReader {
  read(): Promise<ReadResult>;
  /** Stops the body (the connection is not reused); safe to call twice. */
  cancel(): Promise<void>;
  /** Gives the body back without stopping it (it has ended, or is owned elsewhere). */
  release(): void;
  /**
   * Nothing more is wanted but the body may not have ended: lets the rest go
   * the cheapest way that keeps the connection when it can.
   */
  finish(): void;
}

type NodeBody = AsyncIterable<Uint8Array> & {
  /** Node's Readable.iterator(): with destroyOnReturn false, return() lets go of the body without destroying it. */
  iterator?(options: { destroyOnReturn: boolean }): AsyncIterator<Uint8Array>;
  destroy?(error?: Error): unknown;
  readableEnded?: boolean;
  /** undici's: reads (up to a limit) to the end and lets the connection be reused. */
  dump?(options?: { limit?: number; signal?: AbortSignal }): Promise<void>;
};

/** How long the rest of a body after [DONE] may take to end before the connection is cut. */
export const DUMP_TIMEOUT_MS = 1_000;
/** undici's dump() limit counts the bytes already read too: the timeout is the bound here. */
const NO_SIZE_LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * The global fetch's body is a WHATWG ReadableStream; the upstream
 * transport's (../../transport/upstream-response.ts) is undici's Node
 * readable, read by its async iterator without a web stream around it.
 */
export function openBodyReader(body: ReadableStream<Uint8Array> | NodeBody): BodyReader {
  if (typeof (body as ReadableStream<Uint8Array>).getReader === 'function') {
    const reader = (body as ReadableStream<Uint8Array>).getReader();
    return {
      read: () => reader.read() as Promise<ReadResult>,
      cancel: () => reader.cancel().then(() => reader.releaseLock()),
      release: () => reader.releaseLock(),
      finish: () => void reader.cancel().then(() => reader.releaseLock(), () => undefined),
    };
  }
  const node = body as NodeBody;
  const iterator = node.iterator?.({ destroyOnReturn: false }) ?? node[Symbol.asyncIterator]();
  return {
    read: () => iterator.next() as Promise<ReadResult>,
    // Destroyed rather than return()ed: the iterator's return() waits for a
    // read in progress, which a hung body never finishes.
    cancel: async () => {
      if (node.destroy) node.destroy();
      else await iterator.return?.();
    },
    release: () => undefined,
    // Cutting a body that has not ended costs an error object and the connection;
    // at [DONE] the end is usually already in, so reading to it is nearly free.
    // (No read is in progress at [DONE]: return() only takes the iterator's listeners off.)
    finish: () => {
      if (node.readableEnded) return;
      if (!node.dump || !node.iterator) {
        node.destroy?.();
        return;
      }
      const dump = node.dump.bind(node);
      Promise.resolve(iterator.return?.())
        .then(() => dump({ limit: NO_SIZE_LIMIT, signal: AbortSignal.timeout(DUMP_TIMEOUT_MS) }))
        .catch(() => undefined);
    },
  };
}
