import type { IncomingHttpHeaders } from 'node:http';

/**
 * The read side of `Headers` over the record undici hands back (names already
 * lower-case). What the openai SDK and our code read from a response: get,
 * has, iteration (an APIError keeps the headers; retry-after is read from them).
 * A real `Headers` would validate and copy every header of every response.
 */
export class ResponseHeaders {
  readonly #record: IncomingHttpHeaders;

  constructor(record: IncomingHttpHeaders) {
    this.#record = record;
  }

  get(name: string): string | null {
    const value = this.#record[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.#record[name.toLowerCase()] !== undefined;
  }

  getSetCookie(): string[] {
    const value = this.#record['set-cookie'];
    return value === undefined ? [] : Array.isArray(value) ? [...value] : [value];
  }

  forEach(callback: (value: string, name: string, headers: ResponseHeaders) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }

  /** Unsorted (Headers sorts): the SDK spreads them on every response, only to find x-request-id. */
  entries(): IterableIterator<[string, string]> {
    const pairs: Array<[string, string]> = [];
    for (const name in this.#record) {
      const value = this.get(name);
      if (value !== null) pairs.push([name, value]);
    }
    return pairs[Symbol.iterator]();
  }

  keys(): IterableIterator<string> {
    return Object.keys(this.#record)[Symbol.iterator]();
  }

  values(): IterableIterator<string> {
    return Array.from(this.entries(), ([, value]) => value)[Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}
