import type { Redactor } from '@aegis-llm/core';
import type { Response } from 'express';
import type { ApiError } from './api-types.js';

/** The redactor the API router installs for this request (secrets of the configuration in force). */
export function setResponseRedactor(res: Response, redact: Redactor): void {
  res.locals.adminRedact = redact;
}

/**
 * Every API answer goes out through here: no caching, and every string in it
 * (object keys included) passes the redactor as a last line of defence. The
 * views never put a secret in; this catches one that slipped into an
 * upstream's error message, say. Redacting values one by one, not the
 * serialized text, keeps the JSON well formed whatever a secret looks like.
 */
export function sendJson(res: Response, status: number, body: unknown): void {
  const redact = res.locals.adminRedact as Redactor | undefined;
  const safe = redact === undefined ? body : redactDeep(body, redact);
  res.status(status).setHeader('Cache-Control', 'no-store');
  // A view of the config file (or an edit's answer) names the file version it shows (config-routes.ts).
  const version = res.locals.configVersion as (() => string) | undefined;
  if (version !== undefined && status < 300) res.setHeader('x-aegis-config-version', version());
  res.type('application/json').send(JSON.stringify(safe));
}

/**
 * sendJson for the one answer that must carry a secret: a new client key's,
 * shown once at creation (its pattern is what the redactor is there to
 * catch). Everything else in the body is redacted as usual.
 */
export function sendJsonShowingOnce(res: Response, status: number, body: object, shownOnce: Record<string, string>): void {
  const redact = res.locals.adminRedact as Redactor | undefined;
  const safe = redact === undefined ? body : (redactDeep(body, redact) as object);
  res.status(status).setHeader('Cache-Control', 'no-store');
  res.type('application/json').send(JSON.stringify({ ...safe, ...shownOnce }));
}

export function sendError(
  res: Response,
  status: number,
  kind: ApiError['error']['kind'],
  message: string,
  extra: Omit<ApiError['error'], 'kind' | 'message'> = {},
): void {
  const body: ApiError = { error: { kind, message, ...extra } };
  sendJson(res, status, body);
}

function redactDeep(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), redactDeep(item, redact)]));
  }
  return value;
}
