/**
 * The budgets page's tag budgets and alert delivery in a real browser
 * (Debian's Chromium): add a tag budget (a malformed tag first: the field
 * error shows), watch its spend move with tagged traffic, edit and remove it,
 * send a test alert to a webhook receiver on 127.0.0.1 and read its delivery.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserTestsEnabled, type Page } from '../../../packages/mcp-server/src/admin/test-support/launch-chromium.js';
import { startAdminFixture, type AdminFixture } from '../../../packages/mcp-server/src/admin/test-support/start-admin-fixture.js';
import { openAdminPage, type AdminPage } from './open-admin-page.js';

describe.skipIf(!browserTestsEnabled())('budgets page in Chromium: tag budgets and alert delivery', { timeout: 60_000 }, () => {
  let fx: AdminFixture;
  let admin: AdminPage | undefined;
  let page: Page;
  let hook: { server: Server; url: string; posts: string[] };
  let pageErrors: string[] = [];

  const shot = async (name: string) => admin?.shot(name);

  beforeAll(async () => {
    fx = await startAdminFixture({ file: { routing: { maxRetries: 0 }, budgets: { dashscope: { monthlyUsd: 10 } } } });
    const posts: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        posts.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hook = { server, posts, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/path-secret-4711` };
    admin = await openAdminPage(fx);
    ({ page, pageErrors } = admin);
    await page.click('nav a[href="#/budgets"]');
    await page.getByRole('heading', { level: 1, name: 'Budgets' }).waitFor();
  });

  afterAll(async () => {
    await (admin ?? fx)?.close();
    await new Promise((resolve) => hook?.server.close(resolve));
  });

  test('a provider budget says who set it', async () => {
    const card = page.locator('[data-budget="dashscope"]');
    expect(await card.getByTestId('limit-set-by').innerText()).toContain('config file');
  });

  test('adds a tag budget: a malformed tag shows the core’s rule beside the field, a right one saves', async () => {
    const cardOf = page.getByTestId('tag-budgets');
    await cardOf.getByRole('button', { name: 'Add a tag budget' }).click();
    const form = page.getByRole('form', { name: 'New tag budget' });
    await form.getByLabel('Tag (name=value)').fill('Workflow 1');
    await form.getByLabel('Monthly limit (USD)').fill('2');
    await form.getByRole('button', { name: 'Save tag budget' }).click();
    const error = form.locator('[data-field="tag-budget-tag"] .field-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('name=value');

    await form.getByLabel('Tag (name=value)').fill('workflow_id=wf_42');
    await form.getByRole('button', { name: 'Save tag budget' }).click();
    const row = cardOf.locator('tr[data-tag-budget="workflow_id=wf_42"]');
    await row.waitFor();
    expect(await row.innerText()).toContain('$0.00 of $2.00');
    expect(await row.innerText()).toContain('config file');
    const file = JSON.parse(readFileSync(fx.configFile, 'utf8')) as { tagBudgets?: Record<string, unknown> };
    expect(file.tagBudgets).toEqual({ 'workflow_id=wf_42': { monthlyUsd: '2', alertThresholds: [50, 80, 100] } });
  });

  test('tagged traffic moves its spend; edit keeps the tag, remove takes the row away', async () => {
    await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'hello', maxTokens: 20, tags: { workflow_id: 'wf_42' } });
    const row = page.locator('tr[data-tag-budget="workflow_id=wf_42"]');
    // The page polls every 5 s.
    await page.waitForFunction(
      () =>
        !(
          (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document
            .querySelector('tr[data-tag-budget="workflow_id=wf_42"]')
            ?.textContent?.includes('$0.00 of') ?? true
        ),
      undefined,
      { timeout: 15_000 },
    );
    expect(await row.locator('td').nth(2).innerText()).toBe('1');
    await shot('08-tag-budgets');

    await row.getByRole('button', { name: 'Edit tag budget workflow_id=wf_42' }).click();
    const form = page.getByRole('form', { name: 'Tag budget workflow_id=wf_42' });
    expect(await form.getByLabel('Tag (name=value)').getAttribute('readonly')).not.toBeNull();
    await form.getByLabel('Monthly limit (USD)').fill('7.5');
    await form.getByRole('button', { name: 'Save tag budget' }).click();
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document
          .querySelector('tr[data-tag-budget="workflow_id=wf_42"]')
          ?.textContent?.includes('of $7.50') ?? false,
    );

    await row.getByRole('button', { name: 'Remove tag budget workflow_id=wf_42' }).click();
    await row.waitFor({ state: 'detached' });
    expect(await page.getByTestId('tag-budgets').innerText()).toContain('None yet');
  });

  test('sends a test alert: the receiver gets it, the page shows the delivery and never the URL’s path', async () => {
    const webhook = page.getByRole('form', { name: 'Alert webhook' });
    await webhook.getByLabel('URL that receives alerts as JSON POSTs').fill(hook.url);
    await webhook.getByRole('button', { name: 'Save webhook' }).click();
    await webhook.getByRole('button', { name: 'Send test alert' }).click();
    const outcome = webhook.getByTestId('test-alert-outcome');
    await outcome.waitFor();
    expect(await outcome.innerText()).toContain('delivered');
    expect(hook.posts).toHaveLength(1);
    expect(await webhook.getByTestId('webhook-delivery').innerText()).toContain('Last delivered');
    expect(await webhook.getByTestId('webhook-delivery').innerText()).toContain('aegis-llm.test-alert');
    expect(await page.content()).not.toContain('path-secret-4711');
    await shot('09-webhook-delivery');
    expect(pageErrors).toEqual([]);
  });
});
