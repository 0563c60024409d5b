/**
 * Hand edits of the config file while the server runs: applied as they
 * happen (or reported when invalid), and never saved over by a page that
 * has not shown them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminClient, type AdminClient } from '../test-support/admin-client.js';
import { startAdminFixture, type AdminFixture } from '../test-support/start-admin-fixture.js';
import type { ApiError, ConfigStatusResponse, RoutingResponse } from './api-types.js';
import { CONFIG_VERSION_HEADER } from './config-routes.js';

let fx: AdminFixture;
let client: AdminClient;
beforeAll(async () => {
  fx = await startAdminFixture({ file: { routing: { maxRetries: 0 }, timeZone: 'UTC' } });
  client = adminClient(fx.origin);
  await client.login(fx.token);
});
afterAll(async () => fx.close());

const status = async () => (await client.request<ConfigStatusResponse>('GET', '/config/status')).body;
const handEdit = (change: (file: Record<string, unknown>) => void) => {
  const file = JSON.parse(readFileSync(fx.configFile, 'utf8')) as Record<string, unknown>;
  change(file);
  writeFileSync(fx.configFile, `${JSON.stringify(file, null, 2)}\n`);
};
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const seenVersion = async () => {
  const view = await client.request<RoutingResponse>('GET', '/routing');
  const version = view.headers.get(CONFIG_VERSION_HEADER);
  expect(version).toMatch(/^[\w-]{10,}$/);
  return version ?? '';
};

describe('hand edits of the config file', () => {
  test('a valid hand edit is applied at once, and reported as applied', async () => {
    const before = await seenVersion();
    handEdit((file) => (file.timeZone = 'Asia/Shanghai'));
    await until(() => fx.gateway.config.timeZone === 'Asia/Shanghai', 'the hand edit to be applied');
    const now = await status();
    expect(now.version).not.toBe(before);
    expect(now.lastDiskChange).toMatchObject({ applied: true, version: now.version });
    expect(await seenVersion()).toBe(now.version);
  });

  test('an edit from a page that has not seen the hand edit is refused, and the hand edit stays', async () => {
    const seen = await seenVersion();
    handEdit((file) => (file.timeZone = 'Europe/Berlin'));
    await until(() => fx.gateway.config.timeZone === 'Europe/Berlin', 'the second hand edit');
    const onDisk = readFileSync(fx.configFile, 'utf8');
    const refused = await client.request<ApiError>('PUT', '/routing/chat', { chain: ['dashscope/qwen-flash'] }, { headers: { [CONFIG_VERSION_HEADER]: seen } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.kind).toBe('config_changed');
    expect(refused.body.error.message).toContain('changed on disk since this page read it. Nothing was saved');
    expect(readFileSync(fx.configFile, 'utf8')).toBe(onDisk);

    // With the version the page now shows, the same edit goes through and answers with the new version.
    const current = await seenVersion();
    const saved = await client.request<RoutingResponse>(
      'PUT',
      '/routing/chat',
      { chain: ['dashscope/qwen-flash'] },
      { headers: { [CONFIG_VERSION_HEADER]: current } },
    );
    expect(saved.status).toBe(200);
    const written = JSON.parse(readFileSync(fx.configFile, 'utf8')) as { timeZone: string; routes: Record<string, string[]> };
    expect(written).toMatchObject({ timeZone: 'Europe/Berlin', routes: { chat: ['dashscope/qwen-flash'] } });
    expect(saved.headers.get(CONFIG_VERSION_HEADER)).not.toBe(current);
    // The page's own write is not a change on disk to report.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await status()).version).toBe(saved.headers.get(CONFIG_VERSION_HEADER));
    expect((await status()).lastDiskChange?.version).not.toBe(saved.headers.get(CONFIG_VERSION_HEADER));
  });

  test('an invalid hand edit keeps the running configuration, says why, and a save does not overwrite it', async () => {
    handEdit((file) => (file.timeZone = 'Mars/Olympus'));
    await until(async () => (await status()).lastDiskChange?.applied === false, 'the invalid edit to be reported');
    expect((await status()).lastDiskChange?.problem).toContain('timeZone: "Mars/Olympus" is not an IANA time zone.');
    expect(fx.gateway.config.timeZone).toBe('Europe/Berlin');
    const onDisk = readFileSync(fx.configFile, 'utf8');
    const save = await client.request<ApiError>(
      'PUT',
      '/routing/summarize',
      { chain: ['dashscope/qwen-plus'] },
      { headers: { [CONFIG_VERSION_HEADER]: (await status()).version } },
    );
    expect(save.status).toBe(422);
    expect(save.body.error.message).toContain('Mars/Olympus');
    expect(readFileSync(fx.configFile, 'utf8')).toBe(onDisk);

    writeFileSync(fx.configFile, '{ "timeZone": "UTC", ');
    await until(async () => (await status()).lastDiskChange?.problem?.includes('is not valid JSON') === true, 'the broken file to be reported');
    expect(fx.gateway.config.timeZone).toBe('Europe/Berlin');
  });

  test('connection tests, logins and checks are not config edits: a stale version does not refuse them', async () => {
    const check = await client.request('POST', '/routing/check', { chain: ['dashscope/qwen-plus'] }, { headers: { [CONFIG_VERSION_HEADER]: 'stale' } });
    expect(check.status).toBe(200);
    const test = await client.request('POST', '/providers/dashscope/test', undefined, { headers: { [CONFIG_VERSION_HEADER]: 'stale' } });
    expect(test.status).toBe(200);
  });
});
