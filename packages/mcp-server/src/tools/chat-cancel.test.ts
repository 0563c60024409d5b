import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcpFixture, type McpFixture } from '../test-support/mcp-fixture.js';

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('chat cancellation', () => {
  let f: McpFixture;
  beforeAll(async () => {
    f = await startMcpFixture();
  });
  afterAll(async () => f.close());

  it('aborts the upstream request when the client cancels, and the delivered part is charged', async () => {
    f.sim.script({ text: 'w '.repeat(200), chunks: 100, chunkIntervalMs: 40 });
    const controller = new AbortController();
    const seen: string[] = [];
    const call = f.client.callTool({ name: 'chat', arguments: { prompt: 'a long story', model: 'dashscope/qwen-plus' } }, undefined, {
      signal: controller.signal,
      onprogress: (p) => {
        seen.push(p.message ?? '');
        if (seen.length === 3) controller.abort('user stopped it');
      },
    });
    await expect(call).rejects.toThrow();
    expect(seen.length).toBeGreaterThanOrEqual(3);

    // The upstream socket was closed early, not read to the end.
    await until(() => f.sim.requests.at(-1)?.aborted === true);
    await until(() => f.sim.inFlight() === 0);

    // The ledger has the cancelled request, charged for what was delivered.
    let records = await f.gateway.recentRequests(5);
    await until(async () => {
      records = await f.gateway.recentRequests(5);
      return records.some((r) => r.outcome === 'cancelled');
    });
    const record = records.find((r) => r.outcome === 'cancelled')!;
    expect(record).toMatchObject({ provider: 'dashscope', model: 'qwen-plus' });
    expect(record.outputTokens).toBeGreaterThan(0);
    expect(record.costMicroUsd).toBeGreaterThan(0);
    const status = await f.gateway.budgetStatus({ provider: 'dashscope' });
    expect(status.providers[0]?.spent.microUsd).toBe(record.costMicroUsd);
    expect(status.providers[0]?.reserved.microUsd).toBe(0);
  });
});
