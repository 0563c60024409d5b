/**
 * Client keys end to end: `aegis-llm keys` (in-process) writes the key file,
 * the running endpoint reads it at the next request, the real openai SDK is
 * the client.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { captureIo } from '../test-support/capture-io.js';
import { SERVER_TOKEN, startOpenAiFixture, type OpenAiFixture } from '../test-support/openai-fixture.js';
import { CLIENT_KEYS_FILE } from './create-client-key-store.js';

async function failure(call: Promise<unknown>): Promise<APIError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('client keys', () => {
  let f: OpenAiFixture;
  const keys = async (argv: string[]) => {
    const io = captureIo({ AEGIS_LLM_HOME: f.home, HOME: f.home }, f.home);
    const code = await main(['keys', ...argv], io);
    return { code, out: io.out(), err: io.err() };
  };
  const chat = (apiKey: string, model: string) => f.client(apiKey).chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });

  beforeAll(async () => {
    f = await startOpenAiFixture();
  });
  afterAll(async () => f.close());

  it('creates a key shown once, stores only its hash, and the endpoint takes it at once', async () => {
    const created = await keys(['create', '--name', 'open-webui', '--json']);
    expect(created.code).toBe(0);
    const { id, secret } = JSON.parse(created.out) as { id: string; secret: string };
    expect(id).toMatch(/^k_[0-9a-f]{12}$/);
    expect(secret).toMatch(/^aegis-sk-/);
    const stored = readFileSync(join(f.home, CLIENT_KEYS_FILE), 'utf8');
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice(12));
    const listed = await keys(['list']);
    expect(listed.out).toContain(id);
    expect(listed.out).toContain('active');
    expect(listed.out).not.toContain(secret);

    const answer = await chat(secret, 'dashscope/qwen-plus');
    expect(answer.choices[0]?.message.content).toBeTruthy();
    // Spend is attributed to the key's id, never its secret.
    expect(f.requests.at(-1)?.tags).toEqual({ client_key: id });
    expect(JSON.stringify(f.requests.at(-1))).not.toContain(secret);
  });

  it('a key limited to some models is refused others (403) and sees only its own in /v1/models', async () => {
    const { out } = await keys(['create', '--name', 'flash-only', '--model', 'dashscope/qwen-flash', '--monthly-budget-usd', '2', '--json']);
    const { secret, monthlyBudgetUsd } = JSON.parse(out) as { secret: string; monthlyBudgetUsd: number };
    expect(monthlyBudgetUsd).toBe(2);
    const before = f.sim.requests.length;
    const refused = await failure(chat(secret, 'dashscope/qwen-plus'));
    expect(refused).toMatchObject({ status: 403, code: 'model_not_allowed', param: 'model' });
    // A task route keeps only the key's targets.
    expect((await chat(secret, 'aegis/chat')).model).toBe('dashscope/qwen-flash');
    expect((await chat(secret, 'dashscope/qwen-flash')).model).toBe('dashscope/qwen-flash');
    expect(f.sim.requests.length - before).toBe(2);
    const ids = [];
    for await (const model of f.client(secret).models.list()) ids.push(model.id);
    expect(ids.filter((m) => !m.startsWith('aegis/'))).toEqual(['dashscope/qwen-flash']);
  });

  it("a key's monthly budget is enforced: 402 budget_exceeded once its spend reaches it, other keys unaffected", async () => {
    // $0.0003: a few qwen-flash answers of the simulator, far below one worst case of qwen-plus.
    const { out } = await keys(['create', '--name', 'tiny', '--model', 'dashscope/qwen-flash', '--monthly-budget-usd', '0.0003', '--json']);
    const { id, secret } = JSON.parse(out) as { id: string; secret: string };
    const small = () =>
      f.client(secret).chat.completions.create({ model: 'dashscope/qwen-flash', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] });
    // Waves of 10 concurrent requests until the budget refuses: a served answer costs the
    // simulator's few tokens, far less than its reserved worst case, so how many waves it
    // takes depends on timing, not whether the refusal comes.
    let served = 0;
    const refused: APIError[] = [];
    for (let wave = 0; wave < 60 && refused.length === 0; wave += 1) {
      const outcomes = await Promise.allSettled(Array.from({ length: 10 }, small));
      served += outcomes.filter((o) => o.status === 'fulfilled').length;
      refused.push(...outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason as APIError));
    }
    expect(served).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const error of refused) {
      expect(error).toMatchObject({ status: 402, code: 'budget_exceeded' });
      expect(error.message).toContain(`tag client_key=${id}`);
    }
    const status = await f.gateway.budgetStatus();
    const budget = status.tagBudgets?.find((b) => b.tag === `client_key=${id}`);
    expect(budget).toMatchObject({ limit: { microUsd: 300 } });
    expect(budget!.spent.microUsd).toBeLessThanOrEqual(300);
    expect(budget!.spent.microUsd).toBeGreaterThan(0);
    // The admin token is not the key: it is not held to the key's budget.
    expect((await chat(SERVER_TOKEN, 'dashscope/qwen-flash')).choices[0]?.message.content).toBeTruthy();
    // Revoked, the key's budget is no longer declared.
    await keys(['revoke', id]);
    expect(f.keys.tagBudgets()[`client_key=${id}`]).toBeUndefined();
  });

  it('a key limited to a provider, and the server token still works as the admin key', async () => {
    const { out } = await keys(['create', '--name', 'ollama-only', '--provider', 'ollama', '--json']);
    const { secret } = JSON.parse(out) as { secret: string };
    expect(await failure(chat(secret, 'dashscope/qwen-plus'))).toMatchObject({ status: 403 });
    const admin = await chat(SERVER_TOKEN, 'dashscope/qwen-plus');
    expect(admin.model).toBe('dashscope/qwen-plus');
    expect(f.requests.at(-1)?.tags).toBeUndefined();
  });

  it('a revoked key is 401 from the next request on; another key keeps working', async () => {
    const a = JSON.parse((await keys(['create', '--name', 'a', '--json'])).out) as { id: string; secret: string };
    const b = JSON.parse((await keys(['create', '--name', 'b', '--json'])).out) as { id: string; secret: string };
    await chat(a.secret, 'dashscope/qwen-plus');
    const revoked = await keys(['revoke', a.id]);
    expect(revoked.code).toBe(0);
    const error = await failure(chat(a.secret, 'dashscope/qwen-plus'));
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect((await chat(b.secret, 'dashscope/qwen-plus')).choices).toHaveLength(1);
    expect((await keys(['list'])).out).toMatch(new RegExp(`${a.id}\\s+a\\s+revoked`));
    expect((await keys(['revoke', 'k_nope'])).code).toBe(1);
  });

  it('names what is wrong with a create', async () => {
    expect(await keys(['create'])).toMatchObject({ code: 2, err: expect.stringContaining('--name is required') });
    expect(await keys(['create', '--name', 'x', '--model', 'qwen-plus'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--model: must be provider/model'),
    });
    expect(await keys(['create', '--name', 'x', '--monthly-budget-usd', 'lots'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--monthly-budget-usd'),
    });
  });

  it('serve refuses to bind beyond loopback while no client key exists', async () => {
    const io = captureIo({ AEGIS_LLM_HOME: join(f.home, 'empty'), HOME: f.home, OLLAMA_BASE_URL: 'http://127.0.0.1:9/v1' }, f.home);
    const code = await main(['serve', '--host', '0.0.0.0', '--port', '0'], io);
    expect(code).toBe(1);
    expect(io.err()).toContain('needs client keys: create one first with "aegis-llm keys create');
  });
});
