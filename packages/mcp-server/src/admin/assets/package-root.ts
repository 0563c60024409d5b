import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * packages/mcp-server: three levels above this file both in src/admin/assets
 * (tests, type stripping) and in dist/admin/assets (the built package).
 */
export function packageRoot(): string {
  return fileURLToPath(new URL('../../../', import.meta.url));
}

/** Where `pnpm build` writes the browser app. */
export function prebuiltDir(root: string): string {
  return path.join(root, 'dist', 'admin-ui');
}
