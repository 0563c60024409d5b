/**
 * budget_status's `webhook` field over MCP, against a real webhook receiver
 * on 127.0.0.1: configured and signed, the last success after a test alert,
 * the last failure and why when the receiver refuses, in the tool's output
 * schema and result; never the URL or the secret.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcpFixture, type McpFixture } from '../test-support/mcp-fixture.js';

type Structured = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Result = CallToolResult & { structuredContent?: Structured };

const SECRET = 'whsec-mcp-0123456789abcdef';

describe('budget_status: the alert webhook', () => {
  let hook: { server: Server; url: string; status: number };
  let f: McpFixture;
  const call = async (args: Record<string, unknown> = {}) => (await f.client.callTool({ name: 'budget_status', arguments: args })) as Result;

  beforeAll(async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(hook.status).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hook = { server, status: 200, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/secret-path-0123` };
    f = await startMcpFixture({ file: { alerts: { webhookUrl: hook.url, webhookSecret: SECRET } } });
  });
  afterAll(async () => {
    await f.close();
    await new Promise((resolve) => hook.server.close(resolve));
  });

  it('is in the output schema, every field described', async () => {
    const { tools } = await f.client.listTools();
    const webhook = tools.find((t) => t.name === 'budget_status')?.outputSchema?.properties?.webhook as Structured;
    expect(webhook.description).toMatch(/delivery status/);
    for (const [key, schema] of Object.entries(webhook.properties as Record<string, Structured>)) expect(schema.description, key).toBeTruthy();
  });

  it('says configured and signed, then the last success and the last failure with its reason', async () => {
    const before = await call();
    expect(before.isError).toBeFalsy();
    expect(before.structuredContent!.webhook).toEqual({ configured: true, signed: true, pending: 0, failed: 0 });

    expect(await f.gateway.sendTestAlert()).toMatchObject({ state: 'delivered' });
    const delivered = (await call()).structuredContent!.webhook;
    expect(delivered).toMatchObject({ lastSuccess: { type: 'aegis-llm.test-alert', alertId: expect.stringMatching(/^test-/) }, pending: 0 });

    hook.status = 500;
    expect(await f.gateway.sendTestAlert()).toMatchObject({ state: 'pending', lastError: 'HTTP 500' });
    const result = await call();
    const failed = result.structuredContent!.webhook;
    expect(failed).toMatchObject({
      lastSuccess: delivered.lastSuccess,
      lastFailure: { error: 'HTTP 500', type: 'aegis-llm.test-alert', state: 'pending' },
      pending: 1,
    });
    // The text block carries the same JSON, and neither holds the URL or the secret.
    const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
    expect(JSON.parse(text).webhook).toEqual(failed);
    expect(text).not.toContain('secret-path-0123');
    expect(text).not.toContain(SECRET);
  });
});
