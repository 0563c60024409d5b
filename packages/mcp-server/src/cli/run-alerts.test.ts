/**
 * `aegis-llm alerts` in-process against a real webhook receiver on
 * 127.0.0.1 and the simulator: the status with and without a webhook, a
 * signed test alert delivered (exit 0) or refused (exit 1, retried), fired
 * budget alerts with their delivery, and usage errors.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, parseConfig, verifyAlertSignature } from '@aegis-llm/core';
import { startSimulator, type Simulator } from '@aegis-llm/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { captureIo } from '../test-support/capture-io.js';
import { CANARY_KEY, memoryLogger } from '../test-support/mcp-fixture.js';
import { main } from './main.js';

const SECRET = 'whsec-test-0123456789abcdef';

describe('aegis-llm alerts', () => {
  let sim: Simulator;
  let dir: string;
  let hook: { server: Server; url: string; status: number; posts: Array<{ body: string; signature?: string }> };
  let env: NodeJS.ProcessEnv;
  const run = async (argv: string[], overrides: NodeJS.ProcessEnv = {}) => {
    const io = captureIo({ ...env, ...overrides }, dir);
    const code = await main(['alerts', ...argv], io);
    return { code, out: io.out(), err: io.err() };
  };

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: CANARY_KEY });
    const posts: Array<{ body: string; signature?: string }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const signature = req.headers['x-aegis-signature'];
        posts.push({ body, ...(typeof signature === 'string' ? { signature } : {}) });
        res.writeHead(hook.status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hook = { server, posts, status: 200, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=hook-token-0123` };
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aegis-alerts-cli-'));
    env = {
      DASHSCOPE_API_KEY: CANARY_KEY,
      DASHSCOPE_BASE_URL: sim.baseURL,
      OLLAMA_BASE_URL: 'http://127.0.0.1:9/v1',
      AEGIS_LLM_HOME: join(dir, 'home'),
      MONTHLY_BUDGET_ALIBABA_CLOUD: '10',
    };
    hook.posts.length = 0;
    hook.status = 200;
  });
  afterAll(async () => {
    await sim.close();
    await new Promise((resolve) => hook.server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('without a webhook: status says alerts are only logged and how to set one; test fails naming the setting', async () => {
    const status = await run([]);
    expect(status.code).toBe(0);
    expect(status.out).toContain('Webhook: not configured');
    expect(status.out).toContain('AEGIS_LLM_ALERT_WEBHOOK');
    expect(status.out).toMatch(/dashscope\s+\$10\.00\s+50%,80%,100%\s+none/);
    const test = await run(['test']);
    expect(test.code).toBe(1);
    expect(test.err).toContain('alerts.webhookUrl');
    expect(test.err).toContain('AEGIS_LLM_ALERT_WEBHOOK');
    expect(test.err).not.toMatch(/\n\s+at /);
  });

  it('test: a signed test alert the receiver verifies; status shows the delivery, never the URL or secret', async () => {
    const withHook = { AEGIS_LLM_ALERT_WEBHOOK: hook.url, AEGIS_LLM_ALERT_WEBHOOK_SECRET: SECRET };
    const test = await run(['test'], withHook);
    expect(test.err).toBe('');
    expect(test.code).toBe(0);
    expect(test.out).toMatch(/^Test alert test-[0-9a-f-]+ delivered/);
    expect(hook.posts).toHaveLength(1);
    const [post] = hook.posts;
    expect(JSON.parse(post!.body)).toMatchObject({ type: 'aegis-llm.test-alert', test: true });
    expect(verifyAlertSignature(SECRET, post!.signature, post!.body)).toBeUndefined();
    expect(verifyAlertSignature('another-secret', post!.signature, post!.body)).toBe('signature does not match');

    const status = await run([], withHook);
    expect(status.out).toContain('Webhook: configured, signed');
    expect(status.out).toMatch(/Last delivered: \d{4}-\d\d-\d\dT[\d:.]+Z\s+aegis-llm\.test-alert \(test-/);
    expect(status.out).toContain('Queue: 0 pending, 0 given up');
    const json = JSON.parse((await run(['--json'], withHook)).out) as { webhook: Record<string, unknown> };
    expect(json.webhook).toMatchObject({ configured: true, signed: true, pending: 0, failed: 0, lastSuccess: { type: 'aegis-llm.test-alert' } });
    for (const text of [test.out, status.out, JSON.stringify(json)]) {
      expect(text).not.toContain('hook-token-0123');
      expect(text).not.toContain(SECRET);
    }
  });

  it('test: a webhook answering 503 is exit 1 with the reason, and the alert stays pending for a retry', async () => {
    hook.status = 503;
    const withHook = { AEGIS_LLM_ALERT_WEBHOOK: hook.url };
    const test = await run(['test', '--json'], withHook);
    expect(test.code).toBe(1);
    expect(JSON.parse(test.out)).toMatchObject({ type: 'aegis-llm.test-alert', state: 'pending', lastError: 'HTTP 503', attempts: 1 });
    const human = await run(['test'], withHook);
    expect(human.code).toBe(1);
    expect(human.err).toMatch(/not delivered: HTTP 503\. It stays queued and is retried/);
    const status = await run([], withHook);
    expect(status.out).toContain('not signed');
    expect(status.out).toMatch(/Last failure: +\S+ +HTTP 503 +aegis-llm\.test-alert \(test-[^;]+; being retried\)/);
    expect(status.out).toMatch(/Queue: [12] pending, 0 given up/);
  });

  it('status lists the fired budget alerts with their delivery', async () => {
    const withHook = { AEGIS_LLM_ALERT_WEBHOOK: hook.url, MONTHLY_BUDGET_ALIBABA_CLOUD: '0.0005' };
    // Another process on the same ledger spends past 50 % of $0.0005: two qwen-max answers of
    // 9 + 20 tokens at $1.60 / $6.40 per 1M cost about 142 micro-USD each.
    const gateway = createGateway({ config: parseConfig({}, { ...env, ...withHook } as Record<string, string>), logger: memoryLogger([]) });
    for (let i = 0; i < 2; i++) {
      sim.script({ text: 'an answer', usage: { promptTokens: 9, completionTokens: 20 } });
      await gateway.chat({ model: 'dashscope/qwen-max', prompt: 'spend', maxTokens: 20 });
    }
    await gateway.flush();
    await gateway.close();
    const status = await run(['--provider', 'dashscope'], withHook);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/PROVIDER\s+THRESHOLD\s+FIRED AT\s+SPENT\s+LIMIT\s+DELIVERY/);
    expect(status.out).toMatch(/dashscope\s+\$0\.0005\s+50%,80%,100%\s+50%\n/);
    expect(status.out).toMatch(/dashscope\s+50%\s+\S+\s+\$0\.000\d+\s+\$0\.0005\s+delivered \(1 attempt\)/);
    expect(hook.posts.some((p) => (JSON.parse(p.body) as { type: string }).type === 'aegis-llm.budget-alert')).toBe(true);
  });

  it.each([
    [['frobnicate'], 'unknown action "frobnicate"'],
    [['test', '--provider', 'dashscope'], '--provider is for status'],
    [['status', 'extra'], 'unexpected argument "extra"'],
    [['--prvider', 'x'], "Unknown option '--prvider'"],
  ])('refuses %j with exit code 2 and a pointer to --help', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    expect(result.err).toContain('aegis-llm alerts --help');
  });

  it('--help says what status and test do', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: aegis-llm alerts [status]');
    expect(help.out).toContain('aegis-llm alerts test');
    expect(help.out).toContain('--json');
  });
});
