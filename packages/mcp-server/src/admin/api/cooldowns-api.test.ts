/** A model paused after failures, shown with its end time, and its pause ended from the page. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminClient, type AdminClient } from '../test-support/admin-client.js';
import { startAdminFixture, type AdminFixture } from '../test-support/start-admin-fixture.js';
import type { ApiError, ProvidersResponse } from './api-types.js';

const unavailable = { fault: { type: 'status' as const, status: 503, code: 'ModelUnavailable' } };

let fx: AdminFixture;
let client: AdminClient;
beforeAll(async () => {
  fx = await startAdminFixture({ file: { routing: { maxRetries: 0, cooldown: { failures: 2, durationMs: 600_000 } } } });
  client = adminClient(fx.origin);
  await client.login(fx.token);
});
afterAll(async () => fx.close());

describe('POST /providers/:id/cooldowns/clear', () => {
  test('ends the pause: the next request goes to the model again', async () => {
    fx.sim.script([unavailable, unavailable], { model: 'qwen-plus' });
    for (let i = 0; i < 2; i += 1) await expect(fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'x' })).rejects.toThrow();
    const before = (await client.request<ProvidersResponse>('GET', '/providers')).body.providers.find((p) => p.id === 'dashscope');
    const [paused] = before?.cooldowns ?? [];
    expect(paused).toMatchObject({ model: 'qwen-plus', state: 'open', failures: 2, lastError: 'upstream_unavailable' });
    expect(Date.parse(paused?.until ?? '')).toBeGreaterThan(Date.now() + 500_000);
    await expect(fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'x' })).rejects.toThrow(/cooldown/);

    const cleared = await client.request<ProvidersResponse>('POST', '/providers/dashscope/cooldowns/clear', { model: 'qwen-plus' });
    expect(cleared.status).toBe(200);
    expect(cleared.body.providers.find((p) => p.id === 'dashscope')?.cooldowns).toEqual([]);
    fx.sim.script({ text: 'back' }, { model: 'qwen-plus' });
    expect((await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'x' })).text).toBe('back');
  });

  test('a model without a pause is a 404; a bad body a 400; an unknown provider a 404', async () => {
    const none = await client.request<ApiError>('POST', '/providers/dashscope/cooldowns/clear', { model: 'qwen-flash' });
    expect(none.status).toBe(404);
    expect(none.body.error.message).toBe('"dashscope/qwen-flash" is not in a cooldown.');
    expect((await client.request('POST', '/providers/dashscope/cooldowns/clear', {})).status).toBe(400);
    expect((await client.request('POST', '/providers/__proto__/cooldowns/clear', { model: 'x' })).status).toBe(404);
  });
});
