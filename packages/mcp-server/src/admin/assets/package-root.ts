import path from 'node:path';
import { packageDir } from '../../server/package-dir.js';

/** packages/mcp-server (or the installed package): where admin-ui/ and dist/ are. */
export function packageRoot(): string {
  return packageDir();
}

/** Where `pnpm build` writes the browser app. */
export function prebuiltDir(root: string): string {
  return path.join(root, 'dist', 'admin-ui');
}
