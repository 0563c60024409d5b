/**
 * The start of every admin walk-through in Chromium: a browser, a page of
 * 1280 x 900 that collects its script errors, logged in with the fixture's
 * token (by the button, or by Enter in the field) and on the Providers page.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchChromium, type Browser, type Page } from '../../../packages/mcp-server/src/admin/test-support/launch-chromium.js';
import type { AdminFixture } from '../../../packages/mcp-server/src/admin/test-support/start-admin-fixture.js';

/** Where the walk-throughs leave their screenshots. */
export const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/admin');

export interface AdminPage {
  browser: Browser;
  page: Page;
  /** Uncaught script errors of the page, in order. */
  pageErrors: string[];
  /** A full-page screenshot under ARTIFACTS. */
  shot(name: string): Promise<void>;
  /** Clicks the tab `#/<hash>` and waits for its heading. */
  open(hash: string, heading: string): Promise<void>;
  /** Closes the browser, then the fixture. */
  close(): Promise<void>;
}

export interface OpenAdminPageOptions {
  /** How to log in: the button (default), Enter in the token field, or not at all (the test does it). */
  login?: 'button' | 'enter' | false;
}

export async function openAdminPage(fx: AdminFixture, options: OpenAdminPageOptions = {}): Promise<AdminPage> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.setDefaultTimeout(15_000);
  const login = options.login ?? 'button';
  if (login !== false) {
    await page.goto(fx.origin);
    await page.getByLabel('Server token').fill(fx.token);
    if (login === 'enter') await page.keyboard.press('Enter');
    else await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Providers' }).waitFor();
  }
  return {
    browser,
    page,
    pageErrors,
    shot: async (name) => void (await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true })),
    async open(hash, heading) {
      await page.click(`nav a[href="#/${hash}"]`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    },
    async close() {
      await browser.close();
      await fx.close();
    },
  };
}
