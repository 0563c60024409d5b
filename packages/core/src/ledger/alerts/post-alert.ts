import type { OutboxAlert } from '../store.js';
import { ALERT_SIGNATURE_HEADER, signAlert } from './sign-alert.js';

export interface PostAlertOptions {
  url: string;
  alert: Pick<OutboxAlert, 'id' | 'body'>;
  fetch: typeof fetch;
  /** The whole attempt, answer body included: a webhook that hangs cannot hold it longer. */
  timeoutMs: number;
  /** Signs the POST (sign-alert.ts) when set. Never logged. */
  secret?: string;
  /** Epoch ms, for the signature's timestamp. @default Date.now() */
  now?: number;
}

/**
 * One POST of an alert. Resolves to undefined on a 2xx answer, else to why
 * not in words (`HTTP 500`, `timeout`, `fetch failed (ECONNREFUSED)`), with
 * the URL cut out: it may carry a token. Never throws.
 *
 * `Idempotency-Key` carries the alert's stable id (the IETF draft
 * "The Idempotency-Key HTTP Header Field"): delivery is at least once, so a
 * receiver dedupes on it (or on the body's `id`). With a secret, the POST
 * carries `X-Aegis-Signature` (sign-alert.ts).
 */
export async function postAlert(options: PostAlertOptions): Promise<string | undefined> {
  const { url, alert } = options;
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': alert.id };
    if (options.secret !== undefined) headers[ALERT_SIGNATURE_HEADER] = signAlert(options.secret, alert.body, (options.now ?? Date.now()) / 1000);
    const response = await options.fetch(url, {
      method: 'POST',
      headers,
      body: alert.body,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    // Read the body so the connection can be reused; its content is not needed.
    await response.arrayBuffer().catch(() => undefined);
    return response.ok ? undefined : `HTTP ${response.status}`;
  } catch (error) {
    return describe(error, url);
  }
}

/** An error in words, without the URL or its parts (the query may hold a token). */
function describe(error: unknown, url: string): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  const code = error instanceof Error ? (error.cause as { code?: unknown } | undefined)?.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const text = typeof code === 'string' ? `${message} (${code})` : message;
  return redactUrl(text, url).slice(0, 300);
}

function redactUrl(text: string, url: string): string {
  let out = text.split(url).join('[webhook url]');
  try {
    const parsed = new URL(url);
    // An error may quote the URL as parsed (normalised) or only its query or password.
    for (const part of [parsed.href, parsed.search.slice(1), parsed.password, parsed.pathname.length > 1 ? parsed.pathname : '']) {
      if (part.length >= 4) out = out.split(part).join('[redacted]');
    }
  } catch {
    // Not a URL fetch could use: nothing more of it to find.
  }
  return out;
}
