import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startSimulator } from './server.ts';
import { activeTimers, user, waitUntil } from './test-client.ts';
import type { Simulator } from './types.ts';

/**
 * Its own file, so its worker has no timers from earlier tests, and plain
 * node:http instead of fetch, whose keep-alive timers come and go on their own:
 * every timer counted here is the simulator's.
 */

/** Start a streamed chat request; resolves once its body is sent. */
function startChat(sim: Simulator): Promise<{ abort(): void }> {
  return new Promise((resolve, reject) => {
    const req = request(`${sim.baseURL}/chat/completions`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } });
    req.on('error', () => {});
    req.on('response', (res) => res.on('error', () => {}).resume());
    req.end(JSON.stringify({ model: 'qwen-plus', messages: user('a b c'), stream: true }), () => resolve({ abort: () => req.destroy() }));
    req.once('error', reject);
  });
}

describe('resources', () => {
  it('leaks no timer and no socket when clients give up during latency, ttft or between chunks', async () => {
    const sim = await startSimulator();
    try {
      sim.script([{ latencyMs: 60_000 }, { ttftMs: 60_000 }, { chunkIntervalMs: 60_000 }]);
      const clients = [await startChat(sim), await startChat(sim), await startChat(sim)];
      // All three are waiting: before the headers, before the first chunk, between chunks.
      await waitUntil(() => sim.pending() === 0 && sim.requests[1]?.status === 200 && sim.requests[2]?.status === 200);
      await new Promise((resolve) => setImmediate(resolve));
      // vitest's own timers come and go, so compare with this moment rather than the test's start.
      const waiting = activeTimers();
      for (const client of clients) client.abort();
      await waitUntil(() => sim.inFlight() === 0 && sim.openConnections() === 0);
      expect(sim.requests.map((entry) => entry.aborted)).toEqual([true, true, true]);
      expect(activeTimers()).toBeLessThanOrEqual(waiting - 3);
    } finally {
      await sim.close();
    }
  });
});
