import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildBudgetsView } from '../views/build-budgets-view.js';
import { buildProvidersView } from '../views/build-providers-view.js';
import { adminClient, type AdminClient } from '../test-support/admin-client.js';
import { SIM_KEY, startAdminFixture, type AdminFixture } from '../test-support/start-admin-fixture.js';

/** Secrets of every kind the configuration can hold; none may appear in any response. */
const SECRETS = {
  openaiKey: 'zz-openai-inline-canary-11111111',
  endpointKey: 'zz-endpoint-canary-22222222',
  headerValue: 'zz-header-canary-33333333',
  webhook: 'https://hooks.example.com/zz-webhook-canary-44444444',
  envKey: 'zz-env-ref-canary-55555555',
};

let fx: AdminFixture;
let client: AdminClient;
beforeAll(async () => {
  fx = await startAdminFixture({
    file: {
      providers: {
        openai: { apiKey: SECRETS.openaiKey },
        anyllm: { apiKeyEnv: 'MY_ANYLLM_KEY', headers: { 'X-Api-Token': SECRETS.headerValue } },
      },
      endpoints: [{ name: 'echo', baseURL: 'http://127.0.0.1:9/v1', apiKey: SECRETS.endpointKey, defaultModel: 'qwen-turbo' }],
      alerts: { webhookUrl: SECRETS.webhook },
    },
    env: { MY_ANYLLM_KEY: SECRETS.envKey, ANYLLM_BASE_URL: 'http://127.0.0.1:9/v1' },
  });
  client = adminClient(fx.origin);
  await client.login(fx.token);
});
afterAll(async () => fx.close());

const all = () => [SIM_KEY, fx.token, ...Object.values(SECRETS), 'webhook-canary'];

test('no response of the API, the page or its assets contains a key, a header value, the webhook or the token', async () => {
  // An upstream that echoes the key it received into its error message.
  await client.request('PUT', '/providers/echo', { baseURL: fx.sim.baseURL });
  fx.sim.setDefault({ fault: { type: 'status', status: 401, code: 'invalid_api_key', message: 'Incorrect API key provided: ', echoKey: true } });
  const responses = [
    await client.request('GET', '/session'),
    await client.request('GET', '/providers'),
    await client.request('GET', '/routing'),
    await client.request('GET', '/budgets'),
    await client.request('GET', '/dashboard'),
    ...(await Promise.all(['dashscope', 'openai', 'ollama', 'anyllm', 'echo'].map((id) => client.request('POST', `/providers/${id}/test`)))),
    await client.request('PUT', '/providers/openai', { region: 'nowhere' }),
    await client.request('PUT', '/providers/anyllm', { key: { env: SECRETS.endpointKey } }),
    // After the failed tests: the request log, its search echoing a key as typed, the errors by kind of today.
    await client.request('GET', '/requests?kind=test&outcome=error'),
    await client.request('GET', `/requests?text=${encodeURIComponent(SECRETS.openaiKey)}&tag=${encodeURIComponent(`k=${SIM_KEY}`)}`),
    await client.request('GET', `/requests?outcome=${encodeURIComponent(SIM_KEY)}`),
    await client.request('GET', `/dashboard?from=${new Date().toISOString().slice(0, 10)}&to=${encodeURIComponent(SIM_KEY)}`),
    await client.request('GET', '/dashboard?kind=test'),
    await client.request('POST', '/login', { token: SECRETS.openaiKey }, { csrf: false }),
  ];
  const page = await (await fetch(`${fx.origin}/`)).text();
  const script = await (await fetch(`${fx.origin}/admin/assets/app.js`)).text();
  for (const text of [...responses.map((r) => r.text), page, script]) {
    for (const secret of all()) expect(text).not.toContain(secret);
  }
  // A value typed into a query is not quoted back in its refusal (it may be a key the redactor does not know).
  for (const path of ['/dashboard?to=2026-01-01&from=', '/requests?to=2026-01-01&from=']) {
    const refused = await client.request('GET', `${path}${encodeURIComponent('not-a-day-4711-canary')}`);
    expect(refused.status, path).toBe(400);
    expect(refused.text, path).not.toContain('4711-canary');
  }
  const tested = (id: string) => responses.find((r) => (r.body as { provider?: string } | undefined)?.provider === id);
  expect(tested('echo')?.body).toMatchObject({ verdict: 'failed', keyAccepted: false });
  // DashScope's key passed the simulator's check, so its 401 echoed the key back: masked on the way out.
  expect(tested('dashscope')?.body).toMatchObject({ verdict: 'failed', keyAccepted: false });
  expect(tested('dashscope')?.text).toContain('[REDACTED]');
});

test('the views themselves leave secrets out (the redactor is only the second line)', async () => {
  const raw = JSON.parse(await (await import('node:fs/promises')).readFile(fx.configFile, 'utf8')) as Record<string, unknown>;
  const providers = buildProvidersView({ config: fx.gateway.config, raw, env: fx.env, tests: new Map(), cooldowns: [] });
  const budgets = buildBudgetsView(fx.gateway.config, raw, fx.env, await fx.gateway.budgetStatus());
  for (const text of [JSON.stringify(providers), JSON.stringify(budgets)]) {
    for (const secret of all()) expect(text).not.toContain(secret);
  }
  expect(providers.providers.find((p) => p.id === 'anyllm')?.file).toMatchObject({
    headerNames: ['X-Api-Token'],
    key: { inFile: 'env-ref', envName: 'MY_ANYLLM_KEY', effective: true },
  });
});
