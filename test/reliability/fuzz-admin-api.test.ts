/**
 * Fuzzed admin API (issue 9): arbitrary JSON bodies, and bodies of the right
 * shape with odd values, sent to every write endpoint with a valid session
 * and CSRF token. Always a 2xx, or a 4xx whose body names the error kind and
 * says what is wrong (422s name the field); never a 5xx, never a crash, never
 * a key in the response.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '@aegis-llm/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, type AdminClient } from '../../packages/mcp-server/src/admin/test-support/admin-client.js';
import { SIM_KEY, startAdminFixture, type AdminFixture } from '../../packages/mcp-server/src/admin/test-support/start-admin-fixture.js';
import { soakMode } from './support/soak-mode.ts';
import { writeFigures } from './support/write-figures.ts';

const mode = soakMode();
const FILE_KEY = 'sk-admin-fuzz-file-key-0123456789ab';

const odd = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e400',
    'NaN',
    '12.3456789',
    '__proto__',
    'constructor',
    'toString',
    'a'.repeat(4096),
    'http://',
    'https://x.invalid/v1',
    'dashscope/qwen-plus',
    'ollama/x',
    '\u0000',
    '\ud800',
    FILE_KEY,
  ),
);
const oddOrWrong = fc.oneof({ arbitrary: odd, weight: 4 }, fc.jsonValue({ maxDepth: 2 }));

const keyEdit = fc.oneof(
  fc.record({ set: oddOrWrong }),
  fc.record({ env: fc.oneof(odd, fc.constantFrom('__proto__', 'constructor', 'MY_KEY', 'PATH')) }),
  fc.record({ remove: fc.oneof(fc.constant(true), fc.jsonValue()) }),
  fc.jsonValue({ maxDepth: 2 }),
);

const providerPatch = fc.record(
  {
    region: fc.oneof(fc.constantFrom('singapore', 'us', 'beijing', 'hongkong'), odd),
    baseURL: fc.oneof(fc.constantFrom('http://127.0.0.1:9/v1', 'https://api.example.com/v1', 'ftp://x', 'http://user:pw@h/v1'), odd),
    defaultModel: odd,
    key: keyEdit,
    headers: fc.oneof(fc.array(fc.record({ name: odd, value: odd }, { requiredKeys: ['name'] }), { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })),
  },
  { requiredKeys: [] },
);

const budgetPatch = fc.record(
  {
    monthlyUsd: fc.oneof(fc.constantFrom('10', '0', '0.000001', '1e3', '-5', '99999999999999'), oddOrWrong),
    onLimit: fc.oneof(fc.constantFrom('block', 'fallback'), oddOrWrong),
    alertThresholds: fc.oneof(fc.array(fc.oneof(fc.constantFrom('50', '80', '100', '0', '101', '-1'), odd), { maxLength: 5 }), fc.jsonValue({ maxDepth: 2 })),
    models: fc.oneof(fc.array(fc.record({ model: odd, monthlyUsd: oddOrWrong }), { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 })),
  },
  { requiredKeys: [] },
);

const tagBudgetPatch = fc.record(
  {
    monthlyUsd: fc.oneof(fc.constantFrom('10', '0', '0.000001', '-5'), oddOrWrong),
    alertThresholds: fc.oneof(fc.array(fc.oneof(fc.constantFrom('50', '100', '101'), odd), { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })),
  },
  { requiredKeys: [] },
);

/** Tag scopes as typed: right ones, Object.prototype members, malformed, over-long. */
const tagScopeSegment = fc
  .oneof(
    fc.constantFrom('workflow_id=wf_1', 'constructor=__proto__', '__proto__=x', 'no-equals', '=x', 'a=', 'Upper=x', `end_user=${'v'.repeat(300)}`),
    fc.string({ minLength: 1, maxLength: 24 }),
  )
  .map((s) => encodeURIComponent(s));

const pathSegment = fc.oneof(
  fc.constantFrom('dashscope', 'openai', 'ollama', 'anyllm', 'chat', 'summarize', 'groq', '__proto__', 'constructor', '..', '%2e%2e', 'a%2Fb'),
  fc.string({ minLength: 1, maxLength: 20 }).map((s) => encodeURIComponent(s)),
);

interface Endpoint {
  method: 'PUT' | 'POST' | 'DELETE';
  path: (segment: string) => string;
  body: fc.Arbitrary<unknown>;
  /** The path segments tried; pathSegment unless the route takes another shape (a tag scope). */
  segment?: fc.Arbitrary<string>;
}

