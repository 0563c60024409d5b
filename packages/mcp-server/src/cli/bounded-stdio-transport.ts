import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '@aegis-llm/core';

/** The SDK's own limit for one stdio message. */
export const MAX_STDIO_MESSAGE_BYTES = 10 * 1024 * 1024;
/** Bytes kept from each end of an oversized message, to find its id. */
const ID_WINDOW = 512;

/** JSON-RPC 2.0 error codes (https://www.jsonrpc.org/specification#error_object). */
const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;

export interface BoundedStdioTransportOptions {
  stdin?: Readable;
  stdout?: Writable;
  logger: Logger;
  /** @default MAX_STDIO_MESSAGE_BYTES */
  maxMessageBytes?: number;
}

/**
 * MCP over stdio (newline-delimited JSON-RPC), like the SDK's
 * StdioServerTransport, except that a bad message costs that message only.
 *
 * The SDK's transport closes itself when a line passes 10 MiB, so the server
 * exited 0 with nothing said, and it answers an unparseable line with
 * silence, so the client waits for its timeout. Here an oversized line is
 * skipped as it streams in (never buffered past the limit) and answered with
 * a JSON-RPC "Invalid Request" error carrying the request's id when one can
 * be read from either end of it (clients put `id` first or last), so the
 * client's pending call fails at once; an unparseable line gets "Parse
 * error" with id null, as JSON-RPC 2.0 prescribes. Both are logged to
 * stderr; the server keeps serving.
 */
export class BoundedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly stdin: Readable;
  private readonly stdout: Writable;
  private readonly logger: Logger;
  private readonly max: number;
  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes of the current line skipped so far; undefined while the line fits. */
  private skipped: number | undefined;
  private head = Buffer.alloc(0);
  private tail = Buffer.alloc(0);
  private started = false;

  constructor(options: BoundedStdioTransportOptions) {
    this.stdin = options.stdin ?? process.stdin;
    this.stdout = options.stdout ?? process.stdout;
    this.logger = options.logger;
    this.max = options.maxMessageBytes ?? MAX_STDIO_MESSAGE_BYTES;
  }

  start(): Promise<void> {
    if (this.started) throw new Error('BoundedStdioTransport already started.');
    this.started = true;
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onStreamError);
    return Promise.resolve();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.stdout.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.stdout.once('drain', resolve);
    });
  }

  close(): Promise<void> {
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onStreamError);
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.chunks = [];
    this.size = 0;
    this.onclose?.();
    return Promise.resolve();
  }

  private readonly onStreamError = (error: Error): void => {
    this.onerror?.(error);
  };

  private readonly onData = (chunk: Buffer): void => {
    let start = 0;
    while (start <= chunk.length) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline === -1 ? chunk.length : newline;
      this.take(chunk.subarray(start, end));
      if (newline === -1) return;
      this.endLine();
      start = newline + 1;
    }
  };

  /** A piece of the current line. */
  private take(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.skipped === undefined && this.size + piece.length <= this.max) {
      this.chunks.push(piece);
      this.size += piece.length;
      return;
    }
    if (this.skipped === undefined) {
      // The line just passed the limit: keep both ends for the id (copies, so
      // the big buffers can go), drop the rest.
      const kept = Buffer.concat([...this.chunks, piece]);
      this.head = Buffer.from(kept.subarray(0, ID_WINDOW));
      this.tail = Buffer.from(kept.subarray(-ID_WINDOW));
      this.skipped = kept.length;
      this.chunks = [];
      this.size = 0;
      return;
    }
    this.skipped += piece.length;
    this.tail = Buffer.from(Buffer.concat([this.tail, piece]).subarray(-ID_WINDOW));
  }

  private endLine(): void {
    if (this.skipped !== undefined) {
      const bytes = this.skipped;
      const id = idOf(this.head.toString('utf8')) ?? idOf(this.tail.toString('utf8'));
      this.skipped = undefined;
      this.head = Buffer.alloc(0);
      this.tail = Buffer.alloc(0);
      this.logger.warn('skipped a stdio message over the size limit', { bytes, limitBytes: this.max });
      this.reply(
        id ?? null,
        INVALID_REQUEST,
        `Message too large: ${bytes} bytes, over the ${this.max}-byte limit of one MCP message. Send less per call (split the input, or pass a file path or URL).`,
      );
      return;
    }
    const line = Buffer.concat(this.chunks).toString('utf8').replace(/\r$/, '');
    this.chunks = [];
    this.size = 0;
    if (line.trim() === '') return;
    this.deliver(line);
  }

  private deliver(line: string): void {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      this.logger.warn('skipped a stdio message that is not JSON', { bytes: Buffer.byteLength(line) });
      this.reply(null, PARSE_ERROR, 'Parse error: the message is not valid JSON.');
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(json);
    if (!parsed.success) {
      this.logger.warn('skipped a stdio message that is not JSON-RPC', { bytes: Buffer.byteLength(line) });
      this.reply(idFromJson(json), INVALID_REQUEST, 'Invalid Request: the message is not a JSON-RPC 2.0 request, notification or response.');
      return;
    }
    this.onmessage?.(parsed.data);
  }

  private reply(id: string | number | null, code: number, message: string): void {
    // Typed loosely: the SDK's message type has no error with a null id, which JSON-RPC requires here.
    void this.send({ jsonrpc: '2.0', id, error: { code, message } } as unknown as JSONRPCMessage);
  }
}

/** A top-level `"id"` at the very start or the very end of a JSON-RPC object's text. */
function idOf(text: string): string | number | undefined {
  const value = String.raw`(-?\d{1,15}|"(?:[^"\\]|\\.){0,200}")`;
  const match =
    new RegExp(String.raw`^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*${value}\s*,`).exec(text) ??
    new RegExp(String.raw`[,{]\s*"id"\s*:\s*${value}\s*\}\s*$`).exec(text);
  if (!match?.[1]) return undefined;
  try {
    const id: unknown = JSON.parse(match[1]);
    return typeof id === 'string' || typeof id === 'number' ? id : undefined;
  } catch {
    return undefined;
  }
}

function idFromJson(json: unknown): string | number | null {
  if (typeof json !== 'object' || json === null || !('id' in json)) return null;
  const { id } = json;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}
