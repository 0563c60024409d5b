import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AegisError, isAegisError } from '../errors.js';
import { failureOf } from '../test-support/failure-of.js';
import { CANARY_KEY, startGatewayFixture, type GatewayFixture } from '../test-support/gateway-fixture.js';
import type { StreamEvent } from '../types.js';

let fx: GatewayFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/** Every file under the data directory, concatenated. */
function dataDirText(home: string): string {
  const read = (dir: string): string =>
    readdirSync(dir, { withFileTypes: true })
      .map((e) => (e.isDirectory() ? read(join(dir, e.name)) : readFileSync(join(dir, e.name), 'utf8')))
      .join('\n');
  return read(home);
}

async function events(iterable: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const event of iterable) out.push(event);
  return out;
}

describe('gateway.chat', () => {
  it('answers with provider, model, text, usage, cost and timings, and records it', async () => {
    fx = await startGatewayFixture();
    fx.sim.script({ text: 'Hello from Qwen', latencyMs: 5 });
    const result = await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'Say hello' });
    expect(result).toMatchObject({
      provider: 'dashscope',
      model: 'qwen-plus',
      text: 'Hello from Qwen',
      finishReason: 'stop',
    });
    expect(result.usage.estimated).toBe(false);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.costMicroUsd).toBeGreaterThan(0);
    expect(result.latencyMs).toBeGreaterThanOrEqual(5);
    expect(result.attempts).toHaveLength(1);

    const [recent] = await fx.gateway.recentRequests(1);
    expect(recent).toMatchObject({ provider: 'dashscope', model: 'qwen-plus', outcome: 'ok', costMicroUsd: result.costMicroUsd });
  });

  it('resolves a bare model id through the catalog and routes a task type', async () => {
    fx = await startGatewayFixture();
    expect((await fx.gateway.chat({ model: 'qwen-max', prompt: 'x' })).provider).toBe('dashscope');
    const routed = await fx.gateway.chat({ task: 'summarize', prompt: 'a long text' });
    expect(routed.provider).toBe('dashscope');
  });

  it('rejects bad input with a bad_request naming the field', async () => {
    fx = await startGatewayFixture();
    const error = await failureOf(fx.gateway.chat({ prompt: 'x', temperature: 9 }));
    expect(error.kind).toBe('bad_request');
    expect(error.message).toContain('temperature');
  });

  it('says what to set when nothing is configured', async () => {
    fx = await startGatewayFixture({ env: { DASHSCOPE_API_KEY: '' } });
    const error = await failureOf(fx.gateway.chat({ prompt: 'x', timeoutMs: 2_000 }));
    expect(error.message).toContain('DASHSCOPE_API_KEY');
  });
});

