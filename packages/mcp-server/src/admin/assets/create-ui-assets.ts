import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildAdminUi, uiSourceEntry, type UiBundle } from './build-admin-ui.js';
import { packageRoot, prebuiltDir } from './package-root.js';

export interface UiAssets {
  /** The bundle, built or read once per process. Rejects with a message saying what to run. */
  get(): Promise<UiBundle>;
}

/**
 * Where the browser app comes from:
 * - a checkout (admin-ui/src present): bundled from source at the first page
 *   load, so the page always matches the code and a fresh clone needs no build;
 * - the published package: dist/admin-ui, written by `pnpm build`.
 * Built lazily, never at start-up: `serve` must answer MCP clients fast.
 */
export function createUiAssets(root: string = packageRoot()): UiAssets {
  let pending: Promise<UiBundle> | undefined;
  const load = async (): Promise<UiBundle> => {
    if (existsSync(uiSourceEntry(root))) return buildAdminUi(root);
    const dir = prebuiltDir(root);
    try {
      const [js, css] = await Promise.all([readFile(path.join(dir, 'app.js'), 'utf8'), readFile(path.join(dir, 'app.css'), 'utf8')]);
      return { js, css };
    } catch {
      throw new Error(`The admin page is not built: run "pnpm build" in packages/mcp-server (expected ${dir}).`);
    }
  };
  return {
    get() {
      pending ??= load().catch((error: unknown) => {
        // Not cached: the next page load tries again (after a build, say).
        pending = undefined;
        throw error;
      });
      return pending;
    },
  };
}
