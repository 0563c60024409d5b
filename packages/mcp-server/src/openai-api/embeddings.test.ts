/**
 * `POST /v1/embeddings` with the real `openai` SDK as its client and the
 * simulator (deterministic vectors) as the upstream: floats and base64 (the
 * SDK's default), model naming, dimensions, tags and client keys, headers,
 * and errors in OpenAI's shape.
 */
import { hashEmbedding } from '@aegis-llm/simulator';
import OpenAI, { APIError } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../test-support/raw-request.js';
import { SERVER_TOKEN, startOpenAiFixture, type OpenAiFixture } from '../test-support/openai-fixture.js';

async function failure(call: Promise<unknown>): Promise<APIError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const embedCalls = (f: OpenAiFixture) => f.sim.requests.filter((r) => r.path.endsWith('/embeddings'));

describe('POST /v1/embeddings', () => {
  let f: OpenAiFixture;
  let ai: OpenAI;
  beforeAll(async () => {
    f = await startOpenAiFixture({
      file: {
        routing: { maxRetries: 0, requestTimeoutMs: 1_500, cooldown: { failures: 1000 } },
        budgets: { openai: { monthlyUsd: 0.000001 } },
      },
      env: { OPENAI_API_KEY: 'sk-openai-sim-0123456789', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    });
    ai = f.client();
  });
  afterEach(() => f.sim.reset());
  afterAll(async () => f.close());

  it('answers floats in the OpenAI shape, in input order, with usage and the serving model in headers', async () => {
    const input = ['the first document', 'a second one', 'and a third'];
    const { data, response } = await ai.embeddings.create({ model: 'dashscope/text-embedding-v4', input, encoding_format: 'float' }).withResponse();
    expect(data.object).toBe('list');
    expect(data.model).toBe('dashscope/text-embedding-v4');
    expect(data.data.map((d) => [d.object, d.index])).toEqual([
      ['embedding', 0],
      ['embedding', 1],
      ['embedding', 2],
    ]);
    data.data.forEach((d, i) => expect(d.embedding).toEqual(hashEmbedding(input[i]!, 1024)));
    expect(data.usage.prompt_tokens).toBeGreaterThan(0);
    expect(data.usage.total_tokens).toBe(data.usage.prompt_tokens);
    const aegis = (data as unknown as { aegis: Record<string, unknown> }).aegis;
    expect(aegis).toMatchObject({
      provider: 'dashscope',
      model: 'text-embedding-v4',
      dimensions: 1024,
      fellBack: false,
      batches: 1,
      costMicroUsd: expect.any(Number),
    });
    expect(response.headers.get('x-aegis-provider')).toBe('dashscope');
    expect(response.headers.get('x-aegis-model')).toBe('dashscope/text-embedding-v4');
    expect(response.headers.get('x-aegis-fell-back')).toBe('false');
    expect(Number(response.headers.get('x-aegis-cost-micro-usd'))).toBe(aegis.costMicroUsd);
    const [record] = await f.gateway.recentRequests(1);
    expect(record).toMatchObject({
      kind: 'embed',
      provider: 'dashscope',
      model: 'text-embedding-v4',
      costMicroUsd: aegis.costMicroUsd,
      inputTokens: data.usage.prompt_tokens,
    });
  });

  it("serves base64 (the SDK's default encoding, decoded by the SDK) with the same float32 values", async () => {
    const text = 'vectors as base64';
    const answer = await ai.embeddings.create({ model: 'dashscope/text-embedding-v4', input: text });
    const expected = hashEmbedding(text, 1024);
    expect(answer.data[0]?.embedding).toHaveLength(1024);
    answer.data[0]?.embedding.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    // On the wire: OpenAI's base64 of little-endian float32.
    const raw = await rawRequest({
      port: Number(new URL(f.origin).port),
      path: '/v1/embeddings',
      headers: { authorization: `Bearer ${SERVER_TOKEN}`, 'content-type': 'application/json', host: new URL(f.origin).host },
      body: JSON.stringify({ model: 'dashscope/text-embedding-v4', input: text, encoding_format: 'base64' }),
    });
    const wire = (JSON.parse(raw.body) as { data: Array<{ embedding: string }> }).data[0]!.embedding;
    expect(typeof wire).toBe('string');
    const bytes = Buffer.from(wire, 'base64');
    expect(bytes.length).toBe(1024 * 4);
    expect(bytes.readFloatLE(4)).toBeCloseTo(expected[1]!, 6);
  });

  it('takes a bare id through the catalog and a dimensions the model offers', async () => {
    const answer = await ai.embeddings.create({ model: 'text-embedding-v4', input: 'short', dimensions: 256, encoding_format: 'float' });
    expect(answer.model).toBe('dashscope/text-embedding-v4');
    expect(answer.data[0]?.embedding).toEqual(hashEmbedding('short', 256));
    expect(embedCalls(f).at(-1)?.body).toMatchObject({ model: 'text-embedding-v4', dimensions: 256 });
  });

  it('tags the spend: x-aegis-tags and user as end_user, in the record and the per-tag sums', async () => {
    await ai.embeddings.create(
      { model: 'dashscope/text-embedding-v4', input: ['a', 'b'], user: 'reader-9', encoding_format: 'float' },
      { headers: { 'x-aegis-tags': 'workflow_name=ingest%2Cnightly,__proto__=p' } },
    );
    expect(f.embedRequests.at(-1)?.tags).toEqual(JSON.parse('{"workflow_name":"ingest,nightly","__proto__":"p","end_user":"reader-9"}'));
    const [record] = await f.gateway.recentRequests(1);
    expect(record?.tags).toEqual(JSON.parse('{"__proto__":"p","end_user":"reader-9","workflow_name":"ingest,nightly"}'));
    const status = await f.gateway.budgetStatus({ tag: 'workflow_name' });
    expect(status.tags).toEqual([expect.objectContaining({ name: 'workflow_name', value: 'ingest,nightly', requests: 1 })]);
  });

  it('falls back by x-aegis-fallbacks to a model of the same length, and says so', async () => {
    f.sim.script({ fault: { type: 'status', status: 500, code: 'InternalError', message: 'boom' } }, { model: 'text-embedding-v4' });
    const { data, response } = await ai.embeddings
      .create(
        { model: 'dashscope/text-embedding-v4', input: 'x', encoding_format: 'float' },
        { headers: { 'x-aegis-fallbacks': 'dashscope/text-embedding-v3' } },
      )
      .withResponse();
    expect(data.model).toBe('dashscope/text-embedding-v3');
    expect(response.headers.get('x-aegis-fell-back')).toBe('true');
    expect(response.headers.get('x-aegis-model')).toBe('dashscope/text-embedding-v3');
  });

  it('refuses bad input with 400 naming the parameter, sending nothing', async () => {
    const before = embedCalls(f).length;
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ model: 'dashscope/text-embedding-v4', input: '' }, 'input', /must not be empty/],
      [{ model: 'dashscope/text-embedding-v4', input: [] }, 'input', /at least one text/],
      [{ model: 'dashscope/text-embedding-v4', input: ['ok', ''] }, 'input[1]', /must not be empty/],
      [{ model: 'dashscope/text-embedding-v4', input: [101, 102] }, 'input', /token ids are not supported/],
      [{ model: 'dashscope/text-embedding-v4' }, 'input', /string or an array of strings/],
      [{ model: 'dashscope/text-embedding-v4', input: 'x', encoding_format: 'int8' }, 'encoding_format', /./],
      [{ model: 'dashscope/text-embedding-v4', input: 'x', dimensions: 100 }, 'dimensions', /64/],
      [{ model: 'dashscope/qwen-plus', input: 'x' }, 'model', /chat model, not an embedding model/],
      [{ model: 'aegis/chat', input: 'x' }, 'model', /Task routes/],
      [{ model: 'dashscope/text-embedding-v4', input: Array.from({ length: 2049 }, () => 'x') }, 'input', /more than 2048/],
    ];
    for (const [body, param, message] of cases) {
      const error = await failure(ai.embeddings.create(body as never));
      expect(error.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(error.type).toBe('invalid_request_error');
      expect(error.param, JSON.stringify(body).slice(0, 80)).toBe(param);
      expect(error.message).toMatch(message);
    }
    expect(embedCalls(f).length).toBe(before);
  });

  it('an unknown model is 404, a budget refusal 402 with Retry-After, a missing or wrong key 401', async () => {
    const unknown = await failure(ai.embeddings.create({ model: 'no-such-embedder', input: 'x' }));
    expect(unknown).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    // openai/text-embedding-3-small at $0.02/M: about 1,000 tokens reserve 20 micro-USD, over the 1 micro-USD limit.
    const budget = await failure(ai.embeddings.create({ model: 'openai/text-embedding-3-small', input: 'word '.repeat(800) }));
    expect(budget).toMatchObject({ status: 402, code: 'budget_exceeded', type: 'budget_exceeded' });
    expect(Number(budget.headers?.get('retry-after'))).toBeGreaterThan(0);
    expect(await failure(f.client('sk-nope').embeddings.create({ model: 'dashscope/text-embedding-v4', input: 'x' }))).toMatchObject({
      status: 401,
      code: 'invalid_api_key',
    });
    const tagged = await failure(
      ai.embeddings.create({ model: 'dashscope/text-embedding-v4', input: 'x' }, { headers: { 'x-aegis-tags': 'client_key=k_forged' } }),
    );
    expect(tagged).toMatchObject({ status: 400, param: 'x-aegis-tags' });
  });

  it("a client key's allowed models apply (403 otherwise) and its spend is tagged client_key=<id>", async () => {
    const embedOnly = await f.keys.create({ name: 'ingest', allowedModels: ['dashscope/text-embedding-v4'] });
    const chatOnly = await f.keys.create({ name: 'chat', allowedModels: ['dashscope/qwen-flash'] });
    const before = embedCalls(f).length;
    const refused = await failure(f.client(chatOnly.secret).embeddings.create({ model: 'dashscope/text-embedding-v4', input: 'x' }));
    expect(refused).toMatchObject({ status: 403, code: 'model_not_allowed', param: 'model' });
    // A fallback outside the key's models is not tried either.
    const fallback = await failure(
      f
        .client(chatOnly.secret)
        .embeddings.create({ model: 'dashscope/text-embedding-v4', input: 'x' }, { headers: { 'x-aegis-fallbacks': 'dashscope/text-embedding-v3' } }),
    );
    expect(fallback.status).toBe(403);
    expect(embedCalls(f).length).toBe(before);

    const answer = await f.client(embedOnly.secret).embeddings.create({ model: 'text-embedding-v4', input: 'allowed', encoding_format: 'float' });
    expect(answer.data[0]?.embedding).toEqual(hashEmbedding('allowed', 1024));
    const [record] = await f.gateway.recentRequests(1);
    expect(record?.tags).toEqual({ client_key: embedOnly.key.id });
    expect(JSON.stringify(record)).not.toContain(embedOnly.secret);
  });
});
