import type { Readable } from 'node:stream';

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

/** How long the rest of a body after [DONE] may take to end before the connection is cut. */
export const DUMP_TIMEOUT_MS = 1_000;

/**
 * The global fetch's body is a WHATWG ReadableStream; the upstream
 * transport's (../../transport/upstream-response.ts) is undici's Node
 * readable, read by its async iterator without a web stream around it.
 */
export function openBodyReader(body: ReadableStream<Uint8Array> | Readable): BodyReader {
  if (typeof (body as ReadableStream<Uint8Array>).getReader === 'function') {
    const reader = (body as ReadableStream<Uint8Array>).getReader();
    return {
      read: () => reader.read() as Promise<ReadResult>,
      cancel: () => reader.cancel().then(() => reader.releaseLock()),
      release: () => reader.releaseLock(),
      finish: () => void reader.cancel().then(() => reader.releaseLock(), () => undefined),
    };
  }
  const node = body as Readable;
  // destroyOnReturn false: return() takes the iterator's listeners off and leaves the body be.
  const iterator = node.iterator({ destroyOnReturn: false });
  return {
    read: () => iterator.next() as Promise<ReadResult>,
    // Destroyed rather than return()ed: the iterator's return() waits for a
    // read in progress, which a hung body never finishes.
    cancel: async () => {
      node.destroy();
    },
    release: () => undefined,
    // Cutting a body that has not ended costs an error object (undici's) and
    // the connection; at [DONE] the end is usually already in, so reading to
    // it is nearly free. No read is in progress at [DONE]: return() is at once.
    finish: () => {
      if (node.readableEnded) return;
      void Promise.resolve(iterator.return?.()).then(() => drain(node));
    },
  };
}

/** Reads the rest of a body to its end, or cuts it after DUMP_TIMEOUT_MS. */
function drain(node: Readable): void {
  if (node.readableEnded || node.destroyed) return;
  const timer = setTimeout(() => node.destroy(), DUMP_TIMEOUT_MS);
  node.once('close', () => clearTimeout(timer));
  node.on('error', () => undefined);
  node.resume();
}
