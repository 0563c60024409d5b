/**
 * No answer came from the upstream: the connection was refused, reset or
 * timed out before a status line. The message is fetch's (`fetch failed`),
 * the reason is the cause; providers/openai-compatible/to-aegis-error.ts
 * words it for the caller.
 */
export class UpstreamConnectionError extends Error {
  override readonly name = 'UpstreamConnectionError';

  constructor(cause: unknown) {
    super('fetch failed', { cause });
  }
}
