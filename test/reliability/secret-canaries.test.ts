/**
 * Secret canaries (issue 9): a distinct canary key for every keyed provider
 * (dashscope, openai, anyllm and an extra endpoint), an upstream that echoes
 * the key it received in its error messages (simulator `echoKey`), and every
 * surface driven through those errors: the gateway's errors and stream
 * events, its log, the process's stderr and console, the MCP tools' results,
 * the admin API's responses, and every file under the data directories.
 * None may hold a canary. (The n8n nodes: secret-canaries-n8n.test.ts.)
 *
 * Two of the canaries are not `sk-` shaped, so the redactor's literal match
 * is tested, not only its key patterns.
 */
import { inspect } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, isAegisError, parseConfig, type Gateway, type StreamEvent } from '@aegis-llm/core';
import { DEFAULT_MODELS, dashscopeErrors, startSimulator, type Fault, type Simulator } from '@aegis-llm/simulator';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminClient } from '../../packages/mcp-server/src/admin/test-support/admin-client.js';
import { startAdminFixture, type AdminFixture } from '../../packages/mcp-server/src/admin/test-support/start-admin-fixture.js';
import { createServer } from '../../packages/mcp-server/src/server/create-server.js';
import { filesHolding } from './support/data-dir-text.ts';
import { soakMode } from './support/soak-mode.ts';
import { writeFigures } from './support/write-figures.ts';

const mode = soakMode();
const CANARIES = {
  dashscope: 'sk-ds-canary-4b1d9e7f2a6c8e05',
  openai: 'sk-proj-canary-9c2e7a4f1b8d6e03',
  anyllm: 'anyllm.canary.Zq81xT5wLp03',
  groq: 'gsk_canaryGroq0123456789AbCd',
} as const;
const ALL = Object.values(CANARIES);
const MODEL_OF = { dashscope: 'qwen-plus', openai: 'gpt-4o-mini', anyllm: 'my-model', groq: 'llama-x' } as const;
const PROVIDERS = Object.keys(MODEL_OF) as Array<keyof typeof MODEL_OF>;

/** Upstream errors that carry the received key back. */
const ECHOING: Fault[] = [
  { ...dashscopeErrors.invalidApiKey, echoKey: true },
  { ...dashscopeErrors.invalidParameter, echoKey: true },
  { ...dashscopeErrors.rateQuota, echoKey: true },
  { ...dashscopeErrors.internalError, echoKey: true },
  { ...dashscopeErrors.accessDenied, echoKey: true },
  { type: 'status', status: 404, message: 'The model `{model}` does not exist', echoKey: true },
];

const leaks = (text: string) => ALL.filter((canary) => text.includes(canary));

