import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from './server.ts';
import { openaiFor } from './test-client.ts';
import type { Simulator } from './types.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ apiKey: 'sk-test' });
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const cosine = (a: readonly number[], b: readonly number[]): number => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);

const post = (path: string, body: unknown) =>
  fetch(`${sim.origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
    body: JSON.stringify(body),
  });

describe('POST /embeddings', () => {
  it('answers the openai SDK with unit vectors in input order, usage and the default dimensions', async () => {
    const client = openaiFor(sim);
    const answer = await client.embeddings.create({ model: 'text-embedding-v4', input: ['red apples', 'blue sky'], encoding_format: 'float' });
    expect(answer.data.map((d) => d.index)).toEqual([0, 1]);
    expect(answer.data[0]?.embedding).toHaveLength(1024);
    expect(cosine(answer.data[0]!.embedding, answer.data[0]!.embedding)).toBeCloseTo(1, 6);
    expect(answer.usage).toEqual({ prompt_tokens: 3 + 2, total_tokens: 5 });
  });

  it('gives the same text the same vector, and texts sharing words closer vectors', async () => {
    const client = openaiFor(sim);
    const { data } = await client.embeddings.create({
      model: 'text-embedding-v4',
      input: ['the cat sat on the mat', 'the cat sat on the mat', 'a cat on a mat', 'quarterly tax filing deadline'],
      encoding_format: 'float',
    });
    const [a, same, near, far] = data.map((d) => d.embedding);
    expect(same).toEqual(a);
    expect(cosine(a!, near!)).toBeGreaterThan(cosine(a!, far!) + 0.3);
  });

  it('decodes as the SDK expects when it asks for base64 (its default)', async () => {
    const client = openaiFor(sim);
    const answer = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hello world', dimensions: 256 });
    expect(answer.data[0]?.embedding).toHaveLength(256);
    expect(sim.requests.at(-1)?.body?.encoding_format).toBe('base64');
    expect(cosine(answer.data[0]!.embedding, answer.data[0]!.embedding)).toBeCloseTo(1, 5);
  });

  it('serves the DashScope compatible-mode path too, with dimensions', async () => {
    const response = await post('/compatible-mode/v1/embeddings', { model: 'text-embedding-v4', input: 'hi there', dimensions: 64 });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: Array<{ embedding: number[] }> };
    expect(body.data[0]?.embedding).toHaveLength(64);
  });

  it("refuses more than 10 inputs with DashScope's batch-size error, using no scenario", async () => {
    sim.script({ fault: { type: 'status', status: 500 } });
    const response = await post('/v1/embeddings', { model: 'text-embedding-v4', input: Array.from({ length: 11 }, (_, i) => `text ${i}`) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('InvalidParameter');
    expect(body.error.message).toContain('batch size is invalid, it should not be larger than 10.');
    expect(sim.pending()).toBe(1);
  });

  it('refuses a dimension the model does not offer, an empty input, a chat model and an unknown one', async () => {
    const dims = await post('/v1/embeddings', { model: 'text-embedding-v4', input: 'x', dimensions: 100 });
    expect(dims.status).toBe(400);
    expect(await dims.text()).toContain('dimensions must be one of 2048');
    expect((await post('/v1/embeddings', { model: 'text-embedding-v4', input: [] })).status).toBe(400);
    expect((await post('/v1/embeddings', { model: 'text-embedding-v4', input: '' })).status).toBe(400);
    const chat = await post('/v1/embeddings', { model: 'qwen-plus', input: 'x' });
    expect(chat.status).toBe(400);
    expect(await chat.text()).toContain('does not support embeddings');
    expect((await post('/v1/embeddings', { model: 'nope', input: 'x' })).status).toBe(404);
  });

  it('refuses an input over the token limit', async () => {
    const response = await post('/v1/embeddings', { model: 'text-embedding-v4', input: 'x'.repeat(4 * 8192 + 4) });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Range of input length should be [1, 8192]');
  });

  it('plays scripted faults and usage for embedding models', async () => {
    sim.script([{ fault: { type: 'status', status: 429, code: 'Throttling.RateQuota' } }, { usage: 'absent' }], { model: 'text-embedding-v4' });
    expect((await post('/v1/embeddings', { model: 'text-embedding-v4', input: 'a' })).status).toBe(429);
    const body = (await (await post('/v1/embeddings', { model: 'text-embedding-v4', input: 'a' })).json()) as Record<string, unknown>;
    expect(body.usage).toBeUndefined();
    expect(sim.pending()).toBe(0);
  });
});
