import { describe, expect, it } from 'vitest';
import { startSimulator } from './server.ts';
import { postChat, user, waitUntil } from './test-client.ts';

describe('lifecycle and resources', () => {
  it('listens on 127.0.0.1 on a free port by default', async () => {
    const sim = await startSimulator();
    try {
      expect(sim.port).toBeGreaterThan(0);
      expect(sim.baseURL).toBe(`http://127.0.0.1:${sim.port}/v1`);
      expect(sim.origin).toBe(`http://127.0.0.1:${sim.port}`);
    } finally {
      await sim.close();
    }
  });

  it('close() ends hung responses and returns, and can be called twice', async () => {
    const sim = await startSimulator({ defaultScenario: { fault: { type: 'hang', afterChunks: 1 } } });
    const stream = await postChat(sim, { model: 'qwen-plus', messages: user('a'), stream: true });
    const beforeHeaders = postChat(sim, { model: 'qwen-plus', messages: user('a') }).catch((error: unknown) => error);
    sim.setDefault({ fault: { type: 'hang-before-headers' } });
    await waitUntil(() => sim.inFlight() === 2);
    const closed = sim.close();
    await expect(stream.text()).rejects.toThrow();
    await closed;
    await sim.close();
    expect(sim.openConnections()).toBe(0);
    expect(sim.inFlight()).toBe(0);
    // Closing is not the client's abort.
    expect(sim.requests.map((request) => request.aborted)).toEqual([false, false]);
    expect(await beforeHeaders).toBeInstanceOf(Error);
  });

  it('keeps only the last requestLogLimit requests, or none', async () => {
    const bounded = await startSimulator({ requestLogLimit: 3 });
    const silent = await startSimulator({ recordRequests: false });
    try {
      for (let i = 0; i < 5; i++) {
        await (await postChat(bounded, { model: 'qwen-plus', messages: user(`m${i}`) })).text();
        await (await postChat(silent, { model: 'qwen-plus', messages: user(`m${i}`) })).text();
      }
      expect(bounded.requests.map((request) => JSON.stringify(request.body?.messages))).toEqual([2, 3, 4].map((i) => JSON.stringify(user(`m${i}`))));
      expect(silent.requests).toHaveLength(0);
    } finally {
      await Promise.all([bounded.close(), silent.close()]);
    }
  });

  it('answers many zero-latency requests quickly', async () => {
    const sim = await startSimulator();
    try {
      const started = performance.now();
      const body = { model: 'qwen-plus', messages: user('bench'), stream: true, stream_options: { include_usage: true } };
      for (let batch = 0; batch < 20; batch++) {
        await Promise.all(Array.from({ length: 25 }, async () => (await postChat(sim, body)).text()));
      }
      // 500 streamed requests; generous bound for a shared 2-core machine.
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(sim.requests).toHaveLength(500);
    } finally {
      await sim.close();
    }
  });
});
