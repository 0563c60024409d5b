/** A cookie-keeping JSON client for the admin API, as a browser would use it (same origin). */
export interface AdminResponse<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface AdminClient {
  login(token: string): Promise<AdminResponse>;
  /** Sends the session cookie, and the CSRF token on writes unless `csrf: false`. */
  request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    options?: { csrf?: boolean | string; headers?: Record<string, string> },
  ): Promise<AdminResponse<T>>;
  readonly cookie: string | undefined;
  readonly csrfToken: string | undefined;
}

export function adminClient(origin: string): AdminClient {
  let cookie: string | undefined;
  let csrfToken: string | undefined;

  const request = async <T>(
    method: string,
    path: string,
    body?: unknown,
    options: { csrf?: boolean | string; headers?: Record<string, string> } = {},
  ): Promise<AdminResponse<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    if (cookie !== undefined) headers.cookie = cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const csrf = options.csrf ?? true;
    if (method !== 'GET' && csrf !== false) {
      const value = typeof csrf === 'string' ? csrf : csrfToken;
      if (value !== undefined) headers['x-csrf-token'] = value;
    }
    const response = await fetch(`${origin}/admin/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie !== null) {
      const pair = setCookie.split(';')[0] ?? '';
      cookie = pair.endsWith('=') ? undefined : pair;
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: tests look at `text`.
    }
    return { status: response.status, body: parsed as T, text, headers: response.headers };
  };

  return {
    async login(token) {
      const response = await request<{ csrfToken?: string }>('POST', '/login', { token }, { csrf: false });
      if (response.status === 200) csrfToken = response.body.csrfToken;
      return response;
    },
    request,
    get cookie() {
      return cookie;
    },
    get csrfToken() {
      return csrfToken;
    },
  };
}
