/**
 * The budgets page's tag budgets and alert test over the admin API: a tag
 * budget set on the page is written to the file, becomes the store's and is
 * enforced at once; wrong values come back beside their field; a test alert
 * reaches a real webhook receiver on 127.0.0.1 and its delivery shows in the
 * page's figures.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGateway, parseConfig, type ConfigFile } from '@aegis-llm/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminClient, type AdminClient } from '../test-support/admin-client.js';
import { startAdminFixture, type AdminFixture } from '../test-support/start-admin-fixture.js';
import type { BudgetsResponse, TestAlertResponse } from './api-types.js';

let fx: AdminFixture;
let client: AdminClient;
let hook: { server: Server; url: string; posts: string[] };
beforeAll(async () => {
  fx = await startAdminFixture({ file: { routing: { maxRetries: 0 } } });
  client = adminClient(fx.origin);
  await client.login(fx.token);
  const posts: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      posts.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hook = { server, posts, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/secret-path-0123` };
});
afterAll(async () => {
  await fx.close();
  await new Promise((resolve) => hook.server.close(resolve));
});

const file = () => JSON.parse(readFileSync(fx.configFile, 'utf8')) as ConfigFile;
const path = (scope: string) => `/tag-budgets/${encodeURIComponent(scope)}`;

describe('tag budgets', () => {
  test('a budget for one workflow: written to the file, in force in the store, enforced at once', async () => {
    const set = await client.request<BudgetsResponse>('PUT', path('workflow_id=wf_1'), { monthlyUsd: '0.0001', alertThresholds: ['50', '100'] });
    expect(set.status).toBe(200);
    expect(file().tagBudgets).toEqual({ 'workflow_id=wf_1': { monthlyUsd: '0.0001', alertThresholds: [50, 100] } });
    expect(set.body.tagSettings['workflow_id=wf_1']).toEqual({ monthlyUsd: '0.0001', alertThresholds: [50, 100] });
    expect(set.body.status.tagBudgets?.find((b) => b.tag === 'workflow_id=wf_1')).toMatchObject({
      limit: { microUsd: 100 },
      spent: { microUsd: 0 },
      limitSetBy: expect.stringContaining('config file'),
    });

    // $0.0001 does not cover qwen-plus's worst case for 50 output tokens: refused, nothing sent.
    const before = fx.sim.requests.length;
    await expect(fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'hi', maxTokens: 50, tags: { workflow_id: 'wf_1' } })).rejects.toMatchObject({
      kind: 'budget_exceeded',
    });
    expect(fx.sim.requests.length).toBe(before);
    // Other workflows are not held by it.
    await expect(fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'hi', maxTokens: 50, tags: { workflow_id: 'wf_2' } })).resolves.toMatchObject({
      provider: 'dashscope',
    });

    const raised = await client.request<BudgetsResponse>('PUT', path('workflow_id=wf_1'), { monthlyUsd: '5', alertThresholds: ['80'] });
    expect(raised.body.status.tagBudgets?.find((b) => b.tag === 'workflow_id=wf_1')?.limit.microUsd).toBe(5_000_000);
    await expect(fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'hi', maxTokens: 50, tags: { workflow_id: 'wf_1' } })).resolves.toMatchObject({
      provider: 'dashscope',
    });
    const after = await client.request<BudgetsResponse>('GET', '/budgets');
    // The refusal is on record too (as an error); the answered request is what it spent.
    expect(after.body.status.tagBudgets?.find((b) => b.tag === 'workflow_id=wf_1')?.spent.microUsd).toBeGreaterThan(0);
  });

  test('wrong values come back beside their field; nothing is written', async () => {
    const before = readFileSync(fx.configFile, 'utf8');
    const amount = await client.request<{ error: { field?: string; message: string } }>('PUT', path('end_user=alice'), {
      monthlyUsd: 'ten',
      alertThresholds: [],
    });
    expect(amount.status).toBe(422);
    expect(amount.body.error.field).toBe('monthlyUsd');
    const threshold = await client.request<{ error: { field?: string } }>('PUT', path('end_user=alice'), { monthlyUsd: '1', alertThresholds: ['150'] });
    expect(threshold.status).toBe(422);
    expect(threshold.body.error.field).toBe('alertThresholds');
    const scope = await client.request<{ error: { field?: string; message: string } }>('PUT', path('no-equals-sign'), {
      monthlyUsd: '1',
      alertThresholds: [],
    });
    expect(scope.status).toBe(422);
    expect(scope.body.error.field).toBe('tag');
    expect(scope.body.error.message).toContain('name=value');
    const upper = await client.request<{ error: { field?: string; message: string } }>('PUT', path('Workflow=x'), { monthlyUsd: '1', alertThresholds: [] });
    expect(upper.body.error).toMatchObject({ field: 'tag', message: expect.stringContaining('lower-case') });
    const body = await client.request<{ error: { kind: string } }>('PUT', path('end_user=alice'), { monthlyUsd: '1' });
    expect(body.status).toBe(400);
    expect(readFileSync(fx.configFile, 'utf8')).toBe(before);
  });

  test('tag names and values that are Object.prototype members are ordinary names', async () => {
    const set = await client.request<BudgetsResponse>('PUT', path('constructor=__proto__'), { monthlyUsd: '2', alertThresholds: [] });
    expect(set.status).toBe(200);
    expect(Object.keys(file().tagBudgets ?? {})).toContain('constructor=__proto__');
    expect(set.body.status.tagBudgets?.find((b) => b.tag === 'constructor=__proto__')?.limit.microUsd).toBe(2_000_000);
    const removed = await client.request<BudgetsResponse>('DELETE', path('constructor=__proto__'));
    expect(removed.status).toBe(200);
    expect(removed.body.status.tagBudgets?.find((b) => b.tag === 'constructor=__proto__')).toBeUndefined();
  });

  test('removing one leaves the others; removing an unknown one is a 404', async () => {
    const removed = await client.request<BudgetsResponse>('DELETE', path('workflow_id=wf_1'));
    expect(removed.status).toBe(200);
    expect(file().tagBudgets).toBeUndefined();
    expect(removed.body.status.tagBudgets?.find((b) => b.tag === 'workflow_id=wf_1')).toBeUndefined();
    const again = await client.request<{ error: { kind: string; message: string } }>('DELETE', path('workflow_id=wf_1'));
    expect(again.status).toBe(404);
    expect(again.body.error.message).toContain('workflow_id=wf_1');
  });
});

describe('send test alert', () => {
  test('without a webhook: a 409 that says to set one', async () => {
    const refused = await client.request<{ error: { kind: string; message: string; field?: string } }>('POST', '/alerts/test');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ kind: 'conflict', field: 'webhookUrl' });
    expect(hook.posts).toHaveLength(0);
  });

  test('with a webhook: the receiver gets the test, the page shows the delivery, never the URL', async () => {
    await client.request<BudgetsResponse>('PUT', '/alerts', { webhookUrl: hook.url });
    const sent = await client.request<TestAlertResponse>('POST', '/alerts/test');
    expect(sent.status).toBe(200);
    expect(sent.body.delivery).toMatchObject({ state: 'delivered', type: 'aegis-llm.test-alert', attempts: 1 });
    expect(hook.posts).toHaveLength(1);
    expect(JSON.parse(hook.posts[0] ?? '{}')).toMatchObject({ type: 'aegis-llm.test-alert' });
    expect(sent.body.view.status.webhook).toMatchObject({ configured: true, lastSuccess: { alertId: sent.body.delivery.id } });
    expect(JSON.stringify(sent.body)).not.toContain('secret-path-0123');
  });
});

describe('who set a limit', () => {
  test('the page names who set the limit in force, and warns when this process declares another', async () => {
    const set = await client.request<BudgetsResponse>('PUT', '/budgets/dashscope', { monthlyUsd: '10', onLimit: 'block', alertThresholds: [], models: [] });
    expect(set.body.status.providers.find((p) => p.provider === 'dashscope')?.limitSetBy).toContain('config file');
    expect(set.body.status.budgetConflicts ?? []).toEqual([]);

    // Another process on the same home (an n8n credential, another serve) claims its own $3.
    const other = createGateway({
      config: parseConfig({ budgets: { dashscope: { monthlyUsd: 3 } } }, fx.env, { cwd: fx.home, homeDir: fx.home }),
      logger: { info() {}, warn() {}, error() {} },
    });
    try {
      await other.claimBudgets(['dashscope']);
    } finally {
      await other.close();
    }
    let view: BudgetsResponse | undefined;
    for (let tries = 0; tries < 50; tries += 1) {
      view = (await client.request<BudgetsResponse>('GET', '/budgets')).body;
      if ((view.status.budgetConflicts ?? []).length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const dashscope = view?.status.providers.find((p) => p.provider === 'dashscope');
    expect(dashscope?.limit?.microUsd).toBe(3_000_000);
    expect(view?.status.budgetConflicts?.[0]).toMatchObject({ provider: 'dashscope', message: expect.stringContaining('$10') });

    // Saving on the page makes the page's budget the one in force again.
    const again = await client.request<BudgetsResponse>('PUT', '/budgets/dashscope', { monthlyUsd: '10', onLimit: 'block', alertThresholds: [], models: [] });
    expect(again.body.status.providers.find((p) => p.provider === 'dashscope')?.limit?.microUsd).toBe(10_000_000);
    expect(again.body.status.budgetConflicts ?? []).toEqual([]);
  });
});
