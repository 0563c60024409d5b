/**
 * `embed` through the gateway and the simulator: batches to the model's
 * limits in input order, budgets and the ledger (kind `embed`) as for chat,
 * retries and same-length fallback, and bad input refused before anything
 * is sent.
 */
import { hashEmbedding } from '@aegis-llm/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { AegisError } from '../errors.js';
import { CANARY_KEY, startGatewayFixture, type GatewayFixture } from '../test-support/gateway-fixture.js';
import { hasRedisServer, startRedisServer } from '../test-support/start-redis-server.js';
import type { EmbedRequest } from '../types.js';

let fx: GatewayFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const texts = (n: number) => Array.from({ length: n }, (_, i) => `document number ${i} about topic ${i % 3}`);
const embedCalls = () => fx!.sim.requests.filter((r) => r.path.endsWith('/embeddings'));
const failureOf = async (work: Promise<unknown>): Promise<AegisError> => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AegisError);
  return error as AegisError;
};
const withOpenAI = (extra: Record<string, unknown> = {}) =>
  startGatewayFixture({ file: extra, env: { OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' } }).then(async (f) => {
    // The OpenAI provider on the same simulator.
    const config = { ...f.config, providers: { ...f.config.providers, openai: { ...f.config.providers.openai!, baseURL: f.sim.baseURL } } };
    f.gateway.reconfigure(config);
    return f;
  });

describe('embed', () => {
  it("splits 25 texts into DashScope's batches of 10, keeps their order, and records each batch as kind embed", async () => {
    fx = await startGatewayFixture();
    const input = texts(25);
    const result = await fx.gateway.embed({ model: 'dashscope/text-embedding-v4', input });
    expect(embedCalls().map((r) => (r.body?.input as unknown[]).length)).toEqual([10, 10, 5]);
    expect(embedCalls().every((r) => r.body?.encoding_format === 'float')).toBe(true);
    expect(result).toMatchObject({ provider: 'dashscope', model: 'text-embedding-v4', dimensions: 1024, batches: 3 });
    expect(result.embeddings).toHaveLength(25);
    result.embeddings.forEach((vector, i) => expect(vector).toEqual(hashEmbedding(input[i]!, 1024)));
    // The simulator counts one token per 4 characters; $0.07 per 1M tokens is 0.07 micro-USD per token.
    const tokens = input.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0);
    expect(result.usage).toEqual({ inputTokens: tokens, estimated: false });
    const records = (await fx.gateway.recentRequests()).filter((r) => r.kind === 'embed');
    expect(records).toHaveLength(3);
    expect(records.reduce((sum, r) => sum + (r.costMicroUsd ?? 0), 0)).toBe(result.costMicroUsd);
    expect(records.every((r) => r.outputTokens === 0 && r.outcome === 'ok')).toBe(true);
    const status = await fx.gateway.budgetStatus({ provider: 'dashscope' });
    expect(status.providers.find((p) => p.provider === 'dashscope')?.spent.microUsd).toBe(result.costMicroUsd);
  });

  it('takes one string, a bare model id, and a dimensions the model offers', async () => {
    fx = await startGatewayFixture();
    const result = await fx.gateway.embed({ model: 'text-embedding-v4', input: 'hello world', dimensions: 256 });
    expect(result.embeddings).toEqual([hashEmbedding('hello world', 256)]);
    expect(embedCalls()[0]?.body).toMatchObject({ model: 'text-embedding-v4', dimensions: 256, input: ['hello world'] });
  });

  it('refuses bad input with the field named, sending nothing', async () => {
    fx = await startGatewayFixture();
    const cases: Array<[EmbedRequest, string]> = [
      [{ model: 'dashscope/text-embedding-v4', input: [] }, 'input'],
      [{ model: 'dashscope/text-embedding-v4', input: ['ok', ''] }, 'input.1'],
      [{ model: 'dashscope/text-embedding-v4', input: texts(2049) }, 'input'],
      [{ model: 'dashscope/text-embedding-v4', input: ['short', 'word '.repeat(8000)] }, 'input.1'],
      [{ model: 'dashscope/qwen-plus', input: 'hello' }, 'model'],
      [{ model: 'dashscope/text-embedding-v4', input: 'hello', dimensions: 100 }, 'dimensions'],
      [{ model: 'nomic-embed-unknown', input: 'hello' }, 'model'],
    ];
    for (const [request, field] of cases) {
      const error = await failureOf(fx.gateway.embed(request));
      expect(error.kind, field).toBe('bad_request');
      expect(error.details?.field, error.message).toBe(field);
    }
    expect((await failureOf(fx.gateway.embed({ model: 'dashscope/qwen-plus', input: 'x' }))).message).toContain('is a chat model');
    expect(fx.sim.requests).toHaveLength(0);
    expect(await fx.gateway.recentRequests()).toHaveLength(0);
  });

  it('retries a rate limit as chat does', async () => {
    fx = await startGatewayFixture();
    fx.sim.script({ fault: { type: 'status', status: 429, code: 'Throttling.RateQuota', headers: { 'retry-after-ms': '5' } } }, { model: 'text-embedding-v4' });
    const result = await fx.gateway.embed({ model: 'dashscope/text-embedding-v4', input: 'hello' });
    expect(result.attempts.map((a) => a.outcome)).toEqual(['rate_limited', 'ok']);
    expect(embedCalls()).toHaveLength(2);
  });

  it('falls back only to a model whose vectors have the same length, and that model serves every batch', async () => {
    fx = await withOpenAI();
    fx.sim.script({ fault: { type: 'status', status: 404, code: 'model_not_found' } }, { model: 'text-embedding-v4' });
    const result = await fx.gateway.embed({
      model: 'dashscope/text-embedding-v4',
      fallbacks: ['openai/text-embedding-3-small', 'dashscope/text-embedding-v3'],
      input: texts(15),
    });
    expect(result.model).toBe('text-embedding-v3');
    expect(result.dimensions).toBe(1024);
    expect(result.fallbacks).toEqual([{ from: 'dashscope/text-embedding-v4', to: 'dashscope/text-embedding-v3', reason: 'not_found' }]);
    expect(result.skipped).toEqual([
      expect.objectContaining({ provider: 'openai', model: 'text-embedding-3-small', reason: expect.stringContaining('1536 dimensions') }),
    ]);
    expect(embedCalls().map((r) => r.body?.model)).toEqual(['text-embedding-v4', 'text-embedding-v3', 'text-embedding-v3']);
    const records = await fx.gateway.recentRequests();
    expect(records.filter((r) => r.kind === 'embed' && r.outcome === 'ok' && r.fallbackFrom === 'dashscope/text-embedding-v4')).toHaveLength(2);
  });

  it('with dimensions asked, a fallback that offers that length is kept', async () => {
    fx = await withOpenAI();
    fx.sim.script({ fault: { type: 'status', status: 503, code: 'ModelUnavailable' } }, { model: 'text-embedding-v4' });
    fx.sim.script({ fault: { type: 'status', status: 503, code: 'ModelUnavailable' } }, { model: 'text-embedding-v4' });
    fx.sim.script({ fault: { type: 'status', status: 503, code: 'ModelUnavailable' } }, { model: 'text-embedding-v4' });
    const result = await fx.gateway.embed({
      model: 'dashscope/text-embedding-v4',
      fallbacks: ['openai/text-embedding-3-small'],
      input: 'x y',
      dimensions: 512,
    });
    expect(result).toMatchObject({ provider: 'openai', model: 'text-embedding-3-small', dimensions: 512 });
  });

  it('a batch failing half-way stops the call, says what was charged, and the charged batches stay counted', async () => {
    fx = await startGatewayFixture({ file: { routing: { maxRetries: 0 } } });
    // The first batch answers; the next ones are refused (not retryable).
    fx.sim.script(
      [{}, ...Array.from({ length: 4 }, () => ({ fault: { type: 'status' as const, status: 400, code: 'InvalidParameter', message: 'refused' } }))],
      {
        model: 'text-embedding-v4',
      },
    );
    const error = await failureOf(fx.gateway.embed({ model: 'dashscope/text-embedding-v4', input: texts(30) }));
    expect(error.kind).toBe('bad_request');
    const embed = error.details?.embed as { batches: number; batchesEmbedded: number; costMicroUsd: number };
    expect(embed).toMatchObject({ batches: 3, batchesEmbedded: 1 });
    expect(error.message).toContain('1 of 3 batches had been embedded and charged');
    const records = (await fx.gateway.recentRequests()).filter((r) => r.kind === 'embed');
    expect(records.filter((r) => r.outcome === 'ok').map((r) => r.costMicroUsd)).toEqual([embed.costMicroUsd]);
    expect(records.some((r) => r.outcome === 'bad_request' && r.costMicroUsd === 0)).toBe(true);
  });
});

