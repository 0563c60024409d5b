/**
 * The page's only way to the server: JSON over same-origin fetch, the session
 * cookie sent by the browser, the CSRF token added to every write.
 */
import type { ApiError, ApiProblem } from '../../src/admin/api/api-types.js';

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
    /** Every problem of a refused save (the first is this error's own message). */
    readonly problems: ApiProblem[] = [],
    readonly usedBy?: { routes: string[] },
  ) {
    super(message);
  }
}

/** Fired when an edit was refused because the config file changed on disk (the banner offers a reload). */
export const CONFIG_CHANGED_EVENT = 'aegis:config-changed';

/** The header naming the config file's version (config-routes.ts on the server). */
const VERSION_HEADER = 'x-aegis-config-version';

let csrfToken = '';
/** The config file's version as the page's views last showed it: edits carry it, so an unseen hand edit is never saved over. */
let seenVersion: string | undefined;

export function seenConfigVersion(): string | undefined {
  return seenVersion;
}

/** After a reload of the pages' data: the version they now show. */
export function acceptConfigVersion(version: string): void {
  seenVersion = version;
}

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (method !== 'GET' && seenVersion !== undefined) headers[VERSION_HEADER] = seenVersion;
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
  const version = response.headers.get(VERSION_HEADER);
  if (response.ok && version !== null) seenVersion = version;
  if (response.ok) return data as T;
  const error = (data as Partial<ApiError> | undefined)?.error;
  if (error?.kind === 'config_changed') window.dispatchEvent(new Event(CONFIG_CHANGED_EVENT));
  if (response.status === 401 && path !== '/login') window.dispatchEvent(new Event(LOGGED_OUT_EVENT));
  throw new ApiFailure(
    response.status,
    error?.kind ?? 'http',
    error?.message ?? `HTTP ${response.status}`,
    error?.field,
    error?.path,
    error?.problems ?? [],
    error?.usedBy,
  );
}

/**
 * Every problem of a failure, for forms: `{ field: message }` for those beside
 * a field, the rest as form-level messages (all of them, not the first one).
 */
export function formErrors(error: unknown): { fields: Record<string, string>; form?: string; formList?: string[] } {
  if (error instanceof ApiFailure && error.problems.length > 1) {
    const fields: Record<string, string> = {};
    const rest: string[] = [];
    for (const problem of error.problems) {
      if (problem.field === undefined) rest.push(problem.message);
      else fields[problem.field] = fields[problem.field] === undefined ? problem.message : `${fields[problem.field]} ${problem.message}`;
    }
    const count = `${error.problems.length} problems; each is shown where it is.`;
    return rest.length === 0 ? { fields, form: count } : { fields, form: count, formList: rest };
  }
  if (error instanceof ApiFailure && error.field !== undefined) return { fields: { [error.field]: error.message } };
  return { fields: {}, form: error instanceof Error ? error.message : String(error) };
}
