/**
 * Reported usage wins over estimates whenever the upstream sent it (issue 15,
 * item 7): after a connection dropped behind the usage chunk, and after a
 * cancel when the usage had already arrived.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startGatewayFixture, type GatewayFixture } from '../test-support/gateway-fixture.js';
import type { ChatRequest, ChatResult, StreamEvent } from '../types.js';
import { collectResult } from './collect-result.js';

let fx: GatewayFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const request: ChatRequest = { model: 'dashscope/qwen-max', prompt: 'hello there', maxTokens: 500 };
// The simulator's usage for it: 'hello there' (11 chars) -> 3 + 4 = 7 prompt tokens; 4 chunks of text.
const text = 'a fairly long answer of several words';
const reported = { promptTokens: 7, completionTokens: 80 };
const ways: Array<[string, (f: GatewayFixture) => Promise<ChatResult>]> = [
  ['chat', (f) => f.gateway.chat(request)],
  ['stream', (f) => collectResult(f.gateway.stream(request))],
];

describe.each(ways)('a connection dropped through %s', (_way, ask) => {
  it('after the finish and usage chunks: a finished answer, charged as reported', async () => {
    fx = await startGatewayFixture();
    // 4 answer chunks (the last with finish_reason), then the usage chunk, then the drop instead of [DONE].
    fx.sim.script({ text, usage: reported, fault: { type: 'drop', afterChunks: 5 } });
    const result = await ask(fx);
    expect(result).toMatchObject({ text, finishReason: 'stop', usage: { inputTokens: 7, outputTokens: 80, estimated: false } });
    const [record] = await fx.gateway.recentRequests(1);
    expect(record).toMatchObject({ outcome: 'ok', outputTokens: 80, estimated: false, costMicroUsd: result.costMicroUsd });
  });

  it('after the finish chunk but before the usage: a failure, charged at the estimate', async () => {
    fx = await startGatewayFixture();
    fx.sim.script({ text, usage: reported, fault: { type: 'drop', afterChunks: 4 } });
    await expect(ask(fx)).rejects.toMatchObject({ kind: 'upstream_unavailable' });
    const [record] = await fx.gateway.recentRequests(1);
    expect(record).toMatchObject({ outcome: 'upstream_unavailable', estimated: true });
  });
});

describe('a cancelled stream', () => {
  it('whose usage had already arrived is charged as reported', async () => {
    fx = await startGatewayFixture();
    // Sent at once: everything is in the socket before the consumer reads the first delta.
    fx.sim.script({ text, usage: reported, chunks: 4 });
    const seen: StreamEvent[] = [];
    for await (const event of fx.gateway.stream(request)) {
      seen.push(event);
      if (event.type === 'text-delta') break;
    }
    const [record] = await fx.gateway.recentRequests(1);
    expect(record).toMatchObject({ outcome: 'cancelled', outputTokens: 80, estimated: false });
  });

  it('cancelled by its signal after the usage had arrived is charged as reported', async () => {
    fx = await startGatewayFixture();
    fx.sim.script({ text, usage: reported, chunks: 4 });
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    for await (const event of fx.gateway.stream({ ...request, signal: controller.signal })) {
      events.push(event);
      if (event.type === 'text-delta') controller.abort();
    }
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { kind: 'cancelled' } });
    const [record] = await fx.gateway.recentRequests(1);
    expect(record).toMatchObject({ outcome: 'cancelled', outputTokens: 80, estimated: false });
  });

  it('whose usage never came is charged at the estimate of what was delivered', async () => {
    fx = await startGatewayFixture();
    fx.sim.script({ text, usage: reported, chunks: 4, chunkIntervalMs: 200 });
    for await (const event of fx.gateway.stream(request)) if (event.type === 'text-delta') break;
    const [record] = await fx.gateway.recentRequests(1);
    expect(record).toMatchObject({ outcome: 'cancelled', estimated: true });
  });
});
