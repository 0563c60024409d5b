/**
 * resources/subscribe for the budget resources with the SDK's own client,
 * over Streamable HTTP (in-process server) and over stdio (the built CLI as
 * a subprocess), against the simulator: spend recorded by a chat (or by the
 * OpenAI-compatible endpoint, another surface of the process) reaches a
 * subscribed session as notifications/resources/updated, a burst as one
 * per window, nothing after unsubscribe, and unknown URIs are refused.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ResourceUpdatedNotificationSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliTestEnv, type CliTestEnv } from '../test-support/cli-test-env.js';
import { CLI_PATH } from '../test-support/ensure-built.js';
import { startHttpMcp, type HttpMcpFixture } from '../test-support/http-mcp-fixture.js';
import { startMcpFixture, type McpFixture } from '../test-support/mcp-fixture.js';
import { budgetResourceConcerns } from './budget-resource.js';

const TOKEN = 'test-token-subscribe-0123';
/** The server's default window: a burst of requests is one notification a second at most. */
const WINDOW_MS = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await sleep(20);
  }
}

interface Watched {
  client: Client;
  /** Each notification: its URI, when it came, and the dashscope request count read back at once. */
  updates: Array<{ uri: string; at: number; requests: Promise<number> }>;
}

const dashscopeRequests = async (client: Client, uri = 'budget://status'): Promise<number> => {
  const { contents } = await client.readResource({ uri });
  const status = JSON.parse((contents[0] as { text: string }).text) as { providers: Array<{ provider: string; requests: number }> };
  return status.providers.find((p) => p.provider === 'dashscope')?.requests ?? 0;
};

function watch(client: Client): Watched {
  const watched: Watched = { client, updates: [] };
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
    // -1 when the client closed before the read came back (a late notification).
    watched.updates.push({ uri: notification.params.uri, at: Date.now(), requests: dashscopeRequests(client).catch(() => -1) });
  });
  return watched;
}

const chat = async (client: Client, prompt: string) => {
  const result = (await client.callTool({ name: 'chat', arguments: { prompt, model: 'dashscope/qwen-plus' } })) as CallToolResult;
  expect(result.isError).toBeFalsy();
  return Date.now();
};

/** What every transport must do: the same steps over HTTP and stdio. */
async function subscriptionScenario({ client, updates }: Watched): Promise<void> {
  expect(client.getServerCapabilities()?.resources).toMatchObject({ subscribe: true, listChanged: false });
  expect(client.getServerCapabilities()?.completions).toEqual({});

  await client.subscribeResource({ uri: 'budget://status' });
  const before = await dashscopeRequests(client);
  await chat(client, 'one request');
  await until(() => updates.length === 1);
  expect(updates[0]!.uri).toBe('budget://status');
  // Sent once the record landed: what the client reads on the notification counts the request.
  expect(await updates[0]!.requests).toBe(before + 1);

  // A burst of five: coalesced into one notification per window.
  await sleep(WINDOW_MS + 100);
  const burst = await Promise.all([1, 2, 3, 4, 5].map((i) => chat(client, `burst ${i}`)));
  await until(() => updates.length >= 2);
  await sleep(WINDOW_MS + 300);
  const burstUpdates = updates.slice(1);
  const spread = Math.max(...burst) - Math.min(...burst);
  expect(burstUpdates.length).toBeLessThanOrEqual(Math.floor(spread / WINDOW_MS) + 1);
  for (let i = 1; i < burstUpdates.length; i++) expect(burstUpdates[i]!.at - burstUpdates[i - 1]!.at).toBeGreaterThanOrEqual(WINDOW_MS * 0.9);
  expect(await dashscopeRequests(client)).toBe(before + 6);

  // Unsubscribed: spend goes on, no notification comes.
  await client.unsubscribeResource({ uri: 'budget://status' });
  const seen = updates.length;
  await chat(client, 'after unsubscribe');
  await sleep(WINDOW_MS + 300);
  expect(updates.length).toBe(seen);

  // Only the budget resources can be subscribed to.
  await expect(client.subscribeResource({ uri: 'budget://nothing-here' })).rejects.toMatchObject({ code: -32602 });
  await expect(client.subscribeResource({ uri: 'file:///etc/passwd' })).rejects.toMatchObject({ code: -32602 });
  // Nor a provider that cannot be read.
  await expect(client.subscribeResource({ uri: 'budget://provider/no-such-provider' })).rejects.toMatchObject({ code: -32602 });
}

