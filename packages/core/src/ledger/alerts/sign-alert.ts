import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The header a signed alert POST carries:
 *   X-Aegis-Signature: t=1764770000,v1=<64 hex>
 * `t` is the Unix time (seconds) the POST was made; `v1` is
 * HMAC-SHA256(secret, `${t}.${body}`) in lower-case hex, over the exact body
 * bytes sent (UTF-8). The scheme of Stripe's webhook signatures: the
 * timestamp is signed with the body, so a receiver that refuses old ones
 * (ALERT_SIGNATURE_TOLERANCE_S) cannot be fed a recorded POST again later.
 * Each attempt of an alert is signed afresh (its own `t`).
 */
export const ALERT_SIGNATURE_HEADER = 'x-aegis-signature';

/** How old a signature a receiver should accept, seconds (as Stripe's libraries default to). */
export const ALERT_SIGNATURE_TOLERANCE_S = 300;

/** The header value for `body` signed at `unixSeconds`. */
export function signAlert(secret: string, body: string, unixSeconds: number): string {
  const t = Math.floor(unixSeconds);
  return `t=${t},v1=${hmac(secret, t, body)}`;
}

export interface VerifyAlertOptions {
  /** Seconds a signature may be old (or ahead of this clock). @default 300 */
  toleranceSeconds?: number;
  /** Now, Unix seconds. @default the clock */
  nowSeconds?: number;
}

/**
 * A receiver's check: the header is well formed, its time within the
 * tolerance, and one of its `v1` values the HMAC of `${t}.${body}`
 * (compared in constant time). `body` is the raw request body, before any
 * JSON parsing. Returns why not, or undefined when the POST is genuine.
 */
export function verifyAlertSignature(secret: string, header: string | undefined, body: string, options: VerifyAlertOptions = {}): string | undefined {
  if (header === undefined || header === '') return 'no signature header';
  let t: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value = ''] = part.trim().split('=', 2) as [string, string?];
    if (key === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (t === undefined || signatures.length === 0) return 'malformed signature header';
  const now = options.nowSeconds ?? Date.now() / 1000;
  if (Math.abs(now - t) > (options.toleranceSeconds ?? ALERT_SIGNATURE_TOLERANCE_S)) return 'signature timestamp outside the tolerance';
  const expected = Buffer.from(hmac(secret, t, body), 'hex');
  return signatures.some((sig) => timingSafeEqual(Buffer.from(sig, 'hex'), expected)) ? undefined : 'signature does not match';
}

function hmac(secret: string, t: number, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
}
