import { Readable } from 'node:stream';
import fc from 'fast-check';
import type OpenAI from 'openai';
import { APIError } from 'openai';
import { Stream } from 'openai/core/streaming';
import { describe, expect, it } from 'vitest';
import { DRAIN_TIMEOUT_MS } from './read-node-body.js';
import { readSseChunks } from './read-sse-chunks.js';
import { UpstreamStatusError } from './upstream-status-error.js';

const encoder = new TextEncoder();

/** A response whose body sends `pieces`, then ends (or stays open with `hang`); records cancel(). */
function sseResponse(pieces: Uint8Array[], options: { hang?: boolean } = {}) {
  const seen = { cancelled: false, pulls: 0 };
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.pulls++;
      const piece = pieces[index++];
      if (piece !== undefined) controller.enqueue(piece);
      else if (!options.hang) controller.close();
      else return new Promise<void>(() => undefined);
      return undefined;
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { response: new Response(body, { headers: { 'content-type': 'text/event-stream' } }), seen };
}

/**
 * The same body as the upstream transport gives it (../../transport/upstream-response.ts):
 * a Node readable, read by its async iterator; `cancelled` once it is destroyed before its end.
 */
function nodeSseResponse(pieces: Uint8Array[], options: { hang?: boolean } = {}) {
  let index = 0;
  const body = new Readable({
    read() {
      const piece = pieces[index++];
      if (piece !== undefined) this.push(Buffer.from(piece));
      else if (!options.hang) this.push(null);
    },
  });
  const response = { body, headers: new Headers({ 'content-type': 'text/event-stream' }) } as unknown as Response;
  return {
    response,
    seen: {
      get cancelled() {
        return body.destroyed && !body.readableEnded;
      },
    },
  };
}

type BodyKind = 'web' | 'node';
const responseOf = (kind: BodyKind) => (kind === 'web' ? sseResponse : nodeSseResponse);

/** Bytes cut at the given offsets (which may fall inside a UTF-8 character). */
function cut(text: string, offsets: number[]): Uint8Array[] {
  const bytes = encoder.encode(text);
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) pieces.push(bytes.slice(from, point));
    from = Math.max(from, point);
  }
  return pieces;
}

interface Outcome {
  chunks: unknown[];
  /** `isApiError`: the SDK's APIError in its reading, an UpstreamStatusError (the same fields) in ours. */
  error?: { name: string; isApiError: boolean; message: string };
}

async function drain(chunks: AsyncIterable<unknown>): Promise<Outcome> {
  const seen: unknown[] = [];
  try {
    for await (const chunk of chunks) seen.push(chunk);
    return { chunks: seen };
  } catch (error) {
    const e = error as Error;
    return { chunks: seen, error: { name: e.name, isApiError: e instanceof APIError || e instanceof UpstreamStatusError, message: e.message } };
  }
}

/** The openai SDK's own reading of the same bytes: the behaviour to keep. */
function sdkReading(pieces: Uint8Array[]): Promise<Outcome> {
  const { response } = sseResponse(pieces);
  return drain(Stream.fromSSEResponse(response, new AbortController(), {} as OpenAI));
}

function ourReading(pieces: Uint8Array[], kind: BodyKind): Promise<Outcome> {
  const { response } = responseOf(kind)(pieces);
  return drain(readSseChunks(response, new AbortController().signal));
}

const chunkJson = (content: string) => JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }], usage: null });

/** One SSE event as text, with `\n` line ends (swapped for CRLF / CR afterwards). */
const anEvent = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => `data: ${chunkJson(s)}\n\n`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }).map((s) => `: ${s.replace(/[\r\n]/g, '')}\n\n`) },
  { weight: 1, arbitrary: fc.constant('data: {"choices":\ndata: []}\n\n') },
  { weight: 1, arbitrary: fc.constant('id: 3\nretry: 100\ndata:{"usage":{"prompt_tokens":1,"completion_tokens":2}}\n\n') },
  { weight: 1, arbitrary: fc.constant('event: thread.run.created\ndata: {"id":"run"}\n\n') },
  { weight: 1, arbitrary: fc.constant('data: {"error":{"message":"overloaded","code":"busy"}}\n\n') },
  { weight: 1, arbitrary: fc.constant('event: error\ndata: {"message":"bad things"}\n\n') },
  { weight: 1, arbitrary: fc.constant('data: {"choices":[{"delta":{"content":"unterminated\n\n') },
  { weight: 1, arbitrary: fc.constant('event: ping\n\n') },
  { weight: 1, arbitrary: fc.constant('data: [DONE]\n\n') },
);