describe('budget resource subscriptions over Streamable HTTP', () => {
  let f: McpFixture;
  let http: HttpMcpFixture;
  const connect = () => http.connect({ name: 'subscribe-http' });

  beforeAll(async () => {
    f = await startMcpFixture();
    http = await startHttpMcp(f, { token: TOKEN });
  });
  afterAll(async () => {
    await http.close();
    await f.close();
  });

  it('notifies a subscribed session of spend, a burst once per window, nothing after unsubscribe', async () => {
    const { client } = await connect();
    await subscriptionScenario(watch(client));
    await client.close();
  });

  it("tells a session of spend another surface recorded (the /v1 endpoint), of a provider's budget, and of a budget change", async () => {
    const { client, transport } = await connect();
    const watched = watch(client);
    const other = await connect();
    const otherWatched = watch(other.client);
    await client.subscribeResource({ uri: 'budget://provider/dashscope' });
    await other.client.subscribeResource({ uri: 'budget://provider/openai' });

    const v1 = await fetch(`http://127.0.0.1:${http.port}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'dashscope/qwen-plus', messages: [{ role: 'user', content: 'through the OpenAI endpoint' }] }),
    });
    expect(v1.status).toBe(200);
    await until(() => watched.updates.length === 1);
    expect(watched.updates[0]!.uri).toBe('budget://provider/dashscope');
    // Sessions are apart: the other one's openai budget saw no spend.
    await sleep(WINDOW_MS + 300);
    expect(otherWatched.updates).toEqual([]);

    // A budget change (the admin page's save reconfigures the gateway) concerns every budget resource.
    const config = f.gateway.config;
    f.gateway.reconfigure({
      ...config,
      budgets: { ...config.budgets, openai: { monthlyLimitMicroUsd: 3_000_000, onLimit: 'block', alertThresholds: [], models: {} } },
    });
    await until(() => otherWatched.updates.length === 1);
    expect(otherWatched.updates[0]!.uri).toBe('budget://provider/openai');
    await until(() => watched.updates.length === 2);

    // A closed session stops listening: later spend sends it nothing, and nothing fails.
    await transport.terminateSession();
    await client.close();
    await other.transport.terminateSession();
    await other.client.close();
    const { client: third } = await connect();
    await chat(third, 'after both sessions closed');
    await sleep(WINDOW_MS + 300);
    expect(f.logs.filter((line) => line.includes('resource update could not be sent'))).toEqual([]);
    await third.close();
  });

  it('reads one provider budget through the template and lists the configured providers', async () => {
    const { client } = await connect();
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['budget://provider/{provider}']);
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(expect.arrayContaining(['budget://status', 'budget://provider/dashscope']));
    const { contents } = await client.readResource({ uri: 'budget://provider/dashscope' });
    const status = JSON.parse((contents[0] as { text: string }).text) as { providers: Array<{ provider: string }> };
    expect(status.providers.map((p) => p.provider)).toEqual(['dashscope']);
    await expect(client.readResource({ uri: 'budget://provider/no-such-provider' })).rejects.toThrow(/no-such-provider/);
    await client.close();
  });
});

describe('budget resource subscriptions over stdio (built CLI, subprocess)', () => {
  let cli: CliTestEnv;
  beforeAll(async () => {
    cli = await startCliTestEnv('aegis-subscribe-');
  }, 300_000);
  afterAll(async () => {
    await cli?.close();
  });

  it('notifies a subscribed client of spend, a burst once per window, nothing after unsubscribe', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI_PATH], env: cli.env, stderr: 'pipe' });
    const client = new Client({ name: 'subscribe-stdio', version: '0' });
    await client.connect(transport);
    await subscriptionScenario(watch(client));
    await client.close();
  }, 30_000);
});

describe('budgetResourceConcerns', () => {
  it('ties each change to the resources it concerns, and knows no other URI', () => {
    const spend = (provider: string) => ({ reason: 'spend' as const, provider });
    expect(budgetResourceConcerns('budget://status', spend('openai'))).toBe(true);
    expect(budgetResourceConcerns('budget://provider/dashscope', spend('dashscope'))).toBe(true);
    expect(budgetResourceConcerns('budget://provider/dashscope', spend('openai'))).toBe(false);
    expect(budgetResourceConcerns('budget://provider/openai', { reason: 'limits' })).toBe(true);
    // User-supplied names are ordinary names.
    expect(budgetResourceConcerns('budget://provider/__proto__', spend('__proto__'))).toBe(true);
    expect(budgetResourceConcerns('budget://provider/my%20endpoint', spend('my endpoint'))).toBe(true);
    expect(budgetResourceConcerns('budget://provider/', spend(''))).toBeUndefined();
    expect(budgetResourceConcerns('budget://provider/a/b', spend('a'))).toBeUndefined();
    expect(budgetResourceConcerns('budget://other', { reason: 'limits' })).toBeUndefined();
    const known = (provider: string) => provider === 'dashscope';
    expect(budgetResourceConcerns('budget://provider/dashscope', { reason: 'limits' }, known)).toBe(true);
    expect(budgetResourceConcerns('budget://provider/nowhere', { reason: 'limits' }, known)).toBeUndefined();
    expect(budgetResourceConcerns('budget://status', spend('nowhere'), known)).toBe(true);
  });
});
