import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ClientKeysResponse, CreatedClientKeyResponse } from './api-types.js';
import { CLIENT_KEYS_FILE, createClientKeyStore } from '../../client-keys/create-client-key-store.js';
import { adminClient, type AdminClient } from '../test-support/admin-client.js';
import { startAdminFixture, type AdminFixture } from '../test-support/start-admin-fixture.js';

let fx: AdminFixture;
let client: AdminClient;
beforeAll(async () => {
  fx = await startAdminFixture();
  client = adminClient(fx.origin);
  await client.login(fx.token);
});
afterAll(async () => fx.close());

test('creates a key whose secret is in the create answer only, lists it, revokes it', async () => {
  const created = await client.request<CreatedClientKeyResponse>('POST', '/keys', {
    name: 'webui',
    allowedModels: ['dashscope/qwen-flash'],
    monthlyBudgetUsd: 5,
  });
  expect(created.status).toBe(201);
  const { secret, created: key } = created.body;
  expect(secret).toMatch(/^aegis-sk-/);
  expect(key).toMatchObject({ name: 'webui', status: 'active', allowedModels: ['dashscope/qwen-flash'], monthlyBudgetUsd: 5 });
  expect(key).not.toHaveProperty('hash');
  // The key works for the store the endpoint reads, and the secret is kept nowhere.
  const store = createClientKeyStore(fx.gateway.config.home);
  expect(store.verify(secret)?.id).toBe(key.id);
  expect(readFileSync(join(fx.gateway.config.home, CLIENT_KEYS_FILE), 'utf8')).not.toContain(secret);

  const listed = await client.request<ClientKeysResponse>('GET', '/keys');
  expect(listed.body.keys.map((k) => k.id)).toContain(key.id);
  expect(listed.text).not.toContain(secret);
  expect(listed.body.keys.find((k) => k.id === key.id)?.hint).toBe(`${secret.slice(0, 13)}…`);

  const revoked = await client.request<ClientKeysResponse>('DELETE', `/keys/${key.id}`);
  expect(revoked.body.keys.find((k) => k.id === key.id)?.status).toBe('revoked');
  expect(store.verify(secret)).toBeUndefined();
  expect((await client.request('DELETE', '/keys/k_nope')).status).toBe(404);
});

test('names the field at fault, and needs the CSRF token', async () => {
  const bad = await client.request<{ error: { field: string } }>('POST', '/keys', { name: 'x', allowedModels: ['qwen-plus'] });
  expect(bad.status).toBe(400);
  expect(bad.body.error.field).toBe('allowedModels');
  expect((await client.request('POST', '/keys', { name: 'x' }, { csrf: false })).status).toBe(403);
});