describe('secret canaries: no key in any output', () => {
  let sim: Simulator;
  let home: string;
  let gateway: Gateway;
  let admin: AdminFixture;
  const logs: string[] = [];
  /** Everything written to stderr or the console while the suite runs. */
  const captured: string[] = [];
  const outputs = { checked: 0, echoedErrors: 0, redacted: 0 };
  const found: string[] = [];
  const startedAt = Date.now();
  /** Records where a canary showed up; the suite fails on any. */
  const scan = (where: string, value: unknown) => {
    outputs.checked += 1;
    const text = typeof value === 'string' ? value : inspect(value, { depth: 12, breakLength: Infinity });
    // The echo reached this output and was masked: proof the test tested something.
    if (text.includes('[REDACTED]')) outputs.redacted += 1;
    for (const canary of leaks(text)) found.push(`${where}: ${canary.slice(0, 8)}...`);
  };

  beforeAll(async () => {
    const stderrWrite = process.stderr.write.bind(process.stderr);
    vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      captured.push(String(chunk));
      return (stderrWrite as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write);
    for (const method of ['error', 'warn', 'info', 'log', 'debug'] as const) {
      const original = console[method].bind(console);
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        captured.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 8 }))).join(' '));
        original(...args);
      });
    }

    // No apiKey: the simulator takes any key, and echoes whichever it got.
    sim = await startSimulator({ models: [...DEFAULT_MODELS, 'gpt-4o-mini', 'my-model', 'llama-x'] });
    home = mkdtempSync(join(tmpdir(), 'aegis-canary-'));
    const env = {
      DASHSCOPE_API_KEY: CANARIES.dashscope,
      DASHSCOPE_BASE_URL: sim.baseURL,
      OPENAI_API_KEY: CANARIES.openai,
      OPENAI_BASE_URL: sim.baseURL,
      ANYLLM_BASE_URL: sim.baseURL,
      ANYLLM_API_KEY: CANARIES.anyllm,
      ANYLLM_MODEL: 'my-model',
      GROQ_KEY: CANARIES.groq,
      OLLAMA_BASE_URL: 'http://127.0.0.1:9/v1',
      AEGIS_LLM_HOME: join(home, 'data'),
      HOME: home,
    };
    const file = {
      endpoints: [{ name: 'groq', baseURL: sim.baseURL, apiKeyEnv: 'GROQ_KEY', defaultModel: 'llama-x' }],
      routes: { everyone: PROVIDERS.map((p) => `${p}/${MODEL_OF[p]}`) },
      // No cooldown from one test's echoing errors into the next: the fallback chain must reach every provider.
      routing: { maxRetries: 0, streamIdleTimeoutMs: 500, requestTimeoutMs: 5_000, cooldown: { failures: 1_000 } },
      budgets: { dashscope: { monthlyUsd: 5 }, anyllm: { monthlyUsd: 1 } },
      // Priced, so its budget admits it (an unpriced model under a budget is refused unsent).
      models: [
        { provider: 'anyllm', model: 'my-model', pricing: { currency: 'USD', tiers: [{ input: 0.1, output: 0.1 }], source: 'test', asOf: '2026-12-01' } },
      ],
    };
    const config = parseConfig(file, env);
    const logger = {
      info: (m: string, f?: Record<string, unknown>) => logs.push(`info: ${m} ${inspect(f, { depth: 8 })}`),
      warn: (m: string, f?: Record<string, unknown>) => logs.push(`warn: ${m} ${inspect(f, { depth: 8 })}`),
      error: (m: string, f?: Record<string, unknown>) => logs.push(`error: ${m} ${inspect(f, { depth: 8 })}`),
    };
    gateway = createGateway({ config, logger });
    admin = await startAdminFixture({ file, env: { ...env, AEGIS_LLM_HOME: '' }, simulator: { apiKey: undefined } });
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await gateway?.close();
    await sim?.close();
    const files = [...filesHolding(join(home, 'data'), ALL)];
    rmSync(home, { recursive: true, force: true });
    for (const path of files) found.push(`file ${path}`);
    writeFigures(
      'secret-canaries',
      mode,
      {
        suite: 'Secret canaries',
        checks:
          'a canary key per provider (dashscope, openai, anyllm, an endpoint), upstream errors echoing it; gateway errors, events, log, stderr, MCP results, admin responses, data files',
        figures: {
          canaryKeys: ALL.length,
          echoingErrorsServed: outputs.echoedErrors,
          outputsScanned: outputs.checked,
          outputsWithMaskedEcho: outputs.redacted,
          leaksFound: found.length,
        },
        findings: found,
      },
      startedAt,
    );
  });

  it('the gateway: chat and stream errors for every provider and fault', async () => {
    for (const provider of PROVIDERS) {
      for (const fault of ECHOING) {
        for (const streaming of [false, true]) {
          sim.script({ fault }, { model: MODEL_OF[provider] });
          outputs.echoedErrors += 1;
          const request = { model: `${provider}/${MODEL_OF[provider]}`, prompt: 'hello', maxTokens: 16 };
          if (streaming) {
            const events: StreamEvent[] = [];
            for await (const event of gateway.stream(request)) events.push(event);
            const last = events.at(-1);
            expect(last?.type).toBe('error');
            scan(`stream ${provider} ${fault.type}`, events);
            if (last?.type === 'error') scan(`stream error ${provider}`, [last.error.message, last.error.toJSON(), String(last.error), last.error.stack]);
          } else {
            try {
              await gateway.chat(request);
              throw new Error('expected a failure');
            } catch (error) {
              expect(isAegisError(error)).toBe(true);
              // inspect shows the message, the stack, every field and the cause chain.
              scan(`chat error ${provider}`, [inspect(error, { depth: 12 }), JSON.stringify(error), String(error)]);
            }
          }
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('the gateway: a fallback chain through every provider, each echoing its key', async () => {
    for (const provider of PROVIDERS) sim.script({ fault: ECHOING[0]! }, { model: MODEL_OF[provider] });
    outputs.echoedErrors += PROVIDERS.length;
    try {
      await gateway.chat({ task: 'everyone', prompt: 'hello', maxTokens: 16 });
      throw new Error('expected a failure');
    } catch (error) {
      expect(isAegisError(error) && error.message.split('\n').length).toBeGreaterThan(PROVIDERS.length);
      scan('fallback chain error', inspect(error, { depth: 12 }));
    }
    expect(found).toEqual([]);
  });

  it('the gateway: testProvider and live listModels against upstreams that echo the key', async () => {
    for (const provider of PROVIDERS) {
      sim.script({ fault: ECHOING[0]! }, { route: 'models' });
      sim.script({ fault: ECHOING[1]! }, { model: MODEL_OF[provider] });
      outputs.echoedErrors += 2;
      scan(`testProvider ${provider}`, await gateway.testProvider(provider));
    }
    sim.script(
      Array.from({ length: PROVIDERS.length }, () => ({ fault: ECHOING[0]! })),
      { route: 'models' },
    );
    outputs.echoedErrors += PROVIDERS.length;
    scan('listModels live', await gateway.listModels({ live: true }));
    scan('budgetStatus', await gateway.budgetStatus());
    scan('ledger records', await gateway.recentRequests(500));
    sim.reset();
    expect(found).toEqual([]);
  });

  it('the MCP tools: chat, test_provider, list_models, budget_status results', async () => {
    const server = createServer({ gateway, logger: { info: () => {}, warn: (m) => logs.push(m), error: (m) => logs.push(m) } });
    const client = new Client({ name: 'canary', version: '0' });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
    try {
      for (const provider of PROVIDERS) {
        for (const fault of ECHOING) {
          sim.script({ fault }, { model: MODEL_OF[provider] });
          outputs.echoedErrors += 1;
          const result = await client.callTool({ name: 'chat', arguments: { model: `${provider}/${MODEL_OF[provider]}`, prompt: 'hello', max_tokens: 16 } });
          expect(result.isError).toBe(true);
          scan(`MCP chat ${provider}`, JSON.stringify(result));
        }
        sim.script({ fault: ECHOING[0]! }, { route: 'models' });
        sim.script({ fault: ECHOING[0]! }, { model: MODEL_OF[provider] });
        outputs.echoedErrors += 2;
        scan(`MCP test_provider ${provider}`, JSON.stringify(await client.callTool({ name: 'test_provider', arguments: { provider } })));
      }
      sim.script(
        Array.from({ length: PROVIDERS.length }, () => ({ fault: ECHOING[0]! })),
        { route: 'models' },
      );
      outputs.echoedErrors += PROVIDERS.length;
      scan('MCP list_models', JSON.stringify(await client.callTool({ name: 'list_models', arguments: {} })));
      scan('MCP budget_status', JSON.stringify(await client.callTool({ name: 'budget_status', arguments: {} })));
      scan('MCP budget resource', JSON.stringify(await client.readResource({ uri: 'budget://status' }).catch((error: unknown) => String(error))));
    } finally {
      await client.close();
      await server.close();
      sim.reset();
    }
    expect(found).toEqual([]);
  });

  it('the admin API: every view, and connection tests that echo the key', async () => {
    const before = outputs.redacted;
    const client = adminClient(admin.origin);
    expect((await client.login(admin.token)).status).toBe(200);
    for (const provider of PROVIDERS) {
      // The admin's providers point at the same upstream as the gateway's.
      sim.script({ fault: ECHOING[0]! }, { route: 'models' });
      sim.script({ fault: ECHOING[1]! }, { model: MODEL_OF[provider] });
      outputs.echoedErrors += 2;
      const tested = await client.request('POST', `/providers/${provider}/test`);
      expect(tested.status).toBe(200);
      scan(`admin test ${provider}`, tested.text);
    }
    for (const view of ['/providers', '/routing', '/budgets', '/dashboard', '/session']) {
      const response = await client.request('GET', view);
      expect(response.status, view).toBe(200);
      scan(`admin GET ${view}`, response.text);
    }
    // A refused edit echoes what it was given back into its message? Not a key.
    const refused = await client.request('PUT', '/providers/openai', { baseURL: `not a url ${CANARIES.openai}` });
    scan('admin refused edit', refused.text);
    const saved = await client.request('PUT', '/providers/anyllm', { key: { set: CANARIES.anyllm } });
    scan('admin saved key', saved.text);
    scan('admin views after saving a key', (await client.request('GET', '/providers')).text);
    expect(outputs.redacted - before, 'the admin connection tests never showed a masked echo').toBeGreaterThan(0);
    for (const path of filesHolding(join(admin.home, 'data'), ALL)) found.push(`admin data file ${path}`);
    await admin.close();
    expect(found).toEqual([]);
  });

  it('the log, stderr and console hold no key', () => {
    expect(logs.length + captured.length).toBeGreaterThan(0);
    scan('gateway log', logs.join('\n'));
    scan('stderr and console', captured.join('\n'));
    expect(found).toEqual([]);
  });
});
