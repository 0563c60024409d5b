import type { Readable } from 'node:stream';
import { readNodeBody } from './read-node-body.js';

export type ReadResult = { done: true; value?: undefined } | { done: false; value: Uint8Array };

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
  /**
   * What the body holds already, without waiting for the network; null when
   * nothing (or when the transport cannot tell without waiting).
   */
  readBuffered?(): Uint8Array | null;
}

/**
 * The global fetch's body is a WHATWG ReadableStream; the upstream
 * transport's (../../transport/upstream-response.ts) is undici's Node
 * readable, read in place without a web stream around it (read-node-body.ts).
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
  return readNodeBody(body as Readable);
}
