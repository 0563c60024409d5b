import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '../e2e/n8n/run-process.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const PACKAGE = join(ROOT, 'packages/n8n-nodes');
/** build.ts writes this file last. */
const OUTPUT = join(PACKAGE, 'dist/package.json');
const SOURCES = [join(ROOT, 'packages/core/src'), ...['src', 'nodes', 'credentials', 'build.ts', 'package.json'].map((p) => join(PACKAGE, p))];
const LOCK = join(PACKAGE, 'node_modules/.cache/aegis-n8n-build.lock');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return path.endsWith('.test.ts') ? 0 : stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

const isFresh = () => existsSync(OUTPUT) && statSync(OUTPUT).mtimeMs > Math.max(...SOURCES.filter((p) => existsSync(p)).map(newest));

/**
 * Builds packages/n8n-nodes (`node build.ts`) when a source is newer than its
 * dist/, once across test files (a lock directory): build.ts empties dist/
 * first, so two test files must not build while another packs. A root
 * `pnpm build` before vitest makes this a no-op.
 */
export async function ensureN8nNodesBuilt(): Promise<void> {
  while (!isFresh()) {
    mkdirSync(join(LOCK, '..'), { recursive: true });
    try {
      mkdirSync(LOCK);
    } catch {
      if (Date.now() - statSync(LOCK).mtimeMs > 5 * 60_000) rmdirSync(LOCK);
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (!isFresh()) {
        const result = await runProcess(process.execPath, ['build.ts'], { cwd: PACKAGE, timeoutMs: 180_000 });
        if (result.code !== 0) throw new Error(`n8n-nodes build failed:\n${result.stdout}\n${result.stderr}`);
      }
    } finally {
      rmdirSync(LOCK);
    }
  }
}
