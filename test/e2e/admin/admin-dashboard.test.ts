/**
 * The dashboard an admin can act on, in Chromium: failures behind a
 * fallback counted against the model that failed, connection tests apart
 * from traffic, p50/p95 latency, a month-end forecast past the budget, and
 * every page at 390 px wide without horizontal scrolling.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserTestsEnabled, type Page } from '../../../packages/mcp-server/src/admin/test-support/launch-chromium.js';
import { startAdminFixture, type AdminFixture } from '../../../packages/mcp-server/src/admin/test-support/start-admin-fixture.js';
import { openAdminPage, type AdminPage } from './open-admin-page.js';

const serverError = { fault: { type: 'status' as const, status: 500, code: 'InternalError' } };

/** The page's DOM as the callbacks below use it (no DOM lib in this package). */
interface PageDocument {
  documentElement: { scrollWidth: number; clientWidth: number };
}

describe.skipIf(!browserTestsEnabled())('dashboard in Chromium', { timeout: 90_000 }, () => {
  let fx: AdminFixture;
  let admin: AdminPage | undefined;
  let page: Page;
  let pageErrors: string[] = [];
  const shot = async (name: string) => admin?.shot(name);

  beforeAll(async () => {
    // Half a day into this month: any spend projects far past a small budget, whatever today's date.
    const now = new Date();
    const base = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1, 12);
    const started = Date.now();
    fx = await startAdminFixture({
      file: {
        routing: { maxRetries: 2, baseBackoffMs: 5, maxBackoffMs: 20, cooldown: { failures: 20 } },
        budgets: { dashscope: { monthlyUsd: 0.05 } },
        timeZone: 'UTC',
      },
      gateway: { clock: { now: () => base + (Date.now() - started) } },
    });

    // Three HTTP 500s from qwen-plus, then qwen-flash serves.
    fx.sim.script([serverError, serverError, serverError], { model: 'qwen-plus' });
    fx.sim.script({ text: 'ok' }, { model: 'qwen-flash' });
    const served = await fx.gateway.chat({ model: 'dashscope/qwen-plus', fallbacks: ['dashscope/qwen-flash'], prompt: 'x', maxTokens: 20 });
    expect(served.model).toBe('qwen-flash');
    // $0.02 on qwen-plus: far past $0.05 by month end at this rate.
    fx.sim.script({ usage: { promptTokens: 50_000, completionTokens: 50 } }, { model: 'qwen-plus' });
    await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'x'.repeat(200_000), maxTokens: 50 });
    // A connection test: charged, but not traffic.
    fx.sim.script({ text: 'p', usage: { promptTokens: 5, completionTokens: 1 } });
    expect((await fx.gateway.testProvider('dashscope'))[0]?.modelAnswered).toBe(true);

    admin = await openAdminPage(fx);
    ({ page, pageErrors } = admin);
  });

  afterAll(async () => {
    await (admin ?? fx)?.close();
  });

  test('failed attempts in the failing model’s row, tests apart, p50/p95, and the forecast warning', async () => {
    await page.click('nav a[href="#/dashboard"]');
    await page.getByRole('heading', { level: 1, name: 'Cost dashboard' }).waitFor();
    const kpi = async (id: string) => (await page.getByTestId(id).innerText()).replace(/\s+/g, ' ');
    expect(await kpi('kpi-requests')).toContain('Requests 2');
    expect(await kpi('kpi-failed-attempts')).toContain('Failed attempts 3');
    expect(await kpi('kpi-errors')).toContain('Errors 0');
    expect(await kpi('kpi-latency')).toMatch(/Latency p50 \/ p95 \d+ ms \/ \d+ ms/);
    expect(await page.getByTestId('connection-tests').innerText()).toContain('Connection tests this month: 1');

    const row = (model: string) => page.getByTestId('table-models').locator('tr', { hasText: `dashscope/${model}` });
    expect(await row('qwen-plus').locator('[data-col="failed-attempts"]').innerText()).toBe('3');
    expect(await row('qwen-flash').locator('[data-col="failed-attempts"]').innerText()).toBe('0');

    const months = page.getByTestId('table-months').locator('tbody tr');
    expect(await months.count()).toBe(1);
    expect(await months.first().innerText()).toMatch(/^\d{4}-\d{2}\s+\$0\.0200\d+\s+2\s+0\s+3\s+dashscope/);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      months
        .first()
        .getByRole('link', { name: /Download .* as CSV/ })
        .click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^aegis-llm-usage-\d{4}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(
      csv
        .split('\r\n')
        .find((line) => line.includes(',dashscope,qwen-plus,'))
        ?.split(',')[7],
    ).toBe('3');

    const forecast = page.getByTestId('forecast-dashscope');
    expect(await forecast.innerText()).toMatch(/dashscope is on course to spend \$[\d.]+ by month end, [\d.]+% of its \$0\.05 budget/);

    // The test's record is listed only when asked for.
    const kinds = async () => page.locator('[data-testid="recent"] tbody tr').count();
    const allRows = await kinds();
    await page.getByTestId('recent-kind').selectOption('test');
    await page.waitForFunction(
      (before) =>
        (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll(
          '[data-testid="recent"] tbody tr',
        ).length !== before,
      allRows,
    );
    expect(await kinds()).toBe(1);
    await page.getByTestId('recent-kind').selectOption('all');
    await shot('30-dashboard-failures-behind-fallbacks');
  });

  test('at 390 px every page fits the screen: no horizontal scroll, every tab and Log out on screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [hash, heading] of [
      ['dashboard', 'Cost dashboard'],
      ['providers', 'Providers'],
      ['routing', 'Routing'],
      ['budgets', 'Budgets'],
      ['keys', 'Client keys'],
    ] as const) {
      await page.click(`nav a[href="#/${hash}"]`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      const width = await page.evaluate(() => {
        const { documentElement } = (globalThis as unknown as { document: PageDocument }).document;
        return { scroll: documentElement.scrollWidth, client: documentElement.clientWidth };
      });
      expect(width.scroll, hash).toBeLessThanOrEqual(width.client);
      for (const locator of [page.locator('nav a[href="#/dashboard"]'), page.getByRole('button', { name: 'Log out' })]) {
        const box = await locator.boundingBox();
        expect(box, hash).not.toBeNull();
        expect((box?.x ?? 0) + (box?.width ?? 0), hash).toBeLessThanOrEqual(390);
      }
      await shot(`31-phone-${hash}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(pageErrors).toEqual([]);
  });
});
