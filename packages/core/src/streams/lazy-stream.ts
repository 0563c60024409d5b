/**
 * A stream opened on its first read, read straight from the opened iterator
 * afterwards. It replaces an `async function*` wrapper that did
 * `await open(); yield* inner`: that wrapper put one more generator
 * resumption (a few promises and microtask turns) on every part of the stream.
 *
 * Like the generator it replaces: a failure to open rejects the first
 * `next()`, and `return()` before any read opens nothing. What opens may be
 * a plain iterable too (parts known at once).
 */
export function lazyStream<T>(open: () => Promise<AsyncIterable<T> | Iterable<T>>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      let inner: AsyncIterator<T> | undefined;
      let opening: Promise<AsyncIterator<T>> | undefined;
      let closed = false;
      const ended = (value?: unknown): IteratorResult<T> => ({ done: true, value: value as undefined });
      return {
        next() {
          if (inner) return inner.next();
          if (closed) return Promise.resolve(ended());
          opening ??= open().then(iteratorOf);
          return opening.then((opened) => {
            // Closed while it was opening: close what opened, read nothing.
            if (closed) return closeIterator(opened).then(() => ended());
            inner = opened;
            return opened.next();
          });
        },
        return(value?: unknown) {
          closed = true;
          if (inner) return closeIterator(inner, value);
          return Promise.resolve(ended(value));
        },
      };
    },
  };
}

function closeIterator<T>(iterator: AsyncIterator<T>, value?: unknown): Promise<IteratorResult<T>> {
  return iterator.return ? iterator.return(value) : Promise.resolve({ done: true, value: value as undefined });
}

function iteratorOf<T>(stream: AsyncIterable<T> | Iterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in stream) return stream[Symbol.asyncIterator]();
  const items = stream[Symbol.iterator]();
  return {
    next: () => Promise.resolve(items.next()),
    return: (value?: unknown) => Promise.resolve(items.return?.(value) ?? { done: true, value: value as undefined }),
  };
}
