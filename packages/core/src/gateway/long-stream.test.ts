/**
 * Long work (issue 20): the deadline is for silence, not for a stream that
 * delivers. A stream at a healthy pace outlives `requestTimeoutMs`; a hung
 * upstream is still ended by the deadline (nothing yet) or the idle timer
 * (mid-stream); `maxRequestMs` caps a request that delivers. Timings scaled
 * down through the config against the simulator's slow-stream scripting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { failureOf } from '../test-support/failure-of.js';
import { startGatewayFixture, type GatewayFixture } from '../test-support/gateway-fixture.js';

let fx: GatewayFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

async function start(routing: Record<string, unknown>): Promise<GatewayFixture> {
  const started = await startGatewayFixture({ file: { routing: { maxRetries: 0, requestTimeoutMs: 600, streamIdleTimeoutMs: 400, ...routing } } });
  // One quick call first, so loading the provider client is not timed below.
  await started.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'warm up', timeoutMs: 5_000 });
  return started;
}

// 16 chunks 100 ms apart: 1.6 s of streaming, well past the 600 ms deadline.
const slow = { text: 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen', chunks: 16, chunkIntervalMs: 100 };

describe('a stream that delivers outlives the deadline', () => {
  it('chat: a 1.6 s answer is not cut at the 600 ms deadline', async () => {
    fx = await start({});
    fx.sim.script(slow);
    const started = Date.now();
    const result = await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'count' });
    expect(Date.now() - started).toBeGreaterThan(1_400);
    expect(result.text).toBe(slow.text);
    expect(result.finishReason).toBe('stop');
    // Read coalesced (one-answer chat over a streamed upstream), yet committed at its first delta.
    expect(result.timeToFirstTokenMs).toBeLessThan(1_000);
  });

  it('stream: the same, event by event', async () => {
    fx = await start({});
    fx.sim.script(slow);
    let text = '';
    let done = false;
    for await (const event of fx.gateway.stream({ model: 'dashscope/qwen-plus', prompt: 'count' })) {
      if (event.type === 'text-delta') text += event.delta;
      if (event.type === 'error') throw event.error;
      if (event.type === 'done') done = true;
    }
    expect(done).toBe(true);
    expect(text).toBe(slow.text);
  });

  it("a request's own timeoutMs is a deadline for silence too", async () => {
    fx = await start({ requestTimeoutMs: 10_000 });
    fx.sim.script(slow);
    const result = await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'count', timeoutMs: 500 });
    expect(result.text).toBe(slow.text);
  });
});

describe("a request's own longer timeoutMs", () => {
  it('lets the upstream be silent that long before its first token (past streamIdleTimeoutMs)', async () => {
    fx = await start({});
    fx.sim.script({ ttftMs: 800, text: 'slow to start' });
    const result = await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'think first', timeoutMs: 3_000 });
    expect(result.text).toBe('slow to start');
    // Without it the idle timer (400 ms) ends the same wait.
    fx.sim.script({ ttftMs: 800, text: 'slow to start' });
    const error = await failureOf(fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'think first' }));
    expect(error.kind).toBe('timeout');
  });

  it("a connection test's 15 s step is a cap: a silent model is still caught by the idle timer", async () => {
    fx = await start({});
    fx.sim.script({ fault: { type: 'hang-before-headers' } });
    const started = Date.now();
    const [report] = await fx.gateway.testProvider('dashscope');
    expect(report?.modelAnswered).toBe(false);
    expect(report?.error?.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('silence is still caught', () => {
  it('nothing before the deadline: timeout at the deadline', async () => {
    fx = await start({ streamIdleTimeoutMs: 5_000 });
    fx.sim.script({ ttftMs: 3_000, ...slow });
    const started = Date.now();
    const error = await failureOf(fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'count' }));
    expect(error.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('a hang mid-stream: the idle timer ends it, the delivered part charged', async () => {
    fx = await start({});
    fx.sim.script({ ...slow, fault: { type: 'hang', afterChunks: 3 } });
    const started = Date.now();
    const error = await failureOf(fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'count' }));
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/sent nothing for 400 ms/);
    expect(Date.now() - started).toBeLessThan(1_500);
    const [record] = await fx.gateway.recentRequests(1);
    expect(record?.outputTokens).toBeGreaterThan(0);
  });

  it('maxRequestMs caps a request that keeps delivering', async () => {
    fx = await start({ maxRequestMs: 1_000 });
    fx.sim.script(slow);
    const started = Date.now();
    const error = await failureOf(fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'count' }));
    const elapsed = Date.now() - started;
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/routing\.maxRequestMs/);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(1_500);
  });
});
