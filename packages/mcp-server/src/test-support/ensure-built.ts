import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
const PACKAGE = join(ROOT, 'packages/mcp-server');

/** The built command, as `npx aegis-llm` would run it. */
export const CLI_PATH = join(PACKAGE, 'dist/cli.js');

const SOURCES = [join(ROOT, 'packages/core/src'), join(PACKAGE, 'src'), join(PACKAGE, 'admin-ui/src')].filter((dir) => existsSync(dir));
const OUTPUTS = [join(ROOT, 'packages/core/dist/index.js'), CLI_PATH];
const LOCK = join(PACKAGE, 'node_modules/.cache/aegis-llm-build.lock');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function oldestOutput(): number {
  try {
    return Math.min(...OUTPUTS.map((path) => statSync(path).mtimeMs));
  } catch {
    return 0;
  }
}

const isFresh = () => oldestOutput() > Math.max(...SOURCES.map(newestSource));

function takeLock(): boolean {
  mkdirSync(join(LOCK, '..'), { recursive: true });
  try {
    mkdirSync(LOCK);
    return true;
  } catch {
    // A lock left by a killed run: older than any build takes.
    if (Date.now() - statSync(LOCK).mtimeMs > 5 * 60_000) rmdirSync(LOCK);
    return false;
  }
}

/**
 * Builds core and this package (their own `build` scripts, core first) when
 * any source is newer than the built output, so tests that spawn the real
 * `aegis-llm` run what the sources say. Test files run in parallel: one
 * builds, the others wait on a lock directory. A root `pnpm build` before
 * vitest makes this a no-op.
 */
export async function ensureBuilt(): Promise<void> {
  while (!isFresh()) {
    if (!takeLock()) {
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (!isFresh()) {
        execFileSync('npx', ['-y', 'pnpm@12.4.2', '--filter', '@aegis-llm/mcp-server...', 'run', 'build'], {
          cwd: ROOT,
          stdio: ['ignore', 'ignore', 'inherit'],
          timeout: 240_000,
        });
      }
    } finally {
      rmdirSync(LOCK);
    }
  }
}