/** Any JSON, a shaped body, or a body with a foreign key: each endpoint gets all three. */
const bodyOf = (shaped: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { arbitrary: shaped, weight: 3 },
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  );

const ENDPOINTS: Record<string, Endpoint> = {
  'PUT /providers/:id': { method: 'PUT', path: (s) => `/providers/${s}`, body: bodyOf(providerPatch) },
  'POST /endpoints': {
    method: 'POST',
    path: () => '/endpoints',
    body: bodyOf(fc.tuple(providerPatch, fc.oneof(fc.constantFrom('groq', 'local-1', 'Bad Name', 'dashscope'), odd)).map(([p, name]) => ({ ...p, name }))),
  },
  'DELETE /providers/:id': { method: 'DELETE', path: (s) => `/providers/${s}`, body: fc.constant(undefined) },
  'POST /providers/:id/test': { method: 'POST', path: (s) => `/providers/${s}/test`, body: fc.constant(undefined) },
  'PUT /routing/:task': {
    method: 'PUT',
    path: (s) => `/routing/${s}`,
    body: bodyOf(
      fc.record({
        chain: fc.oneof(
          fc.array(fc.oneof(fc.constantFrom('dashscope/qwen-plus', 'ollama/qwen2.5:7b', 'nope/x', 'qwen-max'), odd), { maxLength: 5 }),
          fc.jsonValue({ maxDepth: 2 }),
        ),
      }),
    ),
  },
  'DELETE /routing/:task': { method: 'DELETE', path: (s) => `/routing/${s}`, body: fc.constant(undefined) },
  'POST /routing/check': {
    method: 'POST',
    path: () => '/routing/check',
    body: bodyOf(
      fc.record(
        {
          task: fc.oneof(fc.constantFrom('Translate Text', '__proto__', 'toString', 'chat', 't'.repeat(3000)), odd),
          chain: fc.oneof(
            fc.array(fc.oneof(fc.constantFrom('dashscope/qwen-plsu', 'dashscop/qwen-plus', '/', 'a/'), odd), { maxLength: 5 }),
            fc.jsonValue({ maxDepth: 2 }),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  'POST /providers/:id/cooldowns/clear': {
    method: 'POST',
    path: (s) => `/providers/${s}/cooldowns/clear`,
    body: bodyOf(fc.record({ model: fc.oneof(fc.constantFrom('qwen-plus', '__proto__'), odd) })),
  },
  'PUT /budgets/:provider': { method: 'PUT', path: (s) => `/budgets/${s}`, body: bodyOf(budgetPatch) },
  'DELETE /budgets/:provider': { method: 'DELETE', path: (s) => `/budgets/${s}`, body: fc.constant(undefined) },
  'PUT /tag-budgets/:scope': { method: 'PUT', path: (s) => `/tag-budgets/${s}`, segment: tagScopeSegment, body: bodyOf(tagBudgetPatch) },
  'DELETE /tag-budgets/:scope': { method: 'DELETE', path: (s) => `/tag-budgets/${s}`, segment: tagScopeSegment, body: fc.constant(undefined) },
  'POST /alerts/test': { method: 'POST', path: () => '/alerts/test', body: fc.constant(undefined) },
  'PUT /alerts': {
    method: 'PUT',
    path: () => '/alerts',
    body: bodyOf(
      fc.record({ webhookUrl: fc.oneof(fc.constantFrom('', 'https://hooks.example.com/x', 'http://127.0.0.1:9/hook', 'javascript:alert(1)'), oddOrWrong) }),
    ),
  },
};

/** Query values: days right and wrong, numbers at and past the bounds, names that are Object.prototype members, over-long text. */
const queryValue = fc.oneof(
  { arbitrary: odd, weight: 3 },
  fc.constantFrom(
    '2026-02-30',
    '2026-13-01',
    '0050-01-01',
    '9999-12-31',
    '1970-01-01',
    '2026-12-01',
    'yesterday',
    '0',
    '100',
    '101',
    '-1',
    '1e3',
    '999999999',
    'error',
    'ok',
    'rate_limited',
    'abandoned',
    'all',
    'chat',
    'test',
    'team=alpha',
    '=',
    'a=b=c',
  ),
  fc.integer({ min: -45, max: 2 }).map((back) => new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10)),
);
const queryName = fc.oneof(
  { arbitrary: fc.constantFrom('from', 'to', 'kind', 'provider', 'model', 'task', 'tag', 'outcome', 'text', 'offset', 'limit', 'period'), weight: 4 },
  fc.constantFrom('__proto__', 'constructor', 'from[x]', 'to[]', 'limit[length]', 'kind[__proto__]'),
  fc.string({ maxLength: 8 }),
);
/** A query string: names may repeat (`?from=a&from=b` is an array to express) or nest (`from[x]=` an object). */
const queryString = fc
  .array(fc.tuple(queryName, fc.oneof({ arbitrary: queryValue.map(encode), weight: 5 }, fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '%ED%A0%80'))), {
    maxLength: 6,
  })
  .map((pairs) => pairs.map(([name, value]) => `${encode(name).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${value}`).join('&'));

/** Percent-encoded; a lone surrogate (no UTF-8 for it) as the bytes a careless client sends. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

/** The read routes that take a query: the dashboard (a date range), its CSV export and the request log (search and paging). */
const QUERY_ROUTES = ['/dashboard', '/dashboard/export.csv', '/requests'];

describe(`fuzzed admin API, ${mode.fuzzRuns} bodies per write endpoint (${mode.name})`, () => {
  let fx: AdminFixture;
  let client: AdminClient;
  const tally: Record<string, number> = {};
  const findings: string[] = [];
  let inputs = 0;
  const startedAt = Date.now();

  beforeAll(async () => {
    fx = await startAdminFixture({
      file: { providers: { openai: { apiKey: FILE_KEY } }, routing: { streamIdleTimeoutMs: 300, requestTimeoutMs: 2_000 } },
      simulator: { recordRequests: false },
      // Nothing listens here: a connection test of Ollama fails at once.
      env: { OLLAMA_BASE_URL: 'http://127.0.0.1:9/v1' },
    });
    client = adminClient(fx.origin);
    expect((await client.login(fx.token)).status).toBe(200);
  });

  afterAll(async () => {
    await fx?.close();
    writeFigures(
      'fuzz-admin-api',
      mode,
      {
        suite: 'Fuzzed admin API',
        checks: `arbitrary and shaped JSON bodies to the ${Object.keys(ENDPOINTS).length} write endpoints, with a session and the CSRF token; fuzzed query strings to ${QUERY_ROUTES.length} read routes`,
        figures: { inputsTried: inputs, ...Object.fromEntries(Object.entries(tally).sort()), leaksFound: findings.length },
        findings,
      },
      startedAt,
    );
  });

  // Found by the PUT /providers/:id property: parseConfig (config/read-env.ts,
  // value()) threw a TypeError for an apiKeyEnv naming an Object.prototype
  // member, and the admin page answered 500 instead of saving or refusing.
  it.each(['constructor', '__proto__', 'toString'])('a key taken from a variable named "%s": not a 5xx', async (name) => {
    const response = await client.request('PUT', '/providers/openai', { key: { env: name } });
    expect(response.status, response.text).toBeLessThan(500);
  });

  // Records for the searches to run over: answers with tasks and tags, a failure behind a fallback, a refusal.
  let seeded: Promise<void> | undefined;
  const seedTraffic = async () => {
    for (const [task, value] of [
      ['summarize', 'alpha'],
      ['__proto__', 'constructor'],
      ['chat', 'toString'],
    ] as const) {
      fx.sim.script({ text: 'ok' });
      await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'x', maxTokens: 5, task, tags: { team: value } }).catch(() => undefined);
    }
    fx.sim.script({ fault: { type: 'status', status: 500, code: 'InternalError' } }, { model: 'qwen-plus' });
    fx.sim.script({ text: 'ok' }, { model: 'qwen-flash' });
    await fx.gateway.chat({ model: 'dashscope/qwen-plus', fallbacks: ['dashscope/qwen-flash'], prompt: 'x', maxTokens: 5 }).catch(() => undefined);
    fx.sim.script({ fault: { type: 'status', status: 429, code: 'Throttling.RateQuota' } });
    await fx.gateway.chat({ model: 'dashscope/qwen-flash', prompt: 'x', maxTokens: 5 }).catch(() => undefined);
  };

  for (const route of QUERY_ROUTES) {
    it(
      `GET ${route}?<fuzzed query>: a 200 or a 400 that names the parameter, never a 5xx`,
      async () => {
        await (seeded ??= seedTraffic());
        expect((await client.request<{ total: number }>('GET', '/requests')).body.total).toBeGreaterThanOrEqual(5);
        await fc.assert(
          fc.asyncProperty(queryString, async (query) => {
            inputs += 1;
            const response = await client.request('GET', `${route}?${query}`);
            const bucket = `${Math.floor(response.status / 100)}xx`;
            tally[bucket] = (tally[bucket] ?? 0) + 1;
            const problem = (() => {
              if (response.status >= 500) return `${response.status}: ${response.text.slice(0, 300)}`;
              if (response.status !== 200 && response.status !== 400) return `unexpected status ${response.status}`;
              for (const secret of [SIM_KEY, FILE_KEY]) if (response.text.includes(secret)) return `a key is in the response (${response.status})`;
              if (response.status === 400) {
                const error = (response.body as { error?: { kind?: unknown; message?: unknown; field?: unknown } } | undefined)?.error;
                if (error?.kind !== 'bad_request' || typeof error.message !== 'string' || typeof error.field !== 'string')
                  return `a 400 that names no parameter: ${response.text.slice(0, 200)}`;
              }
              if (response.status === 200 && route === '/requests') {
                const page = response.body as { requests?: unknown[]; limit?: number };
                if (!Array.isArray(page.requests) || page.requests.length > 100 || (page.limit ?? 0) > 100) return 'a page past the bound of 100';
              }
              return undefined;
            })();
            if (problem !== undefined) {
              const finding = `GET ${route}?${query.slice(0, 200)}: ${problem}`;
              if (!findings.some((f) => f.endsWith(problem))) findings.push(finding);
              throw new Error(finding);
            }
          }),
          { numRuns: mode.fuzzRuns, seed: mode.seed, endOnFailure: true },
        );
      },
      60_000 + mode.fuzzRuns * 300,
    );
  }

  for (const [name, endpoint] of Object.entries(ENDPOINTS)) {
    it(
      `${name}: a 2xx or a 4xx that says what is wrong, never a 5xx`,
      async () => {
        await fc.assert(
          fc.asyncProperty(endpoint.segment ?? pathSegment, endpoint.body, async (segment, body) => {
            inputs += 1;
            const response = await client.request(endpoint.method, endpoint.path(segment), body === undefined ? undefined : JSON.stringify(body), {
              headers: { 'content-type': 'application/json' },
            });
            const bucket = `${Math.floor(response.status / 100)}xx`;
            tally[bucket] = (tally[bucket] ?? 0) + 1;
            const problem = (() => {
              if (response.status >= 500) return `${response.status}: ${response.text.slice(0, 300)}`;
              if (response.status < 200 || (response.status >= 300 && response.status < 400)) return `unexpected status ${response.status}`;
              if (response.status < 300) {
                // What a write saved must load again, as the server will at its next start.
                try {
                  loadConfig({ file: fx.configFile, env: fx.env, cwd: fx.home, homeDir: fx.home });
                } catch (error) {
                  return `saved a file that does not load: ${String(error).slice(0, 200)} in ${readFileSync(fx.configFile, 'utf8').slice(0, 200)}`;
                }
              }
              for (const secret of [SIM_KEY, FILE_KEY]) if (response.text.includes(secret)) return `a key is in the response (${response.status})`;
              if (response.status >= 400) {
                const error = (response.body as { error?: { kind?: unknown; message?: unknown; field?: unknown; path?: unknown } } | undefined)?.error;
                if (typeof error?.kind !== 'string' || typeof error.message !== 'string' || error.message.trim() === '')
                  return `a ${response.status} without an error kind and message`;
                if (response.status === 422 && error.path === undefined && error.field === undefined && !/environment|variable/i.test(error.message)) {
                  return `a 422 that names no field: ${error.message}`;
                }
              }
              return undefined;
            })();
            if (problem !== undefined) {
              const finding = `${endpoint.method} ${endpoint.path(segment)} ${JSON.stringify(body)?.slice(0, 200)}: ${problem}`;
              if (!findings.some((f) => f.endsWith(problem))) findings.push(finding);
              throw new Error(finding);
            }
          }),
          { numRuns: mode.fuzzRuns, seed: mode.seed, endOnFailure: true },
        );
        // Still logged in: no fuzzed write ended the session or broke the server.
        expect((await client.request('GET', '/session')).status).toBe(200);
      },
      60_000 + mode.fuzzRuns * 300,
    );
  }
});
