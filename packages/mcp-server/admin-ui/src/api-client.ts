/**
 * The page's only way to the server: JSON over same-origin fetch, the session
 * cookie sent by the browser, the CSRF token added to every write.
 */
import type { ApiError } from '../../src/admin/api/api-types.js';

/** Fired when the server answers 401: the app shows the login form again. */
export const LOGGED_OUT_EVENT = 'aegis:logged-out';

export class ApiFailure extends Error {
  override name = 'ApiFailure';
  constructor(
    readonly status: number,
    readonly kind: string,
    message: string,
    /** The form field the server named, if any. */
    readonly field?: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/admin/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiFailure(0, 'network', 'The server did not answer. Is aegis-llm serve still running?');
  }
  const data: unknown = await response.json().catch(() => undefined);
  if (response.ok) return data as T;
  const error = (data as Partial<ApiError> | undefined)?.error;
  if (response.status === 401 && path !== '/login') window.dispatchEvent(new Event(LOGGED_OUT_EVENT));
  throw new ApiFailure(response.status, error?.kind ?? 'http', error?.message ?? `HTTP ${response.status}`, error?.field, error?.path);
}

/** The field and message of a failure, for forms: `{ field: message }` or a form-level message. */
export function formErrors(error: unknown): { fields: Record<string, string>; form?: string } {
  if (error instanceof ApiFailure && error.field !== undefined) return { fields: { [error.field]: error.message } };
  return { fields: {}, form: error instanceof Error ? error.message : String(error) };
}
