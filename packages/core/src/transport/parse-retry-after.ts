/**
 * How long an upstream asked us to wait before trying again: read from its
 * response headers, so part of the transport; the router (routing/) decides
 * whether the wait is worth it.
 */
import { parseHttpDate } from './parse-http-date.js';

/** Response headers as an answer (`get`) or a plain object give them. */
export type HeaderSource = { get(name: string): string | null } | Readonly<Record<string, string | string[] | undefined>>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof headers.get === 'function') return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  // Plain objects: header names are case-insensitive (RFC 9110 §5.1).
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() !== name) continue;
    return Array.isArray(value) ? value.join(', ') : value;
  }
  return undefined;
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * The wait the upstream asked for, in ms; undefined when it asked for none or
 * sent something unreadable. A negative or past value means "now" (0).
 *
 * Order: `retry-after-ms` first (OpenAI's, in milliseconds, as the official
 * openai SDKs read it), then `Retry-After` (RFC 9110 §10.2.3), which is either
 * delta-seconds or an HTTP-date. delta-seconds is `1*DIGIT` in the RFC; a
 * fraction is accepted too because some proxies send one and it is not
 * ambiguous.
 */
export function parseRetryAfter(headers: HeaderSource, now: number): number | undefined {
  const ms = header(headers, 'retry-after-ms')?.trim();
  if (ms !== undefined && NUMBER.test(ms)) return clamp(Number(ms));

  const value = header(headers, 'retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  if (NUMBER.test(value)) return clamp(Number(value) * 1000);
  const date = parseHttpDate(value, now);
  return date === undefined ? undefined : clamp(date - now);
}

function clamp(ms: number): number | undefined {
  if (!Number.isFinite(ms)) return undefined;
  // Round up: waiting a fraction less than asked can earn another 429.
  return Math.max(0, Math.ceil(ms));
}
