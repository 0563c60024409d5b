/**
 * A model paused after failures, on the providers page in Chromium: said in
 * words with its end time (not "open"/"half-open"), and ended with a button.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserTestsEnabled, type Page } from '../../../packages/mcp-server/src/admin/test-support/launch-chromium.js';
import { startAdminFixture, type AdminFixture } from '../../../packages/mcp-server/src/admin/test-support/start-admin-fixture.js';
import { ARTIFACTS, openAdminPage, type AdminPage } from './open-admin-page.js';

const unavailable = { fault: { type: 'status' as const, status: 503, code: 'ModelUnavailable' } };

describe.skipIf(!browserTestsEnabled())('cooldowns on the providers page (Chromium)', { timeout: 60_000 }, () => {
  let fx: AdminFixture;
  let admin: AdminPage | undefined;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    fx = await startAdminFixture({ file: { routing: { maxRetries: 0, cooldown: { failures: 2, durationMs: 600_000 } } } });
    fx.sim.script([unavailable, unavailable], { model: 'qwen-plus' });
    for (let i = 0; i < 2; i += 1) await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'x' }).catch(() => undefined);
    admin = await openAdminPage(fx);
    ({ page, pageErrors } = admin);
  });

  afterAll(async () => {
    await (admin ?? fx)?.close();
  });

  test('the pause is said with its end time, and "End pause" sends the next request to the model', async () => {
    const card = page.locator('[data-provider="dashscope"]');
    const item = card.locator('[data-testid="cooldowns"] li[data-model="qwen-plus"]');
    await item.waitFor();
    const text = await item.innerText();
    expect(text).toMatch(/qwen-plus paused until \d{1,2}:\d{2}:\d{2}/);
    expect(text).toContain('after 2 failures (last: upstream_unavailable)');
    expect(await card.innerText()).not.toMatch(/\bhalf-open\b|: open\b/);
    expect(await card.locator('.card-head').innerText()).toContain('1 model paused');
    await page.screenshot({ path: path.join(ARTIFACTS, '40-cooldown.png'), fullPage: true });

    await card.getByRole('button', { name: 'End the pause of qwen-plus' }).click();
    await item.waitFor({ state: 'detached' });
    fx.sim.script({ text: 'back' }, { model: 'qwen-plus' });
    expect((await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'x' })).text).toBe('back');
    expect(pageErrors).toEqual([]);
  });
});
