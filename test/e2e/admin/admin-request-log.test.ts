/**
 * The dashboard over days an admin picks, the request log searched and
 * paged, and failures by kind per failing model, in Chromium, from real
 * requests to the simulator over three days.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserTestsEnabled, type Page } from '../../../packages/mcp-server/src/admin/test-support/launch-chromium.js';
import { dayBack, seedFixtureOptions, seedRequestLog, shiftedClock } from '../../../packages/mcp-server/src/admin/test-support/seed-request-log.js';
import { SIM_KEY, startAdminFixture, type AdminFixture } from '../../../packages/mcp-server/src/admin/test-support/start-admin-fixture.js';
import { openAdminPage, type AdminPage } from './open-admin-page.js';

/** Seeded: 2 requests three days ago, 2 yesterday, 2 failures and 30 answers today. */
const BULK = 30;
const SEEDED: Array<[number, number]> = [
  [3, 2],
  [1, 2],
  [0, 2 + BULK],
];

describe.skipIf(!browserTestsEnabled())('date range, request log and errors by kind (Chromium)', { timeout: 90_000 }, () => {
  let fx: AdminFixture;
  let admin: AdminPage | undefined;
  let page: Page;
  let pageErrors: string[] = [];
  const kpi = async (id: string) => (await page.getByTestId(id).innerText()).replace(/\s+/g, ' ');
  const errorRow = (model: string) => page.getByTestId('table-errors').locator(`tr[data-model="dashscope/${model}"]`);
  const log = () => page.getByTestId('request-log');
  const summary = async () => (await log().getByTestId('log-summary').innerText()).trim();

  beforeAll(async () => {
    const clock = shiftedClock();
    fx = await startAdminFixture(seedFixtureOptions(clock));
    await seedRequestLog(fx, clock, BULK);
    admin = await openAdminPage(fx);
    ({ page, pageErrors } = admin);
    await admin.open('dashboard', 'Cost dashboard');
  });

  afterAll(async () => {
    await (admin ?? fx)?.close();
  });

  test('a range of days: its figures, per-day table and errors; a bad range said beside the field; back to the month', async () => {
    const range = page.getByTestId('range-form');
    await range.getByLabel('From').fill(dayBack(3));
    await range.getByLabel('To').fill(dayBack(1));
    await range.getByRole('button', { name: 'Show these days' }).click();
    await page
      .getByTestId('kpi-requests')
      .filter({ hasText: /Requests\s*4$/ })
      .waitFor();
    expect(await kpi('kpi-spend')).toContain(`Spend ${dayBack(3)} to ${dayBack(1)}`);
    expect(await kpi('kpi-failed-attempts')).toContain('Failed attempts 2');
    const days = await page.getByTestId('table-daily').locator('tbody th').allTextContents();
    expect(days).toEqual([dayBack(3), dayBack(2), dayBack(1)]);
    expect(await page.getByTestId('table-daily').locator('tbody tr').nth(1).textContent()).toMatch(/0$/);
    expect(await errorRow('qwen-plus').innerText()).toMatch(/upstream unavailable\s*1/);
    expect(await errorRow('qwen-flash').innerText()).toMatch(/rate limited\s*1/);
    expect(await errorRow('qwen-max').count()).toBe(0);
    await admin?.shot('50-dashboard-range');

    // The range as a CSV download: the same four requests, labelled with the range.
    const [download] = await Promise.all([page.waitForEvent('download'), range.getByTestId('range-csv').click()]);
    expect(download.suggestedFilename()).toBe(`aegis-llm-usage-${dayBack(3)}_to_${dayBack(1)}.csv`);
    const rows = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\r\n')
      .slice(1);
    expect(rows.every((row) => row.startsWith(`${dayBack(3)}/${dayBack(1)},`))).toBe(true);
    expect(rows.reduce((sum, row) => sum + Number(row.split(',')[5]), 0)).toBe(4);

    // To before From: refused beside the field, the figures stay.
    await range.getByLabel('From').fill(dayBack(0));
    await range.getByRole('button', { name: 'Show these days' }).click();
    const error = range.locator('#range-error');
    await error.waitFor();
    expect(await error.innerText()).toContain(`from: ${dayBack(0)} is after to (${dayBack(1)})`);
    expect(await range.getByLabel('From').getAttribute('aria-invalid')).toBe('true');
    expect(await kpi('kpi-requests')).toContain('Requests 4');

    await range.getByRole('button', { name: 'This month' }).click();
    await error.waitFor({ state: 'detached' });
    expect(await range.getByLabel('To').inputValue()).toBe(dayBack(0));
    const month = (await page.getByTestId('updated').innerText()).slice(0, 7);
    const inMonth = SEEDED.filter(([back]) => dayBack(back).startsWith(month)).reduce((sum, [, n]) => sum + n, 0);
    await page
      .getByTestId('kpi-requests')
      .filter({ hasText: new RegExp(`Requests\\s*${inMonth}$`) })
      .waitFor();
    expect(await kpi('kpi-spend')).toContain('Spend this month');
    // Today's failures: the budget refusal and the timeout, each against its own model.
    expect(await errorRow('qwen-max').innerText()).toMatch(/budget exceeded\s*1/);
    expect(await errorRow('qwen-turbo').innerText()).toMatch(/timeout\s*1/);
    expect(pageErrors).toEqual([]);
  });

  test('the request log: pages of 25, searched by outcome, tag and text, within the days shown', async () => {
    await log().getByTestId('log-summary').waitFor();
    const total = SEEDED.reduce((sum, [, n]) => sum + n, 0);
    expect(await summary()).toContain(`Requests 1–25 of ${total} matching`);
    expect(await log().getByTestId('log-table').locator('tbody tr').count()).toBe(25);
    await log().getByRole('button', { name: 'Older' }).click();
    await log().getByText(`Requests 26–${total} of ${total} matching`).waitFor();
    expect(await log().getByTestId('log-table').locator('tbody tr').count()).toBe(total - 25);
    expect(await log().getByRole('button', { name: 'Older' }).isDisabled()).toBe(true);
    // The oldest request is last: three days ago, summarize.
    expect(await log().getByTestId('log-table').locator('tbody tr').last().innerText()).toContain('summarize');
    await log().getByRole('button', { name: 'Newer' }).click();
    await log().getByText(`Requests 1–25 of ${total} matching`).waitFor();

    await log().getByLabel('Outcome').selectOption('error');
    await log().getByRole('button', { name: 'Search' }).click();
    await log().getByText('Requests 1–3 of 3 matching').waitFor();
    const outcomes = await log().getByTestId('log-table').locator('tbody tr td.bad').allTextContents();
    expect(outcomes.sort()).toEqual(['budget_exceeded', 'rate_limited', 'timeout']);

    await log().getByLabel('Outcome').selectOption('all');
    await log().getByLabel('Tag').fill('team=beta');
    await log().getByRole('button', { name: 'Search' }).click();
    await log().getByText('Requests 1–1 of 1 matching').waitFor();
    const row = await log().getByTestId('log-table').locator('tbody tr').first().innerText();
    expect(row).toContain('translate');
    expect(row).toContain('fallback from dashscope/qwen-plus');

    await log().getByLabel('Tag').fill('');
    await log().getByLabel('Text', { exact: true }).fill('ALPHA');
    await log().getByRole('button', { name: 'Search' }).click();
    await log().getByText('Requests 1–2 of 2 matching').waitFor();
    await admin?.shot('51-request-log-search');

    // The dashboard's days apply to the log: yesterday alone has no alpha request.
    const range = page.getByTestId('range-form');
    await range.getByLabel('From').fill(dayBack(1));
    await range.getByLabel('To').fill(dayBack(1));
    await range.getByRole('button', { name: 'Show these days' }).click();
    await log().getByText('No request matches.').waitFor();
    await log().getByRole('button', { name: 'Clear' }).click();
    await log().getByText('Requests 1–2 of 2 matching').waitFor();

    const body = await page.locator('body').innerText();
    expect(body).not.toContain(SIM_KEY);
    expect(pageErrors).toEqual([]);
  });
});
