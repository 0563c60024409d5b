/**
 * Validation on the admin page in a real browser (Debian's Chromium): a task
 * name and a target checked as typed with the name to use offered, Enter in
 * "add target", every problem of a refused save shown at once, a new task
 * kept across a reload, and an endpoint that a route still uses removed only
 * with that route's consent.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserTestsEnabled, type Page } from '../../../packages/mcp-server/src/admin/test-support/launch-chromium.js';
import { adminClient } from '../../../packages/mcp-server/src/admin/test-support/admin-client.js';
import { SIM_KEY, startAdminFixture, type AdminFixture } from '../../../packages/mcp-server/src/admin/test-support/start-admin-fixture.js';
import { openAdminPage, type AdminPage } from './open-admin-page.js';

describe.skipIf(!browserTestsEnabled())('admin page validation in Chromium', { timeout: 60_000 }, () => {
  let fx: AdminFixture;
  let admin: AdminPage | undefined;
  let page: Page;
  let pageErrors: string[] = [];

  const shot = async (name: string) => admin?.shot(name);
  const file = () => JSON.parse(readFileSync(fx.configFile, 'utf8')) as { routes?: Record<string, string[]>; endpoints?: unknown[] };
  const openRouting = async () => {
    await page.click('nav a[href="#/routing"]');
    await page.getByRole('heading', { level: 1, name: 'Routing' }).waitFor();
  };

  beforeAll(async () => {
    fx = await startAdminFixture({ file: { routing: { maxRetries: 0 } } });
    admin = await openAdminPage(fx);
    ({ page, pageErrors } = admin);
  });

  afterAll(async () => {
    await (admin ?? fx)?.close();
  });

  test('a task name with a space is explained as typed, the name to use offered; the new task survives a reload', async () => {
    await openRouting();
    await page.getByLabel('Add a task type').fill('Translate Text');
    const error = page.locator('[data-field="new-task"] .field-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('"Translate Text" is not a task name.');
    await page.getByRole('button', { name: 'Add task' }).click();
    expect(await page.locator('[data-task="Translate Text"]').count()).toBe(0);
    await shot('10-task-name-as-typed');

    await page.getByRole('button', { name: 'Use translate-text' }).click();
    expect(await page.getByLabel('Add a task type').inputValue()).toBe('translate-text');
    await error.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Add task' }).click();
    await page.locator('[data-task="translate-text"]').waitFor();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Routing' }).waitFor();
    await page.locator('[data-task="translate-text"]').waitFor();
  });

  test('a misspelled model is flagged as typed with the closest known one; Enter adds the target', async () => {
    const route = page.locator('[data-task="translate-text"]');
    const input = route.getByLabel('Add a target to translate-text');
    await input.fill('dashscope/qwen-plsu');
    const warning = route.getByText('Did you mean "dashscope/qwen-plus"?');
    await warning.waitFor();
    await shot('11-model-typo');
    await route.getByRole('button', { name: 'Use dashscope/qwen-plus' }).click();
    expect(await input.inputValue()).toBe('dashscope/qwen-plus');
    await warning.waitFor({ state: 'detached' });
    await input.press('Enter');
    await route.locator('li[data-target="dashscope/qwen-plus"]').waitFor();
    expect(await input.inputValue()).toBe('');

    await route.getByRole('button', { name: 'Save' }).click();
    await route.getByText('custom task').waitFor();
    await page.waitForFunction(
      () =>
        !(globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage
          .getItem('aegis-admin:routing-drafts')
          ?.includes('translate-text'),
    );
    expect(file().routes?.['translate-text']).toEqual(['dashscope/qwen-plus']);
  });

  test('a save with two bad targets shows both problems at once, each beside its target', async () => {
    const chat = page.locator('[data-task="chat"]');
    for (const target of ['nope', 'groq/x']) {
      await chat.getByLabel('Add a target to chat').fill(target);
      await chat.getByLabel('Add a target to chat').press('Enter');
    }
    const before = readFileSync(fx.configFile, 'utf8');
    await chat.getByRole('button', { name: 'Save' }).click();
    await chat.locator('li[data-target="nope"] .field-error').waitFor();
    expect(await chat.locator('li[data-target="nope"] .field-error').innerText()).toContain('is not a "provider/model" target');
    expect(await chat.locator('li[data-target="groq/x"] .field-error').innerText()).toContain('names an unknown provider "groq"');
    expect(await chat.innerText()).not.toContain('more problem');
    expect(readFileSync(fx.configFile, 'utf8')).toBe(before);
    await shot('12-all-problems');
    await chat.getByRole('button', { name: 'Undo changes' }).click();
  });

  test('removing an endpoint a route uses names the route and removes it from there only when asked', async () => {
    const client = adminClient(fx.origin);
    await client.login(fx.token);
    expect((await client.request('POST', '/endpoints', { name: 'groq', baseURL: fx.sim.baseURL, key: { set: SIM_KEY } })).status).toBe(201);
    expect((await client.request('PUT', '/routing/summarize', { chain: ['groq/llama', 'dashscope/qwen-flash'] })).status).toBe(200);

    await page.click('nav a[href="#/providers"]');
    await page.reload();
    const card = page.locator('[data-provider="groq"]');
    await card.waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: 'Remove' }).click();
    const alert = card.locator('.form-error');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('"groq" is still used by route "summarize".');
    expect(file().endpoints).toHaveLength(1);
    await shot('13-endpoint-in-use');

    await card.getByRole('button', { name: 'Remove from that route too, and the endpoint' }).click();
    await card.waitFor({ state: 'detached' });
    expect(file().endpoints).toBeUndefined();
    expect(file().routes?.summarize).toEqual(['dashscope/qwen-flash']);
    expect(pageErrors).toEqual([]);
  });

  test('a refused key shows one verdict: no green "reachable" badge beside "Connection failed"', async () => {
    const client = adminClient(fx.origin);
    await client.login(fx.token);
    expect((await client.request('POST', '/endpoints', { name: 'wrong-key', baseURL: fx.sim.baseURL, key: { set: 'not-the-key-0000' } })).status).toBe(201);
    await page.reload();
    const card = page.locator('[data-provider="wrong-key"]');
    await card.waitFor();
    await card.getByRole('button', { name: 'Test connection' }).click();
    await card.getByTestId('test-result').waitFor();
    expect(await card.getByTestId('test-result').innerText()).toContain('Connection failed');
    const badges = await card.locator('.card-head .badge').allInnerTexts();
    expect(badges).toContain('key refused');
    expect(badges).not.toContain('reachable');
    expect(await card.locator('.card-head .badge-ok', { hasText: 'reachable' }).count()).toBe(0);
  });
});
