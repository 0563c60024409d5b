/**
 * Budget alerts as MCP log notifications, over Streamable HTTP (whose
 * clients never see stderr) with the SDK's client, against the simulator:
 * a chat that crosses a threshold tells every initialized session, each at
 * its own logging level, and the threshold is told once.
 */
import { LoggingMessageNotificationSchema, type CallToolResult, type LoggingMessageNotification } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpMcp, type HttpMcpFixture } from '../test-support/http-mcp-fixture.js';
import { startMcpFixture, type McpFixture } from '../test-support/mcp-fixture.js';

const TOKEN = 'test-token-alerts-0123456';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('budget alerts reach MCP clients as log notifications', () => {
  let f: McpFixture;
  let http: HttpMcpFixture;

  const connect = async (name: string) => {
    const logs: LoggingMessageNotification['params'][] = [];
    const { client } = await http.connect({ name, setUp: (c) => c.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params)) });
    return { client, logs };
  };
  const alertsIn = (logs: LoggingMessageNotification['params'][]) => logs.filter((l) => String(l.data).startsWith('Aegis LLM budget alert'));

  beforeAll(async () => {
    // 1,000 micro-USD: a short chat is admitted (worst case ~150 micro-USD) and crosses 1%.
    f = await startMcpFixture({ file: { budgets: { dashscope: { monthlyUsd: 0.001, alertThresholds: [1, 100] } } } });
    http = await startHttpMcp(f, { token: TOKEN });
  });
  afterAll(async () => {
    await http.close();
    await f.close();
  });

  it("tells every session at its own level, once per threshold, whoever's request crossed it", async () => {
    const caller = await connect('caller');
    const watcher = await connect('watcher');
    const quiet = await connect('quiet');
    await quiet.client.setLoggingLevel('error');

    const call = async () =>
      (await caller.client.callTool({ name: 'chat', arguments: { prompt: 'hello', model: 'dashscope/qwen-plus', max_tokens: 10 } })) as CallToolResult;
    expect((await call()).isError).toBeFalsy();
    await f.gateway.flush();
    const deadline = Date.now() + 5_000;
    while ((alertsIn(caller.logs).length === 0 || alertsIn(watcher.logs).length === 0) && Date.now() < deadline) await sleep(20);

    for (const { logs } of [caller, watcher]) {
      const [alert, ...more] = alertsIn(logs);
      expect(more).toEqual([]);
      expect(alert).toMatchObject({ level: 'warning', logger: 'aegis-llm' });
      expect(String(alert!.data)).toMatch(/dashscope has spent \$0\.\d+ of its \$0\.001 monthly budget .*threshold 1%/);
    }
    // A session that asked for errors only is not told of a warning.
    expect(alertsIn(quiet.logs)).toEqual([]);

    // The threshold fired: the next request crosses nothing new and tells no one.
    expect((await call()).isError).toBeFalsy();
    await f.gateway.flush();
    await sleep(300);
    expect(alertsIn(caller.logs)).toHaveLength(1);
    expect(alertsIn(watcher.logs)).toHaveLength(1);
    expect(f.logs.filter((line) => line.includes('could not be sent to an MCP client'))).toEqual([]);

    for (const { client } of [caller, watcher, quiet]) await client.close();
  });
});
