import { AuthenticationError, BadRequestError, NotFoundError } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dashscopeErrors } from './dashscope-errors.ts';
import { DEFAULT_MODELS } from './default-models.ts';
import { startSimulator } from './server.ts';
import { openaiFor, postChat, user } from './test-client.ts';
import type { Simulator } from './types.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ apiKey: 'sk-good' });
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const good = { authorization: 'Bearer sk-good' };

describe('auth', () => {
  it('answers a wrong or missing key with DashScope 401 before anything else', async () => {
    for (const headers of [{ authorization: 'Bearer sk-bad' }, { authorization: '' }]) {
      const response = await postChat(sim, { model: 'no-such-model' }, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: { message: 'Incorrect API key provided. ', type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
        request_id: response.headers.get('x-request-id'),
      });
    }
    const models = await fetch(`${sim.baseURL}/models`);
    expect(models.status).toBe(401);
  });

  it('lets the right key through, and the SDK sees AuthenticationError otherwise', async () => {
    const ok = await openaiFor(sim, { apiKey: 'sk-good' }).chat.completions.create({ model: 'qwen-plus', messages: user('a') });
    expect(ok.choices).toHaveLength(1);
    await expect(openaiFor(sim, { apiKey: 'sk-bad' }).chat.completions.create({ model: 'qwen-plus', messages: user('a') })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it('does not consume a scripted scenario for a rejected request', async () => {
    sim.script({ text: 'kept' });
    await postChat(sim, { model: 'qwen-plus', messages: user('a') }, { headers: { authorization: 'Bearer sk-bad' } });
    expect(sim.pending()).toBe(1);
    expect(sim.requests[0]?.scenario).toBeUndefined();
  });
});

describe('request rules', () => {
  it('answers an unknown (or differently cased) model with 404 model_not_found', async () => {
    const error = await openaiFor(sim, { apiKey: 'sk-good' })
      .chat.completions.create({ model: 'Qwen-Plus', messages: user('a') })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe('model_not_found');
    expect((error as NotFoundError).message).toBe('404 The model `Qwen-Plus` does not exist or you do not have access to it.');
  });

  it('rejects a non-stream call to a streaming-only model', async () => {
    const response = await postChat(sim, { model: 'qwq-plus', messages: user('a') }, { headers: good });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 'invalid_parameter_error', message: 'This model only support stream mode, please enable the stream parameter.' },
    });
    const streamed = await postChat(sim, { model: 'qwq-plus', messages: user('a'), stream: true }, { headers: good });
    expect(streamed.status).toBe(200);
  });

  it('rejects enable_thinking on a non-stream call, as DashScope does', async () => {
    const thinking = { enable_thinking: true };
    const error = await openaiFor(sim, { apiKey: 'sk-good' })
      .chat.completions.create({ model: 'qwen-plus', messages: user('a'), ...thinking })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).code).toBe('invalid_parameter_error');
    expect((error as BadRequestError).message).toContain('parameter.enable_thinking must be set to false for non-streaming calls');
    const off = await postChat(sim, { model: 'qwen-plus', messages: user('a'), enable_thinking: false }, { headers: good });
    expect(off.status).toBe(200);
  });

  it('rejects a body that is not JSON, or has no messages, with 400', async () => {
    const notJson = await fetch(`${sim.baseURL}/chat/completions`, { method: 'POST', headers: good, body: '{oops' });
    expect(notJson.status).toBe(400);
    const noMessages = await postChat(sim, { model: 'qwen-plus', messages: [] }, { headers: good });
    expect(noMessages.status).toBe(400);
  });

  it('answers unknown paths with 404 and no body, like a wrong DashScope base URL', async () => {
    const response = await fetch(`${sim.origin}/api/v1/chat/completions`, { method: 'POST', headers: good, body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
    expect(sim.requests[0]?.path).toBe('/api/v1/chat/completions');
  });
});

describe('models', () => {
  it('lists the default DashScope models', async () => {
    const page = await openaiFor(sim, { apiKey: 'sk-good' }).models.list();
    const ids = page.data.map((model) => model.id);
    expect(ids).toEqual([...DEFAULT_MODELS]);
    for (const id of ['qwen-turbo', 'qwen-plus', 'qwen-max', 'qwen-vl-plus', 'qwq-plus', 'qwen3-max', 'qwen-flash']) expect(ids).toContain(id);
    expect(page.data[0]).toMatchObject({ object: 'model', owned_by: 'system' });
  });

  it('retrieves one model, 404 for others', async () => {
    const client = openaiFor(sim, { apiKey: 'sk-good' });
    expect((await client.models.retrieve('qwen-max')).id).toBe('qwen-max');
    await expect(client.models.retrieve('gpt-4o')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('serves a custom list and only those models', async () => {
    const custom = await startSimulator({ models: ['llama3.2'], streamingOnly: [] });
    try {
      const client = openaiFor(custom);
      expect((await client.models.list()).data.map((model) => model.id)).toEqual(['llama3.2']);
      await expect(client.chat.completions.create({ model: 'qwen-plus', messages: user('a') })).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await custom.close();
    }
  });

  it('takes scripted faults on the models route', async () => {
    sim.script({ fault: dashscopeErrors.modelUnavailable, latencyMs: 20 }, { route: 'models' });
    const failed = await fetch(`${sim.baseURL}/models`, { headers: good });
    expect(failed.status).toBe(503);
    const ok = await fetch(`${sim.baseURL}/models`, { headers: good });
    expect(ok.status).toBe(200);
  });
});
