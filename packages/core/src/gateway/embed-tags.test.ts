/**
 * Embed calls' tags and usage checks, as for chat: the tags reach every
 * batch's ledger record and the per-tag sums of budgetStatus (a failed batch
 * too), and usage figures an upstream sends that cannot be right are charged
 * bounded, flagged and alerted (issue 17 attribution, issue 15 item 2).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayFixture, type GatewayFixture } from '../test-support/gateway-fixture.js';

let hook: { server: Server; url: string; bodies: Array<Record<string, unknown>> };
beforeAll(async () => {
  const bodies: Array<Record<string, unknown>> = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(text) as Record<string, unknown>);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hook = { server, bodies, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
});
afterAll(() => new Promise((resolve) => hook.server.close(resolve)));

let fx: GatewayFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
  hook.bodies.length = 0;
});

const texts = (n: number) => Array.from({ length: n }, (_, i) => `chunk ${i} of the handbook`);

describe('embed tags', () => {
  it('reach each batch record and the per-tag sums, names like __proto__ included', async () => {
    fx = await startGatewayFixture();
    const tags = JSON.parse('{"workflow_id":"wf-1","__proto__":"p","node_name":"Embeddings"}') as Record<string, string>;
    const result = await fx.gateway.embed({ model: 'dashscope/text-embedding-v4', input: texts(12), tags });
    expect(result.batches).toBe(2);
    const records = (await fx.gateway.recentRequests()).filter((r) => r.kind === 'embed');
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(Object.entries(record.tags ?? {})).toEqual([
        ['__proto__', 'p'],
        ['node_name', 'Embeddings'],
        ['workflow_id', 'wf-1'],
      ]);
    }
    const status = await fx.gateway.budgetStatus();
    const workflow = status.tags.find((t) => t.name === 'workflow_id' && t.value === 'wf-1');
    expect(workflow).toMatchObject({ requests: 2, spent: { microUsd: result.costMicroUsd } });
    expect(result.costMicroUsd).toBeGreaterThan(0);
    expect(status.tags.find((t) => t.name === '__proto__')?.value).toBe('p');
    // The tag filter answers for embed spend as for chat.
    const only = await fx.gateway.budgetStatus({ tag: 'node_name' });
    expect(only.tags.map((t) => [t.name, t.value, t.requests])).toEqual([['node_name', 'Embeddings', 2]]);
  });

  it('a batch that fails is recorded with its tags (an error request counts under its tag)', async () => {
    fx = await startGatewayFixture({ file: { routing: { maxRetries: 0 } } });
    fx.sim.script({ fault: { type: 'status', status: 400, code: 'InvalidParameter', message: 'refused' } }, { model: 'text-embedding-v4' });
    await expect(fx.gateway.embed({ model: 'dashscope/text-embedding-v4', input: 'x', tags: { end_user: 'u-7' } })).rejects.toThrow();
    await fx.gateway.flush();
    const [record] = (await fx.gateway.recentRequests()).filter((r) => r.kind === 'embed');
    expect(record?.outcome).not.toBe('ok');
    expect(record?.tags).toEqual({ end_user: 'u-7' });
    const status = await fx.gateway.budgetStatus();
    expect(status.tags.find((t) => t.name === 'end_user')).toMatchObject({ value: 'u-7', requests: 1, errorRequests: 1 });
  });

  it('bad tags are refused naming the tag, before anything is sent', async () => {
    fx = await startGatewayFixture();
    const tooMany = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`t${i}`, 'v']));
    for (const [tags, field] of [
      [{ 'Bad Name': 'v' }, 'tags.Bad Name'],
      [{ team: '' }, 'tags.team'],
      [tooMany, 'tags'],
    ] as const) {
      await expect(fx.gateway.embed({ model: 'dashscope/text-embedding-v4', input: 'x', tags })).rejects.toMatchObject({
        kind: 'bad_request',
        details: { field },
      });
    }
    expect(fx.sim.requests.filter((r) => r.path.endsWith('/embeddings'))).toHaveLength(0);
  });
});

describe('embed usage that cannot be right', () => {
  const hostile: Array<[string, Record<string, unknown>, RegExp]> = [
    ['1e12 input tokens', { prompt_tokens: 1e12, total_tokens: 1e12 }, /inputTokens is absurd/],
    ['far above the input sent', { prompt_tokens: 5_000_000, total_tokens: 5_000_000 }, /inputTokens 5000000 above/],
    ['a string', { prompt_tokens: 'lots', total_tokens: 'lots' }, /inputTokens is not a number/],
    ['negative', { prompt_tokens: -40, total_tokens: -40 }, /inputTokens is negative/],
  ];
  it.each(hostile)('%s: charged bounded, flagged on the record, alerted as usage-suspect for embeddings', async (_name, rawUsage, reason) => {
    fx = await startGatewayFixture({ file: { budgets: { dashscope: { monthlyUsd: 5 } }, alerts: { webhookUrl: hook.url } } });
    fx.sim.script({ rawUsage });
    const result = await fx.gateway.embed({ model: 'dashscope/text-embedding-v4', input: ['a short text', 'another one'], tags: { workflow_id: 'w' } });
    expect(Number.isSafeInteger(result.usage.inputTokens) && result.usage.inputTokens >= 0).toBe(true);
    // Two short texts: charged on the estimate (a few tokens at $0.07/M), never on the hostile figure.
    expect(result.usage.inputTokens).toBeLessThan(100);
    const [record] = await fx.gateway.recentRequests(1);
    expect(record?.kind).toBe('embed');
    expect(record?.suspect?.join('; ')).toMatch(reason);
    expect(record?.costMicroUsd).toBeLessThanOrEqual(10);
    await fx.gateway.flush();
    expect(hook.bodies).toEqual([
      expect.objectContaining({
        type: 'aegis-llm.usage-suspect',
        id: `usage-suspect:${record?.id}`,
        requestKind: 'embed',
        provider: 'dashscope',
        model: 'text-embedding-v4',
        reasons: record?.suspect,
        text: expect.stringContaining('(embeddings)'),
      }),
    ]);
  });

  it('honest figures are charged as sent, with no flag and no alert', async () => {
    fx = await startGatewayFixture({ file: { alerts: { webhookUrl: hook.url } } });
    const result = await fx.gateway.embed({ model: 'dashscope/text-embedding-v4', input: 'a short text' });
    expect(result.usage.estimated).toBe(false);
    await fx.gateway.flush();
    expect((await fx.gateway.recentRequests(1))[0]?.suspect).toBeUndefined();
    expect(hook.bodies).toEqual([]);
  });
});
