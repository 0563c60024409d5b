/**
 * A hand edit of the config file while the admin page is open (Chromium):
 * the page says the file changed on disk, refuses to save over it, and
 * after Reload shows the edit and saves on top of it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserTestsEnabled, type Page } from '../../../packages/mcp-server/src/admin/test-support/launch-chromium.js';
import { startAdminFixture, type AdminFixture } from '../../../packages/mcp-server/src/admin/test-support/start-admin-fixture.js';
import { ARTIFACTS, openAdminPage, type AdminPage } from './open-admin-page.js';

describe.skipIf(!browserTestsEnabled())('a hand edit of the config file, then a page save (Chromium)', { timeout: 60_000 }, () => {
  let fx: AdminFixture;
  let admin: AdminPage | undefined;
  let page: Page;
  let pageErrors: string[] = [];
  const file = () => JSON.parse(readFileSync(fx.configFile, 'utf8')) as { timeZone?: string; routes?: Record<string, string[]> };

  beforeAll(async () => {
    fx = await startAdminFixture({ file: { routing: { maxRetries: 0 }, timeZone: 'UTC' } });
    admin = await openAdminPage(fx);
    ({ page, pageErrors } = admin);
    await page.click('nav a[href="#/routing"]');
    await page.getByRole('heading', { level: 1, name: 'Routing' }).waitFor();
  });

  afterAll(async () => {
    await (admin ?? fx)?.close();
  });

  test('the banner shows, the save is refused, Reload shows the edit, and the next save keeps it', async () => {
    const chat = page.locator('[data-task="chat"]');
    await chat.getByLabel('Add a target to chat').fill('dashscope/qwen-flash');
    await chat.getByLabel('Add a target to chat').press('Enter');

    // Meanwhile, by hand: another time zone and a new route.
    const edited = { ...file(), timeZone: 'Asia/Shanghai', routes: { 'by-hand': ['dashscope/qwen-plus'] } };
    writeFileSync(fx.configFile, `${JSON.stringify(edited, null, 2)}\n`);
    const banner = page.getByTestId('config-changed');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('The config file changed on disk.');
    expect(fx.gateway.config.timeZone).toBe('Asia/Shanghai');

    await chat.getByRole('button', { name: 'Save' }).click();
    await chat.locator('.form-error').waitFor();
    expect(await chat.locator('.form-error').innerText()).toContain('changed on disk since this page read it');
    expect(file()).toEqual(edited);
    await page.screenshot({ path: path.join(ARTIFACTS, '20-config-changed-on-disk.png'), fullPage: true });

    await banner.getByRole('button', { name: 'Reload' }).click();
    await page.locator('[data-task="by-hand"]').waitFor();
    await banner.waitFor({ state: 'detached' });

    const fresh = page.locator('[data-task="chat"]');
    await fresh.getByLabel('Add a target to chat').fill('dashscope/qwen-flash');
    await fresh.getByLabel('Add a target to chat').press('Enter');
    await fresh.getByRole('button', { name: 'Save' }).click();
    await fresh.getByText('from config file').waitFor();
    expect(file()).toMatchObject({
      timeZone: 'Asia/Shanghai',
      routes: { 'by-hand': ['dashscope/qwen-plus'], chat: expect.arrayContaining(['dashscope/qwen-flash']) },
    });
    expect(await page.getByTestId('config-changed').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
