import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminClient } from '../test-support/admin-client.js';
import { rawRequest } from '../test-support/raw-request.js';
import { startAdminFixture, type AdminFixture } from '../test-support/start-admin-fixture.js';

let fx: AdminFixture;
beforeAll(async () => {
  fx = await startAdminFixture({ file: {} });
});
afterAll(async () => fx.close());

describe('login and session', () => {
  test('the JSON API refuses calls without a session (401), every route', async () => {
    const anonymous = adminClient(fx.origin);
    for (const [method, path] of [
      ['GET', '/session'],
      ['GET', '/providers'],
      ['GET', '/routing'],
      ['GET', '/budgets'],
      ['GET', '/dashboard'],
      ['PUT', '/budgets/dashscope'],
      ['POST', '/providers/dashscope/test'],
      ['POST', '/logout'],
      ['GET', '/no-such-route'],
    ] as const) {
      const response = await anonymous.request(method, path, method === 'GET' ? undefined : {});
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.body).toEqual({ error: { kind: 'unauthorized', message: 'Log in with the server token.' } });
    }
  });

  test('a wrong token is refused; the right one sets an HttpOnly, SameSite=Strict cookie and returns a CSRF token', async () => {
    const client = adminClient(fx.origin);
    const wrong = await client.login('nope');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const right = await client.login(fx.token);
    expect(right.status).toBe(200);
    const cookie = right.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^aegis_admin_session=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(right.body).toMatchObject({ csrfToken: expect.stringMatching(/^[\w-]{40,}$/), configFile: fx.configFile });
    expect(right.text).not.toContain(fx.token);
    expect((await client.request('GET', '/providers')).status).toBe(200);
  });

  test('each login gets a new session id, and logout ends the session', async () => {
    const client = adminClient(fx.origin);
    await client.login(fx.token);
    const first = client.cookie;
    await client.login(fx.token);
    expect(client.cookie).not.toBe(first);

    const stale = adminClient(fx.origin);
    await stale.request('GET', '/session', undefined, { headers: { cookie: first ?? '' } }).then((r) => expect(r.status).toBe(401));

    const out = await client.request('POST', '/logout');
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await client.request('GET', '/providers', undefined, { headers: { cookie: first ?? '' } })).status).toBe(401);
  });

  test('wrong tokens lock out their own source address (429 with Retry-After), not another, and never the right token', async () => {
    const local = await startAdminFixture({ file: {} });
    const login = (token: string, localAddress: string) =>
      rawRequest(local.origin, {
        method: 'POST',
        path: '/admin/api/login',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
        localAddress,
      });
    try {
      for (let i = 0; i < 10; i += 1) expect((await login(`wrong-${i}`, '127.0.0.2')).status).toBe(401);
      const throttled = await login('wrong-again', '127.0.0.2');
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
      expect(JSON.parse(throttled.body)).toMatchObject({ error: { kind: 'too_many_attempts' } });

      // Another address is not locked out: its wrong token is a plain 401, its right one logs in.
      expect((await login('wrong-elsewhere', '127.0.0.3')).status).toBe(401);
      const elsewhere = await login(local.token, '127.0.0.3');
      expect(elsewhere.status).toBe(200);
      expect(elsewhere.headers['set-cookie']?.[0]).toMatch(/^aegis_admin_session=/);

      // The locked-out address itself still gets in with the right token, and that clears its counter.
      const right = await login(local.token, '127.0.0.2');
      expect(right.status).toBe(200);
      expect(right.headers['set-cookie']?.[0]).toMatch(/^aegis_admin_session=/);
      expect((await login('wrong-after', '127.0.0.2')).status).toBe(401);
    } finally {
      await local.close();
    }
  });
});

