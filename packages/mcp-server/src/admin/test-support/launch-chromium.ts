/**
 * Debian's Chromium driven by playwright-core (`npx playwright install`
 * cannot download browsers here). Missing Chromium fails the test under
 * CI=true, so a green CI always means the browser walk-through ran.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.AEGIS_CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** True when the walk-through must run: Chromium is there, or CI demands it (and then fails without it). */
export function browserTestsEnabled(): boolean {
  return existsSync(CHROMIUM_PATH) || process.env.CI === 'true';
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium" (.ci/run does).`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export type { Browser, Page } from 'playwright-core';
