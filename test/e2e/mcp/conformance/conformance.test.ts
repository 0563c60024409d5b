/**
 * `@modelcontextprotocol/conformance` (the MCP project's own server checks)
 * against the built `aegis-llm`, over Streamable HTTP (`serve`, through a
 * proxy that adds the bearer token the runner cannot send) and over stdio
 * (relayed to HTTP, the only transport the runner speaks), with the
 * simulator as DashScope. Every applicable scenario passes; the others are
 * listed with their reason in scenarios.ts and in the MCP README.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Simulator } from '@aegis-llm/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH, ensureBuilt } from '../../../../packages/mcp-server/src/test-support/ensure-built.js';
import { spawnServe, type ServeProcess } from '../../../../packages/mcp-server/src/test-support/spawn-serve.js';
import { startBearerProxy, type BearerProxy } from './bearer-proxy.js';
import { failuresOf, runConformance, type Check } from './run-conformance.js';
import { APPLICABLE, HTTP_ONLY, NOT_APPLICABLE } from './scenarios.js';
import { startStdioOverHttp, type StdioOverHttp } from './stdio-over-http.js';

const ROOT = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
const KEY = 'sk-conformance-e2e-0123456789';

let sim: Simulator;
let home: string;
let env: Record<string, string>;

beforeAll(async () => {
  await ensureBuilt();
  sim = await startSimulator({ apiKey: KEY });
  home = mkdtempSync(join(tmpdir(), 'aegis-conformance-home-'));
  env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    DASHSCOPE_API_KEY: KEY,
    DASHSCOPE_BASE_URL: sim.baseURL,
    OLLAMA_BASE_URL: 'http://127.0.0.1:9/v1',
    AEGIS_LLM_HOME: join(home, 'data'),
  };
}, 300_000);
afterAll(async () => {
  await sim?.close();
  rmSync(home, { recursive: true, force: true });
});

/** Each scenario that must pass passed. */
function expectConformance(results: Map<string, Check[]>, mustPass: readonly string[]): void {
  const failed = Object.fromEntries(mustPass.map((scenario) => [scenario, failuresOf(results.get(scenario) ?? [])] as const).filter(([, f]) => f.length > 0));
  expect(failed).toEqual({});
  // Not an empty pass: each scenario that must pass made at least one successful check.
  for (const scenario of mustPass)
    expect(
      results.get(scenario)!.some((c) => c.status === 'SUCCESS'),
      scenario,
    ).toBe(true);
  // And it was aegis-llm that answered (through the proxy or the relay).
  const listed = results.get('tools-list')!.find((c) => c.id === 'tools-list')?.details?.tools as string[] | undefined;
  expect(listed?.sort()).toEqual(['budget_status', 'chat', 'list_models', 'test_provider']);
}

describe('MCP conformance over Streamable HTTP (aegis-llm serve)', () => {
  let serve: ServeProcess;
  let proxy: BearerProxy;
  beforeAll(async () => {
    serve = await spawnServe(env);
    proxy = await startBearerProxy(new URL(`${serve.base}/mcp`), serve.token!);
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    await serve?.stop();
  });

  it('passes every applicable scenario', async () => {
    const results = await runConformance(proxy.url);
    // The whole active suite ran: each of its scenarios is sorted into one list or the other.
    expect([...results.keys()].sort()).toEqual([...APPLICABLE, ...HTTP_ONLY, ...Object.keys(NOT_APPLICABLE)].sort());
    expectConformance(results, [...APPLICABLE, ...HTTP_ONLY]);
  }, 200_000);
});

describe('MCP conformance over stdio (aegis-llm, relayed to HTTP for the runner)', () => {
  let relay: StdioOverHttp;
  beforeAll(async () => {
    relay = await startStdioOverHttp(process.execPath, [CLI_PATH], env);
  });
  afterAll(async () => relay?.close());

  it('passes every applicable scenario', async () => {
    // Only the applicable ones: each scenario is one stdio subprocess, and the others say nothing here.
    const results = await runConformance(relay.url, APPLICABLE);
    try {
      expect([...results.keys()].sort()).toEqual([...APPLICABLE].sort());
      expectConformance(results, APPLICABLE);
    } catch (error) {
      throw new Error(`${String(error)}\nstdio servers' stderr:\n${relay.stderr().slice(-4000)}`, { cause: error });
    }
  }, 200_000);
});

describe('the MCP README', () => {
  it('lists each scenario that does not apply, and the HTTP-only ones', () => {
    const readme = readFileSync(join(ROOT, 'packages/mcp-server/README.md'), 'utf8');
    const start = readme.indexOf('\n## Conformance\n');
    expect(start).toBeGreaterThan(-1);
    const end = readme.indexOf('\n## ', start + 1);
    const section = readme.slice(start, end === -1 ? undefined : end);
    for (const scenario of [...Object.keys(NOT_APPLICABLE), ...HTTP_ONLY]) expect(section, scenario).toContain(`\`${scenario}\``);
  });
});