describe('CSRF', () => {
  test('every write needs the session’s CSRF token in x-csrf-token', async () => {
    const client = adminClient(fx.origin);
    await client.login(fx.token);
    const budget = { monthlyUsd: '5', onLimit: 'block', alertThresholds: ['50'], models: [] };
    for (const csrf of [false, 'forged-token'] as const) {
      for (const [method, path, body] of [
        ['PUT', '/budgets/dashscope', budget],
        ['DELETE', '/budgets/dashscope', undefined],
        ['POST', '/providers/dashscope/test', undefined],
        ['PUT', '/alerts', { webhookUrl: '' }],
        ['POST', '/logout', undefined],
      ] as const) {
        const response = await client.request(method, path, body, { csrf });
        expect(response.status, `${method} ${path} csrf=${String(csrf)}`).toBe(403);
        expect(response.body).toMatchObject({ error: { kind: 'csrf' } });
      }
    }
    expect((await client.request('PUT', '/budgets/dashscope', budget)).status).toBe(200);
  });

  test('a CSRF token of another session does not pass', async () => {
    const a = adminClient(fx.origin);
    const b = adminClient(fx.origin);
    await a.login(fx.token);
    await b.login(fx.token);
    const response = await a.request('PUT', '/alerts', { webhookUrl: '' }, { csrf: b.csrfToken ?? '' });
    expect(response.status).toBe(403);
  });
});

describe('Host and Origin', () => {
  test('a foreign Host is refused on the page and the API (DNS rebinding)', async () => {
    for (const path of ['/', '/admin/assets/app.js', '/admin/api/session']) {
      const response = await rawRequest(fx.origin, { path, headers: { host: 'evil.example:8080' } });
      expect(response.status, path).toBe(421);
    }
    const local = await rawRequest(fx.origin, { path: '/', headers: { host: `localhost:${new URL(fx.origin).port}` } });
    expect(local.status).toBe(200);
  });

  test('a foreign Origin is refused, even with a valid session and CSRF token', async () => {
    const client = adminClient(fx.origin);
    await client.login(fx.token);
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:1`]) {
      const response = await client.request('PUT', '/alerts', { webhookUrl: '' }, { headers: { origin } });
      expect(response.status, origin).toBe(403);
    }
    const same = await client.request('PUT', '/alerts', { webhookUrl: '' }, { headers: { origin: fx.origin } });
    expect(same.status).toBe(200);
  });

  test('cross-site fetches are refused by Sec-Fetch-Site, and login by Origin', async () => {
    const client = adminClient(fx.origin);
    const crossSite = await client.request('POST', '/login', { token: fx.token }, { csrf: false, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const foreign = await client.request('POST', '/login', { token: fx.token }, { csrf: false, headers: { origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
  });

  test('hosts the operator allows pass too', async () => {
    const local = await startAdminFixture({ file: {}, admin: { allowedHosts: ['aegis.lan'] } });
    try {
      const response = await rawRequest(local.origin, { path: '/', headers: { host: 'aegis.lan:8080' } });
      expect(response.status).toBe(200);
    } finally {
      await local.close();
    }
  });
});

describe('response headers', () => {
  test('the page and the API send a strict CSP and no-sniff; the API is never cached', async () => {
    const page = await fetch(`${fx.origin}/`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-powered-by')).toBeNull();
    const html = await page.text();
    expect(html).not.toContain(fx.token);
    expect(html).not.toMatch(/<script>(?!<\/script>)/);

    const client = adminClient(fx.origin);
    await client.login(fx.token);
    const api = await client.request('GET', '/providers');
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect(api.headers.get('content-type')).toContain('application/json');
  });

  test('bodies that are not JSON or too large are refused with JSON errors', async () => {
    const client = adminClient(fx.origin);
    await client.login(fx.token);
    const broken = await client.request('PUT', '/alerts', '{"webhookUrl":', {});
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ error: { kind: 'bad_request' } });
    const huge = await client.request('PUT', '/alerts', { webhookUrl: 'x'.repeat(100_000) });
    expect(huge.status).toBe(413);
    const wrongShape = await client.request('PUT', '/alerts', { webhookUrl: 5 });
    expect(wrongShape.status).toBe(400);
  });
});
