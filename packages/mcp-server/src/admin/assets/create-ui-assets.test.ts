import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createUiAssets } from './create-ui-assets.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'aegis-ui-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('an installed package (no admin-ui sources) serves the bundle `pnpm build` wrote', async () => {
  mkdirSync(join(root, 'dist', 'admin-ui'), { recursive: true });
  writeFileSync(join(root, 'dist', 'admin-ui', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'dist', 'admin-ui', 'app.css'), 'body{}');
  expect(await createUiAssets(root).get()).toEqual({ js: 'console.log(1)', css: 'body{}' });
});

test('with neither sources nor a bundle it says what to run, and tries again on the next load', async () => {
  const assets = createUiAssets(root);
  await expect(assets.get()).rejects.toThrow('run "pnpm build" in packages/mcp-server');
  mkdirSync(join(root, 'dist', 'admin-ui'), { recursive: true });
  writeFileSync(join(root, 'dist', 'admin-ui', 'app.js'), 'x');
  writeFileSync(join(root, 'dist', 'admin-ui', 'app.css'), 'y');
  expect(await assets.get()).toEqual({ js: 'x', css: 'y' });
});

test('a checkout bundles admin-ui from source: Preact, Chart.js and the styles, nothing fetched at run time', async () => {
  const bundle = await createUiAssets().get();
  expect(bundle.js).toContain('Chart.js');
  expect(bundle.css).toContain('.budget');
  // Every import was resolved into the bundle: no bare or remote specifiers remain.
  expect(bundle.js).not.toMatch(/\bimport\s*[\w{*][^;]*from\s*["']/);
  expect(bundle.js).not.toMatch(/https?:\/\/(?!www\.w3\.org)[\w.-]+\/[\w./-]*\.(js|css|woff2?)\b/);
}, 30_000);