describe('embed under a budget', () => {
  it('refuses an unpriced model before sending, and prices one made an embedding model in config', async () => {
    fx = await startGatewayFixture({
      file: {
        budgets: { anyllm: { monthlyUsd: 1 } },
        models: [
          {
            provider: 'anyllm',
            model: 'text-embedding-3-large',
            embedding: { dimensions: 3072, maxInputsPerRequest: 4 },
            pricing: { tiers: [{ input: 0.13, output: 0 }] },
          },
        ],
      },
      env: { ANYLLM_BASE_URL: 'http://127.0.0.1:1/v1' },
    });
    fx.gateway.reconfigure({
      ...fx.config,
      providers: { ...fx.config.providers, anyllm: { ...fx.config.providers.anyllm!, baseURL: fx.sim.baseURL, apiKey: CANARY_KEY } },
    });
    const refused = await failureOf(fx.gateway.embed({ model: 'anyllm/text-embedding-3-small', input: 'hello' }));
    expect(refused).toMatchObject({ kind: 'budget_exceeded', code: 'UNPRICED_MODEL' });
    expect(embedCalls()).toHaveLength(0);
    const priced = await fx.gateway.embed({ model: 'anyllm/text-embedding-3-large', input: texts(9) });
    expect(priced.batches).toBe(3);
    expect(priced.costMicroUsd).toBeGreaterThan(0);
  });

  it('refuses a job the budget cannot hold, sending nothing', async () => {
    fx = await startGatewayFixture({ file: { budgets: { dashscope: { monthlyUsd: 0.000001 } } } });
    const error = await failureOf(fx.gateway.embed({ model: 'dashscope/text-embedding-v4', input: ['word '.repeat(4000)] }));
    expect(error.kind).toBe('budget_exceeded');
    expect(embedCalls()).toHaveLength(0);
  });

  it('budgetStatus prices an embedding job before it runs, and refuses a chat model as one', async () => {
    fx = await startGatewayFixture({ file: { budgets: { dashscope: { monthlyUsd: 1 } } } });
    const status = await fx.gateway.budgetStatus({ estimate: { kind: 'embed', model: 'text-embedding-v4', inputTokens: 1_000_000 } });
    expect(status.estimate).toMatchObject({ provider: 'dashscope', model: 'text-embedding-v4', outputTokens: 0, total: { microUsd: 70_000 }, fits: true });
    const error = await failureOf(fx.gateway.budgetStatus({ estimate: { kind: 'embed', model: 'dashscope/qwen-plus', inputTokens: 10 } }));
    expect(error.kind).toBe('bad_request');
  });
});

