/**
 * One HTTP exchange with an upstream, as the core makes it (the wire layer,
 * ../providers/openai-compatible/wire-client.ts, builds the request; the
 * transport sends it). Types only.
 */
import type { Readable } from 'node:stream';

export interface UpstreamRequest {
  url: string;
  method: 'GET' | 'POST';
  /** Lower-case names. */
  headers: Readonly<Record<string, string>>;
  body?: string;
  signal?: AbortSignal;
}

/** The answer: status and headers in, the body not read yet. */
export interface UpstreamReply {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  /** undici's Node readable (the transport) or a WHATWG stream (an injected fetch). */
  readonly body: Readable | ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
}

/**
 * Sends one request. Rejects with the signal's reason when it aborts, with an
 * UpstreamConnectionError when no answer came (refused, reset, timed out).
 */
export type SendUpstream = (request: UpstreamRequest) => Promise<UpstreamReply>;
