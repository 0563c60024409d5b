import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TAG } from '../tags/tag-names.js';
import { startGatewayFixture, type GatewayFixture } from '../test-support/gateway-fixture.js';

let fx: GatewayFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/** The ledger's monthly JSONL lines as written (the embedded store, after its journal is folded: close), parsed. */
function ledgerLines(home: string): Array<Record<string, unknown>> {
  const dir = join(home, 'ledger');
  return readdirSync(dir)
    .filter((name) => /^ledger-\d{4}-\d{2}\.jsonl$/.test(name))
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n'))
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('request tags (attribution)', () => {
  it('go into the ledger record as given, and budget status sums spend per tag', async () => {
    fx = await startGatewayFixture();
    fx.sim.script({ text: 'ok' });
    const wf1 = { [TAG.workflowId]: 'wf-1', [TAG.workflowName]: 'Invoices', [TAG.executionId]: 'e-1', [TAG.nodeName]: 'Summarize' };
    const a = await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'a', tags: wf1 });
    const b = await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'b', tags: { ...wf1, [TAG.executionId]: 'e-2' } });
    const c = await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'c', tags: { [TAG.workflowId]: 'wf-2' } });
    await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'untagged' });
    expect(a.costMicroUsd).toBeGreaterThan(0);

    const status = await fx.gateway.budgetStatus();
    const spend = (name: string, value: string) => status.tags.find((tag) => tag.name === name && tag.value === value);
    expect(spend('workflow_id', 'wf-1')).toMatchObject({ requests: 2, spent: { microUsd: a.costMicroUsd! + b.costMicroUsd! } });
    expect(spend('workflow_name', 'Invoices')?.requests).toBe(2);
    expect(spend('workflow_id', 'wf-2')).toMatchObject({ requests: 1, spent: { microUsd: c.costMicroUsd } });
    // One value per run: in the records, not in the sums.
    expect(status.tags.some((tag) => tag.name === 'execution_id')).toBe(false);
    expect((await fx.gateway.budgetStatus({ tag: 'workflow_id' })).tags.map((tag) => tag.value)).toEqual(['wf-1', 'wf-2']);

    const recent = await fx.gateway.recentRequests(10);
    expect(recent.find((record) => record.tags?.workflow_id === 'wf-2')).toBeDefined();
    await fx.gateway.close();
    const lines = ledgerLines(fx.home);
    expect(lines).toHaveLength(4);
    expect(lines[0]?.tags).toEqual({ execution_id: 'e-1', node_name: 'Summarize', workflow_id: 'wf-1', workflow_name: 'Invoices' });
    // Lean: a request without tags has no `tags` field at all.
    expect(lines[3]).not.toHaveProperty('tags');
  });

  it('take names that are Object.prototype members as ordinary names, and toString as a value', async () => {
    fx = await startGatewayFixture();
    fx.sim.script({ text: 'ok' });
    const tags = JSON.parse('{"__proto__":"p","constructor":"toString","agent":"__proto__"}') as Record<string, string>;
    await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'x', tags });
    const status = await fx.gateway.budgetStatus();
    expect(status.tags.map((tag) => `${tag.name}=${tag.value}`).sort()).toEqual(['__proto__=p', 'agent=__proto__', 'constructor=toString']);
    const [record] = await fx.gateway.recentRequests(1);
    expect(Object.entries(record?.tags ?? {})).toEqual([
      ['__proto__', 'p'],
      ['agent', '__proto__'],
      ['constructor', 'toString'],
    ]);
    expect(Object.getPrototypeOf(record?.tags)).toBe(Object.prototype);
  });

  it.each([
    [{ Team: 'x' }, 'tags.Team', /lower-case/],
    [{ toString: 'x' }, 'tags.toString', /lower-case/],
    [{ team: '' }, 'tags.team', /1-256/],
    [{ team: 'x'.repeat(257) }, 'tags.team', /1-256/],
    [{ team: 3 }, 'tags.team', /string/],
    [Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`t${i}`, 'v'])), 'tags', /at most 32/],
    [['team=x'], 'tags', /object/],
  ])('refuse %j naming the field before anything is sent or recorded', async (tags, field, message) => {
    fx = await startGatewayFixture();
    fx.sim.script({ text: 'ok' });
    const error = await fx.gateway.chat({ prompt: 'x', tags: tags as unknown as Record<string, string> }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ kind: 'bad_request', details: { field } });
    expect((error as Error).message).toMatch(message);
    expect(fx.sim.requests).toHaveLength(0);
    expect(await fx.gateway.recentRequests(5)).toEqual([]);
  });
});
