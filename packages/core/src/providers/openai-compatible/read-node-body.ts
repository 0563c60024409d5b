import type { Readable } from 'node:stream';
import type { BodyReader, ReadResult } from './body-reader.js';

/** How long the rest of a body after [DONE] may take to end before the connection is cut. */
export const DRAIN_TIMEOUT_MS = 1_000;

const ENDED: ReadResult = { done: true };

/**
 * A reader over a Node readable body (undici's, from the upstream
 * transport): `read()` hands over everything buffered at once, and waits on
 * 'readable' only when nothing is. What Node's own async iterator does,
 * without an async generator and a promise per step around it.
 * A body that closes before its end fails the read, as the iterator does.
 */
export function readNodeBody(node: Readable): BodyReader {
  let ended = false;
  let failure: unknown;
  let waiting: { resolve(result: ReadResult): void; reject(error: unknown): void } | undefined;

  const settle = (): void => {
    const pending = waiting;
    if (!pending) return;
    if (failure !== undefined) {
      waiting = undefined;
      pending.reject(failure);
      return;
    }
    const chunk = node.read() as Uint8Array | null;
    if (chunk !== null) {
      waiting = undefined;
      pending.resolve({ done: false, value: chunk });
    } else if (ended) {
      waiting = undefined;
      pending.resolve(ENDED);
    }
  };
  const onEnd = (): void => {
    ended = true;
    settle();
  };
  const onError = (error: unknown): void => {
    failure ??= error;
    settle();
  };
  const onClose = (): void => {
    if (!ended) onError(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
  };
  node.on('readable', settle);
  node.on('end', onEnd);
  node.on('error', onError);
  node.on('close', onClose);
  const detach = (): void => {
    node.off('readable', settle);
    node.off('end', onEnd);
    node.off('error', onError);
    node.off('close', onClose);
  };

  return {
    read() {
      if (failure !== undefined) return Promise.reject(failure);
      const chunk = node.destroyed ? null : (node.read() as Uint8Array | null);
      if (chunk !== null) return Promise.resolve({ done: false, value: chunk });
      if (ended) return Promise.resolve(ENDED);
      return new Promise<ReadResult>((resolve, reject) => {
        waiting = { resolve, reject };
        // A close that came before this read was asked for.
        if (node.destroyed && !ended) onClose();
      });
    },
    cancel: async () => {
      node.destroy();
    },
    readBuffered: () => (failure !== undefined || node.destroyed ? null : (node.read() as Uint8Array | null)),
    release: detach,
    // Cutting a body that has not ended costs an error object (undici's) and
    // the connection; at [DONE] the end is usually already in, so reading to
    // it is nearly free.
    finish: () => {
      detach();
      if (node.readableEnded || node.destroyed) return;
      const timer = setTimeout(() => node.destroy(), DRAIN_TIMEOUT_MS);
      node.once('close', () => clearTimeout(timer));
      node.on('error', () => undefined);
      node.resume();
    },
  };
}
