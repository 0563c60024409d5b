/**
 * The admin page in a real browser (Debian's Chromium via playwright-core):
 * log in, add an AnyLLM endpoint pointing at the simulator and test it, set a
 * DashScope budget (a wrong value first: the field error shows), send traffic
 * through the gateway, watch the chart, the budget bar and the alerts move.
 * Screenshots of every page go to test-artifacts/admin/.
 */
import { readFileSync, statSync } from 'node:fs';
import { dashscopeErrors } from '@aegis-llm/simulator';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserTestsEnabled, type Page } from '../../../packages/mcp-server/src/admin/test-support/launch-chromium.js';
import { SIM_KEY, startAdminFixture, type AdminFixture } from '../../../packages/mcp-server/src/admin/test-support/start-admin-fixture.js';
import { openAdminPage, type AdminPage } from './open-admin-page.js';

/** The page's DOM as the callbacks below use it (this package has no DOM lib; the casts vanish in the browser). */
interface PageDocument {
  body: { innerText: string };
  querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null } | null;
}

/** Kept in the file from the start: the page must keep it and never show it. */
const OPENAI_FILE_KEY = 'openai-file-canary-9f8e7d6c5b4a';

// Generous timeouts: on a busy 2-core CI machine the first page load also bundles the app.
describe.skipIf(!browserTestsEnabled())('admin page in Chromium', { timeout: 60_000 }, () => {
  let fx: AdminFixture;
  let admin: AdminPage | undefined;
  let page: Page;
  let pageErrors: string[] = [];
  const failedRequests: string[] = [];

  const shot = async (name: string) => admin?.shot(name);
  const open = async (hash: string, heading: string) => {
    await page.click(`nav a[href="#/${hash}"]`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };
  const bodyText = () => page.evaluate(() => (globalThis as unknown as { document: PageDocument }).document.body.innerText);

  beforeAll(async () => {
    fx = await startAdminFixture({
      // No retries: a failing target falls back at once (keeps the walk-through fast).
      file: { providers: { openai: { apiKey: OPENAI_FILE_KEY } }, routing: { maxRetries: 0 } },
    });
    admin = await openAdminPage(fx, { login: false });
    ({ page, pageErrors } = admin);
    page.on('console', (message) => {
      // The browser logs every 4xx answer (the wrong token, the wrong amount): expected here.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
    });
    page.on('requestfailed', (request) => failedRequests.push(request.url()));
  });

  afterAll(async () => {
    await (admin ?? fx)?.close();
  });

  test('logs in with the server token (a wrong one is refused beside the field)', async () => {
    await page.goto(fx.origin);
    await page.getByLabel('Server token').waitFor();
    await shot('01-login');
    await page.getByLabel('Server token').fill('not-the-token');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('[data-field="token"] .field-error').waitFor();
    expect(await page.locator('[data-field="token"] .field-error').innerText()).toContain('not the server token');

    await page.getByLabel('Server token').fill(fx.token);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Providers' }).waitFor();
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'aegis_admin_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  });

  test('adds an AnyLLM endpoint pointing at the simulator and tests its connection', async () => {
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const form = page.getByRole('form', { name: 'New endpoint' });
    await form.getByLabel('Name (becomes the provider id)').fill('local-vllm');
    await form.getByLabel('Base URL').fill(fx.sim.baseURL);
    await form.getByLabel('Default model').fill('qwen-turbo');
    await form.getByLabel('Set', { exact: true }).check();
    await form.getByLabel('New API key').fill(SIM_KEY);
    await form.getByRole('button', { name: 'Add endpoint' }).click();

    const card = page.locator('[data-provider="local-vllm"]');
    await card.waitFor();
    expect(await card.innerText()).toContain('key set in file');
    await card.getByRole('button', { name: 'Test connection' }).click();
    const result = card.getByTestId('test-result');
    await result.waitFor();
    expect(await result.innerText()).toContain('Connection OK');
    expect(await result.locator('.latency').innerText()).toMatch(/\d+ ms/);
    expect(await card.innerText()).toContain('reachable');
    await shot('02-providers');

    // The edit form of a provider whose key is in the file: it offers to replace it, never shows it.
    const openai = page.locator('[data-provider="openai"]');
    await openai.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit openai' });
    expect(await edit.getByLabel('Default model').inputValue()).toBe('');
    expect(await edit.innerText()).toContain('A key is set in the config file.');
    await edit.getByLabel('Replace with').check();
    expect(await edit.getByLabel('New API key').inputValue()).toBe('');
    await shot('02b-provider-edit');
    await edit.getByRole('button', { name: 'Cancel' }).click();
  });

  test('puts the new endpoint into the chat route, with prices and context windows beside the targets', async () => {
    await open('routing', 'Routing');
    const chat = page.locator('[data-task="chat"]');
    // qwen-plus, first in the built-in chat route (catalog: 1M context, 32K max output).
    expect(await chat.innerText()).toContain('1M context · 33K max out');
    await chat.getByLabel('Add a target to chat').fill('local-vllm/qwen-turbo');
    await chat.getByRole('button', { name: 'Add', exact: true }).click();
    const added = chat.locator('li[data-target="local-vllm/qwen-turbo"]');
    await added.getByTitle('Move up').click();
    await chat.getByRole('button', { name: 'Save' }).click();
    await chat.getByText('from config file').waitFor();
    const order = await chat.locator('li[data-target]').evaluateAll((items) => items.map((li) => li.getAttribute('data-target')));
    expect(order.slice(-2)).toEqual(['local-vllm/qwen-turbo', 'ollama/qwen2.5:7b']);
    await shot('03-routing');
  });

  test('sets a DashScope budget: a wrong amount shows the core’s field error, a right one saves', async () => {
    await open('budgets', 'Budgets');
    await page.getByLabel('Add a budget for').selectOption('dashscope');
    await page.getByRole('button', { name: 'Add budget' }).click();
    const form = page.getByRole('form', { name: 'Budget of dashscope' });
    await form.getByLabel('Monthly limit (USD)').fill('fifty');
    await form.getByRole('button', { name: 'Save budget' }).click();
    const error = form.locator('[data-field="budget-dashscope-monthlyUsd"] .field-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('"fifty" is not a USD amount');
    await shot('04-budget-field-error');

    await form.getByLabel('Monthly limit (USD)').fill('0.05');
    await form.getByLabel('Alert thresholds (%)').fill('50, 80, 100');
    await form.getByRole('button', { name: 'Save budget' }).click();
    await page.getByTestId('budget-dashscope').waitFor();
    expect(await page.getByTestId('budget-dashscope').getAttribute('data-percent')).toBe('0');
    const file = JSON.parse(readFileSync(fx.configFile, 'utf8')) as { budgets: Record<string, unknown> };
    expect(file.budgets.dashscope).toEqual({ monthlyUsd: '0.05', onLimit: 'block', alertThresholds: [50, 80, 100] });
  });

  test('traffic through the gateway moves the budget bar and fires alerts', async () => {
    await open('dashboard', 'Cost dashboard');
    await page.getByTestId('chart-daily').waitFor();
    const chartBefore = await page.getByTestId('chart-daily').getAttribute('aria-label');
    await shot('05-dashboard-before');

    // Two answers of 50,000 prompt tokens on qwen-plus ($0.40/1M in): $0.02006 each, 80% of $0.05.
    fx.sim.script([{ usage: { promptTokens: 50_000, completionTokens: 50 } }, { usage: { promptTokens: 50_000, completionTokens: 50 } }], {
      model: 'qwen-plus',
    });
    // The prompts are really that long: usage far above the prompt is charged as suspect (issue 15).
    // Tagged as two workflows would be: spend per workflow shows in the tag table.
    await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'x'.repeat(200_000), maxTokens: 50, tags: { workflow_name: 'Invoices', node_name: 'Sum' } });
    await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'y'.repeat(200_000), maxTokens: 50, tags: { workflow_name: '__proto__' } });
    // A failure that falls back to the new endpoint: counted as a fallback.
    fx.sim.script([{ fault: dashscopeErrors.modelUnavailable }], { model: 'qwen-flash' });
    const fallback = await fx.gateway.chat({ model: 'dashscope/qwen-flash', fallbacks: ['local-vllm/qwen-turbo'], prompt: 'third', maxTokens: 50 });
    expect(fallback.provider).toBe('local-vllm');
    // An embedding job for an index: listed with its kind, and the latest requests filter by it.
    await fx.gateway.embed({ model: 'dashscope/text-embedding-v4', input: ['a chunk to index'] });
    await fx.gateway.flush();

    // The dashboard refreshes by itself (every 5 s).
    await page.waitForFunction(
      (before) =>
        (globalThis as unknown as { document: PageDocument }).document.querySelector('[data-testid="chart-daily"]')?.getAttribute('aria-label') !== before,
      chartBefore,
      { timeout: 12_000 },
    );
    expect(await page.getByTestId('chart-daily').getAttribute('aria-label')).toContain('$0.04');
    expect(await page.getByTestId('kpi-fallbacks').innerText()).toContain('1');
    expect(await page.getByTestId('table-models').innerText()).toContain('dashscope/qwen-plus');
    // Spend per tag: workflow_name first, one row per workflow (a hostile name is an ordinary one).
    const tagRows = await page.getByTestId('table-tags').innerText();
    expect(tagRows).toMatch(/Invoices\s+\$0\.02\d*\s+1/);
    expect(tagRows).toMatch(/__proto__\s+\$0\.02\d*\s+1/);
    await page.getByTestId('tag-name').selectOption('node_name');
    await page.getByTestId('table-tags').getByText('Sum').waitFor();
    expect(await page.getByTestId('recent').innerText()).toContain('workflow_name=Invoices');
    await page.getByTestId('recent-kind').selectOption('embed');
    // The list reloads for the chosen kind: chat rows leave it, the embedding job stays.
    await page.waitForFunction(
      () => {
        const text = (globalThis as unknown as { document: PageDocument }).document.querySelector('[data-testid="recent"]')?.textContent ?? '';
        return text.includes('text-embedding-v4') && !text.includes('qwen-plus');
      },
      undefined,
      { timeout: 10_000 },
    );
    expect(await page.getByTestId('recent').innerText()).toContain('embeddings');
    await page.getByTestId('recent-kind').selectOption('all');
    await page.getByTestId('recent').getByText('workflow_name=Invoices').waitFor();
    await page.getByTestId('alerts').getByText('dashscope reached 80%').waitFor();
    await shot('06-dashboard-after');

    await open('budgets', 'Budgets');
    const bar = page.getByTestId('budget-dashscope');
    await page.waitForFunction(
      () =>
        Number(
          (globalThis as unknown as { document: PageDocument }).document.querySelector('[data-testid="budget-dashscope"]')?.getAttribute('data-percent'),
        ) >= 80,
    );
    expect(await bar.innerText()).toContain('$0.04012 of $0.05');
    const alerts = await page.getByTestId('alerts').innerText();
    expect(alerts).toContain('dashscope reached 50%');
    expect(alerts).toContain('dashscope reached 80%');
    await shot('07-budgets');
  });

  test('client keys: create one (its secret shown once), see it listed, revoke it', async () => {
    await open('keys', 'Client keys');
    await page.fill('#name', 'open-webui');
    await page.fill('#allowedModels', 'dashscope/qwen-flash');
    await page.click('button:has-text("Create key")');
    const secret = await page.locator('.created-key code.secret').innerText();
    expect(secret).toMatch(/^aegis-sk-[A-Za-z0-9_-]{32}$/);
    const row = page.locator('tr', { hasText: 'open-webui' });
    expect(await row.innerText()).toContain('dashscope/qwen-flash');
    expect(await row.innerText()).toContain('active');
    await shot('08-client-keys');
    await page.click('button:has-text("Done")');
    expect(await bodyText()).not.toContain(secret);
    page.once('dialog', (dialog) => void dialog.accept());
    await row.locator('button:has-text("Revoke")').click();
    await row.locator('td', { hasText: 'revoked' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Client keys' }).waitFor();
    await page.locator('tr', { hasText: 'open-webui' }).waitFor();
    expect(await page.content()).not.toContain(secret);
  });

  test('no key ever reaches the page, and the file keeps the keys it had', async () => {
    for (const [hash, heading] of [
      ['providers', 'Providers'],
      ['routing', 'Routing'],
      ['budgets', 'Budgets'],
      ['dashboard', 'Cost dashboard'],
      ['keys', 'Client keys'],
    ] as const) {
      await open(hash, heading);
      const html = await page.content();
      const text = await bodyText();
      for (const secret of [SIM_KEY, OPENAI_FILE_KEY, fx.token]) {
        expect(html).not.toContain(secret);
        expect(text).not.toContain(secret);
      }
    }
    const file = JSON.parse(readFileSync(fx.configFile, 'utf8')) as {
      providers: { openai: { apiKey: string } };
      endpoints: Array<{ name: string; apiKey: string }>;
    };
    expect(file.providers.openai.apiKey).toBe(OPENAI_FILE_KEY);
    expect(file.endpoints[0]).toMatchObject({ name: 'local-vllm', apiKey: SIM_KEY });
    expect(statSync(fx.configFile).mode & 0o777).toBe(0o600);
    expect(pageErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
  });
});
