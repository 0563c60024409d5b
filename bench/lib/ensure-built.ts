import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BuildOutcome {
  ok: boolean;
  /** The last lines of the build's output when it failed. */
  detail?: string;
}

/**
 * Builds a workspace package with the project's pinned pnpm. Under `pnpm
 * bench`, `pnpm` is on PATH (as for the root scripts); run directly with
 * `node bench/run.ts`, it may not be, and npx fetches the pinned one.
 */
export function buildPackage(root: string, name: string): BuildOutcome {
  const args = ['--filter', name, 'build'];
  let result = spawnSync('pnpm', args, { cwd: root, encoding: 'utf8' });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    const manager = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { packageManager?: string }).packageManager;
    result = spawnSync('npx', ['-y', manager ?? 'pnpm', ...args], { cwd: root, encoding: 'utf8' });
  }
  if (result.status === 0) return { ok: true };
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.trim();
  return { ok: false, detail: output.split('\n').slice(-15).join('\n') };
}

/** The core's dist entry, which `@aegis-llm/core` resolves to at run time. */
export function coreBuilt(root: string): boolean {
  return existsSync(join(root, 'packages/core/dist/index.js'));
}

/** The `aegis-llm` command as built. */
export function mcpCliPath(root: string): string {
  return join(root, 'packages/mcp-server/dist/cli.js');
}
