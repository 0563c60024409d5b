/**
 * An upstream's refusal: an error status, or an error event inside a stream
 * (no status then). The fields and the message are the openai SDK's APIError
 * ones (openai/core/error.js), which the core read before it made its own
 * requests, so to-aegis-error.ts words both the same: `error` is the body's
 * `error` object, `code` and `type` come from it, the message is
 * `<status> <error.message>` (or the JSON of the error, or the raw body).
 */
export class UpstreamStatusError extends Error {
  readonly status: number | undefined;
  /** As sent: usually an object, but a server may send a string. */
  readonly error: unknown;
  readonly code: unknown;
  readonly type: unknown;
  readonly headers: { get(name: string): string | null } | undefined;
  /** The `x-request-id` response header. */
  readonly requestID: string | null | undefined;

  constructor(status: number | undefined, error: unknown, message: string | undefined, headers: { get(name: string): string | null } | undefined) {
    super(messageOf(status, error, message));
    this.status = status;
    this.error = error;
    this.code = (error as { code?: unknown } | undefined)?.code;
    this.type = (error as { type?: unknown } | undefined)?.type;
    this.headers = headers;
    this.requestID = headers?.get('x-request-id');
  }

  /** From an error status and its body's text: JSON with an `error` object, or anything else (kept as the message). */
  static fromBody(status: number, text: string, headers: { get(name: string): string | null }): UpstreamStatusError {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    // A body without an `error` field (DashScope's native shape: code, message, request_id at the top) is the error itself.
    const error = isObject(json) ? (json.error == null ? json : json.error) : undefined;
    return new UpstreamStatusError(status, error, json ? undefined : text, headers);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function messageOf(status: number | undefined, error: unknown, message: string | undefined): string {
  const inner = (error as { message?: unknown } | null | undefined)?.message;
  const msg = inner ? (typeof inner === 'string' ? inner : JSON.stringify(inner)) : error ? JSON.stringify(error) : message;
  if (status && msg) return `${status} ${msg}`;
  if (status) return `${status} status code (no body)`;
  if (msg) return msg;
  return '(no status code or body)';
}