describe('embed records on a Redis store', () => {
  it.skipIf(!hasRedisServer())('are kept with kind embed and counted in the budget', async () => {
    const redis = await startRedisServer();
    try {
      fx = await startGatewayFixture({ file: { budgets: { dashscope: { monthlyUsd: 5 } }, store: { url: redis.url, keyPrefix: 'embed:' } } });
      const result = await fx.gateway.embed({ model: 'dashscope/text-embedding-v4', input: texts(12) });
      const records = (await fx.gateway.recentRequests()).filter((r) => r.kind === 'embed');
      expect(records).toHaveLength(2);
      const status = await fx.gateway.budgetStatus({ provider: 'dashscope' });
      expect(status.providers.find((p) => p.provider === 'dashscope')?.spent.microUsd).toBe(result.costMicroUsd);
    } finally {
      await fx?.close();
      fx = undefined;
      await redis.stop();
    }
  });
});

describe('vectors of the wrong length', () => {
  it('are refused, charged and recorded as bad_response, when the catalog says another length', async () => {
    fx = await startGatewayFixture({ file: { models: [{ provider: 'dashscope', model: 'text-embedding-v4', embedding: { dimensions: 512 } }] } });
    const error = await failureOf(fx.gateway.embed({ model: 'dashscope/text-embedding-v4', input: 'hello there' }));
    expect(error.kind).toBe('bad_response');
    expect(error.message).toContain('1024 dimensions where 512 were expected');
    const records = await fx.gateway.recentRequests();
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toMatchObject({ kind: 'embed', outcome: 'bad_response' });
    expect(record?.inputTokens).toBeGreaterThan(0);
    expect(record?.costMicroUsd).toBeDefined();
  });
});

describe('names from users', () => {
  it('a model or tag named like an Object.prototype member is an ordinary name', async () => {
    fx = await startGatewayFixture({
      file: {
        models: [
          { provider: 'dashscope', model: '__proto__', embedding: { dimensions: 8 } },
          { provider: 'dashscope', model: 'constructor', embedding: { dimensions: 8 } },
        ],
      },
    });
    for (const model of ['__proto__', 'constructor', 'dashscope/toString']) {
      const error = await failureOf(fx.gateway.embed({ model, input: 'x', fallbacks: ['dashscope/constructor'] }));
      // The simulator serves none of them: an upstream 404 (then its cooldown), never a TypeError.
      expect(['not_found', 'bad_request', 'upstream_unavailable'], `${model}: ${error.message}`).toContain(error.kind);
      expect(error.message).not.toMatch(/TypeError|Cannot read/);
    }
    const tagged = await fx.gateway.embed({
      model: 'dashscope/text-embedding-v4',
      input: 'x',
      tags: { constructor: 'a', __proto__: 'b' } as Record<string, string>,
    });
    expect(tagged.embeddings).toHaveLength(1);
    const badTag = await failureOf(fx.gateway.embed({ model: 'dashscope/text-embedding-v4', input: 'x', tags: { 'Bad Name': 'v' } }));
    expect(badTag.kind).toBe('bad_request');
    expect(String(badTag.details?.field)).toContain('tags');
  });
});

describe('chat and embedding models apart', () => {
  it('a chat request naming an embedding model is refused before sending', async () => {
    fx = await startGatewayFixture();
    const error = await failureOf(fx.gateway.chat({ model: 'dashscope/text-embedding-v4', prompt: 'hi' }));
    expect(error.kind).toBe('bad_request');
    expect(error.message).toContain('an embedding model: call embed');
    expect(fx.sim.requests).toHaveLength(0);
  });
});
