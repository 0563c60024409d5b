import type { Readable } from 'node:stream';
import type { BodyReader, ReadResult } from './body-reader.js';
import { readNodeBody } from './read-node-body.js';

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
      finish: () =>
        void reader.cancel().then(
          () => reader.releaseLock(),
          () => undefined,
        ),
    };
  }
  return readNodeBody(body as Readable);
}