describe('gateway.stream', () => {
  it('yields start, deltas, usage and done', async () => {
    fx = await startGatewayFixture();
    fx.sim.script({ text: 'a b c d', chunks: 4 });
    const seen = await events(fx.gateway.stream({ model: 'dashscope/qwen-turbo', prompt: 'x' }));
    expect(seen[0]).toEqual({ type: 'start', provider: 'dashscope', model: 'qwen-turbo' });
    expect(seen.filter((e) => e.type === 'text-delta').length).toBeGreaterThan(1);
    const done = seen.at(-1);
    expect(done?.type).toBe('done');
    if (done?.type !== 'done') return;
    expect(done.result.text).toBe('a b c d');
    expect(done.result.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
    expect(seen.at(-2)).toMatchObject({ type: 'usage', usage: { estimated: false } });
  });

  it('estimates usage when the upstream sends none, marks it, and charges it', async () => {
    fx = await startGatewayFixture();
    fx.sim.script({ text: 'some answer text here', usage: 'absent' });
    const seen = await events(fx.gateway.stream({ model: 'dashscope/qwen-plus', prompt: 'question' }));
    const done = seen.at(-1);
    if (done?.type !== 'done') throw new Error('expected done');
    expect(done.result.usage.estimated).toBe(true);
    expect(done.result.usage.outputTokens).toBeGreaterThan(0);
    expect(done.result.costMicroUsd).toBeGreaterThan(0);
    const [recent] = await fx.gateway.recentRequests(1);
    expect(recent?.estimated).toBe(true);
  });

  it('ends with a typed error after the first token, and charges the delivered part', async () => {
    fx = await startGatewayFixture();
    fx.sim.script({ chunks: 6, text: 'one two three four five six', fault: { type: 'drop', afterChunks: 2 } });
    const seen = await events(fx.gateway.stream({ model: 'dashscope/qwen-plus', fallbacks: ['dashscope/qwen-turbo'], prompt: 'x' }));
    const last = seen.at(-1);
    expect(last?.type).toBe('error');
    if (last?.type !== 'error') return;
    expect(last.error).toBeInstanceOf(AegisError);
    expect(last.error.message).toMatch(/delivered/);
    expect(last.partial.text.length).toBeGreaterThan(0);
    expect(last.partial.usage.estimated).toBe(true);
    const [recent] = await fx.gateway.recentRequests(1);
    expect(recent?.outcome).toBe('upstream_unavailable');
    expect(recent?.costMicroUsd).toBeGreaterThan(0);
    // No fallback once text reached the caller.
    expect(fx.sim.requests).toHaveLength(1);
  });

  it('falls back transparently when the stream drops before the first token', async () => {
    fx = await startGatewayFixture();
    const drop = { fault: { type: 'drop' as const, afterChunks: 0 } };
    // One try plus the configured retries, all dropped.
    fx.sim.script([drop, drop, drop], { model: 'qwen-plus' });
    const seen = await events(fx.gateway.stream({ model: 'dashscope/qwen-plus', fallbacks: ['dashscope/qwen-turbo'], prompt: 'x' }));
    expect(seen.map((e) => e.type)).toContain('fallback');
    const done = seen.at(-1);
    if (done?.type !== 'done') throw new Error(`expected done, got ${JSON.stringify(done)}`);
    expect(done.result.model).toBe('qwen-turbo');
  });

  it('a caller abort reaches the upstream and the delivered part is recorded as cancelled', async () => {
    fx = await startGatewayFixture();
    fx.sim.script({ chunks: 100, chunkIntervalMs: 20 });
    const controller = new AbortController();
    const seen: StreamEvent[] = [];
    for await (const event of fx.gateway.stream({ model: 'dashscope/qwen-plus', prompt: 'x', signal: controller.signal })) {
      seen.push(event);
      if (seen.filter((e) => e.type === 'text-delta').length === 3) controller.abort();
    }
    expect(seen.at(-1)).toMatchObject({ type: 'error', error: { kind: 'cancelled' } });
    await expect.poll(() => fx?.sim.requests.at(-1)?.aborted, { timeout: 2_000 }).toBe(true);
    const [recent] = await fx.gateway.recentRequests(1);
    expect(recent?.outcome).toBe('cancelled');
    expect(recent?.outputTokens).toBeGreaterThan(0);
  });
});

describe('gateway.listModels and testProvider', () => {
  it('merges the catalog with the live list and marks configured providers', async () => {
    fx = await startGatewayFixture({ simulator: { models: ['qwen-plus', 'qwen-turbo', 'qwen-brand-new'] } });
    const models = await fx.gateway.listModels({ provider: 'dashscope' });
    const byId = new Map(models.map((m) => [m.model, m]));
    expect(byId.get('qwen-plus')).toMatchObject({ source: 'both', configured: true });
    expect(byId.get('qwen-max')).toMatchObject({ source: 'catalog' });
    expect(byId.get('qwen-brand-new')).toMatchObject({ source: 'live' });
    const vision = await fx.gateway.listModels({ capability: 'vision', live: false });
    expect(vision.map((m) => m.model)).toContain('qwen-vl-plus');
    const openai = await fx.gateway.listModels({ provider: 'openai', live: false });
    expect(openai.every((m) => !m.configured)).toBe(true);
  });

  it('tests a configured provider end to end', async () => {
    fx = await startGatewayFixture();
    const [result] = await fx.gateway.testProvider('dashscope');
    expect(result).toMatchObject({ provider: 'dashscope', configured: true, reachable: true, keyAccepted: true, modelAnswered: true });
    expect(result?.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('gives the region hint on a refused key, and never the key', async () => {
    fx = await startGatewayFixture({ env: { DASHSCOPE_API_KEY: 'sk-other-region-key-000000000' } });
    const [result] = await fx.gateway.testProvider('dashscope');
    expect(result).toMatchObject({ reachable: true, keyAccepted: false });
    expect(result?.hint).toMatch(/region/i);
    expect(JSON.stringify(result)).not.toContain('sk-other-region-key');
  });

  it('says what to set for an unconfigured provider, and reports an unreachable one', async () => {
    fx = await startGatewayFixture({ env: { ANYLLM_BASE_URL: 'http://127.0.0.1:9/v1' } });
    const [openai] = await fx.gateway.testProvider('openai');
    expect(openai).toMatchObject({ configured: false, reachable: false });
    expect(openai?.hint).toContain('OPENAI_API_KEY');
    const [anyllm] = await fx.gateway.testProvider('anyllm');
    expect(anyllm).toMatchObject({ configured: true, reachable: false });
    expect(anyllm?.hint).toMatch(/base URL/);
    await expect(fx.gateway.testProvider('nope')).rejects.toThrow(/Known providers/);
  });

  it('refuses an unknown provider the same way in testProvider, listModels and budgetStatus (names are plain keys)', async () => {
    fx = await startGatewayFixture();
    const { gateway } = fx;
    for (const name of ['nope', '__proto__', 'toString']) {
      for (const call of [() => gateway.testProvider(name), () => gateway.listModels({ provider: name }), () => gateway.budgetStatus({ provider: name })]) {
        const error = await call().then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
        expect(isAegisError(error) && error.kind).toBe('bad_request');
        expect((error as Error).message).toBe(`Unknown provider "${name}". Known providers: ${Object.keys(gateway.config.providers).join(', ')}.`);
        expect((error as { details?: { field?: string } }).details?.field).toBe('provider');
      }
    }
    expect(await gateway.listModels({ provider: 'dashscope', live: false })).not.toHaveLength(0);
  });
});

describe('secrets', () => {
  it('the canary key appears in no error, result, log line or ledger file, even when echoed', async () => {
    fx = await startGatewayFixture();
    fx.sim.setDefault({ fault: { type: 'status', status: 429, code: 'Throttling.RateQuota', echoKey: true } });
    const error = await failureOf(fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'x', timeoutMs: 3_000 }));
    const seen = await events(fx.gateway.stream({ model: 'dashscope/qwen-plus', prompt: 'x', timeoutMs: 3_000 }));
    fx.sim.setDefault({ fault: { type: 'status', status: 401, code: 'InvalidApiKey', echoKey: true } });
    const tested = await fx.gateway.testProvider();
    await fx.gateway.flush();
    const everything = [
      error.message,
      JSON.stringify(error),
      JSON.stringify(error.details),
      JSON.stringify(seen),
      JSON.stringify(tested),
      fx.logs.join('\n'),
      dataDirText(fx.home),
    ].join('\n');
    expect(everything).not.toContain(CANARY_KEY);
    expect(fx.sim.requests.some((r) => r.headers.authorization === `Bearer ${CANARY_KEY}`)).toBe(true);
  });
});
