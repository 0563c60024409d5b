import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcpFixture, type McpFixture } from '../test-support/mcp-fixture.js';

type Structured = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Result = CallToolResult & { structuredContent?: Structured };

describe('chat tags and the MCP client name', () => {
  let f: McpFixture;
  const call = async (name: string, args: Record<string, unknown> = {}) => (await f.client.callTool({ name, arguments: args })) as Result;

  beforeAll(async () => {
    f = await startMcpFixture();
    f.sim.script({ text: 'ok' });
  });
  afterAll(async () => f.close());

  it('records the client name from initialize as mcp_client, with the caller tags, hostile names included', async () => {
    // As a client sends it: JSON, where `__proto__` is an own key.
    const tags = JSON.parse('{"__proto__":"p","constructor":"c","team":"ops","mcp_client":"spoofed"}') as Record<string, string>;
    const result = await call('chat', { model: 'dashscope/qwen-plus', prompt: 'hi', tags });
    expect(result.isError).toBeFalsy();
    const [record] = await f.gateway.recentRequests(1);
    expect(record?.tags).toEqual(JSON.parse('{"__proto__":"p","constructor":"c","mcp_client":"aegis-test","team":"ops"}'));

    const status = await call('budget_status', { tag: 'mcp_client' });
    expect(status.structuredContent?.tags).toEqual([
      expect.objectContaining({ name: 'mcp_client', value: 'aegis-test', requests: 1, spent: expect.objectContaining({ microUsd: record?.costMicroUsd }) }),
    ]);
    const all = (await call('budget_status')).structuredContent?.tags as Structured[];
    expect(all.map((tag) => `${tag.name}=${tag.value}`).sort()).toEqual(['__proto__=p', 'constructor=c', 'mcp_client=aegis-test', 'team=ops']);
  });

  it('refuses a bad tag naming it, before any model call', async () => {
    const before = f.sim.requests.length;
    const result = await call('chat', { model: 'dashscope/qwen-plus', prompt: 'hi', tags: { Team: 'x' } });
    expect(result.isError).toBe(true);
    expect(result.structuredContent?.error).toMatchObject({ kind: 'bad_request', field: 'tags.Team' });
    expect(f.sim.requests.length).toBe(before);
    const wrongType = await call('chat', { model: 'dashscope/qwen-plus', prompt: 'hi', tags: { team: 3 } });
    expect(wrongType.isError).toBe(true);
  });
});

describe('a tag budget over MCP', () => {
  let f: McpFixture;
  const call = async (name: string, args: Record<string, unknown> = {}) => (await f.client.callTool({ name, arguments: args })) as Result;

  beforeAll(async () => {
    // A budget on the MCP client itself: every chat of this client counts against it.
    f = await startMcpFixture({ file: { tagBudgets: { 'mcp_client=aegis-test': { monthlyUsd: 0.0001 } } } });
    f.sim.script({ text: 'ok' });
  });
  afterAll(async () => f.close());

  it('refuses a chat that would pass it, and budget_status shows it', async () => {
    const before = f.sim.requests.length;
    const refused = await call('chat', { model: 'dashscope/qwen-plus', prompt: 'hi', max_tokens: 1000 });
    expect(refused.isError).toBe(true);
    expect(refused.structuredContent?.error).toMatchObject({ kind: 'budget_exceeded' });
    expect(JSON.stringify(refused.content)).toContain('tag mcp_client=aegis-test');
    expect(f.sim.requests.length).toBe(before);
    const status = await call('budget_status');
    expect(status.structuredContent?.tagBudgets).toEqual([
      expect.objectContaining({
        tag: 'mcp_client=aegis-test',
        limit: expect.objectContaining({ microUsd: 100 }),
        spent: expect.objectContaining({ microUsd: 0 }),
      }),
    ]);
  });
});