describe('readSseChunks', () => {
  it('reads any event stream, cut anywhere, exactly as the openai SDK does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(anEvent, { maxLength: 8 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom<BodyKind>('web', 'node'),
        async (events, lineEnd, dropLastBlankLine, offsets, kind) => {
          let text = events.join('').replace(/\n/g, lineEnd);
          if (dropLastBlankLine && text.endsWith(lineEnd)) text = text.slice(0, -lineEnd.length);
          const pieces = cut(text, offsets);
          expect(await ourReading(pieces, kind)).toEqual(await sdkReading(pieces));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stops at [DONE] and cancels the rest of a web body', async () => {
    const { response, seen } = sseResponse([encoder.encode(`data: ${chunkJson('a')}\n\ndata: [DONE]\n\n`)], { hang: true });
    const { chunks, error } = await drain(readSseChunks(response, new AbortController().signal));
    expect(error).toBeUndefined();
    expect(chunks).toHaveLength(1);
    expect(seen.cancelled).toBe(true);
  });

  it('stops at [DONE] and reads the rest of a Node body to its end (the connection stays usable)', async () => {
    const { response, seen } = nodeSseResponse([encoder.encode(`data: ${chunkJson('a')}\n\ndata: [DONE]\n\n`), encoder.encode(': trailing\n\n')]);
    const { chunks, error } = await drain(readSseChunks(response, new AbortController().signal));
    expect(error).toBeUndefined();
    expect(chunks).toHaveLength(1);
    await expect.poll(() => (response.body as unknown as Readable).readableEnded).toBe(true);
    expect(seen.cancelled).toBe(false);
  });

  it(`cuts a Node body that does not end within ${DRAIN_TIMEOUT_MS} ms of [DONE]`, async () => {
    const { response, seen } = nodeSseResponse([encoder.encode(`data: ${chunkJson('a')}\n\ndata: [DONE]\n\n`)], { hang: true });
    const { chunks } = await drain(readSseChunks(response, new AbortController().signal));
    expect(chunks).toHaveLength(1);
    expect(seen.cancelled).toBe(false);
    await expect.poll(() => seen.cancelled, { timeout: DRAIN_TIMEOUT_MS + 1_000 }).toBe(true);
  });

  it('an error chunk throws an UpstreamStatusError with the upstream message, as the SDK its APIError', async () => {
    const { response } = sseResponse([encoder.encode('data: {"error":{"message":"quota gone","code":"Arrearage"}}\n\n')]);
    const { error } = await drain(readSseChunks(response, new AbortController().signal));
    expect(error).toEqual({ name: 'Error', isApiError: true, message: 'quota gone' });
  });

  it.each<BodyKind>(['web', 'node'])('a read the body never answers is abandoned with the reason as soon as the signal aborts (%s body)', async (kind) => {
    const { response, seen } = responseOf(kind)([encoder.encode(`data: ${chunkJson('a')}\n\n`)], { hang: true });
    const controller = new AbortController();
    const chunks = readSseChunks(response, controller.signal);
    expect(await chunks.next()).toMatchObject({ done: false });
    const pending = chunks.next();
    const reason = new Error('idle');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(seen.cancelled).toBe(true);
  });

  it.each<BodyKind>(['web', 'node'])('return() cancels the body; reading after it ends at once (%s body)', async (kind) => {
    const { response, seen } = responseOf(kind)([encoder.encode(`data: ${chunkJson('a')}\n\n`)], { hang: true });
    const chunks = readSseChunks(response, new AbortController().signal);
    await chunks.next();
    expect(await chunks.return?.()).toEqual({ done: true, value: undefined });
    expect(seen.cancelled).toBe(true);
    expect(await chunks.next()).toEqual({ done: true, value: undefined });
  });

  it('an already aborted signal fails the first read with its reason', async () => {
    const { response } = sseResponse([encoder.encode(`data: ${chunkJson('a')}\n\n`)]);
    const controller = new AbortController();
    const reason = new Error('cancelled');
    controller.abort(reason);
    await expect(readSseChunks(response, controller.signal).next()).rejects.toBe(reason);
  });
});

describe('readSseChunks takeBuffered', () => {
  const event = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
  const text = (content: string) => event({ choices: [{ delta: { content } }] });
  const usage = event({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 80 } });

  it.each(['web', 'node'] as const)('hands over the queued chunks of a %s body, the usage among them, without waiting', async (kind) => {
    // One network read brings the whole answer; the body then stays open.
    const { response } = responseOf(kind)([encoder.encode(text('a') + text('b') + usage + 'data: [DONE]\n\n')], { hang: true });
    const chunks = readSseChunks(response, new AbortController().signal);
    expect((await chunks.next()).value).toEqual({ choices: [{ delta: { content: 'a' } }] });
    const rest = chunks.takeBuffered();
    expect(rest).toEqual([{ choices: [{ delta: { content: 'b' } }] }, { choices: [], usage: { prompt_tokens: 7, completion_tokens: 80 } }]);
    expect(chunks.takeBuffered()).toEqual([]);
    await chunks.return?.();
    expect(chunks.takeBuffered()).toEqual([]);
  });

  it('reads what a node body has buffered beyond the decoded events', async () => {
    const { response } = nodeSseResponse([encoder.encode(text('a')), encoder.encode(usage)], { hang: true });
    const chunks = readSseChunks(response, new AbortController().signal);
    await chunks.next();
    // Let the second piece reach the body's buffer, unread.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(chunks.takeBuffered()).toEqual([{ choices: [], usage: { prompt_tokens: 7, completion_tokens: 80 } }]);
    await chunks.return?.();
  });
});
