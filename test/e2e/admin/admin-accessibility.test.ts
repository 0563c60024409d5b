/**
 * Accessibility of the admin page in Chromium: a route reordered, trimmed,
 * extended and saved with the keyboard alone (focus stays with the moved
 * target), buttons that name their target, the per-day chart's figures as a
 * table, and status badges at 4.5:1 contrast or better.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserTestsEnabled, type Page } from '../../../packages/mcp-server/src/admin/test-support/launch-chromium.js';
import { startAdminFixture, type AdminFixture } from '../../../packages/mcp-server/src/admin/test-support/start-admin-fixture.js';
import { openAdminPage, type AdminPage } from './open-admin-page.js';

/** The page's DOM as the callbacks use it (no DOM lib in this package). */
interface El {
  getAttribute(name: string): string | null;
  textContent: string | null;
}
interface Doc {
  activeElement: El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}
interface Win {
  document: Doc;
  getComputedStyle(el: El): { color: string; backgroundColor: string };
}

describe.skipIf(!browserTestsEnabled())('admin page accessibility in Chromium', { timeout: 60_000 }, () => {
  let fx: AdminFixture;
  let admin: AdminPage | undefined;
  let page: Page;
  let pageErrors: string[] = [];
  const focused = () =>
    page.evaluate(
      () =>
        (globalThis as unknown as Win).document.activeElement?.getAttribute('aria-label') ??
        (globalThis as unknown as Win).document.activeElement?.textContent ??
        '',
    );
  const order = () => page.locator('[data-task="chat"] li[data-target]').evaluateAll((items) => items.map((li) => li.getAttribute('data-target')));

  beforeAll(async () => {
    fx = await startAdminFixture({ file: { routing: { maxRetries: 0 } } });
    await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'x', maxTokens: 5 });
    admin = await openAdminPage(fx, { login: 'enter' });
    ({ page, pageErrors } = admin);
  });

  afterAll(async () => {
    await (admin ?? fx)?.close();
  });

  test('a route reordered, trimmed, extended and saved with the keyboard alone', async () => {
    await page.click('nav a[href="#/routing"]');
    await page.getByRole('heading', { level: 1, name: 'Routing' }).waitFor();
    expect(await order()).toEqual(['dashscope/qwen-plus', 'dashscope/qwen-flash', 'openai/gpt-4o-mini', 'ollama/qwen2.5:7b']);

    // Every button says what it acts on.
    const labels = await page.locator('[data-task="chat"] li[data-target] button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')));
    expect(labels).toContain('Move dashscope/qwen-plus down in chat');
    expect(labels).toContain('Remove ollama/qwen2.5:7b from chat');
    expect(labels.every((label) => label !== null && / (in|from) chat$/.test(label))).toBe(true);

    await page.getByRole('button', { name: 'Move dashscope/qwen-plus down in chat' }).focus();
    await page.keyboard.press('Enter');
    expect(await order()).toEqual(['dashscope/qwen-flash', 'dashscope/qwen-plus', 'openai/gpt-4o-mini', 'ollama/qwen2.5:7b']);
    expect(await focused()).toBe('Move dashscope/qwen-plus down in chat');
    await page.keyboard.press('Space');
    expect(await order()).toEqual(['dashscope/qwen-flash', 'openai/gpt-4o-mini', 'dashscope/qwen-plus', 'ollama/qwen2.5:7b']);
    expect(await focused()).toBe('Move dashscope/qwen-plus down in chat');

    // Remove the last target: the focus goes to "add a target", where Enter adds one.
    await page.keyboard.press('Tab'); // Remove dashscope/qwen-plus
    await page.keyboard.press('Tab'); // Move ollama up (its down is disabled)
    expect(await focused()).toBe('Move ollama/qwen2.5:7b up in chat');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Remove ollama/qwen2.5:7b from chat');
    await page.keyboard.press('Enter');
    expect(await order()).toEqual(['dashscope/qwen-flash', 'openai/gpt-4o-mini', 'dashscope/qwen-plus']);
    expect(await focused()).toBe('Add a target to chat');
    await page.keyboard.type('dashscope/qwen3-max');
    await page.keyboard.press('Enter');
    await page.locator('[data-task="chat"] li[data-target="dashscope/qwen3-max"]').waitFor();

    for (let i = 0; i < 6 && (await focused()) !== 'Save'; i += 1) await page.keyboard.press('Tab');
    expect(await focused()).toBe('Save');
    await page.keyboard.press('Enter');
    await page.locator('[data-task="chat"]').getByText('from config file').waitFor();
    const file = JSON.parse(readFileSync(fx.configFile, 'utf8')) as { routes: Record<string, string[]> };
    expect(file.routes.chat).toEqual(['dashscope/qwen-flash', 'openai/gpt-4o-mini', 'dashscope/qwen-plus', 'dashscope/qwen3-max']);
  });

  test('the per-day chart has its figures as a table', async () => {
    await page.click('nav a[href="#/dashboard"]');
    await page.getByRole('heading', { level: 1, name: 'Cost dashboard' }).waitFor();
    expect(await page.getByTestId('chart-daily').getAttribute('role')).toBe('img');
    expect(await page.getByTestId('chart-daily').getAttribute('aria-label')).toContain('The figures are in the table below.');
    await page.getByText('Per-day figures as a table').click();
    const table = page.getByTestId('table-daily');
    await table.waitFor();
    const days = await table.locator('tbody tr').count();
    expect(days).toBeGreaterThan(0);
    const today = table.locator('tbody tr').last();
    expect(await today.innerText()).toMatch(/\$0\.\d+\s+1$/);
  });

  test('status badges read at 4.5:1 or better', async () => {
    for (const hash of ['providers', 'routing']) {
      await page.click(`nav a[href="#/${hash}"]`);
      await page.locator('.badge').first().waitFor();
      const ratios = await page.evaluate(() => {
        const win = globalThis as unknown as Win;
        const rgb = (text: string) => (text.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
        const lum = ([r = 0, g = 0, b = 0]: number[]) => {
          const f = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        return Array.from(win.document.querySelectorAll('.badge')).map((badge) => {
          const style = win.getComputedStyle(badge);
          const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))].sort((x, y) => y - x);
          return { text: badge.textContent, ratio: ((a ?? 0) + 0.05) / ((b ?? 0) + 0.05) };
        });
      });
      expect(ratios.length, hash).toBeGreaterThan(0);
      for (const { text, ratio } of ratios) expect(ratio, `${hash}: ${text}`).toBeGreaterThanOrEqual(4.5);
    }
    expect(pageErrors).toEqual([]);
  });
});
